package web_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"plenary/internal/auth"
	"plenary/internal/catalog"
	"plenary/internal/publish"
	"plenary/internal/store"
	"plenary/internal/testutil"
	"plenary/internal/web"
)

// The accounts the tests sign in with, one per role.
const (
	editorEmail      = "editor@example.org"
	adminEmail       = "admin@example.org"
	participantEmail = "delegate@example.org"
	testPassword     = "Vienna plenary 4 delegates!"
)

// withAccounts gives the portal accounts, the audit log and the
// publishing service, all on its embedded database, with one user of each
// role, and rebuilds its handler. base is the public address ("" for the
// request's host).
func withAccounts(t testing.TB, p *portal, base string, opts auth.Options) *auth.Service {
	t.Helper()
	opts.Audit = p.st
	a := auth.New(p.st, opts)
	ctx := context.Background()
	for email, role := range map[string]auth.Role{editorEmail: auth.Editor, adminEmail: auth.Admin, participantEmail: auth.Participant} {
		if _, err := a.AddUser(ctx, email, role, testPassword); err != nil {
			t.Fatalf("add %s: %v", email, err)
		}
	}
	p.deps.Auth = a
	p.deps.Audit = p.st
	p.deps.Publish = publish.New(publish.Deps{Store: p.st, Blobs: p.blobs, Model: p.deps.Model, Audit: p.st, Now: p.deps.Now, Logger: testutil.Quiet()})
	p.deps.BaseURL = base
	h, err := web.New(p.deps)
	if err != nil {
		t.Fatal(err)
	}
	p.handler = h
	return a
}

