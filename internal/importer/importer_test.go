package importer_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"plenary/internal/catalog"
	"plenary/internal/demo"
	"plenary/internal/importer"
	"plenary/internal/store"
	"plenary/internal/store/blobdir"
	"plenary/internal/testutil"
)

// Good lines, taken from the demo data and cut down.
const (
	bodyCOP = `{"kind":"body","code":"CTOC/COP","name":{"en":"Conference of the Parties to the United Nations Convention against Transnational Organized Crime","fr":"Conférence des Parties à la Convention des Nations Unies contre la criminalité transnationale organisée"},"category":"conference"}`
	bodyWG4 = `{"kind":"body","code":"CTOC/COP/WG.4","parent":"CTOC/COP","name":{"en":"Working Group on Trafficking in Persons","fr":"Groupe de travail sur la traite des personnes"},"category":"working-group"}`
	// sessionWG4_12 has agenda items 1 and 3.
	sessionWG4_12 = `{"kind":"session","id":"CTOC/COP/WG.4/12","body":"CTOC/COP/WG.4","number":12,"title":{"en":"Twelfth session","es":"12º período de sesiones"},"start":"2022-06-29","end":"2022-06-30","venue":{"city":"Vienna","country":"Austria","mode":"hybrid"},"agenda":[{"item":"1","title":{"en":"Organizational matters"}},{"item":"3","title":{"en":"Identification of and assistance to victims of trafficking in persons in mixed migration flows"}}]}`
	// docWG4_2022_2 leaves out its body, which comes from its session.
	docWG4_2022_2   = `{"kind":"document","symbol":"CTOC/COP/WG.4/2022/2","type":"background-paper","session":"CTOC/COP/WG.4/12","agenda_items":["3"],"date":"2022-04-12","versions":[{"lang":"en","title":"Identification of and assistance to victims of trafficking in persons in mixed migration flows"},{"lang":"ar","title":"تحديد هوية ضحايا الاتجار بالأشخاص ومساعدتهم في سياق تدفقات الهجرة المختلطة"}]}`
	recWG4_2022_2_1 = `{"kind":"recommendation","session":"CTOC/COP/WG.4/12","document":"CTOC/COP/WG.4/2022/2","number":"1","themes":["trafficking-in-persons"],"text":{"en":"States parties should consider screening people in mixed migration flows for indicators of trafficking."}}`
)

const (
	titleWG4_2022_2   = "Identification of and assistance to victims of trafficking in persons in mixed migration flows"
	titleWG4_2022_2Ar = "تحديد هوية ضحايا الاتجار بالأشخاص ومساعدتهم في سياق تدفقات الهجرة المختلطة"
)

func jsonl(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

// importString runs an import that must not fail as a whole.
func importText(t *testing.T, im importer.Importer, input string) importer.Report {
	t.Helper()
	rep, err := im.Import(context.Background(), strings.NewReader(input))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return rep
}

func errorTexts(errs []importer.LineError) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Error()
	}
	return out
}

func wantNoErrors(t *testing.T, rep importer.Report) {
	t.Helper()
	if len(rep.Errors) > 0 {
		t.Fatalf("import reported errors:\n%s", strings.Join(errorTexts(rep.Errors), "\n"))
	}
}

func mustGet(t *testing.T, st store.Catalog, kind catalog.Kind, id string) store.Record {
	t.Helper()
	rec, err := st.Get(context.Background(), kind, id)
	if err != nil {
		t.Fatalf("Get(%s, %q): %v", kind, id, err)
	}
	return rec
}

func wantNotStored(t *testing.T, st store.Catalog, kind catalog.Kind, id string) {
	t.Helper()
	rec, err := st.Get(context.Background(), kind, id)
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get(%s, %q) = %+v, %v; want store.ErrNotFound", kind, id, rec.Entity, err)
	}
}

func headSeq(t *testing.T, st store.Feed) int64 {
	t.Helper()
	h, err := st.Head(context.Background())
	if err != nil {
		t.Fatalf("Head: %v", err)
	}
	return h.Seq
}

func storeCounts(t *testing.T, st store.Catalog) map[catalog.Kind]int64 {
	t.Helper()
	out := map[catalog.Kind]int64{}
	for _, k := range catalog.Kinds {
		n, err := st.Count(context.Background(), k)
		if err != nil {
			t.Fatalf("Count(%s): %v", k, err)
		}
		out[k] = n
	}
	return out
}

// hashes lists every stored record as kind/id → content hash.
func storedHashes(t *testing.T, st store.Catalog) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, k := range catalog.Kinds {
		err := st.Scan(context.Background(), k, store.ScanOptions{}, func(r store.Record) error {
			out[string(k)+" "+r.Entity.Key()] = r.Hash
			return nil
		})
		if err != nil {
			t.Fatalf("Scan(%s): %v", k, err)
		}
	}
	return out
}

