// Package locales holds the interface strings, one TOML file per language
// (active.<lang>.toml), embedded in the binary.
package locales

import "embed"

// FS holds active.ar.toml … active.pt.toml.
//
//go:embed active.*.toml
var FS embed.FS
