package main_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"plenary/internal/testutil"
)

// server is a running `plenary serve` with its address and environment.
type server struct {
	base string
	env  []string
}

// startServer runs `plenary serve` on a new data directory until the test ends.
func startServer(t *testing.T, extra ...string) server {
	t.Helper()
	addr := freeAddr(t)
	env := append([]string{"PLENARY_DATA_DIR=" + t.TempDir(), "PLENARY_ADDR=" + addr}, extra...)
	cmd := exec.Command(binary, "serve")
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "TMPDIR=" + os.TempDir()}, env...)
	var log syncBuffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	})
	s := server{base: "http://" + addr, env: env}
	waitFor(t, s.base+"/readyz")
	return s
}

// call sends a request with an optional bearer token and returns the
// status and body.
func (s server) call(t *testing.T, method, path, token, contentType string, body io.Reader) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, s.base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

func (s server) json(t *testing.T, method, path, token, body string) (int, []byte) {
	t.Helper()
	return s.call(t, method, path, token, "application/json", strings.NewReader(body))
}

// upload puts a language version's file.
func (s server) upload(t *testing.T, path, token, title, name string, data []byte) (int, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("title", title)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return s.call(t, http.MethodPut, path, token, mw.FormDataContentType(), &buf)
}

// account creates a user through the command line and returns a token of theirs.
func (s server) account(t *testing.T, email, role string) string {
	t.Helper()
	if r := plenary(t, "a long passphrase for "+role+"\n", s.env, "user", "add", "--email", email, "--role", role); r.code != 0 {
		t.Fatalf("user add %s: exit %d: %s", email, r.code, r.stderr)
	}
	r := plenary(t, "", s.env, "token", "create", "--email", email, "--name", "test")
	token := strings.TrimSpace(r.stdout)
	if r.code != 0 || !strings.HasPrefix(token, "plenary_") {
		t.Fatalf("token create %s: exit %d, stdout %q, stderr %q", email, r.code, r.stdout, r.stderr)
	}
	return token
}