func newBlobDir(t *testing.T) *blobdir.Dir {
	t.Helper()
	b, err := blobdir.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeTestFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestImportDemoData(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	im := importer.Importer{Store: st}
	rep, err := im.Import(ctx, bytes.NewReader(demo.Data))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	wantNoErrors(t, rep)
	if rep.Lines != 72 {
		t.Errorf("Lines = %d, want 72", rep.Lines)
	}
	wantValid := map[catalog.Kind]int{catalog.KindBody: 8, catalog.KindSession: 14, catalog.KindDocument: 42, catalog.KindRecommendation: 8}
	if !reflect.DeepEqual(rep.Valid, wantValid) {
		t.Errorf("Valid = %v, want %v", rep.Valid, wantValid)
	}
	if rep.Stored != (store.PutResult{Created: 72}) {
		t.Errorf("Stored = %+v, want {Created:72}", rep.Stored)
	}
	wantCounts := map[catalog.Kind]int64{catalog.KindBody: 8, catalog.KindSession: 14, catalog.KindDocument: 42, catalog.KindRecommendation: 8}
	if got := storeCounts(t, st); !reflect.DeepEqual(got, wantCounts) {
		t.Errorf("store counts = %v, want %v", got, wantCounts)
	}
	if h := headSeq(t, st); h != 72 {
		t.Errorf("change feed head = %d, want 72 (one change per created record)", h)
	}

	t.Run("document versions", func(t *testing.T) {
		d := mustGet(t, st, catalog.KindDocument, "CTOC/COP/WG.4/2022/1").Entity.(*catalog.Document)
		if got := d.Langs(); !slices.Equal(got, []catalog.Lang{"ar", "zh", "en", "fr", "ru", "es"}) {
			t.Errorf("languages = %v, want [ar zh en fr ru es]", got)
		}
		ar, ok := d.Version(catalog.Arabic)
		if !ok {
			t.Fatal("no Arabic version")
		}
		if ar.Title != "جدول الأعمال المؤقت المشروح" {
			t.Errorf("Arabic title = %q", ar.Title)
		}
		if !strings.HasPrefix(ar.Abstract, "جدول الأعمال المؤقت للدورة الثانية عشرة للفريق العامل المعني بالاتجار بالأشخاص") {
			t.Errorf("Arabic abstract = %q", ar.Abstract)
		}
		zh, _ := d.Version(catalog.Chinese)
		if zh.Title != "附加说明的临时议程" {
			t.Errorf("Chinese title = %q", zh.Title)
		}
		if d.Body != "CTOC/COP/WG.4" || d.Session != "CTOC/COP/WG.4/12" || !slices.Equal(d.AgendaItems, []string{"1 (b)"}) || d.Date != "2022-04-08" || d.Status != catalog.Published || !d.Sample {
			t.Errorf("document = body %q, session %q, agenda items %q, date %q, status %q, sample %v", d.Body, d.Session, d.AgendaItems, d.Date, d.Status, d.Sample)
		}
	})

	t.Run("session agenda", func(t *testing.T) {
		s := mustGet(t, st, catalog.KindSession, "CTOC/COP/WG.4/12").Entity.(*catalog.Session)
		var items []string
		for _, a := range s.Agenda {
			items = append(items, a.Item)
		}
		if want := []string{"1", "1 (a)", "1 (b)", "2", "3", "4", "5", "6"}; !slices.Equal(items, want) {
			t.Errorf("agenda items = %q, want %q", items, want)
		}
		item3 := s.Agenda[4]
		if item3.Item != "3" || item3.Title["ar"] != titleWG4_2022_2Ar || item3.Title["en"] != titleWG4_2022_2 || item3.Title["zh"] != "在混合移民流动中识别和援助贩运人口受害人" {
			t.Errorf("agenda item 3 title = %q", item3.Title)
		}
		if s.Body != "CTOC/COP/WG.4" || s.Number != 12 || s.Start != "2022-06-29" || s.End != "2022-06-30" || s.Venue != (catalog.Venue{City: "Vienna", Country: "Austria", Mode: catalog.Hybrid}) {
			t.Errorf("session = %+v", s)
		}
	})

	t.Run("implied relation of a corrigendum", func(t *testing.T) {
		d := mustGet(t, st, catalog.KindDocument, "CTOC/COP/WG.7/2021/4/Corr.1").Entity.(*catalog.Document)
		if want := []catalog.Relation{{Type: catalog.Corrects, Target: "CTOC/COP/WG.7/2021/4"}}; !reflect.DeepEqual(d.Relations, want) {
			t.Errorf("relations = %+v, want %+v", d.Relations, want)
		}
	})

	t.Run("recommendation", func(t *testing.T) {
		r := mustGet(t, st, catalog.KindRecommendation, "CTOC/COP/WG.4/2021/4#1").Entity.(*catalog.Recommendation)
		if r.Session != "CTOC/COP/WG.4/11" || r.Document != "CTOC/COP/WG.4/2021/4" || len(r.FollowUp) != 2 || r.FollowUp[0].Document != "A/RES/76/7" {
			t.Errorf("recommendation = %+v", r)
		}
	})
}

func TestReimport(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	im := importer.Importer{Store: st}
	if _, err := im.Import(ctx, bytes.NewReader(demo.Data)); err != nil {
		t.Fatalf("first import: %v", err)
	}
	before := headSeq(t, st)
	stored := storedHashes(t, st)

	t.Run("same input changes nothing", func(t *testing.T) {
		rep, err := im.Import(ctx, bytes.NewReader(demo.Data))
		if err != nil {
			t.Fatalf("Import: %v", err)
		}
		wantNoErrors(t, rep)
		if rep.Stored != (store.PutResult{Unchanged: 72}) {
			t.Errorf("Stored = %+v, want {Unchanged:72}", rep.Stored)
		}
		if h := headSeq(t, st); h != before {
			t.Errorf("change feed head moved from %d to %d", before, h)
		}
		if got := storedHashes(t, st); !reflect.DeepEqual(got, stored) {
			t.Errorf("stored records changed on re-import")
		}
	})

	t.Run("one changed line updates one record", func(t *testing.T) {
		// Retitle the English version of CTOC/COP/WG.7/2021/1 (line 23).
		demoLines := bytes.Split(demo.Data, []byte("\n"))
		line := demoLines[22]
		if !bytes.Contains(line, []byte(`"symbol":"CTOC/COP/WG.7/2021/1",`)) {
			t.Fatalf("line 23 of the demo data is not CTOC/COP/WG.7/2021/1: %.80s", line)
		}
		demoLines[22] = bytes.Replace(line, []byte(`"lang":"en","title":"Annotated provisional agenda"`), []byte(`"lang":"en","title":"Annotated provisional agenda (revised)"`), 1)
		edited := bytes.Join(demoLines, []byte("\n"))
		rep, err := im.Import(ctx, bytes.NewReader(edited))
		if err != nil {
			t.Fatalf("Import: %v", err)
		}
		wantNoErrors(t, rep)
		if rep.Stored != (store.PutResult{Updated: 1, Unchanged: 71}) {
			t.Errorf("Stored = %+v, want {Updated:1 Unchanged:71}", rep.Stored)
		}
		if h := headSeq(t, st); h != before+1 {
			t.Errorf("change feed head = %d, want %d", h, before+1)
		}
		d := mustGet(t, st, catalog.KindDocument, "CTOC/COP/WG.7/2021/1").Entity.(*catalog.Document)
		if en, _ := d.Version(catalog.English); en.Title != "Annotated provisional agenda (revised)" {
			t.Errorf("English title = %q", en.Title)
		}
	})
}

func TestImportForwardReferences(t *testing.T) {
	st := testutil.Store(t)
	// Every line refers to a later one.
	rep := importText(t, importer.Importer{Store: st}, jsonl(recWG4_2022_2_1, docWG4_2022_2, sessionWG4_12, bodyWG4, bodyCOP))
	wantNoErrors(t, rep)
	wantValid := map[catalog.Kind]int{catalog.KindBody: 2, catalog.KindSession: 1, catalog.KindDocument: 1, catalog.KindRecommendation: 1}
	if !reflect.DeepEqual(rep.Valid, wantValid) {
		t.Errorf("Valid = %v, want %v", rep.Valid, wantValid)
	}
	if rep.Stored != (store.PutResult{Created: 5}) {
		t.Errorf("Stored = %+v, want {Created:5}", rep.Stored)
	}
	d := mustGet(t, st, catalog.KindDocument, "CTOC/COP/WG.4/2022/2").Entity.(*catalog.Document)
	if d.Body != "CTOC/COP/WG.4" {
		t.Errorf("document body = %q, want CTOC/COP/WG.4 (from its session)", d.Body)
	}
	if d.Status != catalog.Published || d.Distribution != catalog.General {
		t.Errorf("document status, distribution = %q, %q; want published, general", d.Status, d.Distribution)
	}
	if b := mustGet(t, st, catalog.KindBody, "CTOC/COP/WG.4").Entity.(*catalog.Body); b.Parent != "CTOC/COP" {
		t.Errorf("body parent = %q", b.Parent)
	}
	if r := mustGet(t, st, catalog.KindRecommendation, "CTOC/COP/WG.4/2022/2#1").Entity.(*catalog.Recommendation); r.Document != "CTOC/COP/WG.4/2022/2" {
		t.Errorf("recommendation document = %q", r.Document)
	}
}

// badInput is a file of good and bad lines. Its line numbers appear in the
// expected errors of badCases.
var badInput = []string{
	/* 1 */ bodyCOP,
	/* 2 */ bodyWG4,
	/* 3 */ sessionWG4_12,
	/* 4 */ docWG4_2022_2,
	/* 5 */ `{"kind":"body","code":"UNTOC","name":{"en":"Truncated"`,
	/* 6 */ `{"kind":"body","code":"GARBAGE","name":{"en":"Trailing garbage"},"category":"event"} x`,
	/* 7 */ `{"kind":"meeting","id":"CTOC/COP/WG.4/12/informal"}`,
	/* 8 */ `{"code":"NOKIND","name":{"en":"No kind"},"category":"event"}`,
	/* 9 */ `{"kind":"document","type":"information-note","date":"2022-05-01","versions":[{"lang":"en","title":"Information for participants"}]}`,
	/* 10 */ `{"kind":"document","symbol":"CTOC/COP/WG.4/2022/L.x","type":"draft-resolution","date":"2022-05-01","versions":[{"lang":"en","title":"Draft"}]}`,
	/* 11 */ `{"kind":"document","symbol":"CTOC/COP/WG.4/2022/5","type":"report","date":"2022-05-01","versions":[{"lang":"en","title":"Report"},{"lang":"de","title":"Bericht"}]}`,
	/* 12 */ `{"kind":"session","id":"CTOC/COP/WG.4/13","body":"CTOC/COP/WG.4","title":{"en":"Thirteenth session","de":"Dreizehnte Tagung"},"start":"2023-06-29","end":"2023-06-30","venue":"Vienna"}`,
	/* 13 */ `{"kind":"document","symbol":"CTOC/COP/WG.4/2022/6","type":"report","date":"2022-02-30","versions":[{"lang":"en","title":"Report"}]}`,
	/* 14 */ `{"kind":"document","symbol":"CTOC/COP/WG.4/2022/7","type":"report","date":"12/04/2022","versions":[{"lang":"en","title":"Report"}]}`,
	/* 15 */ `{"kind":"session","id":"CTOC/COP/WG.4/14","body":"CTOC/COP/WG.4","number":"twelve","title":{"en":"Fourteenth session"},"start":"2024-06-29","end":"2024-06-30","venue":"Vienna"}`,
	/* 16 */ `{"kind":"document","symbol":"CTOC/COP/WG.4/2022/8","sesion":"CTOC/COP/WG.4/12","type":"report","date":"2022-05-01","versions":[{"lang":"en","title":"Report"}]}`,
	/* 17 */ `{"kind":"session","id":"CTOC/COP/WG.4/15","body":"CTOC/COP/WG.4","title":{"en":"Fifteenth session"},"start":"2025-06-30","end":"2025-06-29","venue":"Vienna"}`,
	/* 18 */ `{"kind":"session","id":"CTOC/COP/WG.4/12","body":"CTOC/COP/WG.4","number":12,"title":{"en":"Twelfth session, again"},"start":"2022-06-29","end":"2022-06-30","venue":"Vienna"}`,
	/* 19 */ `{"kind":"session","id":"CTOC/COP/WG.9/1","body":"CTOC/COP/WG.9","title":{"en":"First session"},"start":"2022-06-29","end":"2022-06-30","venue":"Vienna"}`,
	/* 20 */ `{"kind":"document","symbol":"CTOC/COP/WG.4/2022/9","type":"report","session":"CTOC/COP/WG.4/99","date":"2022-05-01","versions":[{"lang":"en","title":"Report"}]}`,
	/* 21 */ `{"kind":"document","symbol":"CTOC/COP/WG.4/2022/10","type":"report","session":"CTOC/COP/WG.4/12","agenda_items":["3","7"],"date":"2022-05-01","versions":[{"lang":"en","title":"Report"}]}`,
	/* 22 */ `{"kind":"document","symbol":"CTOC/COP/WG.4/2025/1","type":"agenda","session":"CTOC/COP/WG.4/15","date":"2025-04-01","versions":[{"lang":"en","title":"Provisional agenda"}]}`,
	/* 23 */ `{"kind":"recommendation","session":"CTOC/COP/WG.4/12","document":"CTOC/COP/WG.4/2022/6","number":"2","text":{"en":"States should act."}}`,
	/* 24 */ `{"kind":"document","symbol":"CTOC/COP/WG.4/2022/11","type":"report","date":"2022-05-01","versions":[{"lang":"en","title":"Report","file":"missing.pdf"}]}`,
	/* 25 */ `{"kind":"document","symbol":"CTOC/COP/WG.4/2022/12","type":"report","date":"2022-05-01","versions":[{"lang":"en","title":"Report","file":"../secret.txt"}]}`,
	/* 26 */ recWG4_2022_2_1,
	/* 27 */ `{"kind":"document","id":"wg4-2022-paper-on-file","type":"background-paper","session":"CTOC/COP/WG.4/12","date":"2022-05-02","versions":[{"lang":"en","title":"Paper on file","file":"paper.txt"}]}`,
	/* 28 */ `{"kind":"recommendation","session":"CTOC/COP/WG.4/12","document":"CTOC/COP/WG.4/2025/2","number":"1","text":{"en":"States should act."}}`,
	/* 29 */ `{"kind":"document","symbol":"CTOC/COP/WG.4/2025/2","type":"report","session":"CTOC/COP/WG.4/15","date":"2025-07-01","versions":[{"lang":"en","title":"Report"}]}`,
}

// badInputFiles makes the folder the files of badInput come from, next to
// a secret.txt that an import must not reach.
func badInputFiles(t *testing.T) string {
	t.Helper()
	base := t.TempDir()
	writeTestFile(t, filepath.Join(base, "secret.txt"), []byte("not for import\n"))
	writeTestFile(t, filepath.Join(base, "files", "paper.txt"), []byte("Trafficking in mixed migration flows often overlaps with migrant smuggling.\n"))
	return filepath.Join(base, "files")
}

var badValid = map[catalog.Kind]int{catalog.KindBody: 2, catalog.KindSession: 1, catalog.KindDocument: 2, catalog.KindRecommendation: 1}

var badCases = []struct {
	name string
	line int
	// kind and id are what the line would have stored.
	kind catalog.Kind
	id   string
	want []string
	// field and reasonPrefix replace want where the exact wording is not
	// what matters.
	field, reasonPrefix string
}{
	{name: "truncated object", line: 5, kind: catalog.KindBody, id: "UNTOC",
		want: []string{"line 5: invalid JSON at byte 54: unexpected end of JSON input"}},
	{name: "trailing garbage", line: 6, kind: catalog.KindBody, id: "GARBAGE",
		want: []string{"line 6: invalid JSON at byte 86: invalid character 'x' after top-level value"}},
	{name: "unknown kind", line: 7, kind: catalog.KindSession, id: "CTOC/COP/WG.4/12/informal",
		want: []string{`line 7: kind: unknown kind "meeting" (want body, session, document or recommendation)`}},
	{name: "missing kind", line: 8, kind: catalog.KindBody, id: "NOKIND",
		want: []string{"line 8: kind: required (body, session, document or recommendation)"}},
	{name: "document without id or symbol", line: 9,
		want: []string{"line 9: id: required when there is no symbol"}},
	{name: "bad symbol", line: 10, kind: catalog.KindDocument, id: "CTOC/COP/WG.4/2022/L.x",
		want: []string{`line 10: symbol: symbol "CTOC/COP/WG.4/2022/L.x": special component "L.x" needs a number, as in L.1`}},
	{name: "unknown language of a version", line: 11, kind: catalog.KindDocument, id: "CTOC/COP/WG.4/2022/5",
		want: []string{`line 11: versions[1].lang: unknown language "de" (want one of ar, zh, en, fr, ru, es, pt)`}},
	{name: "unknown language in a title", line: 12, kind: catalog.KindSession, id: "CTOC/COP/WG.4/13",
		want: []string{`line 12: title.de: unknown language "de" (want one of ar, zh, en, fr, ru, es, pt)`}},
	{name: "day that does not exist", line: 13, kind: catalog.KindDocument, id: "CTOC/COP/WG.4/2022/6",
		want: []string{`line 13: date: "2022-02-30" is not a date (want YYYY-MM-DD)`}},
	{name: "date not YYYY-MM-DD", line: 14, kind: catalog.KindDocument, id: "CTOC/COP/WG.4/2022/7",
		want: []string{`line 14: date: "12/04/2022" is not a date (want YYYY-MM-DD)`}},
	{name: "wrong JSON type", line: 15, kind: catalog.KindSession, id: "CTOC/COP/WG.4/14",
		want: []string{"line 15: number: want a whole number, got a JSON string"}},
	{name: "unknown field", line: 16, kind: catalog.KindDocument, id: "CTOC/COP/WG.4/2022/8",
		want: []string{"line 16: sesion: unknown field"}},
	{name: "end before start", line: 17, kind: catalog.KindSession, id: "CTOC/COP/WG.4/15",
		want: []string{"line 17: end: 2025-06-29 is before the start 2025-06-30"}},
	{name: "duplicate id", line: 18,
		want: []string{`line 18: id: "CTOC/COP/WG.4/12" is already defined on line 3`}},
	{name: "unknown body", line: 19, kind: catalog.KindSession, id: "CTOC/COP/WG.9/1",
		want: []string{`line 19: body: unknown body "CTOC/COP/WG.9" (not in this input nor in the catalogue)`}},
	{name: "unknown session", line: 20, kind: catalog.KindDocument, id: "CTOC/COP/WG.4/2022/9",
		want: []string{`line 20: session: unknown session "CTOC/COP/WG.4/99" (not in this input nor in the catalogue)`}},
	{name: "agenda item the session does not have", line: 21, kind: catalog.KindDocument, id: "CTOC/COP/WG.4/2022/10",
		want: []string{`line 21: agenda_items[1]: session "CTOC/COP/WG.4/12" has no agenda item "7"`}},
	{name: "session on a bad line", line: 22, kind: catalog.KindDocument, id: "CTOC/COP/WG.4/2025/1",
		want: []string{`line 22: session: session "CTOC/COP/WG.4/15" is defined on line 17, which has errors`}},
	{name: "document on a bad line", line: 23, kind: catalog.KindRecommendation, id: "CTOC/COP/WG.4/2022/6#2",
		want: []string{`line 23: document: document "CTOC/COP/WG.4/2022/6" is defined on line 13, which has errors`}},
	{name: "file that does not exist", line: 24, kind: catalog.KindDocument, id: "CTOC/COP/WG.4/2022/11",
		want: []string{`line 24: versions[0].file: cannot read "missing.pdf": no such file or directory`}},
	{name: "file outside the folder", line: 25, kind: catalog.KindDocument, id: "CTOC/COP/WG.4/2022/12",
		want: []string{`line 25: versions[0].file: "../secret.txt" must be a path relative to the import file, inside its folder`}},
	// Line 28 is checked before line 29 turns bad.
	{name: "chain of references to a bad line", line: 28, kind: catalog.KindRecommendation, id: "CTOC/COP/WG.4/2025/2#1",
		want: []string{`line 28: document: document "CTOC/COP/WG.4/2025/2" is defined on line 29, which has errors`}},
	{name: "reference to a bad line further on", line: 29, kind: catalog.KindDocument, id: "CTOC/COP/WG.4/2025/2",
		want: []string{`line 29: session: session "CTOC/COP/WG.4/15" is defined on line 17, which has errors`}},
}

func TestImportBadLines(t *testing.T) {
	st := testutil.Store(t)
	blobs := newBlobDir(t)
	im := importer.Importer{Store: st, Blobs: blobs, Files: os.DirFS(badInputFiles(t))}
	rep := importText(t, im, jsonl(badInput...))

	if rep.Lines != len(badInput) {
		t.Errorf("Lines = %d, want %d", rep.Lines, len(badInput))
	}
	if !reflect.DeepEqual(rep.Valid, badValid) {
		t.Errorf("Valid = %v, want %v", rep.Valid, badValid)
	}
	if rep.Stored != (store.PutResult{Created: 6}) {
		t.Errorf("Stored = %+v, want {Created:6}", rep.Stored)
	}
	if !slices.IsSortedFunc(rep.Errors, func(a, b importer.LineError) int { return a.Line - b.Line }) {
		t.Errorf("errors are not sorted by line:\n%s", strings.Join(errorTexts(rep.Errors), "\n"))
	}

	byLine := map[int][]importer.LineError{}
	for _, e := range rep.Errors {
		byLine[e.Line] = append(byLine[e.Line], e)
	}
	caseLines := map[int]bool{}
	for _, tc := range badCases {
		caseLines[tc.line] = true
		t.Run(tc.name, func(t *testing.T) {
			got := byLine[tc.line]
			if tc.want != nil {
				if texts := errorTexts(got); !slices.Equal(texts, tc.want) {
					t.Errorf("errors on line %d:\n got %q\nwant %q", tc.line, texts, tc.want)
				}
			} else {
				found := false
				for _, e := range got {
					found = found || (strings.HasSuffix(e.Field, tc.field) && strings.HasPrefix(e.Reason, tc.reasonPrefix))
				}
				if !found {
					t.Errorf("errors on line %d: %q; want one on field %s starting %q", tc.line, errorTexts(got), tc.field, tc.reasonPrefix)
				}
			}
			if tc.id != "" {
				wantNotStored(t, st, tc.kind, tc.id)
			}
		})
	}
	for n, errs := range byLine {
		if !caseLines[n] {
			t.Errorf("unexpected errors on good line %d: %q", n, errorTexts(errs))
		}
	}

	t.Run("good lines are stored", func(t *testing.T) {
		want := map[catalog.Kind]int64{catalog.KindBody: 2, catalog.KindSession: 1, catalog.KindDocument: 2, catalog.KindRecommendation: 1}
		if got := storeCounts(t, st); !reflect.DeepEqual(got, want) {
			t.Errorf("store counts = %v, want %v", got, want)
		}
		mustGet(t, st, catalog.KindBody, "CTOC/COP")
		mustGet(t, st, catalog.KindBody, "CTOC/COP/WG.4")
		mustGet(t, st, catalog.KindRecommendation, "CTOC/COP/WG.4/2022/2#1")
		mustGet(t, st, catalog.KindDocument, "wg4-2022-paper-on-file")
		d := mustGet(t, st, catalog.KindDocument, "CTOC/COP/WG.4/2022/2").Entity.(*catalog.Document)
		if ar, _ := d.Version(catalog.Arabic); ar.Title != titleWG4_2022_2Ar {
			t.Errorf("Arabic title = %q", ar.Title)
		}
		// The duplicate on line 18 did not replace the session of line 3.
		s := mustGet(t, st, catalog.KindSession, "CTOC/COP/WG.4/12").Entity.(*catalog.Session)
		if s.Title["en"] != "Twelfth session" || len(s.Agenda) != 2 {
			t.Errorf("session = title %q, %d agenda items; want the one of line 3", s.Title, len(s.Agenda))
		}
	})
}

func TestImportReportsEveryProblemOfALine(t *testing.T) {
	tests := []struct {
		name string
		line string
		want []string
	}{
		{
			name: "document",
			line: `{"kind":"document","id":"wg4 informal note","date":"2022-13-01","distribution":"public","subjects":["Human Rights!"],"versions":[{"lang":"de","title":""}]}`,
			want: []string{
				`line 2: id: "wg4 informal note" is not a valid id (letters, digits, '.', '-', '_', elements separated by '/')`,
				"line 2: type: required (one of agenda, annotated-agenda, background-paper, report, recommendations, resolution, decision, draft-resolution, conference-room-paper, information-note, statement, guide, publication, political-declaration, other)",
				`line 2: date: "2022-13-01" is not a date (want YYYY-MM-DD)`,
				`line 2: distribution: "public" is not allowed (want one of general, limited, restricted)`,
				`line 2: subjects[0]: "human-rights!" is not a keyword (lowercase letters and digits joined by '-')`,
				`line 2: versions[0].lang: unknown language "de" (want one of ar, zh, en, fr, ru, es, pt)`,
				"line 2: versions[0].title: required",
			},
		},
		{
			name: "session",
			line: `{"kind":"session","id":"CTOC/COP/WG.4/13","body":"CTOC/COP/WG.4","start":"2023-06-31","end":"","venue":{},"agenda":[{"item":"1","title":{"en":"Opening"}},{"item":"1","title":{}}]}`,
			want: []string{
				"line 2: title: required in at least one language",
				`line 2: start: "2023-06-31" is not a date (want YYYY-MM-DD)`,
				"line 2: end: required (YYYY-MM-DD)",
				"line 2: venue.city: required unless the session is online",
				`line 2: agenda[1].item: item "1" appears twice`,
				"line 2: agenda[1].title: required in at least one language",
				`line 2: body: unknown body "CTOC/COP/WG.4" (not in this input nor in the catalogue)`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := testutil.Store(t)
			rep := importText(t, importer.Importer{Store: st}, jsonl(bodyCOP, tc.line))
			if got := errorTexts(rep.Errors); !slices.Equal(got, tc.want) {
				t.Errorf("errors:\n got %q\nwant %q", got, tc.want)
			}
			if rep.Stored != (store.PutResult{Created: 1}) {
				t.Errorf("Stored = %+v, want {Created:1} (the body only)", rep.Stored)
			}
		})
	}
}

func TestImportBlankLines(t *testing.T) {
	bad := `{"kind":"body","code":"CTOC/COP/WG.4","parent":"CTOC/COP","name":{"en":"Working Group on Trafficking in Persons"},"category":"committee"}`
	wantReason := `category: "committee" is not allowed (want one of commission, conference, working-group, assembly, event)`
	tests := []struct {
		name      string
		input     string
		wantLines int
		want      []string
	}{
		{"blank lines before", "\n\n" + bodyCOP + "\n" + bad + "\n", 2, []string{"line 4: " + wantReason}},
		{"blank and white space lines between", bodyCOP + "\n\n   \n\t\n" + bad + "\n", 2, []string{"line 5: " + wantReason}},
		{"CRLF line ends", "\r\n" + bodyCOP + "\r\n\r\n" + bad + "\r\n", 2, []string{"line 4: " + wantReason}},
		{"no newline at the end", bodyCOP + "\n\n" + bad, 2, []string{"line 3: " + wantReason}},
		{"only blank lines", "\n \n\n", 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := testutil.Store(t)
			rep := importText(t, importer.Importer{Store: st}, tc.input)
			if rep.Lines != tc.wantLines {
				t.Errorf("Lines = %d, want %d", rep.Lines, tc.wantLines)
			}
			if got := errorTexts(rep.Errors); !slices.Equal(got, tc.want) {
				t.Errorf("errors = %q, want %q", got, tc.want)
			}
			wantStored := store.PutResult{}
			if tc.wantLines > 0 {
				wantStored.Created = 1
				mustGet(t, st, catalog.KindBody, "CTOC/COP")
			}
			if rep.Stored != wantStored {
				t.Errorf("Stored = %+v, want %+v", rep.Stored, wantStored)
			}
		})
	}
}

