package generator

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldWords reduces text to lower-case words for comparing names and
// titles and for making slugs: accents and apostrophes vanish ("O'Brien" is
// "obrien", "Ñúñez" is "nunez", "ß" is "ss"), and every run of other
// characters becomes one space.
//
// ASCII and the Latin letters and punctuation of foldTable are folded
// without normalizing the text; anything else goes through
// foldWordsTables' NFKD decomposition and the Unicode tables.
func foldWords(s string) string {
	if len(s) <= 256 {
		var buf [256]byte
		if b, ok := appendFold(buf[:0], s, false); ok {
			return string(b)
		}
	} else if b, ok := appendFold(make([]byte, 0, len(s)), s, false); ok {
		return string(b)
	}
	return foldWordsTables(s)
}

// foldWordsTables is foldWords through NFKD decomposition and the Unicode
// tables, for any text.
func foldWordsTables(s string) string {
	s = norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(s))
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

// How foldWords treats one character, whatever surrounds it.
const (
	foldUnknown   = iota // not known: the text takes foldWordsTables
	foldLetters          // part of a word, as foldRune.letters
	foldSeparator        // between words
	foldDropped          // left out (apostrophes, combining accents)
)

// foldRune is how foldWords treats one character.
type foldRune struct {
	kind    uint8
	letters string // foldLetters: lower-case ASCII letters and digits
}

// foldTable holds the characters foldWords folds without normalizing the
// text: Latin-1, Latin Extended-A and -B, and general punctuation (dashes,
// quotation marks). Each is derived from foldWordsTables itself.
var foldTable = sync.OnceValue(func() *[2][]foldRune {
	var t [2][]foldRune
	t[0] = make([]foldRune, 0x250)
	t[1] = make([]foldRune, 0x70)
	for r := rune(0x80); r < 0x250; r++ {
		t[0][r] = classifyFold(r)
	}
	for r := rune(0x2000); r < 0x2070; r++ {
		t[1][r-0x2000] = classifyFold(r)
	}
	return &t
})

// classifyFold finds how foldWordsTables treats r: between two letters,
// alone and between spaces, it must behave the same way. A character whose
// decomposition starts with a combining mark (which decomposition could
// reorder with what precedes it) stays unknown.
func classifyFold(r rune) foldRune {
	c := string(r)
	if norm.NFKD.PropertiesString(c).LeadCCC() != 0 || !utf8.ValidRune(r) {
		return foldRune{}
	}
	alone, between, spaced := foldWordsTables(c), foldWordsTables("a"+c+"b"), foldWordsTables("a "+c+" b")
	switch {
	case alone == "" && between == "ab" && spaced == "a b":
		return foldRune{kind: foldDropped}
	case alone == "" && between == "a b" && spaced == "a b":
		return foldRune{kind: foldSeparator}
	case alone != "" && between == "a"+alone+"b" && spaced == "a "+alone+" b":
		for i := 0; i < len(alone); i++ {
			if ch := alone[i]; !(ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9') {
				return foldRune{}
			}
		}
		return foldRune{kind: foldLetters, letters: alone}
	}
	return foldRune{}
}

// lookupFold returns how foldWords treats a non-ASCII character.
func lookupFold(r rune) foldRune {
	t := foldTable()
	switch {
	case r < 0x250:
		return t[0][r]
	case r >= 0x2000 && r < 0x2070:
		return t[1][r-0x2000]
	}
	return foldRune{}
}

// appendFold appends foldWords(s) to dst, each word preceded by one space
// unless dst is empty; with short set, words of one letter are left out
// (fullNameKey). It reports false, having appended part of it, when s has a
// character outside foldTable.
func appendFold(dst []byte, s string, short bool) ([]byte, bool) {
	// mark: len(dst) before the current word and its space; start: where
	// the current word began in dst, -1 between words.
	mark, start := 0, -1
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if lowerAlnum[c] {
				// A run of lower-case letters and digits, copied at once.
				j := i + 1
				for j < len(s) && lowerAlnum[s[j]] {
					j++
				}
				dst, mark, start = beginWord(dst, mark, start)
				dst = append(dst, s[i:j]...)
				i = j
				continue
			}
			i++
			switch {
			case c == '\'':
			case c >= 'A' && c <= 'Z':
				dst, mark, start = beginWord(dst, mark, start)
				dst = append(dst, c+'a'-'A')
			default:
				dst, start = endWord(dst, mark, start, short)
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch f := lookupFold(r); f.kind {
		case foldUnknown:
			return dst, false
		case foldSeparator:
			dst, start = endWord(dst, mark, start, short)
		case foldLetters:
			dst, mark, start = beginWord(dst, mark, start)
			dst = append(dst, f.letters...)
		}
	}
	dst, _ = endWord(dst, mark, start, short)
	return dst, true
}

// lowerAlnum marks the bytes that are ASCII lower-case letters and digits.
var lowerAlnum = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	return t
}()

// beginWord starts a word of appendFold unless one is under way.
func beginWord(dst []byte, mark, start int) ([]byte, int, int) {
	if start < 0 {
		mark = len(dst)
		if mark > 0 {
			dst = append(dst, ' ')
		}
		start = len(dst)
	}
	return dst, mark, start
}

// endWord ends the current word of appendFold, if any, removing it when
// short is set and it has one letter.
func endWord(dst []byte, mark, start int, short bool) ([]byte, int) {
	if start >= 0 && short && len(dst)-start < 2 {
		dst = dst[:mark]
	}
	return dst, -1
}
