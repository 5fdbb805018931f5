package testutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The programs that check the open-data formats come from Debian and npm;
// `make test-deps` installs them. A test that needs one fails without it,
// unless it runs with -short (then it is skipped).

// Tool returns the path of a program the test needs; pkg is the Debian
// package that has it.
func Tool(t testing.TB, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		missing(t, fmt.Sprintf("%s (apt-get install %s)", name, pkg), err)
	}
	return path
}

// NodeModules returns the folder of the npm modules the tests use, which
// must hold module: $PLENARY_NODE_MODULES, else the repository's
// .cache/npm/node_modules.
func NodeModules(t testing.TB, module string) string {
	t.Helper()
	dir := os.Getenv("PLENARY_NODE_MODULES")
	if dir == "" {
		dir = filepath.Join(repoRoot(t), ".cache", "npm", "node_modules")
	}
	if _, err := os.Stat(filepath.Join(dir, module)); err != nil {
		missing(t, "the npm module "+module, err)
	}
	return dir
}

// Node runs a script with node, the modules of NodeModules (which must
// hold module) on its path and stdin as its input, and returns what it
// writes.
func Node(t testing.TB, module, script, stdin string) []byte {
	t.Helper()
	node := Tool(t, "node", "nodejs")
	cmd := exec.Command(node, "-e", script)
	cmd.Env = append(os.Environ(), "NODE_PATH="+NodeModules(t, module))
	cmd.Stdin = strings.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node with %s: %v\n%s\ninput:\n%.2000s", module, err, stderr.String(), stdin)
	}
	return out
}

// CitationJS reads a citation (BibTeX, RIS or CSL-JSON) with citation-js,
// the parser many reference managers share, and returns the CSL-JSON items
// it read.
func CitationJS(t testing.TB, text string) []map[string]any {
	t.Helper()
	const script = `const Cite = require('citation-js');
let s = ''; process.stdin.on('data', d => s += d);
process.stdin.on('end', () => {
  const items = new Cite(s).data.map(({_graph, ...item}) => item);
  process.stdout.write(JSON.stringify(items));
});`
	out := Node(t, "citation-js", script, text)
	var items []map[string]any
	if err := json.Unmarshal(out, &items); err != nil {
		t.Fatalf("citation-js answer: %v: %s", err, out)
	}
	return items
}

// XMLLint checks with libxml2's xmllint that each document is well-formed
// XML.
func XMLLint(t testing.TB, docs ...[]byte) {
	t.Helper()
	path := Tool(t, "xmllint", "libxml2-utils")
	if len(docs) == 0 {
		return
	}
	dir := t.TempDir()
	args := []string{"--noout"}
	for i, d := range docs {
		f := filepath.Join(dir, fmt.Sprintf("doc-%03d.xml", i))
		if err := os.WriteFile(f, d, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, f)
	}
	if out, err := exec.Command(path, args...).CombinedOutput(); err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}

// repoRoot is the repository's folder: the nearest above the test's with a go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// missing fails the test for want, or skips it under -short.
func missing(t testing.TB, want string, err error) {
	t.Helper()
	if testing.Short() {
		t.Skipf("no %s (-short): %v", want, err)
	}
	t.Fatalf("the test needs %s: %v (run `make test-deps`)", want, err)
}
