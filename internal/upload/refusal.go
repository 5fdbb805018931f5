package upload

import (
	"fmt"
	"strings"
)

// Refusal is why an upload is refused. ID is a message id for translation
// (see MessageIDs); Message is English, specific and safe to show (it names
// what was found, e.g. "the file is named .pdf but its content is HTML");
// Args fill the translation's template (e.g. {"Max": "100 MiB"}).
type Refusal struct {
	ID      string
	Message string
	Args    map[string]any
}

// Error returns the English message.
func (r *Refusal) Error() string { return r.Message }

// Refusal IDs.
const (
	IDEmpty           = "upload.empty"
	IDTooLarge        = "upload.too_large"
	IDTypeUnsupported = "upload.type_unsupported"
	IDTypeMismatch    = "upload.type_mismatch"
	IDDOCXInvalid     = "upload.docx_invalid"
	IDDOCXBomb        = "upload.docx_bomb"
	IDUnreadable      = "upload.unreadable"
)

// MessageIDs returns every Refusal ID with its English message as a
// go-i18n template, for the locale files (locales/active.en.toml):
//
//	upload.empty             The file is empty.
//	upload.too_large         The file is {{.Size}}; the largest accepted is {{.Max}}.
//	upload.type_unsupported  Files named {{.Ext}} are not accepted; upload a PDF, Word (.docx), HTML or text file.
//	upload.type_mismatch     The file is named {{.Ext}} but its content is {{.Found}}.
//	upload.docx_invalid      The file is named .docx but is not a valid Word document: {{.Reason}}.
//	upload.docx_bomb         The Word document unpacks to more than is safe: {{.Reason}}.
//	upload.unreadable        The file could not be read.
func MessageIDs() map[string]string {
	return map[string]string{
		IDEmpty:           "The file is empty.",
		IDTooLarge:        "The file is {{.Size}}; the largest accepted is {{.Max}}.",
		IDTypeUnsupported: "Files named {{.Ext}} are not accepted; upload a PDF, Word (.docx), HTML or text file.",
		IDTypeMismatch:    "The file is named {{.Ext}} but its content is {{.Found}}.",
		IDDOCXInvalid:     "The file is named .docx but is not a valid Word document: {{.Reason}}.",
		IDDOCXBomb:        "The Word document unpacks to more than is safe: {{.Reason}}.",
		IDUnreadable:      "The file could not be read.",
	}
}

// refuse builds a Refusal whose Message is the English template of id
// filled with args.
func refuse(id string, args map[string]any) *Refusal {
	msg := MessageIDs()[id]
	for k, v := range args {
		msg = strings.ReplaceAll(msg, "{{."+k+"}}", fmt.Sprint(v))
	}
	return &Refusal{ID: id, Message: msg, Args: args}
}

// humanSize writes a byte count the way people read it: 100 MiB, 1.5 KiB,
// 12 bytes.
func humanSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 4; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	s := fmt.Sprintf("%.1f", v)
	s = strings.TrimSuffix(s, ".0")
	return s + " " + [...]string{"KiB", "MiB", "GiB", "TiB", "PiB"}[exp]
}
