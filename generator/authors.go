package generator

// Authors come from the work's contributors in sequence order; without
// contributors, from the author field of the work's BibTeX citation;
// without either, the members who claimed the work stand in. Members are
// found among the authors by contributor iD first, then by name: their
// given, family, credit and other names, tolerant of accents, initials,
// "Surname, Initials" and "Surname AB" forms.

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/orcidsite/orcidsite/generator/cite"
)

// Author lists longer than maxAuthors are shortened to the first
// shortHead authors, any members among the rest, and the last author.
const (
	maxAuthors = 10
	shortHead  = 7
)

// placeholders are author names that stand for no author.
var placeholders = map[string]bool{
	"no author info": true, "no author information": true, "et al": true, "others": true,
	"unknown": true, "unknown author": true, "n a": true, "na": true, "none": true,
	"author": true, "authors": true, "anonymous author": true,
}

// placeholderInitials are the first characters of the placeholders.
var placeholderInitials = sync.OnceValue(func() *[utf8.RuneSelf]bool {
	var first [utf8.RuneSelf]bool
	for p := range placeholders {
		if p[0] < utf8.RuneSelf {
			first[p[0]] = true
		}
	}
	return &first
})

// placeholderName reports whether a name is a stand-in such as "et al."
// rather than an author.
func placeholderName(s string) bool {
	// Most names start with a letter no placeholder starts with.
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if !placeholderInitials()[c] {
				return false
			}
			break
		}
		if c >= utf8.RuneSelf {
			break // a letter maybe, folded below
		}
	}
	if len(s) <= 64 {
		// Most names: folded on the stack, no string made.
		var buf [64]byte
		if b, ok := appendFold(buf[:0], s, false); ok {
			return placeholders[string(b)]
		}
	}
	return placeholders[normalizeName(s)]
}

// normalizeName lowers a name and strips accents and punctuation:
// "Núñez-O'Brien, J.-P." → "nunez obrien j p".
func normalizeName(s string) string { return foldWords(s) }

// nameVariant is one way a member's name is written: given names and a
// family name, normalized.
type nameVariant struct {
	given  []string
	family string
}

// nameVariants lists a person's names: given + family, the credit name,
// other names and the display name.
func nameVariants(p *Person) []nameVariant {
	var out []nameVariant
	add := func(given, family string) {
		v := nameVariant{given: strings.Fields(normalizeName(given)), family: normalizeName(family)}
		if v.family == "" {
			return
		}
		if !slices.ContainsFunc(out, func(o nameVariant) bool { return o.family == v.family && slices.Equal(o.given, v.given) }) {
			out = append(out, v)
		}
	}
	if p.FamilyName != "" {
		add(p.GivenNames, p.FamilyName)
	}
	for _, s := range append([]string{p.CreditName, p.Config.Name, p.Name}, p.OtherNames...) {
		if strings.TrimSpace(s) == "" {
			continue
		}
		n := cite.SplitName(s)
		add(n.Given, n.Family)
		if !strings.Contains(s, ",") {
			// "Surname AB" (Vancouver) or a family-name-first order.
			words := strings.Fields(s)
			if len(words) >= 2 && isInitials(words[len(words)-1]) {
				add(words[len(words)-1], strings.Join(words[:len(words)-1], " "))
			}
		}
	}
	return out
}

// isInitials reports whether a word is a cluster of initials: "AB", "J.",
// "J.-P.", "VEM".
func isInitials(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == '.' || r == '-':
		default:
			return false
		}
	}
	return letters >= 1 && letters <= 4
}

// givenParts splits the given-name part of an author name into tokens,
// expanding initial clusters ("VEM" → v, e, m) from the original spelling.
func givenParts(orig string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(orig, func(r rune) bool { return unicode.IsSpace(r) || r == ',' }) {
		if isInitials(w) {
			for _, r := range norm.NFKD.String(w) {
				if unicode.IsUpper(r) {
					out = append(out, strings.ToLower(string(r)))
				}
			}
			continue
		}
		out = append(out, strings.Fields(normalizeName(w))...)
	}
	return out
}

// givenCompatible reports whether an author's given names (a) fit a
// member's (v): the first ones agree as words or as initials.
func givenCompatible(a, v []string) bool {
	if len(a) == 0 || len(v) == 0 {
		return false
	}
	x, y := a[0], v[0]
	if len(x) > 1 && len(y) > 1 {
		if x == y {
			return true
		}
		// A middle name used as the first name ("J. Josiah" vs "Josiah").
		return slices.Contains(v, x)
	}
	return x[0] == y[0]
}

