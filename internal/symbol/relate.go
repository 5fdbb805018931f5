package symbol

// Relation is how one symbol relates to another; see Relate.
type Relation int

// The relations reported by Relate.
const (
	None     Relation = iota // not related as below
	Revises                  // a revision: replaces the earlier text
	Corrects                 // a corrigendum: corrects the earlier text
	AddsTo                   // an addendum: adds to the earlier text
	Amends                   // an amendment: amends the earlier text
)

// String returns "none", "revises", "corrects", "adds to" or "amends".
func (r Relation) String() string {
	switch r {
	case Revises:
		return "revises"
	case Corrects:
		return "corrects"
	case AddsTo:
		return "adds to"
	case Amends:
		return "amends"
	}
	return "none"
}

// relationOf maps a suffix kind to the relation it expresses.
var relationOf = map[SuffixKind]Relation{
	Rev:   Revises,
	Corr:  Corrects,
	Add:   AddsTo,
	Amend: Amends,
}

// Relate tells how a relates to b. Both must have the same base (SameBase),
// else the result is None; it is also None when a equals b or when b
// descends from a (the relation is directional: ask Relate(b, a)).
//
//   - When b is an ancestor of a, that is a's suffixes start with all of b's
//     suffixes and add more, the result is the kind of the first suffix a adds:
//     the branch of b that a belongs to. A/76/L.39/Rev.1 revises A/76/L.39;
//     A/76/L.39/Rev.1/Corr.1 corrects A/76/L.39/Rev.1 and, being part of
//     that revision, revises A/76/L.39; E/CN.15/2021/L.1/Add.1/Rev.1 adds to
//     E/CN.15/2021/L.1 and revises E/CN.15/2021/L.1/Add.1.
//   - A later revision revises every earlier one and what hangs off it:
//     when a and b first differ at a suffix where both have Rev and a's
//     number is higher, the result is Revises. X/Rev.2 revises X/Rev.1 and
//     X/Rev.1/Corr.1 (and, above, X).
//   - Anything else is None; in particular X/Add.2 does not relate to
//     X/Add.1, nor X/Corr.2 to X/Corr.1: both add to, or correct, X.
//
// For a newly uploaded symbol s with a suffix, p, _ := s.Parent() is the
// document it revises, corrects, adds to or amends, and Relate(s, p) the kind.
func Relate(a, b Symbol) Relation {
	if !SameBase(a, b) {
		return None
	}
	as, bs := a.Suffixes, b.Suffixes
	c := 0
	for c < len(as) && c < len(bs) && as[c] == bs[c] {
		c++
	}
	switch {
	case c == len(bs) && len(as) > c:
		return relationOf[as[c].Kind]
	case c < len(as) && c < len(bs) && as[c].Kind == Rev && bs[c].Kind == Rev && as[c].N > bs[c].N:
		return Revises
	}
	return None
}

// SameBase reports whether a and b are versions of one base document: equal
// once all suffixes are removed, as A/76/L.39, A/76/L.39/Rev.1 and
// A/76/L.39/Rev.1/Corr.1 are. It compares normalised forms, so
// S/RES/2331 (2016) and S/RES/2331 are not the same base.
func SameBase(a, b Symbol) bool {
	return a.Base().String() == b.Base().String()
}