// do sends a request with optional header pairs and returns the answer
// with its body read.
func (p *portal) do(method, target string, body io.Reader, header ...string) (*http.Response, string) {
	p.t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	p.handler.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// post sends a form, as a browser on the portal's own pages does.
func (p *portal) post(target string, form url.Values, header ...string) (*http.Response, string) {
	p.t.Helper()
	header = append([]string{"Content-Type", "application/x-www-form-urlencoded"}, header...)
	return p.do(http.MethodPost, target, strings.NewReader(form.Encode()), header...)
}

// signIn signs in through the form and returns the session cookie, as a
// Cookie header value.
func (p *portal) signIn(t *testing.T, email string) string {
	t.Helper()
	res, body := p.post("/en/login", url.Values{"email": {email}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d\n%.600s", email, res.StatusCode, body)
	}
	return sessionCookie(t, res)
}

// sessionCookie returns the session cookie a response sets, as name=value.
func sessionCookie(t *testing.T, res *http.Response) string {
	t.Helper()
	for _, c := range res.Cookies() {
		if c.Name == "plenary_session" {
			return c.Name + "=" + c.Value
		}
	}
	t.Fatalf("no session cookie in %v", res.Header["Set-Cookie"])
	return ""
}

func setCookieHeader(res *http.Response) string {
	for _, h := range res.Header["Set-Cookie"] {
		if strings.HasPrefix(h, "plenary_session=") {
			return h
		}
	}
	return ""
}

func TestSignInAndOut(t *testing.T) {
	p := newDemoPortal(t, may2022)
	withAccounts(t, p, "", auth.Options{})

	t.Run("the header offers to sign in", func(t *testing.T) {
		body := p.page("/en/meetings", http.StatusOK)
		if !strings.Contains(body, `href="/en/login?next=%2Fen%2Fmeetings"`) {
			t.Error("no Sign in link that comes back to the page")
		}
	})

	t.Run("a wrong password does not say which field is wrong", func(t *testing.T) {
		for _, c := range []struct{ email, password string }{
			{editorEmail, "wrong password, long enough"},
			{"nobody@example.org", testPassword},
		} {
			res, body := p.post("/fr/login", url.Values{"email": {c.email}, "password": {c.password}})
			if res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("%s: %d, want 401", c.email, res.StatusCode)
			}
			if !strings.Contains(body, "L’adresse électronique, le mot de passe ou le code est incorrect.") {
				t.Errorf("%s: no message in French", c.email)
			}
			if setCookieHeader(res) != "" {
				t.Errorf("%s: a failed sign-in sets a session cookie", c.email)
			}
		}
	})

	t.Run("success sets a strict cookie and goes on to next", func(t *testing.T) {
		res, _ := p.post("/en/login", url.Values{"email": {editorEmail}, "password": {testPassword}, "next": {"/en/meetings?when=past"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/en/meetings?when=past" {
			t.Fatalf("→ %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		sc := setCookieHeader(res)
		for _, want := range []string{"Path=/", "HttpOnly", "SameSite=Lax"} {
			if !strings.Contains(sc, want) {
				t.Errorf("Set-Cookie %q lacks %s", sc, want)
			}
		}
		if strings.Contains(sc, "Secure") {
			t.Errorf("Set-Cookie %q is Secure on an http portal", sc)
		}
		for _, next := range []string{"//evil.example/", "https://evil.example/", "/fr/meetings", `/\evil.example`} {
			res, _ := p.post("/en/login", url.Values{"email": {editorEmail}, "password": {testPassword}, "next": {next}})
			if loc := res.Header.Get("Location"); loc != "/en/edit/" {
				t.Errorf("next=%q sends to %q, want the dashboard", next, loc)
			}
		}
	})

	t.Run("signed-in pages are private and show who is signed in", func(t *testing.T) {
		cookie := p.signIn(t, editorEmail)
		res, body := p.get("/en/meetings", "Cookie", cookie)
		if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("Cache-Control %q, want private, no-store", cc)
		}
		vary := strings.Join(res.Header.Values("Vary"), ", ")
		for _, want := range []string{"Cookie", "Authorization", "Accept-Language"} {
			if !strings.Contains(vary, want) {
				t.Errorf("Vary %q lacks %s", vary, want)
			}
		}
		// A file download too: a shared cache must not keep what a
		// signed-in user was given.
		if res, _ := p.get("/api/v1/documents/CTOC/COP/WG.4/2021/2/versions/en/file", "Cookie", cookie); res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("file for a signed-in user: %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
		}
		if res, _ := p.get("/en/meetings"); !strings.Contains(strings.Join(res.Header.Values("Vary"), ", "), "Authorization") {
			t.Errorf("anonymous page: Vary %q lacks Authorization", res.Header.Values("Vary"))
		}
		for _, want := range []string{editorEmail, "(editor)", `action="/en/logout"`, `href="/en/edit/"`, "Sign out"} {
			if !strings.Contains(body, want) {
				t.Errorf("header lacks %s", want)
			}
		}
		if res, _ := p.get("/en/meetings"); strings.Contains(res.Header.Get("Cache-Control"), "private") {
			t.Error("an anonymous page is private")
		}
	})

	t.Run("signing in again replaces the session", func(t *testing.T) {
		old := p.signIn(t, editorEmail)
		res, _ := p.post("/en/login", url.Values{"email": {editorEmail}, "password": {testPassword}}, "Cookie", old)
		fresh := sessionCookie(t, res)
		if fresh == old {
			t.Fatal("the session token did not change")
		}
		if res, _ := p.get("/en/edit/", "Cookie", old); res.StatusCode != http.StatusSeeOther {
			t.Errorf("the old session still opens the dashboard: %d", res.StatusCode)
		}
		if res, _ := p.get("/en/edit/", "Cookie", fresh); res.StatusCode != http.StatusOK {
			t.Errorf("the new session does not open the dashboard: %d", res.StatusCode)
		}
	})

	t.Run("signing out ends the session on the server", func(t *testing.T) {
		cookie := p.signIn(t, editorEmail)
		res, _ := p.post("/en/logout", nil, "Cookie", cookie)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/en/" {
			t.Fatalf("logout → %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		if sc := setCookieHeader(res); !strings.Contains(sc, "Max-Age=0") {
			t.Errorf("the cookie is not cleared: %q", sc)
		}
		res, _ = p.get("/en/edit/", "Cookie", cookie)
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("the old cookie still works after logout: %d", res.StatusCode)
		}
	})
}

func TestSecureCookieUnderHTTPS(t *testing.T) {
	p := newDemoPortal(t, may2022)
	withAccounts(t, p, "https://portal.example", auth.Options{})
	res, _ := p.post("/en/login", url.Values{"email": {editorEmail}, "password": {testPassword}}, "Origin", "https://portal.example")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", res.StatusCode)
	}
	if sc := setCookieHeader(res); !strings.Contains(sc, "Secure") || !strings.Contains(sc, "HttpOnly") {
		t.Errorf("Set-Cookie %q is not Secure and HttpOnly under https", sc)
	}
}

func TestSignInIsThrottled(t *testing.T) {
	p := newDemoPortal(t, may2022)
	withAccounts(t, p, "", auth.Options{MaxFailures: 3, Window: 15 * time.Minute})
	for range 3 {
		p.post("/en/login", url.Values{"email": {editorEmail}, "password": {"not the password at all"}})
	}
	res, body := p.post("/en/login", url.Values{"email": {editorEmail}, "password": {testPassword}})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("after 3 failures: %d, want 429", res.StatusCode)
	}
	if !strings.Contains(body, "Too many failed attempts. Try again in 15 minutes.") {
		t.Errorf("no throttling message with the minutes to wait:\n%s", between(t, body, "<main", "</main>"))
	}
	_, body = p.post("/ru/login", url.Values{"email": {editorEmail}, "password": {testPassword}})
	if !strings.Contains(body, "Повторите через 15 минут.") {
		t.Error("the Russian message does not use the plural form for 15")
	}
}

func TestCrossSiteWritesAreRefused(t *testing.T) {
	p := newDemoPortal(t, may2022)
	withAccounts(t, p, "", auth.Options{})
	cookie := p.signIn(t, editorEmail)
	form := url.Values{"code": {"CSRF/TEST"}, "name.en": {"Forged body"}, "category": {"event"}}
	for _, c := range []struct {
		name   string
		header []string
	}{
		{"Sec-Fetch-Site", []string{"Sec-Fetch-Site", "cross-site"}},
		{"Origin", []string{"Origin", "https://evil.example"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, body := p.post("/en/edit/bodies/new", form, append([]string{"Cookie", cookie}, c.header...)...)
			if res.StatusCode != http.StatusForbidden {
				t.Fatalf("%d, want 403", res.StatusCode)
			}
			if !strings.Contains(body, "This request came from another site and was refused.") {
				t.Error("no clear message")
			}
			if _, err := p.st.Get(context.Background(), catalog.KindBody, "CSRF/TEST"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("the body was stored: %v", err)
			}
		})
	}
	if res, _ := p.post("/en/login", url.Values{"email": {editorEmail}, "password": {testPassword}}, "Sec-Fetch-Site", "cross-site"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site sign-in: %d, want 403", res.StatusCode)
	}
	// The same form from the portal's own page goes through.
	res, body := p.post("/en/edit/bodies/new", form, "Cookie", cookie, "Sec-Fetch-Site", "same-origin")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a same-origin post: %d\n%.800s", res.StatusCode, body)
	}
}

