package cite

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Work is one publication as the citation formats see it.
type Work struct {
	// ID is a stable identifier of the work independent of any format,
	// e.g. "doi:10.1000/xyz" or "orcid:0000-0002-1825-0097:123". Atom
	// entry ids and key disambiguation derive from it.
	ID string
	// Key is the citation key used in BibTeX and as the CSL-JSON id; set
	// by AssignKeys when empty.
	Key     string
	Type    string // ORCID work type, e.g. "journal-article"
	Title   string
	Authors []Name
	// Year, Month and Day form a partial date; zero parts are unknown.
	Year, Month, Day int
	Venue            string // journal, proceedings, book or publisher
	Publisher        string
	Volume           string
	Issue            string
	Pages            string
	DOI              string // bare, e.g. "10.1000/xyz"
	URL              string
	PMID             string
	PMCID            string
	ArXiv            string
	ISBN             string
	Abstract         string
	Note             string
	// Link is where a reader of the feed should go (defaults to the DOI or
	// URL); Summary is the feed entry's summary text.
	Link    string
	Summary string
}

// Name is a person's name split for citation formats; Literal holds a name
// that must not be split (an organisation, or a name whose parts are
// unknown).
type Name struct {
	Given   string `json:"given,omitempty"`
	Family  string `json:"family,omitempty"`
	Literal string `json:"literal,omitempty"`
}

// String returns "Given Family", or the literal name.
func (n Name) String() string {
	if n.Literal != "" {
		return n.Literal
	}
	return strings.TrimSpace(n.Given + " " + n.Family)
}

// SplitName splits a display name: "Family, Given" when it has a comma,
// else the last word is the family name together with lower-case particles
// before it ("Ludwig van Beethoven" → given "Ludwig", family "van
// Beethoven"). A single word is a family name.
func SplitName(s string) Name {
	if !isSingleSpaced(s) {
		return splitNameFields(s)
	}
	// Words are separated by single spaces: the parts are substrings.
	if fam, giv, ok := strings.Cut(s, ","); ok {
		fam, giv = strings.TrimSpace(fam), strings.TrimSpace(giv)
		if fam != "" {
			return Name{Given: giv, Family: fam}
		}
		s = giv
	}
	if s == "" {
		return Name{}
	}
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return Name{Family: s}
	}
	// i is the space before the family name; particles before it join
	// it, as long as a given name is left.
	for {
		j := strings.LastIndexByte(s[:i], ' ')
		if j < 0 || !isParticle(s[j+1:i]) {
			break
		}
		i = j
	}
	return Name{Given: s[:i], Family: s[i+1:]}
}

// isSingleSpaced reports whether strings.Join(strings.Fields(s), " ") is
// s: its words are separated by single ASCII spaces, with none at either
// end.
func isSingleSpaced(s string) bool {
	if len(s) > 0 && (s[0] == ' ' || s[len(s)-1] == ' ') {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] && (c != ' ' || s[i-1] == ' ') {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		i += n
	}
	return true
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// splitNameFields is SplitName for any text: the words are found by
// strings.Fields.
func splitNameFields(s string) Name {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return Name{}
	}
	if fam, giv, ok := strings.Cut(s, ","); ok {
		fam, giv = strings.TrimSpace(fam), strings.TrimSpace(giv)
		if fam != "" {
			return Name{Given: giv, Family: fam}
		}
		s = giv
	}
	words := strings.Fields(s)
	if len(words) == 0 { // a lone comma
		return Name{}
	}
	if len(words) == 1 {
		return Name{Family: words[0]}
	}
	i := len(words) - 1
	for i > 1 && isParticle(words[i-1]) {
		i--
	}
	return Name{Given: strings.Join(words[:i], " "), Family: strings.Join(words[i:], " ")}
}

// isParticle reports whether w is a lower-case name particle such as "van",
// "de" or "von".
func isParticle(w string) bool {
	for _, r := range w {
		return unicode.IsLower(r)
	}
	return false
}

var keyStopWords = map[string]bool{"a": true, "an": true, "the": true, "on": true, "of": true, "in": true, "and": true, "for": true, "to": true, "with": true, "from": true, "at": true, "by": true, "de": true, "la": true, "le": true, "el": true, "der": true, "die": true, "das": true}

// baseKey builds "family" + year + "firstword": "carberry2020psychoceramics".
func baseKey(w *Work) string {
	var buf [64]byte
	return string(appendBaseKey(buf[:0], w))
}

// appendBaseKey appends the base key of w to b. ASCII words are reduced
// in place; only others go through asciiWord and its normalisation.
func appendBaseKey(b []byte, w *Work) []byte {
	var fam string
	if len(w.Authors) > 0 {
		a := w.Authors[0]
		fam = a.Family
		if fam == "" {
			fam = firstField(a.Literal)
		}
	}
	start := len(b)
	b = appendASCIIWord(b, fam)
	if len(b) == start {
		b = append(b, "anon"...)
	}
	if len(b)-start > 20 {
		b = b[:start+20]
	}
	if w.Year > 0 {
		b = strconv.AppendInt(b, int64(w.Year), 10)
	} else {
		b = append(b, "nd"...)
	}
	// The first title word, as strings.FieldsFunc splits the title at
	// every rune that is neither a letter nor a digit, that is not a stop
	// word once reduced.
	title := w.Title
	for i := 0; i < len(title); {
		j := i
		for j < len(title) {
			r, n := rune(title[j]), 1
			if r >= utf8.RuneSelf {
				r, n = utf8.DecodeRuneInString(title[j:])
			}
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			j += n
		}
		if j == i {
			_, n := utf8.DecodeRuneInString(title[i:])
			i += n
			continue
		}
		start := len(b)
		b = appendASCIIWord(b, title[i:j])
		if word := b[start:]; len(word) > 0 && !keyStopWords[string(word)] {
			if len(word) > 16 {
				b = b[:start+16]
			}
			return b
		}
		b = b[:start]
		i = j
	}
	return b
}

