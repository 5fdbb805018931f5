package bleveindex

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"plenary/internal/catalog"
	"plenary/internal/search"
	"plenary/internal/testutil"
)

// library is a small catalogue covering what the tests search for.
const library = `{"kind":"body","code":"CTOC/COP","category":"conference","name":{"en":"Conference of the Parties"}}
{"kind":"body","code":"CTOC/COP/WG.4","parent":"CTOC/COP","category":"working-group","name":{"en":"Working Group on Trafficking in Persons"}}
{"kind":"body","code":"CTOC/COP/WG.7","parent":"CTOC/COP","category":"working-group","name":{"en":"Working Group on the Smuggling of Migrants"}}
{"kind":"document","symbol":"CTOC/COP/WG.4/2021/2","type":"background-paper","body":"CTOC/COP/WG.4","date":"2021-07-30","subjects":["procurement","forced-labour"],"versions":[{"lang":"en","title":"Strengthening procurement processes to prevent trafficking in persons","text":"Public buyers can finance forced labour. Victims of trafficking are exploited in supply chains."},{"lang":"fr","title":"Renforcer les marchés publics pour prévenir la traite des personnes","text":"Les travailleurs exploités dans les chaînes d’approvisionnement. L’identification des victimes."},{"lang":"ar","title":"تعزيز عمليات الشراء لمنع الاتجار بالأشخاص","text":"وللضحايا حقوق. ويتعرض العمال للاستغلال في سلاسل الإمداد."},{"lang":"es","title":"Fortalecer la contratación pública para prevenir la trata de personas","text":"Las personas traficadas y las políticas migratorias."}]}
{"kind":"document","symbol":"CTOC/COP/WG.4/2021/3","type":"background-paper","body":"CTOC/COP/WG.4","date":"2021-08-02","versions":[{"lang":"en","title":"Misuse of technology in trafficking in persons","text":"Traffickers use the Internet to recruit victims. Forced labour online."},{"lang":"ru","title":"Неправомерное использование технологий","text":"Торговцы людьми используют интернет. Её жертвы."},{"lang":"zh","title":"滥用技术贩运人口","text":"人贩子利用互联网招募被害人。"}]}
{"kind":"document","symbol":"CTOC/COP/WG.4/2021/4","type":"report","body":"CTOC/COP/WG.4","date":"2021-11-10","versions":[{"lang":"en","title":"Report on the meeting of the Working Group","text":"The Working Group discussed labour exploitation and the identification of victims."}]}
{"kind":"document","symbol":"CTOC/COP/WG.7/2021/2","type":"background-paper","body":"CTOC/COP/WG.7","date":"2021-06-01","versions":[{"lang":"en","title":"Aggravated smuggling of migrants","text":"Smuggled migrants face violence. La migración irregular. <script>alert(1)</script>"},{"lang":"es","title":"Tráfico ilícito de migrantes agravado","text":"La migración y el tráfico ilícito de migrantes."}]}
{"kind":"document","symbol":"CTOC/COP/WG.7/2019/2","type":"report","body":"CTOC/COP/WG.7","date":"2019-09-12","versions":[{"lang":"en","title":"Report on smuggling of migrants by sea","text":"Smuggling of migrants by sea and forced labour."}]}
{"kind":"document","symbol":"CTOC/COP/WG.4/2021/CRP.1","type":"conference-room-paper","body":"CTOC/COP/WG.4","date":"2021-10-01","status":"draft","versions":[{"lang":"en","title":"Secret draft on forced labour","text":"Unpublished forced labour findings."}]}
{"kind":"document","symbol":"CTOC/COP/WG.4/2021/INF/1","type":"information-note","body":"CTOC/COP/WG.4","date":"2021-10-02","distribution":"restricted","versions":[{"lang":"en","title":"List of participants on forced labour","text":"Restricted forced labour list."}]}
{"kind":"document","symbol":"CTOC/COP/WG.4/2021/INF/2","type":"information-note","body":"CTOC/COP/WG.4","date":"2021-10-03","status":"withdrawn","versions":[{"lang":"en","title":"Withdrawn note on forced labour","text":"Withdrawn forced labour note."}]}
`

func newLibrary(t testing.TB) *fixture {
	t.Helper()
	f := newFixture(t)
	f.importLines(t, library)
	return f
}

