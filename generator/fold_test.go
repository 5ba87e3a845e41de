package generator

import (
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"github.com/orcidsite/orcidsite/orcid"
)

// TestFoldWordsFastPath checks foldWords against the table-driven
// definition on every ASCII character in context and on random mixes of
// ASCII and other text.
func TestFoldWordsFastPath(t *testing.T) {
	var cases []string
	for c := range 128 {
		cases = append(cases, string(rune(c)), "a"+string(rune(c))+"B", " x"+string(rune(c))+string(rune(c))+"9 ")
	}
	cases = append(cases, "O'Brien", "Ñúñez-García", "Straße", "Søren Ødegård", "Łukasz", "Đorđe", "e\u0301", "ｆｕｌｌ",
		"Smith, J.", "  lead  ", "l’Oréal", "日本語 タイトル", "x\u00a0y", "ǅemal", "İstanbul", "ﬁnal", "²³", "")
	pieces := []string{"a", "Z", "0", " ", "-", "'", "’", "é", "e\u0301", "ß", "Ø", "\t", ".", "İ", "ﬁ", "Ω", "_", "\x00", "\xff"}
	cases = append(cases, randomJoins(rand.New(rand.NewPCG(3, 4)), pieces, 2000, 8)...)
	for _, s := range cases {
		if got, want := foldWords(s), foldWordsTables(s); got != want {
			t.Errorf("foldWords(%q) = %q, want %q", s, got, want)
		}
	}
}

