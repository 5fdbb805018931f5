package upload

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxNameBytes bounds a safe name, in bytes of UTF-8.
const maxNameBytes = 120

// SafeName returns a file name safe for Content-Disposition and storage:
// the base name only, without path separators, control or format
// characters (bidi overrides among them), quotes or characters that
// Windows forbids, without leading dots or trailing dots and spaces, in
// NFC, at most 120 bytes of UTF-8 (the extension kept), never empty
// ("file" plus the extension). Letters of every script are kept.
func SafeName(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	name = norm.NFC.String(name)
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '"', r == '\'', r == '`', r == '<', r == '>', r == ':', r == '|', r == '?', r == '*', r == ';', r == '%':
			return -1
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == utf8.RuneError:
			return -1
		}
		return r
	}, name)
	name = strings.Join(strings.Fields(name), " ")
	name = strings.TrimRight(name, ". ")

	ext := path.Ext(name)
	if len(ext) > 16 || len(ext) < 2 {
		ext = ""
	}
	stem := strings.Trim(strings.TrimSuffix(name, ext), ". ")
	if len(stem)+len(ext) > maxNameBytes {
		stem = cutUTF8(stem, maxNameBytes-len(ext))
		stem = strings.TrimRight(stem, ". ")
	}
	if stem == "" || reservedName(stem) {
		stem = "file" + map[bool]string{true: "-" + stem, false: ""}[stem != ""]
	}
	return stem + ext
}

// cutUTF8 cuts s to at most n bytes without splitting a character.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// reservedName reports whether stem is a device name Windows will not
// store as a file (CON, NUL, COM1...).
func reservedName(stem string) bool {
	switch s := strings.ToUpper(stem); s {
	case "CON", "PRN", "AUX", "NUL":
		return true
	default:
		return len(s) == 4 && (strings.HasPrefix(s, "COM") || strings.HasPrefix(s, "LPT")) && s[3] >= '1' && s[3] <= '9'
	}
}
