package generator

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldWordsTables is foldWords with every rune through the Unicode
// tables, the definition its ASCII fast path must agree with.
func foldWordsTables(s string) string {
	s = norm.NFKD.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			switch r {
			case 'ß':
				b.WriteString("ss")
			case 'ø', 'Ø':
				b.WriteByte('o')
			case 'ł', 'Ł':
				b.WriteByte('l')
			case 'đ', 'Đ':
				b.WriteByte('d')
			default:
				b.WriteRune(unicode.ToLower(r))
			}
		default:
			space = true
		}
	}
	return b.String()
}

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
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		var s string
		for range r.IntN(8) {
			s += pieces[r.IntN(len(pieces))]
		}
		cases = append(cases, s)
	}
	for _, s := range cases {
		if got, want := foldWords(s), foldWordsTables(s); got != want {
			t.Errorf("foldWords(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestCleanSpaceFastPath checks cleanSpace against its definition (fields
// split at white space and control characters, joined by one space).
func TestCleanSpaceFastPath(t *testing.T) {
	def := func(s string) string {
		return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	}
	var cases []string
	for c := range 130 {
		ch := string(rune(c))
		cases = append(cases, ch, "a"+ch+"b", ch+"x y"+ch, "x"+ch+ch+"y")
	}
	pieces := []string{"a", "B", " ", "  ", "\t", "\n", "\x7f", "\x00", "é", "\u00a0", "\u0085", "\u2028", "\xff", "-", "."}
	r := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		var s string
		for range r.IntN(8) {
			s += pieces[r.IntN(len(pieces))]
		}
		cases = append(cases, s)
	}
	for _, s := range cases {
		if got, want := cleanSpace(s), def(s); got != want {
			t.Errorf("cleanSpace(%q) = %q, want %q", s, got, want)
		}
	}
}
