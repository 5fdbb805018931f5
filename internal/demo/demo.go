// Package demo holds the demonstration content: the bodies, meetings,
// documents and recommendations of the UNODC Human Trafficking and Migrant
// Smuggling Section's 2021 annual report and its 2022 calendar. Every record
// in it is marked as sample content.
package demo

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"plenary/internal/catalog"
	"plenary/internal/importer"
	"plenary/internal/store"
)

// Data is the demo data set in the import format (JSON Lines).
//
//go:embed demo.jsonl
var Data []byte

// LoadIfEmpty imports the demo data set when the catalogue holds no bodies,
// sessions or documents. It reports whether it loaded anything. Each
// language version gets a file to download: its title, summary and text
// as UTF-8 plain text, named in the United Nations way (symbol and
// language letter).
func LoadIfEmpty(ctx context.Context, st store.Catalog, blobs store.Blobs) (importer.Report, bool, error) {
	for _, k := range []catalog.Kind{catalog.KindBody, catalog.KindSession, catalog.KindDocument} {
		n, err := st.Count(ctx, k)
		if err != nil {
			return importer.Report{}, false, err
		}
		if n > 0 {
			return importer.Report{}, false, nil
		}
	}
	dir, err := os.MkdirTemp("", "plenary-demo-")
	if err != nil {
		return importer.Report{}, false, err
	}
	defer os.RemoveAll(dir)
	data, err := withFiles(Data, dir)
	if err != nil {
		return importer.Report{}, false, err
	}
	im := importer.Importer{Store: st, Blobs: blobs, Files: os.DirFS(dir)}
	rep, err := im.Import(ctx, bytes.NewReader(data))
	return rep, true, err
}

// withFiles writes a file for each language version of each document in
// the JSON Lines data into dir, and returns the data with the versions
// naming their files.
func withFiles(data []byte, dir string) ([]byte, error) {
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		var rec map[string]any
		if err := json.Unmarshal(line, &rec); err != nil || rec["kind"] != "document" {
			out.Write(line)
			out.WriteByte('\n')
			continue
		}
		id, _ := rec["id"].(string)
		if sym, _ := rec["symbol"].(string); sym != "" {
			id = sym
		}
		versions, _ := rec["versions"].([]any)
		for _, v := range versions {
			ver, ok := v.(map[string]any)
			if !ok {
				continue
			}
			code, _ := ver["lang"].(string)
			lang, ok := catalog.ParseLang(code)
			if !ok {
				continue
			}
			name := strings.NewReplacer("/", "_", " ", "_").Replace(id) + "-" + lang.Letter() + ".txt"
			var body strings.Builder
			for _, k := range []string{"title", "abstract", "text"} {
				if s, _ := ver[k].(string); s != "" {
					body.WriteString(s)
					body.WriteString("\n\n")
				}
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body.String()), 0o644); err != nil {
				return nil, fmt.Errorf("demo line %d: %w", n, err)
			}
			ver["file"] = name
		}
		buf, err := json.Marshal(rec)
		if err != nil {
			return nil, fmt.Errorf("demo line %d: %w", n, err)
		}
		out.Write(buf)
		out.WriteByte('\n')
	}
	return out.Bytes(), sc.Err()
}
