// Package web holds the page templates and static files, embedded in the
// binary. The handlers that use them are in internal/web.
package web

import "embed"

// Templates holds templates/*.html: layout.html and one file per page.
//
//go:embed templates/*.html
var Templates embed.FS

// Static holds the files served under /static/.
//
//go:embed static
var Static embed.FS