func TestImportDryRun(t *testing.T) {
	files := badInputFiles(t)
	input := jsonl(badInput...)

	real := testutil.Store(t)
	want := importText(t, importer.Importer{Store: real, Blobs: newBlobDir(t), Files: os.DirFS(files)}, input)

	st := testutil.Store(t)
	blobRoot := t.TempDir()
	blobs, err := blobdir.New(blobRoot)
	if err != nil {
		t.Fatal(err)
	}
	got := importText(t, importer.Importer{Store: st, Blobs: blobs, Files: os.DirFS(files), DryRun: true}, input)

	if !slices.Equal(errorTexts(got.Errors), errorTexts(want.Errors)) {
		t.Errorf("dry run errors:\n%s\nwant:\n%s", strings.Join(errorTexts(got.Errors), "\n"), strings.Join(errorTexts(want.Errors), "\n"))
	}
	if len(got.Errors) != 23 {
		t.Errorf("dry run reported %d errors, want 23", len(got.Errors))
	}
	if !reflect.DeepEqual(got.Valid, badValid) {
		t.Errorf("Valid = %v, want %v", got.Valid, badValid)
	}
	if got.Lines != len(badInput) {
		t.Errorf("Lines = %d, want %d", got.Lines, len(badInput))
	}
	if got.Stored != (store.PutResult{}) {
		t.Errorf("Stored = %+v, want zero", got.Stored)
	}
	if c := storeCounts(t, st); !reflect.DeepEqual(c, map[catalog.Kind]int64{catalog.KindBody: 0, catalog.KindSession: 0, catalog.KindDocument: 0, catalog.KindRecommendation: 0}) {
		t.Errorf("store counts after a dry run = %v, want all zero", c)
	}
	if h := headSeq(t, st); h != 0 {
		t.Errorf("change feed head after a dry run = %d, want 0", h)
	}
	var blobFiles []string
	filepath.WalkDir(blobRoot, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			blobFiles = append(blobFiles, p)
		}
		return nil
	})
	if len(blobFiles) != 0 {
		t.Errorf("a dry run stored files: %q", blobFiles)
	}
}

