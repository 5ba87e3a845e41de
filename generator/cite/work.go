package cite

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"

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

// asciiWord reduces s to lower-case ASCII letters and digits, removing
// accents ("Ñúñez" → "nunez").
func asciiWord(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		case r == 'ß':
			b.WriteString("ss")
		case r == 'ø' || r == 'Ø':
			b.WriteByte('o')
		case r == 'ł' || r == 'Ł':
			b.WriteByte('l')
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		}
	}
	return b.String()
}

var keyStopWords = map[string]bool{"a": true, "an": true, "the": true, "on": true, "of": true, "in": true, "and": true, "for": true, "to": true, "with": true, "from": true, "at": true, "by": true, "de": true, "la": true, "le": true, "el": true, "der": true, "die": true, "das": true}

// baseKey builds "family" + year + "firstword": "carberry2020psychoceramics".
func baseKey(w Work) string {
	var fam string
	if len(w.Authors) > 0 {
		a := w.Authors[0]
		fam = a.Family
		if fam == "" {
			fam = a.Literal
			if f := strings.Fields(fam); len(f) > 0 {
				fam = f[0]
			}
		}
	}
	fam = asciiWord(fam)
	if fam == "" {
		fam = "anon"
	}
	if len(fam) > 20 {
		fam = fam[:20]
	}
	year := "nd"
	if w.Year > 0 {
		year = strconv.Itoa(w.Year)
	}
	word := ""
	for _, f := range strings.FieldsFunc(w.Title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if a := asciiWord(f); a != "" && !keyStopWords[a] {
			word = a
			break
		}
	}
	if len(word) > 16 {
		word = word[:16]
	}
	return fam + year + word
}

// AssignKeys sets a unique citation key on every work whose Key is empty.
// A key is "family" + year + first title word; works sharing one get a
// suffix taken from a hash of their ID, so the keys do not depend on the
// order of the list or on which other works it holds (only on whether a
// clash exists). Keys already set are kept and reserved.
func AssignKeys(works []Work) {
	used := map[string]bool{}
	count := map[string]int{}
	bases := make([]string, len(works))
	for i := range works {
		if works[i].Key != "" {
			used[works[i].Key] = true
		} else {
			bases[i] = baseKey(works[i])
			count[bases[i]]++
		}
	}
	for i := range works {
		w := &works[i]
		if w.Key != "" {
			continue
		}
		base := bases[i]
		key := base
		if count[base] > 1 || used[key] {
			sum := sha256.Sum256([]byte(w.ID + "\x00" + w.Title))
			h := hex.EncodeToString(sum[:])
			for n := 4; ; n += 2 {
				key = base + "_" + h[:n]
				if !used[key] || n >= len(h) {
					break
				}
			}
		}
		used[key] = true
		w.Key = key
	}
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
