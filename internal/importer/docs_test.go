package importer_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"plenary/internal/catalog"
	"plenary/internal/importer"
	"plenary/internal/testutil"
)

// TestTheDocumentedExampleImports keeps docs/import.md honest: its complete
// example imports without errors and does what the text after it says.
func TestTheDocumentedExampleImports(t *testing.T) {
	md, err := os.ReadFile("../../docs/import.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(md), "```jsonl\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/import.md has no ```jsonl example")
	}
	st := testutil.Store(t)
	im := importer.Importer{Store: st}
	rep, err := im.Import(context.Background(), strings.NewReader(example))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) > 0 {
		t.Fatalf("the documented example has errors: %v", rep.Errors)
	}
	if rep.Stored.Created != strings.Count(strings.TrimSpace(example), "\n")+1 {
		t.Errorf("stored %+v from %d lines", rep.Stored, rep.Lines)
	}
	rec, err := st.Get(context.Background(), catalog.KindDocument, "CTOC/COP/WG.4/2022/2")
	if err != nil {
		t.Fatal(err)
	}
	paper := rec.Entity.(*catalog.Document)
	if paper.Body != "CTOC/COP/WG.4" || strings.Join(paper.Subjects, ",") != "procurement,forced-labour" {
		t.Errorf("body %q, subjects %v", paper.Body, paper.Subjects)
	}
	rec, err = st.Get(context.Background(), catalog.KindDocument, "CTOC/COP/WG.4/2022/5/Corr.1")
	if err != nil {
		t.Fatal(err)
	}
	if rel := rec.Entity.(*catalog.Document).Relations; len(rel) != 1 || rel[0] != (catalog.Relation{Type: catalog.Corrects, Target: "CTOC/COP/WG.4/2022/5"}) {
		t.Errorf("corrigendum relations = %v", rel)
	}
}