// hits returns the ids a search finds.
func (s server) hits(t *testing.T, query, token string) []string {
	t.Helper()
	status, body := s.call(t, http.MethodGet, "/api/v1/search?"+query, token, "", nil)
	if status != http.StatusOK {
		t.Fatalf("search %s: status %d: %s", query, status, body)
	}
	var res struct {
		Hits []struct {
			ID string `json:"id"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(body, &res); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// eventually polls check for up to 30 seconds.
func eventually(t *testing.T, what string, check func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !check() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 30 seconds", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// TestPublishingThroughTheServer drives the real server: accounts from the
// command line, the API with tokens, PDFs printed by Chromium, text
// extraction, the search index.
func TestPublishingThroughTheServer(t *testing.T) {
	s := startServer(t)
	editor := s.account(t, "editor@example.org", "editor")
	delegate := s.account(t, "delegate@example.org", "participant")

	body := `{"code":"CTOC/COP/WG.4","name":{"en":"Working Group on Trafficking in Persons"},"category":"working-group"}`
	session := `{"id":"CTOC/COP/WG.4/14","body":"CTOC/COP/WG.4","number":14,"title":{"en":"Fourteenth session"},"start":"2026-06-01","end":"2026-06-02","venue":{"city":"Vienna","country":"Austria"},"agenda":[{"item":"2","title":{"en":"Prevention"}}]}`
	t.Run("anonymous and participant writes are refused", func(t *testing.T) {
		if status, _ := s.json(t, http.MethodPost, "/api/v1/bodies", "", body); status != http.StatusUnauthorized {
			t.Errorf("anonymous POST /bodies: %d, want 401", status)
		}
		if status, _ := s.json(t, http.MethodPost, "/api/v1/bodies", delegate, body); status != http.StatusForbidden {
			t.Errorf("participant POST /bodies: %d, want 403", status)
		}
		if status, _ := s.json(t, http.MethodPost, "/api/v1/bodies", "plenary_not-a-token", body); status != http.StatusUnauthorized {
			t.Errorf("unknown token: %d, want 401", status)
		}
	})
	for path, rec := range map[string]string{"/api/v1/bodies": body} {
		if status, out := s.json(t, http.MethodPost, path, editor, rec); status != http.StatusCreated {
			t.Fatalf("POST %s: %d %s", path, status, out)
		}
	}
	if status, out := s.json(t, http.MethodPost, "/api/v1/sessions", editor, session); status != http.StatusCreated {
		t.Fatalf("POST /sessions: %d %s", status, out)
	}

	papers := []struct {
		symbol, lang, title, html, word string
	}{
		{"CTOC/COP/WG.4/2026/2", "ar", "منع الاتجار بالأشخاص",
			`<p>الاتجار بالأشخاص جريمة خطيرة تنتهك حقوق الإنسان.</p><p>تعزيز التعاون الدولي لمكافحة المهربين.</p>`, "المهربين"},
		{"CTOC/COP/WG.4/2026/3", "zh", "打击贩运人口",
			`<p>打击贩运人口问题工作组审议了各国的经验。</p><p>加强国际合作保护受害者。</p>`, "受害者"},
	}
	for _, p := range papers {
		doc := `{"symbol":"` + p.symbol + `","type":"background-paper","session":"CTOC/COP/WG.4/14","date":"2026-04-01","status":"draft","versions":[{"lang":"` + p.lang + `","title":"` + p.title + `"}]}`
		if status, out := s.json(t, http.MethodPost, "/api/v1/documents", editor, doc); status != http.StatusCreated {
			t.Fatalf("POST /documents %s: %d %s", p.symbol, status, out)
		}
		dir := "rtl"
		if p.lang == "zh" {
			dir = "ltr"
		}
		pdf := testutil.PrintPDF(t, `<!doctype html><html lang="`+p.lang+`" dir="`+dir+`"><meta charset="utf-8"><body>`+p.html+`</body></html>`)
		path := "/api/v1/documents/" + p.symbol + "/versions/" + p.lang
		if status, out := s.upload(t, path, editor, p.title, "paper.pdf", pdf); status != http.StatusOK {
			t.Fatalf("PUT %s: %d %s", path, status, out)
		}
	}

	t.Run("drafts are found by staff only", func(t *testing.T) {
		for _, p := range papers {
			q := "q=" + p.word + "&lang=" + p.lang
			eventually(t, "staff find "+p.symbol+" by its extracted text", func() bool { return contains(s.hits(t, q, editor), p.symbol) })
			if ids := s.hits(t, q, ""); contains(ids, p.symbol) {
				t.Errorf("an anonymous search found the draft %s", p.symbol)
			}
			for _, path := range []string{"/api/v1/documents/" + p.symbol, "/api/v1/documents/" + p.symbol + "/versions/" + p.lang + "/file", "/" + p.lang + "/documents/" + p.symbol} {
				if status, _ := s.call(t, http.MethodGet, path, "", "", nil); status != http.StatusNotFound {
					t.Errorf("anonymous GET %s: %d, want 404", path, status)
				}
			}
		}
	})

	t.Run("published papers are found in their language", func(t *testing.T) {
		for _, p := range papers {
			if status, out := s.call(t, http.MethodPost, "/api/v1/documents/"+p.symbol+"/publish", editor, "", nil); status != http.StatusOK {
				t.Fatalf("publish %s: %d %s", p.symbol, status, out)
			}
		}
		for _, p := range papers {
			q := "q=" + p.word + "&lang=" + p.lang
			eventually(t, "anonymous search finds "+p.symbol, func() bool { return contains(s.hits(t, q, ""), p.symbol) })
		}
	})

	t.Run("a restricted document is for participants", func(t *testing.T) {
		doc := `{"symbol":"CTOC/COP/WG.4/2026/CRP.1","type":"conference-room-paper","session":"CTOC/COP/WG.4/14","date":"2026-05-01","distribution":"restricted","status":"published","versions":[{"lang":"en","title":"Restricted note on witness protection","text":"Witness protection arrangements for victims."}]}`
		if status, out := s.json(t, http.MethodPost, "/api/v1/documents", editor, doc); status != http.StatusCreated {
			t.Fatalf("POST restricted: %d %s", status, out)
		}
		id := "CTOC/COP/WG.4/2026/CRP.1"
		eventually(t, "the participant finds it", func() bool { return contains(s.hits(t, "q=witness", delegate), id) })
		if contains(s.hits(t, "q=witness", ""), id) {
			t.Error("an anonymous search found the restricted document")
		}
		if status, _ := s.call(t, http.MethodGet, "/api/v1/documents/"+id, "", "", nil); status != http.StatusNotFound {
			t.Errorf("anonymous GET: %d, want 404", status)
		}
		if status, _ := s.call(t, http.MethodGet, "/api/v1/documents/"+id, delegate, "", nil); status != http.StatusOK {
			t.Errorf("participant GET: %d, want 200", status)
		}
	})

	t.Run("bad files are refused and change nothing", func(t *testing.T) {
		path := "/api/v1/documents/CTOC/COP/WG.4/2026/2/versions/fr"
		cases := []struct {
			name, file string
			data       []byte
			want       string
		}{
			{"HTML named .pdf", "paper.pdf", []byte("<!doctype html><html><body><script>alert(1)</script></body></html>"), "HTML"},
			{"empty", "paper.txt", nil, "empty"},
		}
		for _, c := range cases {
			status, out := s.upload(t, path, editor, "Titre", c.file, c.data)
			if status < 400 || status >= 500 || !strings.Contains(string(out), c.want) {
				t.Errorf("%s: %d %s; want a 4xx naming %q", c.name, status, out, c.want)
			}
		}
		status, out := s.call(t, http.MethodGet, "/api/v1/documents/CTOC/COP/WG.4/2026/2", editor, "", nil)
		if status != http.StatusOK || strings.Contains(string(out), `"fr"`) {
			t.Errorf("after refused uploads: %d %s; want no French version", status, out)
		}
	})
}