func TestEditorPagesNeedTheRightRole(t *testing.T) {
	p := newDemoPortal(t, may2022)
	withAccounts(t, p, "", auth.Options{})
	res, _ := p.get("/en/edit/")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/en/login?next=%2Fen%2Fedit%2F" {
		t.Errorf("anonymous dashboard → %d %q, want 303 to sign in", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := p.post("/en/edit/bodies/new", url.Values{"code": {"X"}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous post: %d, want 401", res.StatusCode)
	}
	if res, _ := p.get("/api/v1/bodies", "Authorization", "Bearer not-a-token"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a bad API token: %d, want 401", res.StatusCode)
	}
	participant := p.signIn(t, participantEmail)
	editor := p.signIn(t, editorEmail)
	admin := p.signIn(t, adminEmail)
	for _, c := range []struct {
		path, cookie string
		status       int
	}{
		{"/en/edit/", participant, http.StatusForbidden},
		{"/en/edit/documents/new", participant, http.StatusForbidden},
		{"/en/edit/", editor, http.StatusOK},
		{"/en/admin/users", editor, http.StatusForbidden},
		{"/en/admin/audit", editor, http.StatusForbidden},
		{"/en/admin/users", admin, http.StatusOK},
		{"/en/admin/audit", admin, http.StatusOK},
	} {
		body := p.page(c.path, c.status, "Cookie", c.cookie)
		if c.status == http.StatusForbidden && !strings.Contains(body, "Your account may not do this.") {
			t.Errorf("%s: the 403 page does not say why", c.path)
		}
	}
	res, body := p.post("/en/admin/users", url.Values{"email": {"new@example.org"}, "role": {"admin"}, "password": {testPassword}}, "Cookie", editor)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("an editor adds an administrator: %d\n%.400s", res.StatusCode, body)
	}
}

func TestEditorCreatesASessionAndADocument(t *testing.T) {
	p := newDemoPortal(t, may2022)
	withAccounts(t, p, "", auth.Options{})
	cookie := p.signIn(t, editorEmail)
	ctx := context.Background()

	res, body := p.post("/en/edit/sessions/new", url.Values{
		"id": {"CTOC/COP/WG.4/13"}, "body": {"CTOC/COP/WG.4"}, "number": {"13"},
		"title.en": {"Thirteenth meeting"}, "title.fr": {"Treizième réunion"},
		"start": {"2023-06-12"}, "end": {"2023-06-14"}, "venue.mode": {"in-person"}, "venue.city": {"Vienna"},
		"agenda_rows": {"3"}, "agenda[0].item": {"1"}, "agenda[0].title.en": {"Opening"}, "agenda[2].item": {"2"}, "agenda[2].title.en": {"Adoption of the agenda"},
	}, "Cookie", cookie)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new session: %d\n%.1500s", res.StatusCode, between(t, body, "<main", "</main>"))
	}
	rec, err := p.st.Get(ctx, catalog.KindSession, "CTOC/COP/WG.4/13")
	if err != nil {
		t.Fatal(err)
	}
	if s := rec.Entity.(*catalog.Session); len(s.Agenda) != 2 || s.Agenda[1].Title["en"] != "Adoption of the agenda" {
		t.Errorf("agenda %+v", s.Agenda)
	}

	res, body = p.post("/en/edit/documents/new", url.Values{
		"symbol": {"CTOC/COP/WG.4/2023/1"}, "type": {"agenda"}, "body": {"CTOC/COP/WG.4"}, "session": {"CTOC/COP/WG.4/13"},
		"agenda_items": {"1, 2"}, "date": {"2023-03-01"}, "distribution": {"general"}, "subjects": {"Trafficking in persons"},
		"relation_rows": {"2"}, "versions[0].lang": {"en"}, "versions[0].title": {"Provisional agenda"},
	}, "Cookie", cookie)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/en/edit/documents/CTOC/COP/WG.4/2023/1?saved=1" {
		t.Fatalf("new document: %d %q\n%.1500s", res.StatusCode, res.Header.Get("Location"), between(t, body, "<main", "</main>"))
	}

	// A French version with a text file, through the multipart form.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("title", "Ordre du jour provisoire")
	fw, _ := mw.CreateFormFile("file", "agenda-fr.txt")
	fw.Write([]byte("Ordre du jour provisoire\n\n1. Ouverture de la réunion.\n"))
	mw.Close()
	res, body = p.do(http.MethodPost, "/en/edit/documents/CTOC/COP/WG.4/2023/1/versions/fr", &buf, "Content-Type", mw.FormDataContentType(), "Cookie", cookie)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%.1500s", res.StatusCode, between(t, body, "<main", "</main>"))
	}
	rec, err = p.st.Get(ctx, catalog.KindDocument, "CTOC/COP/WG.4/2023/1")
	if err != nil {
		t.Fatal(err)
	}
	doc := rec.Entity.(*catalog.Document)
	if doc.Status != catalog.Draft {
		t.Errorf("a new document is %s, want a draft", doc.Status)
	}
	fr, ok := doc.Version("fr")
	if !ok || fr.File == nil || fr.Title != "Ordre du jour provisoire" {
		t.Fatalf("French version %+v", fr)
	}

	p.sync()
	t.Run("the edit page lists the languages", func(t *testing.T) {
		body := p.page("/en/edit/documents/CTOC/COP/WG.4/2023/1?saved=1", http.StatusOK, "Cookie", cookie)
		versions := between(t, body, `id="h-versions-edit"`, "</table>")
		if !strings.Contains(versions, "Ordre du jour provisoire") || strings.Count(versions, "Missing") != 5 {
			t.Errorf("versions table: want fr present and 5 missing\n%s", versions)
		}
		if !strings.Contains(body, "Saved.") {
			t.Error("no Saved notice")
		}
	})
	t.Run("the parity grid shows the missing languages", func(t *testing.T) {
		body := p.page("/en/edit/sessions/CTOC/COP/WG.4/13/languages", http.StatusOK, "Cookie", cookie)
		foot := between(t, body, "<tfoot>", "</tfoot>")
		// Arabic, Chinese missing; English, French present; Russian, Spanish, Portuguese missing.
		if want := "<td>1</td><td>1</td><td>0</td><td>0</td><td>1</td><td>1</td><td>1</td>"; !strings.Contains(foot, want) {
			t.Errorf("missing counts: want %s in\n%s", want, foot)
		}
		if !strings.Contains(body, `href="/en/edit/documents/CTOC/COP/WG.4/2023/1/versions/ar"`) {
			t.Error("a missing cell does not link to its upload form")
		}
	})
	t.Run("staff see the draft, the public does not", func(t *testing.T) {
		body := p.page("/en/documents/CTOC/COP/WG.4/2023/1", http.StatusOK, "Cookie", cookie)
		if !strings.Contains(body, `<span class="badge draft">Draft</span>`) {
			t.Error("no Draft badge")
		}
		if !strings.Contains(body, `href="/en/edit/documents/CTOC/COP/WG.4/2023/1"`) {
			t.Error("no Edit link")
		}
		p.page("/en/documents/CTOC/COP/WG.4/2023/1", http.StatusNotFound)
	})
	t.Run("the dashboard lists the draft", func(t *testing.T) {
		body := p.page("/en/edit/", http.StatusOK, "Cookie", cookie)
		if !strings.Contains(between(t, body, `id="h-drafts"`, "</section>"), "/en/edit/documents/CTOC/COP/WG.4/2023/1") {
			t.Error("the draft is not on the dashboard")
		}
	})
	t.Run("publish, then withdraw only when confirmed", func(t *testing.T) {
		res, body := p.post("/en/edit/documents/CTOC/COP/WG.4/2023/1/publish", url.Values{"when": {"now"}}, "Cookie", cookie)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: %d\n%.1500s", res.StatusCode, body)
		}
		res, body = p.post("/en/edit/documents/CTOC/COP/WG.4/2023/1/withdraw", url.Values{}, "Cookie", cookie)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Tick the box to confirm.") {
			t.Errorf("withdraw without confirming: %d", res.StatusCode)
		}
		res, _ = p.post("/en/edit/documents/CTOC/COP/WG.4/2023/1/withdraw", url.Values{"confirm": {"yes"}}, "Cookie", cookie)
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("withdraw: %d", res.StatusCode)
		}
		rec, _ := p.st.Get(ctx, catalog.KindDocument, "CTOC/COP/WG.4/2023/1")
		if s := rec.Entity.(*catalog.Document).Status; s != catalog.Withdrawn {
			t.Errorf("status %s, want withdrawn", s)
		}
	})
}

