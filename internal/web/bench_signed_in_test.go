package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"plenary/internal/auth"
)

// BenchmarkSignedIn measures what accounts cost a request, on the demo
// content: the document page and the API's document for an editor signed
// in with a session cookie, and the API's document with an API token, each
// next to the same requests made anonymously in the same run; and a
// sign-in through the form (an argon2id check and a new session).
//
//	go test -run '^$' -bench '^BenchmarkSignedIn$' -benchtime 1x ./internal/web/
func BenchmarkSignedIn(b *testing.B) {
	p := newDemoPortal(b, may2022)
	svc := withAccounts(b, p, "", auth.Options{})
	res, body := p.post("/en/login", url.Values{"email": {editorEmail}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		b.Fatalf("sign in: %d\n%.600s", res.StatusCode, body)
	}
	var cookie string
	for _, c := range res.Cookies() {
		if c.Name == "plenary_session" {
			cookie = c.Name + "=" + c.Value
		}
	}
	token, _, err := svc.CreateToken(context.Background(), editorEmail, "bench")
	if err != nil {
		b.Fatal(err)
	}
	with := func(name, value string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Header.Set(name, value)
			p.handler.ServeHTTP(w, r)
		})
	}
	docs := []string{"CTOC/COP/WG.4/2021/4", "CTOC/COP/WG.7/2021/1", "E/CN.15/2021/L.3", "CTOC/COP/2022/1", "A/RES/76/7"}
	pages := make([]string, len(docs))
	apis := make([]string, len(docs))
	for i, d := range docs {
		pages[i], apis[i] = "/en/documents/"+d, "/api/v1/documents/"+d
	}
	b.Run("document", func(b *testing.B) { benchRequests(b, p.handler, pages, benchPageRequests) })
	b.Run("document-cookie", func(b *testing.B) { benchRequests(b, with("Cookie", cookie), pages, benchPageRequests) })
	b.Run("document-api", func(b *testing.B) { benchRequests(b, p.handler, apis, benchPageRequests) })
	b.Run("document-api-token", func(b *testing.B) { benchRequests(b, with("Authorization", "Bearer "+token), apis, benchPageRequests) })
	b.Run("sign-in", func(b *testing.B) {
		const n = 40
		lat := make([]time.Duration, 0, b.N*n)
		for range b.N {
			for range n {
				start := time.Now()
				res, _ := p.post("/en/login", url.Values{"email": {editorEmail}, "password": {testPassword}})
				lat = append(lat, time.Since(start))
				if res.StatusCode != http.StatusSeeOther {
					b.Fatalf("sign in: %d", res.StatusCode)
				}
			}
		}
		slices.Sort(lat)
		pct := func(q int) float64 { return lat[(len(lat)*q+99)/100-1].Seconds() * 1000 }
		b.ReportMetric(pct(50), "p50-ms")
		b.ReportMetric(pct(99), "p99-ms")
	})
}