// familyMatches reports whether an author's family name (normalized) is
// the member's, allowing one part of a compound family name ("García" for
// "García Márquez").
func familyMatches(a, v string) bool {
	if a == "" {
		return false
	}
	if a == v {
		return true
	}
	parts := strings.Fields(v)
	if len(parts) < 2 {
		return false
	}
	return a == parts[0] || a == parts[len(parts)-1] || strings.ReplaceAll(v, " ", "") == strings.ReplaceAll(a, " ", "")
}

// nameMatches reports whether an author name as written refers to a
// member's name variant.
func nameMatches(author string, v nameVariant) bool {
	author = strings.TrimSpace(author)
	if author == "" {
		return false
	}
	// "Family, Given" or "Family, Initials".
	if fam, giv, ok := strings.Cut(author, ","); ok {
		return familyMatches(normalizeName(fam), v.family) && givenCompatible(givenParts(giv), v.given)
	}
	words := strings.Fields(author)
	// The same words in any order ("Zhang Wei" for "Wei Zhang").
	all := strings.Fields(normalizeName(author))
	mine := append(slices.Clone(v.given), strings.Fields(v.family)...)
	if len(all) > 1 && len(all) == len(mine) {
		a, b := slices.Clone(all), slices.Clone(mine)
		slices.Sort(a)
		slices.Sort(b)
		if slices.Equal(a, b) {
			return true
		}
	}
	// "Given Family" with the family name in the last k words.
	for k := 1; k < len(words); k++ {
		fam := normalizeName(strings.Join(words[k:], " "))
		if familyMatches(fam, v.family) && givenCompatible(givenParts(strings.Join(words[:k], " ")), v.given) {
			return true
		}
	}
	// "Family AB" (Vancouver): initials after the family name.
	if n := len(words); n >= 2 && isInitials(words[n-1]) {
		fam := normalizeName(strings.Join(words[:n-1], " "))
		return familyMatches(fam, v.family) && givenCompatible(givenParts(words[n-1]), v.given)
	}
	return false
}

// fullNameKey reduces an author name to the words that identify it
// strictly: normalized, "Family, Given" turned around, initials left out
// ("Lee, Ann B." → "ann lee").
func fullNameKey(author string) string {
	if len(author) <= 128 {
		var buf [128]byte
		if b, ok := appendFullNameKey(buf[:0], author); ok {
			return string(b)
		}
	} else if b, ok := appendFullNameKey(nil, author); ok {
		return string(b)
	}
	return fullNameKeyTables(author)
}

// appendFullNameKey appends fullNameKey(author) to dst; false when the
// name needs the Unicode tables (appendFold).
func appendFullNameKey(dst []byte, author string) ([]byte, bool) {
	if fam, giv, ok := strings.Cut(author, ","); ok {
		dst, ok = appendFold(dst, giv, true)
		if !ok {
			return dst, false
		}
		return appendFold(dst, fam, true)
	}
	return appendFold(dst, author, true)
}

// fullNamePeople returns the people whose full-name key is the author's.
func (idx *peopleIndex) fullNamePeople(author string) []*Person {
	if len(author) <= 128 {
		var buf [128]byte
		if b, ok := appendFullNameKey(buf[:0], author); ok {
			return idx.fullNames[string(b)]
		}
	}
	return idx.fullNames[fullNameKeyTables(author)]
}