func TestFormErrorsAreShownByTheirFieldsInTheUsersLanguage(t *testing.T) {
	p := newDemoPortal(t, may2022)
	withAccounts(t, p, "", auth.Options{})
	cookie := p.signIn(t, editorEmail)
	res, body := p.post("/fr/edit/sessions/new", url.Values{
		"id": {"CTOC/COP/WG.4/14"}, "body": {"CTOC/COP/WG.4"}, "start": {"2023-13-01"}, "end": {"2023-06-14"},
		"venue.mode": {"in-person"}, "venue.city": {"Vienne"}, "agenda_rows": {"3"},
	}, "Cookie", cookie)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("%d, want 422", res.StatusCode)
	}
	main := between(t, body, "<main", "</main>")
	for _, want := range []string{
		"Veuillez corriger ce qui suit :",
		`<fieldset class="langs-set invalid" id="f-title" aria-describedby="f-title-err">`,
		`<p class="error" id="f-title-err"><span>Ce champ est obligatoire.</span>`,
		`aria-describedby="f-start-err" aria-invalid="true"`,
		"Date non valide : écrivez-la sous la forme AAAA-MM-JJ.",
		`value="Vienne"`,
	} {
		if !strings.Contains(main, want) {
			t.Errorf("no %s", want)
		}
	}
	if _, err := p.st.Get(context.Background(), catalog.KindSession, "CTOC/COP/WG.4/14"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an invalid session was stored: %v", err)
	}
	// A file of a type that is not accepted is refused next to the file input.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("title", "x")
	fw, _ := mw.CreateFormFile("file", "virus.exe")
	fw.Write([]byte("MZ\x90\x00"))
	mw.Close()
	res, body = p.do(http.MethodPost, "/fr/edit/documents/CTOC/COP/WG.4/2022/2/versions/pt", &buf, "Content-Type", mw.FormDataContentType(), "Cookie", cookie)
	if res.StatusCode < 400 || res.StatusCode >= 500 {
		t.Fatalf("an .exe: %d", res.StatusCode)
	}
	if !strings.Contains(body, `<p class="error" id="f-file-err"><span>Les fichiers .exe ne sont pas acceptés`) {
		t.Errorf("no French refusal by the file input\n%s", between(t, body, "<main", "</main>"))
	}
}

