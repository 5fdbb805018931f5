package publish_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"plenary/internal/apperr"
	"plenary/internal/audit"
	"plenary/internal/catalog"
	"plenary/internal/extract"
	"plenary/internal/publish"
	"plenary/internal/store"
	"plenary/internal/store/blobdir"
	mongostore "plenary/internal/store/mongo"
	"plenary/internal/testutil"
	"plenary/internal/upload"
)

var june1 = time.Date(2022, 6, 1, 9, 0, 0, 0, time.UTC)

type env struct {
	st    *mongostore.Store
	blobs store.Blobs
	log   *memLog
}

func newEnv(t *testing.T) *env {
	t.Helper()
	blobs, err := blobdir.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	e := &env{st: testutil.Store(t), blobs: blobs, log: &memLog{}}
	put(t, e.st, testutil.BodyCOP(), testutil.BodyWG4(), testutil.SessionWG4_12())
	return e
}

// service returns a service on the env's store; without a read model it
// scans the store for work.
func (e *env) service(now func() time.Time, x *extract.Extractor) *publish.Service {
	return publish.New(publish.Deps{Store: e.st, Blobs: e.blobs, Audit: e.log, Extractor: x, Now: now, Logger: testutil.Quiet()})
}

func put(t *testing.T, st store.Catalog, entities ...catalog.Entity) {
	t.Helper()
	for _, e := range entities {
		e.Normalize()
		if err := e.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Put(context.Background(), entities...); err != nil {
		t.Fatal(err)
	}
}

func getDoc(t *testing.T, st store.Catalog, id string) *catalog.Document {
	t.Helper()
	rec, err := st.Get(context.Background(), catalog.KindDocument, id)
	if err != nil {
		t.Fatal(err)
	}
	return rec.Entity.(*catalog.Document)
}

type memLog struct {
	mu      sync.Mutex
	entries []audit.Entry
}

func (m *memLog) Record(_ context.Context, e audit.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries = append(m.entries, e)
	return nil
}

func (m *memLog) List(context.Context, audit.Filter) ([]audit.Entry, error) { return nil, nil }

func (m *memLog) count(action string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, e := range m.entries {
		if e.Action == action && e.OK {
			n++
		}
	}
	return n
}

// A refused file is an apperr with the refusal's status and message, the
// Refusal itself is reachable, and nothing is stored.
func TestRefusedFileKeepsTheRefusal(t *testing.T) {
	e := newEnv(t)
	put(t, e.st, testutil.DocumentWG4_2022_2())
	before, _ := e.st.Get(context.Background(), catalog.KindDocument, "CTOC/COP/WG.4/2022/2")
	s := e.service(nil, nil)
	html := []byte("<html><body>hi</body></html>")
	_, err := s.PutVersion(context.Background(), publish.Actor{Email: "ed@example.org"}, "CTOC/COP/WG.4/2022/2", catalog.English,
		publish.VersionInput{File: strings.NewReader(string(html)), FileSize: int64(len(html)), FileName: "x.pdf"})
	var ae *apperr.Error
	var r *upload.Refusal
	if !errors.As(err, &ae) || ae.Status != http.StatusUnsupportedMediaType || ae.Param != "file" || ae.ID != upload.IDTypeMismatch {
		t.Fatalf("error %#v", err)
	}
	if !errors.As(err, &r) || r.ID != upload.IDTypeMismatch {
		t.Fatalf("the refusal is not reachable: %v", err)
	}
	after, _ := e.st.Get(context.Background(), catalog.KindDocument, "CTOC/COP/WG.4/2022/2")
	if after.Hash != before.Hash {
		t.Error("the document changed")
	}
	if n := e.log.count("version.upload"); n != 0 {
		t.Errorf("%d successful uploads recorded", n)
	}
}

// Two replicas run the scheduler at once: the draft ends published, and
// once it is, neither finds anything more to do. (Racing exactly, both may
// write the same content and both record it: the store has no
// compare-and-set.)
func TestSchedulerOnTwoReplicas(t *testing.T) {
	e := newEnv(t)
	draft := testutil.DocumentDraft()
	at := june1.Add(time.Minute)
	draft.PublishAt = &at
	put(t, e.st, draft)
	now := func() time.Time { return june1.Add(time.Hour) }
	a, b := e.service(now, nil), e.service(now, nil)
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i, s := range []*publish.Service{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := s.PublishDue(context.Background())
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		}()
	}
	wg.Wait()
	if d := getDoc(t, e.st, draft.ID); d.Status != catalog.Published || d.PublishAt != nil {
		t.Errorf("status %q, publish_at %v", d.Status, d.PublishAt)
	}
	if n := counts[0] + counts[1]; n < 1 || n != e.log.count("document.publish") {
		t.Errorf("published %v times, recorded %d", counts, e.log.count("document.publish"))
	}
	for _, s := range []*publish.Service{a, b} {
		if n, err := s.PublishDue(context.Background()); n != 0 || err != nil {
			t.Errorf("again: %d, %v", n, err)
		}
	}
}

