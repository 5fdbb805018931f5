package importer_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"plenary/internal/catalog"
	"plenary/internal/importer"
	"plenary/internal/store"
	"plenary/internal/store/blobdir"
	"plenary/internal/testutil"
)

func TestARejectedDuplicateSessionDoesNotChangeItsDocuments(t *testing.T) {
	st := testutil.Store(t)
	otherBody := `{"kind":"body","code":"CTOC/COP/WG.7","parent":"CTOC/COP","name":{"en":"Working Group on the Smuggling of Migrants"},"category":"working-group"}`
	duplicate := strings.Replace(sessionWG4_12, `"body":"CTOC/COP/WG.4"`, `"body":"CTOC/COP/WG.7"`, 1)
	rep := importText(t, importer.Importer{Store: st}, jsonl(bodyCOP, bodyWG4, otherBody, sessionWG4_12, docWG4_2022_2, duplicate))
	same := slices.Equal(errorTexts(rep.Errors), []string{`line 6: id: "CTOC/COP/WG.4/12" is already defined on line 4`})
	if !same {
		t.Fatalf("errors = %q", errorTexts(rep.Errors))
	}
	if d := mustGet(t, st, catalog.KindDocument, "CTOC/COP/WG.4/2022/2").Entity.(*catalog.Document); d.Body != "CTOC/COP/WG.4" {
		t.Errorf("document body = %q, want the body of the session on line 4", d.Body)
	}
}

func TestErrorsNameTheFieldAsWritten(t *testing.T) {
	st := testutil.Store(t)
	cases := []struct{ name, line, want string }{
		{"version index in the input's order",
			`{"kind":"document","id":"x1","type":"report","date":"2022-01-01","versions":[{"lang":"fr","title":""},{"lang":"en","title":"t"}]}`,
			"line 1: versions[0].title: required"},
		{"wrong type in a list",
			`{"kind":"session","id":"s/1","body":"CTOC/COP","title":{"en":"t"},"start":"2022-01-01","end":"2022-01-01","venue":"Vienna","agenda":[{"item":1,"title":{"en":"t"}}]}`,
			"line 1: agenda.item: want a string, got a JSON number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := importText(t, importer.Importer{Store: st}, jsonl(c.line))
			if got := errorTexts(rep.Errors); len(got) == 0 || got[0] != c.want {
				t.Errorf("errors = %q, want first %q", got, c.want)
			}
		})
	}
}

func TestALineGetsItsReferenceErrorsWithItsOtherErrors(t *testing.T) {
	st := testutil.Store(t)
	rep := importText(t, importer.Importer{Store: st}, jsonl(
		`{"kind":"document","id":"d11","type":"report","date":"2022-13-01","session":"nope","versions":[{"lang":"en","title":"t"}]}`))
	want := []string{
		`line 1: date: "2022-13-01" is not a date (want YYYY-MM-DD)`,
		`line 1: session: unknown session "nope" (not in this input nor in the catalogue)`,
	}
	if got := errorTexts(rep.Errors); !slices.Equal(got, want) {
		t.Errorf("errors = %q, want %q", got, want)
	}
}

func TestImportStartsWhereTheReaderIs(t *testing.T) {
	st := testutil.Store(t)
	bad := `{"kind":"body","code":"X","name":{"en":"x"},"category":"nope"}` + "\n"
	r := bytes.NewReader([]byte(bad + jsonl(bodyCOP, bodyWG4)))
	if _, err := r.Seek(int64(len(bad)), 0); err != nil {
		t.Fatal(err)
	}
	rep := importFrom(t, importer.Importer{Store: st}, r)
	if len(rep.Errors) != 0 || rep.Stored != (store.PutResult{Created: 2}) {
		t.Errorf("errors %q, stored %+v; want the two bodies after the reader's position", errorTexts(rep.Errors), rep.Stored)
	}
	wantNotStored(t, st, catalog.KindBody, "X")
}

func TestEscapedKindAndByteOrderMark(t *testing.T) {
	st := testutil.Store(t)
	escaped := `{"kind":"\u0062ody","code":"Z","name":{"en":"Zed"},"category":"event"}`
	rep := importText(t, importer.Importer{Store: st}, "\xef\xbb\xbf"+jsonl(escaped, bodyCOP))
	if len(rep.Errors) != 0 || rep.Stored.Created != 2 {
		t.Fatalf("errors %q, stored %+v", errorTexts(rep.Errors), rep.Stored)
	}
	mustGet(t, st, catalog.KindBody, "Z")
}

func TestAFileThatCannotBeStoredDropsItsDocumentAndItsRecommendations(t *testing.T) {
	st := testutil.Store(t)
	files := t.TempDir()
	writeTestFile(t, filepath.Join(files, "paper.txt"), []byte("the paper"))
	blobRoot := t.TempDir()
	blobs := newBlobDirAt(t, blobRoot)
	// The store's temporary folder is now a file: every Put fails.
	if err := os.RemoveAll(filepath.Join(blobRoot, "tmp")); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(blobRoot, "tmp"), nil)

	doc := strings.Replace(docWG4_2022_2, `"title":"`+titleWG4_2022_2+`"`, `"title":"`+titleWG4_2022_2+`","file":"paper.txt"`, 1)
	rep := importText(t, importer.Importer{Store: st, Blobs: blobs, Files: os.DirFS(files)},
		jsonl(bodyCOP, bodyWG4, sessionWG4_12, doc, recWG4_2022_2_1, `{"kind":`))
	got := errorTexts(rep.Errors) // in line order, though found in two passes
	if len(got) != 3 || !strings.HasPrefix(got[0], `line 4: versions[0].file: cannot store "paper.txt"`) ||
		got[1] != `line 5: document: document "CTOC/COP/WG.4/2022/2" on line 4 could not be stored` ||
		!strings.HasPrefix(got[2], "line 6: invalid JSON") {
		t.Fatalf("errors = %q", got)
	}
	if rep.Valid[catalog.KindDocument] != 0 || rep.Valid[catalog.KindRecommendation] != 0 || rep.Stored.Created != 3 {
		t.Errorf("valid %v, stored %+v", rep.Valid, rep.Stored)
	}
	wantNotStored(t, st, catalog.KindDocument, "CTOC/COP/WG.4/2022/2")
	wantNotStored(t, st, catalog.KindRecommendation, "CTOC/COP/WG.4/2022/2#1")
}