func TestAuditAndUsersForAdministrators(t *testing.T) {
	p := newDemoPortal(t, may2022)
	withAccounts(t, p, "", auth.Options{})
	admin := p.signIn(t, adminEmail)
	body := p.page("/en/admin/audit?action=login.", http.StatusOK, "Cookie", admin)
	row := between(t, body, "<tbody>", "</tbody>")
	if !strings.Contains(row, "login.success") || !strings.Contains(row, adminEmail) {
		t.Errorf("the sign-in is not in the audit log\n%s", row)
	}
	p.page("/en/admin/audit?from=2022-99-01", http.StatusBadRequest, "Cookie", admin)

	res, _ := p.post("/en/admin/users", url.Values{"email": {"new@example.org"}, "role": {"participant"}, "password": {testPassword}}, "Cookie", admin)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add a user: %d", res.StatusCode)
	}
	res, body = p.post("/en/admin/users", url.Values{"email": {"short@example.org"}, "role": {"editor"}, "password": {"short"}}, "Cookie", admin)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "The password must have at least 12 characters.") {
		t.Errorf("a short password: %d", res.StatusCode)
	}
	if res, _ := p.post("/en/admin/users/update", url.Values{"email": {editorEmail}, "disabled": {"true"}}, "Cookie", admin); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.StatusCode)
	}
	res, _ = p.post("/en/login", url.Values{"email": {editorEmail}, "password": {testPassword}})
	if res.StatusCode == http.StatusSeeOther {
		t.Error("a disabled editor can still sign in")
	}
	body = p.page("/en/admin/users", http.StatusOK, "Cookie", admin)
	if !strings.Contains(body, "new@example.org") || !strings.Contains(body, "Disabled") {
		t.Error("the users list does not show the new and the disabled account")
	}
}