// noSeek hides every method of its reader but Read.
type noSeek struct{ r io.Reader }

func (n noSeek) Read(p []byte) (int, error) { return n.r.Read(p) }

func TestImportFromNonSeekableReader(t *testing.T) {
	files := badInputFiles(t)
	input := jsonl(badInput...)
	path := filepath.Join(t.TempDir(), "import.jsonl")
	writeTestFile(t, path, []byte(input))

	importFrom := func(t *testing.T, r io.Reader) (importer.Report, map[string]string) {
		t.Helper()
		st := testutil.Store(t)
		rep, err := (&importer.Importer{Store: st, Blobs: newBlobDir(t), Files: os.DirFS(files)}).Import(context.Background(), r)
		if err != nil {
			t.Fatalf("Import: %v", err)
		}
		return rep, storedHashes(t, st)
	}

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, wantStored := importFrom(t, f)
	if len(want.Errors) == 0 || len(wantStored) != 6 {
		t.Fatalf("import from a file: %d errors, %d records stored; want errors and 6 records", len(want.Errors), len(wantStored))
	}

	tests := []struct {
		name string
		r    func() io.Reader
	}{
		{"reader without Seek", func() io.Reader { return noSeek{strings.NewReader(input)} }},
		{"pipe", func() io.Reader {
			pr, pw := io.Pipe()
			go func() {
				// Small writes, so the importer sees the input in pieces.
				for chunk := range slices.Chunk([]byte(input), 100) {
					if _, err := pw.Write(chunk); err != nil {
						return
					}
				}
				pw.Close()
			}()
			return pr
		}},
		{"one byte at a time", func() io.Reader { return iotest.OneByteReader(noSeek{strings.NewReader(input)}) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, gotStored := importFrom(t, tc.r())
			if !reflect.DeepEqual(got, want) {
				t.Errorf("report = %+v\nwant %+v", got, want)
			}
			if !reflect.DeepEqual(gotStored, wantStored) {
				t.Errorf("stored %v\nwant %v", gotStored, wantStored)
			}
		})
	}
}

