package testutil

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ChromiumPath is where Debian's chromium package puts the browser.
const ChromiumPath = "/usr/bin/chromium"

// PrintPDF prints an HTML page to PDF with headless Chromium, as a real
// word processor or browser would make it: the text is laid out with the
// system's fonts (Arabic and Chinese need fonts-noto-core and
// fonts-noto-cjk) and kept as text, so it can be extracted again. The test
// fails when Chromium is missing; under -short it is skipped.
func PrintPDF(t testing.TB, html string) []byte {
	t.Helper()
	return PrintPDFs(t, html)[0]
}

// PrintPDFs prints each HTML page to PDF (Letter, default margins) with
// one headless Chromium, started with a fresh profile and stopped after.
func PrintPDFs(t testing.TB, pages ...string) [][]byte {
	t.Helper()
	if _, err := os.Stat(ChromiumPath); err != nil {
		if testing.Short() {
			t.Skipf("no Chromium at %s (-short): %v", ChromiumPath, err)
		}
		t.Fatalf("PrintPDF needs Chromium at %s (run `make test-deps`): %v", ChromiumPath, err)
	}
	dir := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(ChromiumPath),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("lang", "en-US"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, time.Minute)
	defer cancelTimeout()
	out := make([][]byte, len(pages))
	for i, html := range pages {
		path := filepath.Join(dir, "page"+strconv.Itoa(i)+".html")
		if err := os.WriteFile(path, []byte(html), 0o600); err != nil {
			t.Fatal(err)
		}
		err := chromedp.Do(ctx,
			chromedp.Navigate("file://"+path),
			chromedp.WaitReady("body"),
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				printBackground := true
				res, err := cdp.Call(ctx, tg, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PrintBackground: &printBackground})
				out[i] = res.Data
				return err
			}),
		)
		if err != nil {
			t.Fatalf("print page %d to PDF with Chromium: %v", i, err)
		}
	}
	return out
}