// cleanSpaceDef is cleanSpace by its definition: fields split at white
// space and control characters, joined by one space.
func cleanSpaceDef(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

// FuzzCleanSpace compares cleanSpace with its definition on any input.
func FuzzCleanSpace(f *testing.F) {
	for _, s := range []string{"a  b", " é ", "x\u00a0y", "\xff z", "Title\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := cleanSpace(s), cleanSpaceDef(s); got != want {
			t.Errorf("cleanSpace(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestCleanSpaceFastPath checks cleanSpace against its definition.
func TestCleanSpaceFastPath(t *testing.T) {
	def := cleanSpaceDef
	var cases []string
	for c := range 130 {
		ch := string(rune(c))
		cases = append(cases, ch, "a"+ch+"b", ch+"x y"+ch, "x"+ch+ch+"y")
	}
	pieces := []string{"a", "B", " ", "  ", "\t", "\n", "\x7f", "\x00", "é", "\u00a0", "\u0085", "\u2028", "\xff", "-", "."}
	cases = append(cases, randomJoins(rand.New(rand.NewPCG(5, 6)), pieces, 2000, 8)...)
	for _, s := range cases {
		if got, want := cleanSpace(s), def(s); got != want {
			t.Errorf("cleanSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

// fullNameKeyDef is fullNameKey by its definition, through the Unicode
// tables.
func fullNameKeyDef(author string) string {
	if fam, giv, ok := strings.Cut(author, ","); ok {
		author = giv + " " + fam
	}
	var words []string
	for _, w := range strings.Fields(foldWordsTables(author)) {
		if len(w) > 1 {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// checkNameFolds compares the fast paths of the name and title keys with
// their definitions on one string.
func checkNameFolds(t *testing.T, s string) {
	t.Helper()
	if got, want := fullNameKey(s), fullNameKeyDef(s); got != want {
		t.Errorf("fullNameKey(%q) = %q, want %q", s, got, want)
	}
	if got, want := placeholderName(s), placeholders[foldWordsTables(s)]; got != want {
		t.Errorf("placeholderName(%q) = %v, want %v", s, got, want)
	}
	if b, ok := appendFold(nil, s, false); ok {
		if got, want := string(b), foldWordsTables(s); got != want {
			t.Errorf("appendFold(%q) = %q, want %q", s, got, want)
		}
	} else if isASCII(s) {
		t.Errorf("appendFold(%q) fails on ASCII", s)
	}
	idx := &peopleIndex{fullNames: map[string][]*Person{fullNameKeyDef(s): {{Name: "x"}}}}
	if len(idx.fullNamePeople(s)) != 1 {
		t.Errorf("fullNamePeople(%q) misses the key %q", s, fullNameKeyDef(s))
	}
}

// TestNameKeyFastPath checks fullNameKey, placeholderName and the ASCII
// fold against their definitions on every ASCII character in context, on
// placeholders and on random mixes of ASCII and other text.
func TestNameKeyFastPath(t *testing.T) {
	var cases []string
	for c := range 128 {
		ch := string(rune(c))
		cases = append(cases, ch, "a"+ch+"B", " x"+ch+ch+"9 ", "Lee,"+ch+"Ann B.", ch+"J. Smith"+ch)
	}
	for p := range placeholders {
		cases = append(cases, p, strings.ToUpper(p)+".", " "+p+" ", "("+p+")")
	}
	cases = append(cases, "Lee, Ann B.", "Ann B. Lee", "O'Brien, J.-P.", "Núñez, José", "N/A", "Et al.", "et. al",
		"Smith,", ",Smith", "a,b,c", "A, B", strings.Repeat("ab ", 50), strings.Repeat("x", 200), "")
	pieces := []string{"a", "Z", "0", " ", "-", "'", "’", "é", "ß", ",", ".", "\t", "Ann", "Lee", "et", "al", "\x00", "\xff", "n", "/"}
	cases = append(cases, randomJoins(rand.New(rand.NewPCG(7, 8)), pieces, 3000, 10)...)
	for _, s := range cases {
		checkNameFolds(t, s)
	}
}

// FuzzNameKeys compares the fast paths of name folding with their
// definitions on any input.
func FuzzNameKeys(f *testing.F) {
	for _, s := range []string{"Lee, Ann B.", "et al.", "O'Brien", "Núñez, J.", "a b c", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkNameFolds(t, s) })
}

// TestIDFastPaths checks parseContributorID against orcid.ParseID and
// doiPath's shortcut against escaping every part.
func TestIDFastPaths(t *testing.T) {
	ids := []string{"0000-0002-1825-0097", "0000-0002-1825-0098", "0000-0001-5109-370X", "0000-0001-5109-370x",
		"https://orcid.org/0000-0002-1825-0097", "0000000218250097", " 0000-0002-1825-0097", "0000-0002-1825-009", "000a-0002-1825-0097",
		"0000-0002-1825-00970", "0000-0002+1825-0097", "X000-0002-1825-0097", ""}
	r := rand.New(rand.NewPCG(9, 10))
	for range 3000 {
		b := []byte("0000-0002-1825-0097")
		b[r.IntN(len(b))] = "0123456789X-x /"[r.IntN(15)]
		ids = append(ids, string(b))
	}
	for _, s := range ids {
		got, gerr := parseContributorID(s)
		want, werr := orcid.ParseID(s)
		if got != want || (gerr == nil) != (werr == nil) {
			t.Errorf("parseContributorID(%q) = %q, %v; want %q, %v", s, got, gerr, want, werr)
		}
	}
	escapeAll := func(v string) string {
		parts := strings.Split(v, "/")
		for i, p := range parts {
			parts[i] = url.PathEscape(p)
		}
		return strings.Join(parts, "/")
	}
	var dois []string
	for c := range 256 {
		dois = append(dois, "10.1000/a"+string(rune(c))+"b", "10.1000/"+string([]byte{byte(c)}))
	}
	for _, d := range dois {
		if got, want := doiPath(d), escapeAll(d); got != want {
			t.Errorf("doiPath(%q) = %q, want %q", d, got, want)
		}
	}
}

// TestCompareLower checks compareLower against comparing the lower-case
// strings.
func TestCompareLower(t *testing.T) {
	pieces := []string{"a", "A", "b", "Z", "z", " ", "0", "[", "`", "{", "é", "É", "K", "İ", "ß", "\xff", "\x80", "Ω", "ǅ"}
	cases := randomJoins(rand.New(rand.NewPCG(11, 12)), pieces, 600, 5)
	for _, a := range cases[:300] {
		for _, b := range cases[300:] {
			if got, want := compareLower(a, b), strings.Compare(strings.ToLower(a), strings.ToLower(b)); got != want {
				t.Errorf("compareLower(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
}

// FuzzCompareLower compares compareLower with comparing the lower-case
// strings on any input.
func FuzzCompareLower(f *testing.F) {
	f.Add("Abc", "abd")
	f.Add("K", "k")
	f.Add("x\xff", "X")
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := compareLower(a, b), strings.Compare(strings.ToLower(a), strings.ToLower(b)); got != want {
			t.Errorf("compareLower(%q, %q) = %d, want %d", a, b, got, want)
		}
	})
}

// TestFoldTablePairs checks foldWords against foldWordsTables on every
// pair of known characters (and a few ASCII ones) and counts them: the
// table must cover the Latin letters of names.
func TestFoldTablePairs(t *testing.T) {
	var known []string
	for _, r := range []rune{'a', 'Z', '7', ' ', '\'', '-'} {
		known = append(known, string(r))
	}
	for r := rune(0x80); r < 0x2100; r++ {
		if lookupFold(r).kind != foldUnknown {
			known = append(known, string(r))
		}
	}
	if len(known) < 400 {
		t.Fatalf("only %d characters folded without the tables", len(known))
	}
	for _, s := range []string{"é", "ñ", "ü", "ß", "ø", "ł", "ő", "č", "–", "’", "\u00a0"} {
		if lookupFold([]rune(s)[0]).kind == foldUnknown {
			t.Errorf("%q is not in the fold table", s)
		}
	}
	for _, s := range []string{"\u0301", "µ", "ŉ", "¼", "Ŀ", "\ufffd"} {
		if k := lookupFold([]rune(s)[0]).kind; k != foldUnknown {
			t.Errorf("%q is in the fold table as %d", s, k)
		}
	}
	for _, a := range known {
		for _, b := range known {
			if got, want := foldWords(a+b), foldWordsTables(a+b); got != want {
				t.Fatalf("foldWords(%q) = %q, want %q", a+b, got, want)
			}
		}
	}
}

// FuzzFoldWords compares foldWords with foldWordsTables on any input.
func FuzzFoldWords(f *testing.F) {
	for _, s := range []string{"Núñez-O'Brien, J.-P.", "Straße – “Title”", "e\u0301", "ŉ", "日本", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := foldWords(s), foldWordsTables(s); got != want {
			t.Errorf("foldWords(%q) = %q, want %q", s, got, want)
		}
		checkNameFolds(t, s)
	})
}

// checkSafeURL compares safeURL's shortcut with parsing the URL.
func checkSafeURL(t *testing.T, u string) {
	t.Helper()
	if v := strings.TrimSpace(u); plainHTTPURL(v) {
		if got := parsedSafeURL(v); got != v {
			t.Errorf("plainHTTPURL(%q), but parsing gives %q", v, got)
		}
	}
}

// TestSafeURLFastPath checks the URLs safeURL passes without parsing.
func TestSafeURLFastPath(t *testing.T) {
	cases := []string{"https://doi.org/10.1000/x", "http://example.org", "https://example.org/", "https://a.b/c//d/../e",
		"https://Example.org/", "HTTPS://x.org/", "https://x.org:80/", "https://u@x.org/", "https://x.org/a?b", "https://x.org/a#b",
		"https://x.org/%41", "https:///x", "https://x.org/a b", "https://[::1]/", "https://x.org/~u/_a-b.c"}
	pieces := []string{"https://", "http://", "x", "X", ".", "/", "-", "_", "~", "%", "%2F", "?", "#", ":", "@", " ", "é", "\x00", "[", "]", "org", "9"}
	r := rand.New(rand.NewPCG(13, 14))
	for range 5000 {
		s := pieces[r.IntN(2)]
		for range r.IntN(8) {
			s += pieces[r.IntN(len(pieces))]
		}
		cases = append(cases, s)
	}
	for _, u := range cases {
		checkSafeURL(t, u)
	}
}

// FuzzSafeURL compares safeURL's shortcut with parsing on any input.
func FuzzSafeURL(f *testing.F) {
	f.Add("https://doi.org/10.1000/x")
	f.Add("http://a.b//c")
	f.Fuzz(checkSafeURL)
}

// titleMatchKeyDef is titleMatchKey by its definition.
func titleMatchKeyDef(p *Publication) string {
	t := normalizeTitle(p.FullTitle())
	if len(t) < 12 || genericTitles[t] || genericTitles[normalizeTitle(p.Title)] {
		return ""
	}
	return t
}

// checkKeys compares titleMatchKey and normalizedDOI with their
// definitions.
func checkKeys(t *testing.T, title, subtitle string) {
	t.Helper()
	p := &Publication{Title: title, Subtitle: subtitle}
	if got, want := titleMatchKey(p), titleMatchKeyDef(p); got != want {
		t.Errorf("titleMatchKey(%q, %q) = %q, want %q", title, subtitle, got, want)
	}
	for _, v := range []string{title, subtitle} {
		if normalizedDOI(v) && NormalizeDOI(v) != v {
			t.Errorf("normalizedDOI(%q), but NormalizeDOI gives %q", v, NormalizeDOI(v))
		}
	}
}

// TestKeyFastPaths checks titleMatchKey's folding on the stack and the
// normalized-DOI test on generic titles, tags, subtitles and random text.
func TestKeyFastPaths(t *testing.T) {
	var cases [][2]string
	for g := range genericTitles {
		cases = append(cases, [2]string{g, ""}, [2]string{strings.ToUpper(g), "A study of everything"}, [2]string{"Editorial", g})
	}
	cases = append(cases, [2]string{"The <i>Café</i>", "a study"}, [2]string{"a<b", "c>d"}, [2]string{"Short", ""}, [2]string{"", "Only a subtitle here"},
		[2]string{"Straße – “Title”", "Über alles"}, [2]string{"日本語のタイトル", "sub"}, [2]string{"10.1000/ABC", "10.1000/abc"}, [2]string{"10.1000/a b", "10.1000/é"},
		[2]string{"doi:10.1/x", "10.1/doi:x"}, [2]string{strings.Repeat("long title ", 30), "x"})
	pieces := []string{"a", "Z", "0", " ", ":", "-", "'", "é", "ß", "<i>", "</i>", "<", ">", "10.", "/", "\t", "editorial", "preface", "日", "\xff"}
	r := rand.New(rand.NewPCG(15, 16))
	for range 4000 {
		var a, b string
		for range r.IntN(8) {
			a += pieces[r.IntN(len(pieces))]
		}
		for range r.IntN(4) {
			b += pieces[r.IntN(len(pieces))]
		}
		cases = append(cases, [2]string{a, b})
	}
	for _, c := range cases {
		checkKeys(t, c[0], c[1])
	}
}

// FuzzKeys compares titleMatchKey and normalizedDOI with their
// definitions on any input.
func FuzzKeys(f *testing.F) {
	f.Add("The Café", "a study")
	f.Add("10.1000/x", "Preface")
	f.Fuzz(checkKeys)
}

// randomJoins returns n strings, each of fewer than limit pieces drawn
// by r.
func randomJoins(r *rand.Rand, pieces []string, n, limit int) []string {
	out := make([]string, n)
	for i := range out {
		for range r.IntN(limit) {
			out[i] += pieces[r.IntN(len(pieces))]
		}
	}
	return out
}