func TestImportUnreadableInput(t *testing.T) {
	st := testutil.Store(t)
	readErr := errors.New("connection reset")
	r := io.MultiReader(strings.NewReader(bodyCOP+"\n"), iotest.ErrReader(readErr))
	_, err := (&importer.Importer{Store: st}).Import(context.Background(), r)
	if !errors.Is(err, readErr) {
		t.Errorf("Import error = %v, want %v", err, readErr)
	}
	wantNotStored(t, st, catalog.KindBody, "CTOC/COP")
}

func TestImportFiles(t *testing.T) {
	paper := []byte("Identification of and assistance to victims of trafficking in persons in mixed migration flows\n\nTrafficking in mixed migration flows often overlaps with migrant smuggling.\n")
	sum := sha256.Sum256(paper)
	wantFile := catalog.File{Name: "paper.txt", MediaType: "text/plain; charset=utf-8", Size: int64(len(paper)), SHA256: hex.EncodeToString(sum[:])}

	doc := `{"kind":"document","symbol":"CTOC/COP/WG.4/2022/2","type":"background-paper","session":"CTOC/COP/WG.4/12","date":"2022-04-12","versions":[{"lang":"en","title":"` + titleWG4_2022_2 + `","file":"papers/paper.txt"},{"lang":"ar","title":"` + titleWG4_2022_2Ar + `"}]}`
	input := jsonl(bodyCOP, bodyWG4, sessionWG4_12, doc)

	tests := []struct {
		name  string
		files func(t *testing.T, dir string) fs.FS
	}{
		{"os.DirFS", func(t *testing.T, dir string) fs.FS { return os.DirFS(dir) }},
		{"os.Root", func(t *testing.T, dir string) fs.FS {
			root, err := os.OpenRoot(dir)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { root.Close() })
			return root.FS()
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			writeTestFile(t, filepath.Join(dir, "papers", "paper.txt"), paper)
			st := testutil.Store(t)
			blobs := newBlobDir(t)
			im := importer.Importer{Store: st, Blobs: blobs, Files: tc.files(t, dir)}

			rep := importText(t, im, input)
			wantNoErrors(t, rep)
			if rep.Stored != (store.PutResult{Created: 4}) {
				t.Errorf("Stored = %+v, want {Created:4}", rep.Stored)
			}
			d := mustGet(t, st, catalog.KindDocument, "CTOC/COP/WG.4/2022/2").Entity.(*catalog.Document)
			en, _ := d.Version(catalog.English)
			if en.File == nil || *en.File != wantFile {
				t.Fatalf("English file = %+v, want %+v", en.File, wantFile)
			}
			if ar, _ := d.Version(catalog.Arabic); ar.File != nil {
				t.Errorf("Arabic version has a file: %+v", ar.File)
			}
			rc, info, err := blobs.Open(ctx, wantFile.SHA256)
			if err != nil {
				t.Fatalf("Blobs.Open: %v", err)
			}
			got, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, paper) || info.Size != int64(len(paper)) {
				t.Errorf("stored file = %q (size %d), want %q", got, info.Size, paper)
			}

			before := headSeq(t, st)
			rep = importText(t, im, input)
			wantNoErrors(t, rep)
			if rep.Stored != (store.PutResult{Unchanged: 4}) {
				t.Errorf("re-import: Stored = %+v, want {Unchanged:4}", rep.Stored)
			}
			if h := headSeq(t, st); h != before {
				t.Errorf("re-import moved the change feed head from %d to %d", before, h)
			}
			d = mustGet(t, st, catalog.KindDocument, "CTOC/COP/WG.4/2022/2").Entity.(*catalog.Document)
			if en, _ := d.Version(catalog.English); en.File == nil || *en.File != wantFile {
				t.Errorf("after re-import, English file = %+v, want %+v", en.File, wantFile)
			}
		})
	}
}

