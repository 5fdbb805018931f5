package bleveindex

import (
	"bytes"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/spanish"
	"golang.org/x/text/unicode/norm"
)

// Stemming for the European languages: the Snowball stemmer of the
// language, then, for the Latin-script ones, accents folded away and a few
// derivational endings stripped, so that a participle meets its noun
// (exploités ~ exploitation, migratorias ~ migración) and a word typed
// without its accents still matches.

const (
	enStemFilter = "plenary_en_stem"
	frStemFilter = "plenary_fr_stem"
	esStemFilter = "plenary_es_stem"
	ptStemFilter = "plenary_pt_stem"
	ruStemFilter = "plenary_ru_stem"
	ruYoFilter   = "plenary_ru_yo"
)

// ending is a derivational ending and what replaces it.
type ending struct{ suffix, repl string }

// The endings, tried in order on the folded Snowball stem; the first that
// leaves at least minStem letters is replaced, twice at most.
var (
	frEndings = []ending{
		{"issag", ""}, {"ag", ""}, {"air", ""}, {"ific", "if"}, {"qu", "c"}, {"i", ""}, {"u", ""},
	}
	esEndings = []ending{
		{"amient", ""}, {"imient", ""}, {"acion", ""}, {"icion", ""}, {"ucion", ""},
		{"cion", ""}, {"sion", "s"}, {"atori", ""}, {"itori", ""}, {"ador", ""}, {"itud", ""}, {"ari", ""},
		{"al", ""}, {"ar", ""}, {"er", ""}, {"ir", ""}, {"i", ""},
	}
	ptEndings = []ending{
		{"ament", ""}, {"iment", ""}, {"aca", ""}, {"ica", ""}, {"uca", ""}, {"ca", ""}, {"sa", "s"},
		{"atori", ""}, {"ator", ""}, {"atur", ""}, {"ador", ""}, {"idad", ""}, {"ari", ""},
		{"al", ""}, {"ar", ""}, {"er", ""}, {"ir", ""}, {"i", ""},
	}
)

const minStem = 3

func deriv(stem string, endings []ending) string {
	for range 2 {
		changed := false
		for _, e := range endings {
			if strings.HasSuffix(stem, e.suffix) && utf8.RuneCountInString(stem)-len(e.suffix)+len(e.repl) >= minStem {
				stem = stem[:len(stem)-len(e.suffix)] + e.repl
				changed = true
				break
			}
		}
		if !changed {
			break
		}
	}
	return stem
}

// fold removes accents from Latin letters (é → e, ç → c, ñ → n) and writes
// the ligatures œ and æ as two letters.
func fold(term []byte) []byte {
	ascii := true
	for _, c := range term {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return term
	}
	var out []byte
	for _, r := range norm.NFD.String(string(term)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'œ':
			out = append(out, "oe"...)
		case r == 'æ':
			out = append(out, "ae"...)
		case r == 'ß':
			out = append(out, "ss"...)
		default:
			out = utf8.AppendRune(out, r)
		}
	}
	return out
}

// Words of the field that Snowball would join with common words of
// another meaning: French traite (trafficking) with traitement and traité,
// Spanish and Portuguese tratado (treaty) with trata (trafficking).
var (
	frKept = map[string]string{"traite": "traite", "traites": "traite"}
	esKept = map[string]string{"tratado": "tratad", "tratados": "tratad"}
	ptKept = esKept
)

// stemmer is a token filter of one of the stemmers above. Words repeat,
// so it remembers the stems it made.
type stemmer struct {
	snowball func(*snowballstem.Env) bool
	endings  []ending
	kept     map[string]string
	latin    bool
	cache    *stemCache
}

// stemCache maps words to their stems, in shards that analysis goroutines
// share; a shard that grows past its bound starts afresh.
type stemCache struct {
	shards [16]struct {
		sync.RWMutex
		m map[string]string
	}
}

const stemCacheShard = 4 << 10 // words per shard

func (c *stemCache) get(word []byte, stem func(string) string) string {
	sh := &c.shards[fnv32(word)%uint32(len(c.shards))]
	sh.RLock()
	out, ok := sh.m[string(word)]
	sh.RUnlock()
	if ok {
		return out
	}
	w := string(word)
	out = stem(w)
	sh.Lock()
	if len(sh.m) >= stemCacheShard || sh.m == nil {
		sh.m = make(map[string]string, stemCacheShard/4)
	}
	sh.m[w] = out
	sh.Unlock()
	return out
}

func fnv32(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}

func (s stemmer) stem(term string) string {
	if kept, ok := s.kept[term]; ok {
		return kept
	}
	env := snowballstem.NewEnv(term)
	s.snowball(env)
	out := env.Current()
	if s.latin {
		out = string(fold([]byte(out)))
		out = deriv(out, s.endings)
	} else {
		out = ruFleeting(out)
	}
	return out
}

// ruFleeting drops the fleeting vowel of a Russian stem ending in a
// consonant and ок, ек or ец, as the other cases of the word do: порядок
// and порядка, ребенок and ребенка, отец and отца. The rule is applied to
// every stem, so forms without the vowel are left as they are.
func ruFleeting(stem string) string {
	r := []rune(stem)
	n := len(r)
	if n < 5 {
		return stem
	}
	last2 := string(r[n-2:])
	if (last2 == "ок" || last2 == "ек" || last2 == "ец") && !strings.ContainsRune("аеиоуыэюяйь", r[n-3]) {
		return string(r[:n-2]) + string(r[n-1])
	}
	return stem
}

func (s stemmer) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if t.KeyWord || !hasLetter(t.Term) {
			continue
		}
		t.Term = []byte(s.cache.get(t.Term, s.stem))
	}
	return in
}

// yoFilter writes ё as е, as most Russian texts do, before stop words
// are dropped and words stemmed.
type yoFilter struct{}

func (yoFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if bytes.Contains(t.Term, []byte("ё")) {
			t.Term = bytes.ReplaceAll(t.Term, []byte("ё"), []byte("е"))
		}
	}
	return in
}

func hasLetter(b []byte) bool {
	for _, r := range string(b) {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func mustRegisterFilter(name string, f analysis.TokenFilter) {
	err := registry.RegisterTokenFilter(name, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return f, nil
	})
	if err != nil {
		panic(err)
	}
}

func init() {
	mustRegisterFilter(enStemFilter, stemmer{snowball: english.Stem, latin: true, cache: new(stemCache)})
	mustRegisterFilter(frStemFilter, stemmer{snowball: french.Stem, endings: frEndings, kept: frKept, latin: true, cache: new(stemCache)})
	mustRegisterFilter(esStemFilter, stemmer{snowball: spanish.Stem, endings: esEndings, kept: esKept, latin: true, cache: new(stemCache)})
	mustRegisterFilter(ptStemFilter, stemmer{snowball: portuguese.Stem, endings: ptEndings, kept: ptKept, latin: true, cache: new(stemCache)})
	mustRegisterFilter(ruStemFilter, stemmer{snowball: russian.Stem, cache: new(stemCache)})
	mustRegisterFilter(ruYoFilter, yoFilter{})
	mustRegisterFilter(arStemFilter, arStemmer{cache: new(stemCache)})
}