func TestFilesNeedAFileStore(t *testing.T) {
	st := testutil.Store(t)
	files := t.TempDir()
	writeTestFile(t, filepath.Join(files, "paper.txt"), []byte("the paper"))
	line := `{"kind":"document","id":"p1","type":"publication","date":"2021-01-01","versions":[{"lang":"en","title":"t","file":"paper.txt"}]}`
	for _, dry := range []bool{true, false} {
		rep := importText(t, importer.Importer{Store: st, Files: os.DirFS(files), DryRun: dry}, jsonl(line))
		want := []string{"line 1: versions[0].file: files cannot be imported here (no folder to read them from, or no file store)"}
		if got := errorTexts(rep.Errors); !slices.Equal(got, want) {
			t.Errorf("dry run %v: errors = %q", dry, got)
		}
	}
}

func newBlobDirAt(t *testing.T, root string) *blobdir.Dir {
	t.Helper()
	b, err := blobdir.New(root)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// importFrom imports from any reader.
func importFrom(t *testing.T, im importer.Importer, r io.Reader) importer.Report {
	t.Helper()
	rep, err := im.Import(context.Background(), r)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return rep
}

func TestNestedObjectsAreCheckedToo(t *testing.T) {
	st := testutil.Store(t)
	hash := strings.Repeat("ab", 32)
	cases := []struct{ name, line, want string }{
		{"unknown field in a venue",
			`{"kind":"session","id":"s/1","body":"CTOC/COP","title":{"en":"t"},"start":"2022-01-01","end":"2022-01-01","venue":{"city":"Vienna","contry":"Austria"}}`,
			"line 2: venue.contry: unknown field"},
		{"file given as an object",
			`{"kind":"document","id":"x1","type":"report","date":"2022-01-01","versions":[{"lang":"en","title":"t","file":{"sha256":"` + hash + `","size":5,"name":"x.html","media_type":"text/html"}}]}`,
			"line 2: versions[0].file: give the path of the file, relative to the import file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := importText(t, importer.Importer{Store: st}, jsonl(bodyCOP, c.line))
			if got := errorTexts(rep.Errors); !slices.Equal(got, []string{c.want}) {
				t.Errorf("errors = %q, want %q", got, c.want)
			}
		})
	}
}

func TestADocumentIDWrittenLikeASymbolCanBeReferenced(t *testing.T) {
	st := testutil.Store(t)
	doc := `{"kind":"document","id":"ctoc/cop/wg.4/2022/9","type":"report","session":"CTOC/COP/WG.4/12","date":"2022-07-01","versions":[{"lang":"en","title":"Report"}]}`
	rec := `{"kind":"recommendation","session":"CTOC/COP/WG.4/12","document":"ctoc/cop/wg.4/2022/9","number":"1","text":{"en":"…"}}`
	rep := importText(t, importer.Importer{Store: st}, jsonl(bodyCOP, bodyWG4, sessionWG4_12, doc, rec))
	if len(rep.Errors) > 0 {
		t.Fatalf("errors = %q", errorTexts(rep.Errors))
	}
	mustGet(t, st, catalog.KindDocument, "CTOC/COP/WG.4/2022/9")
	mustGet(t, st, catalog.KindRecommendation, "CTOC/COP/WG.4/2022/9#1")
}

func TestBodyParentsMayNotFormACycle(t *testing.T) {
	st := testutil.Store(t)
	a := `{"kind":"body","code":"A1","parent":"B1","name":{"en":"a"},"category":"event"}`
	b := `{"kind":"body","code":"B1","parent":"A1","name":{"en":"b"},"category":"event"}`
	rep := importText(t, importer.Importer{Store: st}, jsonl(bodyCOP, a, b))
	want := []string{"line 2: parent: makes a cycle: A1 → B1 → A1", "line 3: parent: makes a cycle: B1 → A1 → B1"}
	if got := errorTexts(rep.Errors); !slices.Equal(got, want) {
		t.Errorf("errors = %q, want %q", got, want)
	}
	wantNotStored(t, st, catalog.KindBody, "A1")
	// Through a body already stored.
	c := `{"kind":"body","code":"CTOC/COP","parent":"CTOC/COP/WG.4","name":{"en":"COP"},"category":"conference"}`
	importText(t, importer.Importer{Store: st}, jsonl(bodyWG4))
	rep = importText(t, importer.Importer{Store: st}, jsonl(c))
	if got := errorTexts(rep.Errors); !slices.Equal(got, []string{"line 1: parent: makes a cycle: CTOC/COP → CTOC/COP/WG.4 → CTOC/COP"}) {
		t.Errorf("errors = %q", got)
	}
}
