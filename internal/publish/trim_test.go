package publish

import (
	"strings"
	"testing"
	"unicode/utf8"

	"plenary/internal/catalog"
)

func TestTrimTextCutsOnACharacterBoundary(t *testing.T) {
	// "透" is three bytes: MaxTextLen falls inside one of them.
	s := strings.Repeat("透", catalog.MaxTextLen/3+10)
	got := trimText(s)
	if len(got) > catalog.MaxTextLen || !utf8.ValidString(got) || len(got) < catalog.MaxTextLen-3 {
		t.Errorf("len %d, valid %v", len(got), utf8.ValidString(got))
	}
	if got := trimText("  a\xffb  "); got != "a\uFFFDb" {
		t.Errorf("invalid UTF-8: %q", got)
	}
}
