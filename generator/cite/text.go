package cite

import "unicode/utf8"

// Byte classes for the writers' fast paths: most text needs neither
// cleaning nor escaping, and one pass over it with byteClass tells.
const (
	clsSpace = 1 << iota // ' '
	clsCtl               // control characters, ASCII white space but ' '
	clsTeX               // special to BibTeX and LaTeX: \ { } & % $ # _ ~ ^
	clsJSON              // escaped by encoding/json: " \ < > &
	clsHigh              // part of a multi-byte UTF-8 sequence
)

var byteClass = func() (t [256]uint8) {
	for c := range 0x20 {
		t[c] = clsCtl
	}
	t[0x7f] = clsCtl
	t[' '] = clsSpace
	for _, c := range `\{}&%$#_~^` {
		t[c] |= clsTeX
	}
	for _, c := range `"\<>&` {
		t[c] |= clsJSON
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = clsHigh
	}
	return t
}()

// plainText reports whether s is valid UTF-8 that cleanText leaves as it
// is and that holds no byte of the classes in special: text a writer can
// copy as it is.
func plainText(s string, special uint8) bool {
	if len(s) == 0 {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	special |= clsCtl
	for i := 0; i < len(s); i++ {
		k := byteClass[s[i]]
		switch {
		case k == 0:
		case k&special != 0:
			return false
		case k == clsSpace:
			// s does not end with a space: s[i+1] exists.
			if s[i+1] == ' ' {
				return false
			}
		default: // clsHigh
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 || isSpaceOrControl(r) {
				return false
			}
			i += n - 1
		}
	}
	return true
}

// appendCleanLaTeX appends EscapeLaTeX(cleanText(s)).
func appendCleanLaTeX(b []byte, s string) []byte {
	if plainText(s, clsTeX) {
		return append(b, s...)
	}
	return appendEscapeLaTeX(b, cleanText(s))
}
