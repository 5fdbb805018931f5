package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

func TestSearch(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()

	t.Run("words", func(t *testing.T) {
		got := p.get("/api/v1/search?q=procurement", http.StatusOK)
		same(t, "total", got["total"], float64(1))
		hit := got["hits"].([]any)[0].(map[string]any)
		same(t, "hit", map[string]any{
			"id": hit["id"], "symbol": hit["symbol"], "lang": hit["lang"], "type": hit["type"], "title": hit["title"],
			"date": hit["date"], "languages": hit["languages"], "url": hit["url"], "body": hit["body"], "session": hit["session"],
		}, map[string]any{
			"id": "CTOC/COP/WG.4/2022/2", "symbol": "CTOC/COP/WG.4/2022/2", "lang": "en", "type": "background-paper",
			"title": "Preventing trafficking in persons in public procurement", "date": "2022-04-12",
			"languages": []any{"ar", "en"}, "url": "/api/v1/documents/CTOC/COP/WG.4/2022/2",
			"body": "CTOC/COP/WG.4", "session": "CTOC/COP/WG.4/12",
		})
		if hit["score"].(float64) <= 0 {
			t.Errorf("score %v", hit["score"])
		}
		facets := got["facets"].(map[string]any)
		same(t, "type facet", facets["type"], []any{map[string]any{"value": "background-paper", "count": float64(1)}})
		for _, name := range []string{"body", "session", "year", "lang", "subject"} {
			if _, ok := facets[name]; !ok {
				t.Errorf("no %s facet", name)
			}
		}
		if _, ok := got["took_ms"].(float64); !ok {
			t.Errorf("took_ms: %v", got["took_ms"])
		}
	})
	t.Run("filters as parameters", func(t *testing.T) {
		got := p.get("/api/v1/search?type=background-paper&type=report&body=CTOC/COP/WG.4&year=2020..2022&lang=ar", http.StatusOK)
		same(t, "ids", ids(got["hits"], "id"), []string{"CTOC/COP/WG.4/2022/2"})
		same(t, "lang", got["hits"].([]any)[0].(map[string]any)["lang"], "ar")
		got = p.get("/api/v1/search?q=procurement&session=CTOC/COP/WG.4/12&subject=procurement", http.StatusOK)
		same(t, "total", got["total"], float64(1))
	})
	t.Run("a draft, a restricted and a withdrawn document are not found", func(t *testing.T) {
		for _, q := range []string{"CTOC/COP/WG.4/2022/3", "CTOC/COP/WG.4/2022/INF/1", "CTOC/COP/WG.4/2022/4", "participants", "draft"} {
			got := p.get("/api/v1/search?q="+url.QueryEscape(q), http.StatusOK)
			same(t, q, got["total"], float64(0))
		}
	})
	t.Run("facets can be left out", func(t *testing.T) {
		got := p.get("/api/v1/search?q=procurement&facets=false", http.StatusOK)
		same(t, "type facet", got["facets"].(map[string]any)["type"], []any{})
		same(t, "total", got["total"], float64(1))
	})
	t.Run("paging with a cursor", func(t *testing.T) {
		got := p.get("/api/v1/search?size=1", http.StatusOK)
		same(t, "total", got["total"], float64(1))
		if _, ok := got["next"]; ok {
			t.Errorf("next on the last page: %v", got["next"])
		}
	})
}

func TestSearchBadParameters(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	cases := []struct{ query, param, detail string }{
		{`q=%22forced`, "q", "q: at character 1: a quotation mark is not closed"},
		{`q=foo:bar`, "q", `q: at character 1: unknown field "foo"; the fields are symbol: body: session: type: year: subject: lang:`},
		{`lang=de`, "lang", `lang: must be one of ar zh en fr ru es pt, not "de"`},
		{`q=lang:fr&lang=es`, "lang", `lang: "es" contradicts lang:fr in the query`},
		{`type=memo`, "type", `type: "memo" is not a document type`},
		{`body=NOPE`, "body", `body: no body with code "NOPE"`},
		{`session=NOPE`, "session", `session: no session with id "NOPE"`},
		{`year=21`, "year", `year: "21" is not a year such as 2021 or a range such as 2019..2021`},
		{`xlang=maybe`, "xlang", `xlang: must be true or false, not "maybe"`},
		{`facets=some`, "facets", `facets: must be true or false, not "some"`},
		{`sort=best`, "sort", `sort: must be relevance, newest or oldest, not "best"`},
		{`size=101`, "size", `size: must be a whole number from 1 to 100, not "101"`},
		{`page=101&size=100`, "page", "page: pages reach 10000 hits deep; go further with the after= cursor that each page gives as next"},
		{`after=garbage`, "after", "after: is not one this portal gave"},
		{`after=garbage&page=2`, "after", "after: give either page or after, not both"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			target := "/api/v1/search?" + c.query
			got := p.get(target, http.StatusBadRequest)
			same(t, "problem", got, problem(http.StatusBadRequest, "Bad Request", c.detail, target, c.param))
		})
	}
}

func TestSearchWhileTheIndexIsBuilt(t *testing.T) {
	p := newPortal(t, june1)
	if err := p.follower.Sync(context.Background()); err != nil { // the catalogue, not the index
		t.Fatal(err)
	}
	rec := p.do(http.MethodGet, "/api/v1/search?q=trafficking")
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("status %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	same(t, "problem", decode(t, rec), problem(http.StatusServiceUnavailable, "Service Unavailable",
		"the search index is being built; try again in a minute", "/api/v1/search?q=trafficking"))
	p.get("/api/v1/sessions", http.StatusOK) // the rest of the portal serves
}

func decode(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("not JSON: %s", rec.Body)
	}
	return out
}