// firstField returns the first of the white-space-separated fields of s,
// as strings.Fields splits it; "" when it has none.
func firstField(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			if f := strings.Fields(s); len(f) > 0 {
				return f[0]
			}
			return ""
		}
	}
	const space = " \t\n\v\f\r"
	s = strings.TrimLeft(s, space)
	if j := strings.IndexAny(s, space); j >= 0 {
		return s[:j]
	}
	return s
}

// appendASCIIRunes appends the ASCII letters (in lower case) and digits
// of text in normalisation form NFKD to b, and ß, ø, ł and æ as "ss",
// "o", "l" and "ae".
func appendASCIIRunes(b []byte, nfkd []byte) []byte {
	for _, r := range string(nfkd) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b = append(b, byte(r))
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r+'a'-'A'))
		case r == 'ß':
			b = append(b, "ss"...)
		case r == 'ø' || r == 'Ø':
			b = append(b, 'o')
		case r == 'ł' || r == 'Ł':
			b = append(b, 'l')
		case r == 'æ' || r == 'Æ':
			b = append(b, "ae"...)
		}
	}
	return b
}

// appendASCIIWord appends s reduced to lower-case ASCII letters and
// digits, without accents ("Ñúñez" → "nunez"), to b.
func appendASCIIWord(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			var buf [64]byte
			return appendASCIIRunes(b, norm.NFKD.AppendString(buf[:0], s))
		}
	}
	// ASCII text is its own NFKD form.
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b = append(b, c)
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		}
	}
	return b
}

// AssignKeys sets a unique citation key on every work whose Key is empty.
// A key is "family" + year + first title word; works sharing one get a
// suffix taken from a hash of their ID, so the keys do not depend on the
// order of the list or on which other works it holds (only on whether a
// clash exists). Keys already set are kept and reserved.
func AssignKeys(works []Work) {
	km := &KeyMaker{used: make(map[string]bool, len(works)), count: make(map[string]int, len(works))}
	bases := make([]string, len(works))
	for i := range works {
		if works[i].Key != "" {
			km.used[works[i].Key] = true
		} else {
			bases[i] = BaseKey(&works[i])
			km.count[bases[i]]++
		}
	}
	for i := range works {
		if works[i].Key == "" {
			works[i].Key = km.Key(&works[i], bases[i])
		}
	}
}

// BaseKey returns the citation key of a work that shares it with no
// other: "family" + year + first title word, e.g.
// "carberry2020psychoceramics".
func BaseKey(w *Work) string { return baseKey(w) }

// KeyMaker gives the works of a list their citation keys one at a time,
// in the order of the list, as AssignKeys does when no work has a Key. It
// needs the base keys of the whole list first: a work whose base key
// another work shares gets a suffix.
type KeyMaker struct {
	count map[string]int  // works per base key
	used  map[string]bool // keys given so far (and reserved)
}

// NewKeyMaker returns a KeyMaker for a list whose works have the given
// base keys (see BaseKey).
func NewKeyMaker(bases []string) *KeyMaker {
	km := &KeyMaker{used: make(map[string]bool, len(bases)), count: make(map[string]int, len(bases))}
	for _, b := range bases {
		km.count[b]++
	}
	return km
}

// Key returns the key of the next work of the list, w, whose base key is
// base.
func (km *KeyMaker) Key(w *Work, base string) string {
	return km.KeyFromDigest(w, base, nil)
}

// Shared reports whether several works of the list have the base key
// base: then Key gives each a suffix taken from its Digest.
func (km *KeyMaker) Shared(base string) bool { return km.count[base] > 1 }

// Digest is the hexadecimal SHA-256 of a work's ID and title, from which
// Key takes the suffix of a work whose base key is not its own.
type Digest [2 * sha256.Size]byte

// WorkDigest returns the digest of w (its ID and Title). It may be
// computed ahead, concurrently, for the works whose base key is Shared.
func WorkDigest(w *Work) Digest {
	var in [256]byte
	sum := sha256.Sum256(append(append(append(in[:0], w.ID...), 0), w.Title...))
	var x Digest
	hex.Encode(x[:], sum[:])
	return x
}

// KeyFromDigest is Key, with w's digest already computed (or nil).
func (km *KeyMaker) KeyFromDigest(w *Work, base string, digest *Digest) string {
	key := base
	if km.count[base] > 1 || km.used[key] {
		if digest == nil {
			d := WorkDigest(w)
			digest = &d
		}
		for n := 4; ; n += 2 {
			key = base + "_" + string(digest[:n])
			if !km.used[key] || n >= len(digest) {
				break
			}
		}
	}
	km.used[key] = true
	return key
}

// dateString writes a partial date as YYYY, YYYY-MM or YYYY-MM-DD.
func dateString(y, m, d int) string {
	switch {
	case y == 0:
		return ""
	case m == 0:
		return pad(y, 4)
	case d == 0:
		return pad(y, 4) + "-" + pad(m, 2)
	}
	return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}