func TestSignedInVisitorsSeeWhatTheirRoleAllows(t *testing.T) {
	p := newDemoPortal(t, may2022)
	withAccounts(t, p, "", auth.Options{})
	p.seed(testutil.DocumentRestricted(), testutil.DocumentDraft())
	participant := p.signIn(t, participantEmail)
	editor := p.signIn(t, editorEmail)
	restricted := "/en/documents/" + testutil.DocumentRestricted().ID
	draft := "/en/documents/" + testutil.DocumentDraft().ID

	p.page(restricted, http.StatusNotFound)
	body := p.page(restricted, http.StatusOK, "Cookie", participant)
	if !strings.Contains(body, `<span class="badge restricted">Restricted</span>`) {
		t.Error("no Restricted badge for the participant")
	}
	p.page(draft, http.StatusNotFound, "Cookie", participant)
	body = p.page(draft, http.StatusOK, "Cookie", editor)
	if !strings.Contains(body, `<span class="badge draft">Draft</span>`) {
		t.Error("no Draft badge for the editor")
	}
}

// A visitor's request body is capped: a form larger than a sign-in form
// needs is not read (so no large body is ever spooled to disk for them).
func TestAnonymousBodiesAreCapped(t *testing.T) {
	p := newDemoPortal(t, may2022)
	withAccounts(t, p, "", auth.Options{})
	form := url.Values{"email": {editorEmail}, "password": {testPassword}}
	if res, _ := p.post("/en/login", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a plain sign-in: %d", res.StatusCode)
	}
	form.Set("padding", strings.Repeat("x", 100<<10))
	res, _ := p.post("/en/login", form)
	if res.StatusCode == http.StatusSeeOther || setCookieHeader(res) != "" || res.StatusCode >= 500 {
		t.Errorf("a 100 KiB sign-in form: %d, cookie %q; want it refused", res.StatusCode, setCookieHeader(res))
	}
}