func TestImportReferencesToStoredRecords(t *testing.T) {
	st := testutil.Store(t)
	first := importText(t, importer.Importer{Store: st}, jsonl(bodyCOP, bodyWG4, sessionWG4_12))
	wantNoErrors(t, first)

	tests := []struct {
		name string
		line string
		kind catalog.Kind
		id   string
		want []string // nil: accepted
		body string   // for a document: the body it must get from its stored session
	}{
		{name: "session of a stored body", kind: catalog.KindSession, id: "CTOC/COP/WG.4/13",
			line: `{"kind":"session","id":"CTOC/COP/WG.4/13","body":"CTOC/COP/WG.4","number":13,"title":{"en":"Thirteenth session"},"start":"2023-06-29","end":"2023-06-30","venue":"Vienna"}`},
		{name: "body whose parent is stored", kind: catalog.KindBody, id: "CTOC/COP/WG.7",
			line: `{"kind":"body","code":"CTOC/COP/WG.7","parent":"CTOC/COP","name":{"en":"Working Group on the Smuggling of Migrants"},"category":"working-group"}`},
		{name: "document of a stored session and agenda item", kind: catalog.KindDocument, id: "CTOC/COP/WG.4/2022/2",
			line: docWG4_2022_2, body: "CTOC/COP/WG.4"},
		{name: "agenda item the stored session does not have", kind: catalog.KindDocument, id: "CTOC/COP/WG.4/2022/3",
			line: `{"kind":"document","symbol":"CTOC/COP/WG.4/2022/3","type":"background-paper","body":"CTOC/COP/WG.4","session":"CTOC/COP/WG.4/12","agenda_items":["4"],"date":"2022-04-12","versions":[{"lang":"en","title":"Non-punishment"}]}`,
			want: []string{`line 4: agenda_items[0]: session "CTOC/COP/WG.4/12" has no agenda item "4"`}},
		{name: "session neither stored nor in the input", kind: catalog.KindDocument, id: "CTOC/COP/WG.4/2022/4",
			line: `{"kind":"document","symbol":"CTOC/COP/WG.4/2022/4","type":"report","session":"CTOC/COP/WG.4/11","date":"2022-04-12","versions":[{"lang":"en","title":"Report"}]}`,
			want: []string{`line 5: session: unknown session "CTOC/COP/WG.4/11" (not in this input nor in the catalogue)`}},
	}
	var input []string
	for _, tc := range tests {
		input = append(input, tc.line)
	}
	rep := importText(t, importer.Importer{Store: st}, jsonl(input...))
	byLine := map[int][]string{}
	for _, e := range rep.Errors {
		byLine[e.Line] = append(byLine[e.Line], e.Error())
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := byLine[i+1]; !slices.Equal(got, tc.want) {
				t.Errorf("errors = %q, want %q", got, tc.want)
			}
			if tc.want == nil {
				rec := mustGet(t, st, tc.kind, tc.id)
				if d, ok := rec.Entity.(*catalog.Document); ok && d.Body != tc.body {
					t.Errorf("body = %q, want %q from the stored session", d.Body, tc.body)
				}
			} else {
				wantNotStored(t, st, tc.kind, tc.id)
			}
		})
	}
	if rep.Stored != (store.PutResult{Created: 3}) {
		t.Errorf("Stored = %+v, want {Created:3}", rep.Stored)
	}
}