// A file that cannot be read fails its version, with the reason, and the
// next version is still extracted; Run started on a store with pending
// versions settles them without being woken.
func TestExtractionFailureDoesNotStopTheOthers(t *testing.T) {
	e := newEnv(t)
	broken, err := e.blobs.Put(context.Background(), strings.NewReader("PK\x03\x04 not really a Word document"))
	if err != nil {
		t.Fatal(err)
	}
	good, err := e.blobs.Put(context.Background(), strings.NewReader("Plain words about procurement."))
	if err != nil {
		t.Fatal(err)
	}
	d := testutil.DocumentWG4_2022_2()
	d.Versions[0].Text, d.Versions[1].Text = "", ""
	d.Versions[0].File = &catalog.File{Name: "a.docx", MediaType: upload.DOCX, Size: broken.Size, SHA256: broken.SHA256}
	d.Versions[0].Extraction = catalog.ExtractionPending
	d.Versions[1].File = &catalog.File{Name: "e.txt", MediaType: upload.Text, Size: good.Size, SHA256: good.SHA256}
	d.Versions[1].Extraction = catalog.ExtractionPending
	missing := testutil.DocumentDraft()
	missing.Versions = missing.Versions[1:]
	missing.Versions[0].Text = ""
	missing.Versions[0].File = &catalog.File{Name: "gone.txt", MediaType: upload.Text, Size: 1, SHA256: strings.Repeat("0", 64)}
	missing.Versions[0].Extraction = catalog.ExtractionPending
	put(t, e.st, d, missing)

	x := extract.New(extract.DefaultLimits())
	t.Cleanup(func() { x.Close() })
	s := e.service(nil, x)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		ar, _ := getDoc(t, e.st, d.ID).Version(catalog.Arabic)
		en, _ := getDoc(t, e.st, d.ID).Version(catalog.English)
		gone, _ := getDoc(t, e.st, missing.ID).Version(catalog.English)
		if ar.Extraction != catalog.ExtractionPending && en.Extraction != catalog.ExtractionPending && gone.Extraction != catalog.ExtractionPending {
			if ar.Extraction != catalog.ExtractionFailed || ar.ExtractionError == "" {
				t.Errorf("broken DOCX: %q %q", ar.Extraction, ar.ExtractionError)
			}
			if en.Extraction != "" || en.Text != "Plain words about procurement." {
				t.Errorf("text file: %q %q", en.Extraction, en.Text)
			}
			if gone.Extraction != catalog.ExtractionFailed || gone.ExtractionError != "the file is missing from the file store" {
				t.Errorf("missing file: %q %q", gone.Extraction, gone.ExtractionError)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still pending: %q %q %q", ar.Extraction, en.Extraction, gone.Extraction)
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	<-done
}
