// Package upload decides whether an uploaded file is acceptable, gives it a
// safe name and strips active content from HTML before it is stored.
//
// A file's media type is decided by its content and its extension
// together: both must agree, so a renamed executable, an HTML page named
// .pdf or a legacy .doc named .docx is refused with a Refusal that says
// what was found.
package upload

// Media types accepted.
const (
	PDF  = "application/pdf"
	DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	HTML = "text/html; charset=utf-8"
	Text = "text/plain; charset=utf-8"
)

// DefaultMaxSize is the largest upload accepted by default: 100 MiB.
const DefaultMaxSize = 100 << 20

// Limits bounds what an upload may be.
type Limits struct {
	MaxSize             int64 // whole file; default DefaultMaxSize (100 MiB)
	MaxDOCXUncompressed int64 // sum of the uncompressed sizes of a DOCX's entries; default 256 MiB
	MaxDOCXEntries      int   // entries in a DOCX; default 2000
}

// DefaultLimits returns the limits used when a field of Limits is zero.
func DefaultLimits() Limits {
	return Limits{MaxSize: DefaultMaxSize, MaxDOCXUncompressed: 256 << 20, MaxDOCXEntries: 2000}
}

// withDefaults fills the zero fields of lim from DefaultLimits.
func (lim Limits) withDefaults() Limits {
	d := DefaultLimits()
	if lim.MaxSize <= 0 {
		lim.MaxSize = d.MaxSize
	}
	if lim.MaxDOCXUncompressed <= 0 {
		lim.MaxDOCXUncompressed = d.MaxDOCXUncompressed
	}
	if lim.MaxDOCXEntries <= 0 {
		lim.MaxDOCXEntries = d.MaxDOCXEntries
	}
	return lim
}