// fullNameKeyTables is fullNameKey through foldWords, for any text.
func fullNameKeyTables(author string) string {
	if fam, giv, ok := strings.Cut(author, ","); ok {
		author = giv + " " + fam
	}
	var words []string
	for _, w := range strings.Fields(normalizeName(author)) {
		if len(w) > 1 {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// fullNameMatches is the strict form of nameMatches: the author name,
// without its initials, is the member's first given name and family name
// ("Ann Lee", "Lee, Ann", "Ann B. Lee").
func fullNameMatches(author string, v nameVariant) bool {
	k := v.fullKey()
	return k != "" && fullNameKey(author) == k
}

// fullKey is the variant's first given name and family name, "" when the
// given name is only an initial.
func (v nameVariant) fullKey() string {
	if len(v.given) == 0 || len(v.given[0]) < 2 {
		return ""
	}
	return v.given[0] + " " + v.family
}

// authorsFromCitation reads the author list of a BibTeX citation.
func authorsFromCitation(p *Publication) []Author {
	if p.Citation == nil || !strings.EqualFold(strings.TrimSpace(p.Citation.Type), "bibtex") {
		return nil
	}
	entries, _ := cite.ParseBibTeX(p.Citation.Value)
	if len(entries) == 0 {
		return nil
	}
	var out []Author
	for _, f := range entries[0].Fields {
		if f.Name != "author" {
			continue
		}
		for _, n := range cite.SplitNames(f.Raw) {
			if s := cleanSpace(n.String()); s != "" && !placeholderName(s) {
				out = append(out, Author{Name: s})
			}
		}
	}
	return out
}

// peopleIndex looks people up for author matching: by iD, by site order,
// and their name variants (computed once per person).
type peopleIndex struct {
	byID      map[string]*Person
	order     map[*Person]int
	names     map[*Person][]nameVariant
	fullNames map[string][]*Person // by nameVariant.fullKey
}

func newPeopleIndex(people []*Person) *peopleIndex {
	idx := &peopleIndex{byID: map[string]*Person{}, order: map[*Person]int{}, names: map[*Person][]nameVariant{}, fullNames: map[string][]*Person{}}
	for i, p := range people {
		idx.byID[string(p.ID)] = p
		idx.order[p] = i
		if _, ok := idx.names[p]; !ok {
			idx.names[p] = nameVariants(p)
		}
		for _, v := range idx.names[p] {
			if k := v.fullKey(); k != "" && !slices.Contains(idx.fullNames[k], p) {
				idx.fullNames[k] = append(idx.fullNames[k], p)
			}
		}
	}
	return idx
}

// variants returns a person's name variants. The index is only read
// (resolveAuthors runs on several goroutines): newPeopleIndex keeps every
// person's.
func (idx *peopleIndex) variants(p *Person) []nameVariant {
	if v, ok := idx.names[p]; ok {
		return v
	}
	return nameVariants(p)
}

// resolveAuthors completes a publication's authors: the BibTeX citation's
// when ORCID has no contributors, the members' when there is neither;
// then links members (by iD among everyone; by name among the members who
// claimed the work, or everyone for an added work; by full name among the
// other members) and shortens the list. An added work's members are the people found among
// its authors.
func resolveAuthors(p *Publication, people []*Person, idx *peopleIndex) {
	if len(p.Authors) == 0 {
		if a := authorsFromCitation(p); len(a) > 0 {
			p.Authors, p.AuthorsFrom = a, "bibtex"
		}
	}
	byID := idx.byID
	candidates := p.Members
	if len(p.Sources) == 0 {
		candidates = people
	}
	// The people linked so far: few, a slice is quicker than a map.
	var takenBuf [16]*Person
	taken := takenBuf[:0]
	for i := range p.Authors {
		a := &p.Authors[i]
		a.Person = nil
		if a.ORCID == "" {
			continue
		}
		if person := byID[string(a.ORCID)]; person != nil && !slices.Contains(taken, person) {
			a.Person, taken = person, append(taken, person)
		}
	}
	for _, person := range candidates {
		if slices.Contains(taken, person) {
			continue
		}
		variants := idx.variants(person)
		for i := range p.Authors {
			a := &p.Authors[i]
			if a.Person != nil || a.ORCID != "" && a.ORCID != person.ID {
				continue
			}
			if slices.ContainsFunc(variants, func(v nameVariant) bool { return nameMatches(a.Name, v) }) {
				a.Person, taken = person, append(taken, person)
				break
			}
		}
	}
	if len(p.Sources) > 0 {
		// Members who did not claim the work are linked only by iD or by
		// their full name, never by initials alone.
		for i := range p.Authors {
			a := &p.Authors[i]
			if a.Person != nil || a.ORCID != "" {
				continue
			}
			for _, person := range idx.fullNamePeople(a.Name) {
				if !slices.Contains(taken, person) && !p.HasMember(person) {
					a.Person, taken = person, append(taken, person)
					break
				}
			}
		}
	}
	if len(p.Sources) == 0 {
		for _, a := range p.Authors {
			if a.Person != nil && !p.HasMember(a.Person) {
				p.Members = append(p.Members, a.Person)
			}
		}
		slices.SortStableFunc(p.Members, func(a, b *Person) int { return idx.order[a] - idx.order[b] })
	}
	if len(p.Authors) == 0 {
		for _, m := range p.Members {
			p.Authors = append(p.Authors, Author{Name: m.Name, ORCID: m.ID, Person: m})
		}
		if len(p.Authors) > 0 {
			p.AuthorsFrom = "members"
		}
	}
	p.ShortAuthors = shortenAuthors(p.Authors)
}

// shortenAuthors keeps the first authors, members and the last author of
// a long list, with a marker (Omitted > 0) for each gap.
func shortenAuthors(all []Author) []Author {
	if len(all) <= maxAuthors {
		return all
	}
	var out []Author
	gap := 0
	for i, a := range all {
		if i < shortHead || i == len(all)-1 || a.Person != nil {
			if gap > 0 {
				out = append(out, Author{Omitted: gap})
				gap = 0
			}
			out = append(out, a)
			continue
		}
		gap++
	}
	return out
}