func TestSearchWordsPhrasesAndOperators(t *testing.T) {
	f := newLibrary(t)
	cases := []struct {
		name, q string
		req     search.Request
		want    []string // in this order when ordered, else as a set
		ordered bool
	}{
		{"all words must match", "forced labour victims", search.Request{}, []string{"CTOC/COP/WG.4/2021/2", "CTOC/COP/WG.4/2021/3"}, false},
		{"a phrase keeps word order", `"labour exploitation"`, search.Request{}, []string{"CTOC/COP/WG.4/2021/4"}, true},
		{"a phrase with a stop word", `"trafficking in persons"`, search.Request{Lang: catalog.English}, []string{"CTOC/COP/WG.4/2021/2", "CTOC/COP/WG.4/2021/3"}, false},
		{"a phrase is not its words apart", `"persons in trafficking"`, search.Request{}, []string{}, true},
		{"filters and an excluded word", "type:background-paper -internet", search.Request{}, []string{"CTOC/COP/WG.4/2021/2", "CTOC/COP/WG.7/2021/2"}, false},
		{"an excluded word", "forced labour -sea", search.Request{}, []string{"CTOC/COP/WG.4/2021/2", "CTOC/COP/WG.4/2021/3"}, false},
		{"OR", "sea OR internet", search.Request{}, []string{"CTOC/COP/WG.4/2021/3", "CTOC/COP/WG.7/2019/2"}, false},
		{"a field filter", "forced labour type:report", search.Request{}, []string{"CTOC/COP/WG.7/2019/2"}, true},
		{"a year range", "smuggling year:2019..2020", search.Request{}, []string{"CTOC/COP/WG.7/2019/2"}, true},
		{"body filter", "migrants body:CTOC/COP/WG.7", search.Request{}, []string{"CTOC/COP/WG.7/2021/2", "CTOC/COP/WG.7/2019/2"}, false},
		{"subject filter", "subject:procurement", search.Request{}, []string{"CTOC/COP/WG.4/2021/2"}, true},
		{"a symbol alone comes first", "ctoc/cop/wg.4/2021/3", search.Request{}, []string{"CTOC/COP/WG.4/2021/3"}, true},
		{"a symbol prefix finds its documents, newest first", "symbol:CTOC/COP/WG.4/2021", search.Request{},
			[]string{"CTOC/COP/WG.4/2021/4", "CTOC/COP/WG.4/2021/3", "CTOC/COP/WG.4/2021/2"}, true},
		{"an empty query lists by date", "", search.Request{Size: 2}, []string{"CTOC/COP/WG.4/2021/4", "CTOC/COP/WG.4/2021/3"}, true},
		{"oldest first", "", search.Request{Size: 1, Sort: search.Oldest}, []string{"CTOC/COP/WG.7/2019/2"}, true},
		{"French participle finds the noun", "exploités identifiées", search.Request{Lang: catalog.French}, []string{"CTOC/COP/WG.4/2021/2"}, true},
		{"French noun finds the participle", "exploitation", search.Request{Lang: catalog.French}, []string{"CTOC/COP/WG.4/2021/2"}, true},
		{"Spanish derived forms", "migratoria traficadas", search.Request{Lang: catalog.Spanish}, []string{"CTOC/COP/WG.4/2021/2", "CTOC/COP/WG.7/2021/2"}, false},
		{"Spanish noun finds the participle", "tráfico ilícito", search.Request{Lang: catalog.Spanish}, []string{"CTOC/COP/WG.7/2021/2"}, true},
		{"Spanish without accents", "migracion", search.Request{Lang: catalog.Spanish}, []string{"CTOC/COP/WG.4/2021/2", "CTOC/COP/WG.7/2021/2"}, false},
		{"Russian ё and е", "ее жертва", search.Request{}, []string{"CTOC/COP/WG.4/2021/3"}, true},
		{"Arabic article and attached prepositions", "الضحايا والاستغلال", search.Request{}, []string{"CTOC/COP/WG.4/2021/2"}, true},
		{"Chinese one character", "网", search.Request{}, []string{"CTOC/COP/WG.4/2021/3"}, true},
		{"Chinese several characters", "互联网", search.Request{}, []string{"CTOC/COP/WG.4/2021/3"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ids(f.search(t, c.q, c.req))
			want := c.want
			if !c.ordered {
				got, want = sorted(got), sorted(want)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%q: got %v, want %v", c.q, got, want)
			}
		})
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestSearchAudience shows that drafts, restricted and withdrawn documents
// are never found anonymously: not as hits, not in facet counts, not by
// symbol; participants find restricted ones, staff everything.
func TestSearchAudience(t *testing.T) {
	f := newLibrary(t)
	hidden := []string{"CTOC/COP/WG.4/2021/CRP.1", "CTOC/COP/WG.4/2021/INF/1", "CTOC/COP/WG.4/2021/INF/2"}
	for _, q := range []string{"forced labour", "", "symbol:CTOC/COP/WG.4/2021", "CTOC/COP/WG.4/2021/INF/1", "type:information-note", "secret OR restricted OR withdrawn"} {
		res := f.search(t, q, search.Request{Size: 100, Facets: true})
		for _, id := range ids(res) {
			if slices.Contains(hidden, id) {
				t.Errorf("%q: %s found by an anonymous visitor", q, id)
			}
		}
		for _, fv := range res.Facets.Type {
			if fv.Value == "information-note" || fv.Value == "conference-room-paper" {
				t.Errorf("%q: facet counts %s (%d)", q, fv.Value, fv.Count)
			}
		}
		if uint64(len(res.Hits)) != res.Total {
			t.Errorf("%q: total %d, hits %d", q, res.Total, len(res.Hits))
		}
	}
	got := ids(f.search(t, "type:information-note", search.Request{Audience: catalog.Participant}))
	if !reflect.DeepEqual(got, []string{"CTOC/COP/WG.4/2021/INF/1"}) {
		t.Errorf("participant: got %v", got)
	}
	got = sorted(ids(f.search(t, "list OR secret OR withdrawn", search.Request{Audience: catalog.Staff})))
	if !reflect.DeepEqual(got, sorted(hidden)) {
		t.Errorf("staff: got %v", got)
	}
}

func TestSearchHits(t *testing.T) {
	f := newLibrary(t)

	t.Run("one hit per document, in its best-matching language", func(t *testing.T) {
		res := f.search(t, "traite personnes", search.Request{})
		if len(res.Hits) != 1 {
			t.Fatalf("hits: %v", ids(res))
		}
		h := res.Hits[0]
		if h.Lang != catalog.French || !strings.HasPrefix(h.Title, "Renforcer") {
			t.Errorf("lang %s, title %q", h.Lang, h.Title)
		}
		want := []catalog.Lang{catalog.Arabic, catalog.English, catalog.French, catalog.Spanish}
		if !reflect.DeepEqual(h.Languages, want) {
			t.Errorf("languages %v, want %v", h.Languages, want)
		}
		if !strings.Contains(h.Snippet, "<mark>") && !strings.Contains(h.Title, "traite") {
			t.Errorf("snippet %q has no match", h.Snippet)
		}
	})
	t.Run("the reader's language when it matches too", func(t *testing.T) {
		res := f.search(t, "CTOC/COP/WG.4/2021/2", search.Request{Prefer: catalog.Spanish})
		if res.Hits[0].Lang != catalog.Spanish {
			t.Errorf("lang %s", res.Hits[0].Lang)
		}
	})
	t.Run("with lang, hits are versions in that language", func(t *testing.T) {
		res := f.search(t, "forced labour", search.Request{Lang: catalog.English})
		for _, h := range res.Hits {
			if h.Lang != catalog.English {
				t.Errorf("%s in %s", h.ID, h.Lang)
			}
		}
		res = f.search(t, "", search.Request{Lang: catalog.Russian})
		if got := ids(res); !reflect.DeepEqual(got, []string{"CTOC/COP/WG.4/2021/3"}) {
			t.Errorf("russian versions: %v", got)
		}
	})
	t.Run("snippets are escaped HTML with the matches marked", func(t *testing.T) {
		res := f.search(t, "alert violence", search.Request{})
		if len(res.Hits) != 1 {
			t.Fatalf("hits %v", ids(res))
		}
		s := res.Hits[0].Snippet
		if strings.Contains(s, "<script>") || !strings.Contains(s, "&lt;script&gt;") || !strings.Contains(s, "<mark>violence</mark>") {
			t.Errorf("snippet %q", s)
		}
	})
	t.Run("facets count documents", func(t *testing.T) {
		if res := f.search(t, "", search.Request{}); len(res.Facets.Type) != 0 {
			t.Errorf("facets not asked for: %v", res.Facets)
		}
		res := f.search(t, "", search.Request{Facets: true})
		want := []search.FacetValue{{Value: "background-paper", Count: 3}, {Value: "report", Count: 2}}
		if !reflect.DeepEqual(res.Facets.Type, want) {
			t.Errorf("type facet %v, want %v", res.Facets.Type, want)
		}
		if !slices.Contains(res.Facets.Year, search.FacetValue{Value: "2021", Count: 4}) {
			t.Errorf("year facet %v", res.Facets.Year)
		}
		if !slices.Contains(res.Facets.Lang, search.FacetValue{Value: "en", Count: 5}) {
			t.Errorf("lang facet %v", res.Facets.Lang)
		}
	})
	t.Run("most words, when no document has them all", func(t *testing.T) {
		res := f.search(t, "smuggled migrants unicorns", search.Request{})
		if !res.Relaxed || len(res.Hits) == 0 || res.Hits[0].ID != "CTOC/COP/WG.7/2021/2" {
			t.Errorf("relaxed %v, hits %v", res.Relaxed, ids(res))
		}
	})
	t.Run("cross-language search", func(t *testing.T) {
		plain := ids(f.search(t, "trata de personas", search.Request{}))
		cross := ids(f.search(t, "trata de personas", search.Request{CrossLanguage: true}))
		if slices.Contains(plain, "CTOC/COP/WG.4/2021/3") {
			t.Errorf("without xlang, Spanish words found an English and Chinese document: %v", plain)
		}
		if !slices.Contains(cross, "CTOC/COP/WG.4/2021/3") || !slices.Contains(cross, "CTOC/COP/WG.4/2021/2") {
			t.Errorf("with xlang: %v", cross)
		}
		english := ids(f.search(t, "trata de personas", search.Request{CrossLanguage: true, Lang: catalog.English}))
		if !reflect.DeepEqual(sorted(english), []string{"CTOC/COP/WG.4/2021/2", "CTOC/COP/WG.4/2021/3"}) {
			t.Errorf("with xlang, in English: %v", english)
		}
	})
}

func TestSearchPaging(t *testing.T) {
	f := newLibrary(t)
	all := ids(f.search(t, "", search.Request{Size: 100}))
	if len(all) != 5 {
		t.Fatalf("all: %v", all)
	}
	var paged []string
	res := f.search(t, "", search.Request{Size: 2})
	for {
		paged = append(paged, ids(res)...)
		if res.Next == "" {
			break
		}
		res = f.search(t, "", search.Request{Size: 2, After: res.Next})
	}
	if !reflect.DeepEqual(paged, all) {
		t.Errorf("through cursors %v, want %v", paged, all)
	}
	if got := ids(f.search(t, "", search.Request{Size: 2, Page: 2})); !reflect.DeepEqual(got, all[2:4]) {
		t.Errorf("page 2: %v, want %v", got, all[2:4])
	}
	rel := f.search(t, "migrants", search.Request{Size: 1})
	next := f.search(t, "migrants", search.Request{Size: 1, After: rel.Next})
	if len(next.Hits) != 1 || next.Hits[0].ID == rel.Hits[0].ID {
		t.Errorf("relevance cursor: %v then %v", ids(rel), ids(next))
	}

	q, _ := search.Parse("")
	for _, bad := range []string{"nonsense", rel.Next} { // garbage; a cursor of another sort
		_, err := f.index.Search(context.Background(), search.Request{Query: q, After: bad})
		var ce *search.CursorError
		if !errors.As(err, &ce) {
			t.Errorf("after=%q: %v", bad, err)
		}
	}
}

// TestIndexFollowsTheFeed shows a write searchable after one sync, a
// withdrawal leaving search, and the position kept with the index across
// a restart.
func TestIndexFollowsTheFeed(t *testing.T) {
	f := newLibrary(t)
	ctx := context.Background()
	d := testutil.DocumentWG4_2022_2()
	d.Versions[1].Text = "A paper about zebras."
	if _, err := f.store.Put(ctx, d); err != nil {
		t.Fatal(err)
	}
	f.sync(t)
	if got := ids(f.search(t, "zebras", search.Request{})); !reflect.DeepEqual(got, []string{d.ID}) {
		t.Fatalf("after a put: %v", got)
	}
	d.Status = catalog.Withdrawn
	if _, err := f.store.Put(ctx, d); err != nil {
		t.Fatal(err)
	}
	f.sync(t)
	if got := ids(f.search(t, "zebras", search.Request{})); len(got) != 0 {
		t.Fatalf("after withdrawal: %v", got)
	}
	pos := f.index.Position()
	if pos.Next == 0 {
		t.Fatal("no position")
	}
	f.index.Close()

	again, err := Open(Options{Dir: f.dir, Logger: testutil.Quiet()})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.Position() != pos || !again.Ready() {
		t.Errorf("reopened at %v (ready %v), want %v", again.Position(), again.Ready(), pos)
	}
	n, _ := again.DocCount()
	if n != 9 {
		t.Errorf("reopened with %d documents, want 9", n)
	}
}

// FuzzSearch runs any query that parses against the index: it must answer
// without error, whatever the words, phrases and filters.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{
		`"the of"`, `"a the b"`, `-`, `- -x`, `"l’" d'`, `人 "人" -人`, `و ب ل`, `ё`, `OR`, `a OR b OR -c`,
		`year:2019..2021 -"forced labour"`, `symbol:/`, `symbol:CTOC//COP`, `"  "`, `type:report OR smuggling`,
		`\x00`, `ــــ`, `贩运人口贩运人口贩运人口`, `"trafficking in"`, `lang:zh 网`, `*?~^`,
	} {
		f.Add(q)
	}
	fx := newLibrary(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := search.Parse(s)
		if err != nil {
			return
		}
		for _, req := range []search.Request{{Query: q}, {Query: q, Lang: catalog.Arabic, Facets: true}, {Query: q, CrossLanguage: true}} {
			if _, err := fx.index.Search(context.Background(), req); err != nil {
				t.Errorf("%q: %v", s, err)
			}
		}
	})
}
