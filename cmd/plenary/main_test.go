package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binary is the plenary command, built once for these tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "plenary-cmd-test")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "plenary")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

// plenary runs the command with env added to a clean environment.
func plenary(t *testing.T, stdin string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "TMPDIR=" + os.TempDir()}, env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errOut.String()}
}

func TestHelpListsTheCommands(t *testing.T) {
	r := plenary(t, "", nil, "--help")
	if r.code != 0 {
		t.Fatalf("exit %d", r.code)
	}
	for _, want := range []string{"serve", "import", "version"} {
		if !strings.Contains(r.stdout, "  "+want+" ") {
			t.Errorf("--help does not list %q:\n%s", want, r.stdout)
		}
	}
	if r := plenary(t, "", nil); r.code != 2 {
		t.Errorf("no command: exit %d, want 2", r.code)
	}
	if r := plenary(t, "", nil, "frobnicate"); r.code != 2 || !strings.Contains(r.stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestBadSettingsStopStartUpNamingTheSetting(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		env  []string
		args []string
		want string
	}{
		{[]string{"PLENARY_ADDR=nope"}, nil, `PLENARY_ADDR: "nope" is not host:port`},
		{nil, []string{"--addr", "localhost:70000"}, `--addr: "localhost:70000": port must be a number from 0 to 65535`},
		{[]string{"PLENARY_MONGODB_URI=http://db"}, nil, "PLENARY_MONGODB_URI: must start with mongodb:// or mongodb+srv://"},
		{[]string{"PLENARY_DB=a.b"}, nil, `PLENARY_DB: "a.b" contains a character`},
		{[]string{"PLENARY_LOG_LEVEL=loud"}, nil, "PLENARY_LOG_LEVEL:"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			env := append([]string{"PLENARY_DATA_DIR=" + dir}, c.env...)
			r := plenary(t, "", env, append([]string{"serve"}, c.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", r.code, r.stderr, c.want)
			}
		})
	}
}

// syncBuffer is a buffer that a child process writes while the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitFor polls url until it answers 200, or fails the test after a minute.
func waitFor(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not answer 200 within a minute", url)
}

func getJSON(t *testing.T, url string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestServeImportAndTheDataDirectoryLock(t *testing.T) {
	data := t.TempDir()
	addr := freeAddr(t)
	env := []string{"PLENARY_DATA_DIR=" + data, "PLENARY_ADDR=" + addr}
	serve := exec.Command(binary, "serve", "--demo")
	serve.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	var serveLog syncBuffer
	serve.Stdout, serve.Stderr = &serveLog, &serveLog
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- serve.Wait() }()
	t.Cleanup(func() {
		_ = serve.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("server log:\n%s", serveLog.String())
		}
	})
	base := "http://" + addr
	waitFor(t, base+"/readyz")

	if !strings.Contains(serveLog.String(), "database: embedded FerretDB v1.24.2 (SQLite)") {
		t.Errorf("the log does not say which database is in use:\n%s", serveLog.String())
	}
	status, bodies := getJSON(t, base+"/api/v1/bodies")
	if status != 200 || bodies["total"] != float64(8) {
		t.Fatalf("demo content: status %d, %v bodies", status, bodies["total"])
	}

	t.Run("a second server is refused, naming the first", func(t *testing.T) {
		r := plenary(t, "", []string{"PLENARY_DATA_DIR=" + data, "PLENARY_ADDR=" + freeAddr(t)}, "serve")
		want := fmt.Sprintf("is in use by process %d (plenary serve", serve.Process.Pid)
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Errorf("exit %d, stderr %q; want exit 1 and %q", r.code, r.stderr, want)
		}
	})

	t.Run("import through the running server", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "estudo.txt"), []byte("Texto do estudo."), 0o644); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, "new.jsonl")
		lines := `{"kind":"document","id":"novo-estudo","type":"publication","date":"2022-03-01","versions":[{"lang":"pt","title":"Novo estudo","file":"estudo.txt"}]}
{"kind":"document","symbol":"not a symbol!","type":"report","date":"2022-03-01","versions":[{"lang":"en","title":"Bad"}]}
`
		if err := os.WriteFile(file, []byte(lines), 0o644); err != nil {
			t.Fatal(err)
		}
		r := plenary(t, "", env, "import", file)
		if r.code != 1 {
			t.Errorf("exit %d, want 1 for a file with a bad line", r.code)
		}
		if !strings.Contains(r.stderr, "line 2: symbol: ") {
			t.Errorf("stderr does not report line 2: %q", r.stderr)
		}
		if !strings.Contains(r.stdout, "read 2 lines: 1 document valid; stored: 1 created, 0 updated, 0 unchanged") {
			t.Errorf("stdout = %q", r.stdout)
		}
		waitFor(t, base+"/api/v1/documents/novo-estudo")
		searchFor(t, base+"/api/v1/search?q=novo+estudo&lang=pt", "novo-estudo")
		resp, err := http.Get(base + "/api/v1/documents/novo-estudo/versions/pt/file")
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		got.ReadFrom(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || got.String() != "Texto do estudo." {
			t.Errorf("file: status %d, %q", resp.StatusCode, got.String())
		}

		again := plenary(t, "", env, "import", file)
		if !strings.Contains(again.stdout, "stored: 0 created, 0 updated, 1 unchanged") {
			t.Errorf("re-import: %q", again.stdout)
		}
	})

	t.Run("the demo content is searchable", func(t *testing.T) {
		searchFor(t, base+"/api/v1/search?q=trata+de+personas&xlang=1&lang=ar", "CTOC/COP/WG.4/2021/2")
	})

	t.Run("reindex is refused while the server runs", func(t *testing.T) {
		r := plenary(t, "", env, "reindex")
		want := fmt.Sprintf("is in use by process %d (plenary serve", serve.Process.Pid)
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Errorf("exit %d, stderr %q; want exit 1 and %q", r.code, r.stderr, want)
		}
	})

	t.Run("dry run from standard input stores nothing", func(t *testing.T) {
		line := `{"kind":"body","code":"CAC/COSP","name":{"en":"Conference of the States Parties to the United Nations Convention against Corruption"},"category":"conference"}` + "\n"
		r := plenary(t, line, env, "import", "--dry-run", "-")
		if r.code != 0 || !strings.Contains(r.stdout, "read 1 line: 1 body valid; dry run, nothing stored") {
			t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		if status, _ := getJSON(t, base+"/api/v1/bodies/CAC/COSP"); status != 404 {
			t.Errorf("a dry run stored the body (status %d)", status)
		}
	})

	// A clean stop releases the data directory.
	if err := serve.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("server exit: %v", err)
		}
		exited <- nil
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop within 30 s of SIGTERM")
	}
	r := plenary(t, "", env, "import", "--dry-run", "-")
	if r.code != 0 || strings.Contains(r.stderr, "in use") {
		t.Errorf("after the server stopped: exit %d, stderr %q", r.code, r.stderr)
	}
	r = plenary(t, "", env, "reindex")
	if r.code != 0 || !strings.Contains(r.stdout, "search index rebuilt: 43 documents in ") {
		t.Errorf("reindex: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// searchFor polls a search until its hits include id, or fails the test
// after ten seconds.
func searchFor(t *testing.T, url, id string) {
	t.Helper()
	start := time.Now()
	for time.Since(start) < 10*time.Second {
		status, res := getJSON(t, url)
		if status == http.StatusOK {
			for _, h := range res["hits"].([]any) {
				if h.(map[string]any)["id"] == id {
					t.Logf("%s found after %s", id, time.Since(start).Round(time.Millisecond))
					return
				}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: %s not found within ten seconds", url, id)
}

func TestASecondImportIsRefusedNamingTheFirst(t *testing.T) {
	data := t.TempDir()
	env := []string{"PLENARY_DATA_DIR=" + data}
	first := exec.Command(binary, "import", "-")
	first.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	stdin, err := first.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		first.Wait()
	}()
	// The first import holds the data directory while it reads its input.
	deadline := time.Now().Add(time.Minute)
	for {
		b, _ := os.ReadFile(filepath.Join(data, "plenary.holder"))
		if strings.Contains(string(b), fmt.Sprintf(`"pid":%d`, first.Process.Pid)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first import did not take the data directory")
		}
		time.Sleep(50 * time.Millisecond)
	}
	r := plenary(t, "", env, "import", "--dry-run", "-")
	want := fmt.Sprintf("is in use by process %d (plenary import", first.Process.Pid)
	if r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("second import: exit %d, stderr %q; want exit 1 and %q", r.code, r.stderr, want)
	}
}

func TestArgumentsAreCheckedBeforeAnythingOpens(t *testing.T) {
	data := t.TempDir()
	r := plenary(t, "", []string{"PLENARY_DATA_DIR=" + data}, "import", "a.jsonl", "b.jsonl")
	if r.code != 2 || !strings.Contains(r.stderr, "want one FILE (or - for standard input), got 2 arguments") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if entries, _ := os.ReadDir(data); len(entries) != 0 {
		t.Errorf("the data directory was touched: %v", entries)
	}
}
