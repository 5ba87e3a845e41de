package orcid

import (
	"fmt"
	"strings"
)

// ID is a validated ORCID iD in its bare 16-character form, such as
// "0000-0002-1825-0097". The zero value is not a valid iD.
type ID string

// String returns the bare iD.
func (id ID) String() string { return string(id) }

// URI returns the canonical https://orcid.org/ form of the iD.
func (id ID) URI() string { return "https://orcid.org/" + string(id) }

// ParseID accepts an ORCID iD typed by a person: the bare form, an
// http(s)://orcid.org/ or sandbox URL, a lower-case x check character and
// surrounding spaces. It returns the canonical bare iD or an error that says
// what is wrong: the length, a character, or the checksum.
func ParseID(s string) (ID, error) {
	orig := s
	s = strings.TrimSpace(s)
	for _, p := range []string{"https://", "http://"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
			break
		}
	}
	for _, host := range []string{"www.orcid.org/", "orcid.org/", "sandbox.orcid.org/"} {
		if len(s) >= len(host) && strings.EqualFold(s[:len(host)], host) {
			s = s[len(host):]
			break
		}
	}
	s = strings.TrimSuffix(s, "/")
	if s == "" {
		return "", fmt.Errorf("invalid ORCID iD %q: empty", orig)
	}
	s = strings.ToUpper(s)
	digits := strings.ReplaceAll(s, "-", "")
	if len(digits) != 16 {
		return "", fmt.Errorf("invalid ORCID iD %q: want 16 digits in four groups like 0000-0002-1825-0097, got %d characters", orig, len(digits))
	}
	if strings.Contains(s, "-") && (len(s) != 19 || s[4] != '-' || s[9] != '-' || s[14] != '-') {
		return "", fmt.Errorf("invalid ORCID iD %q: hyphens must separate four groups of four, like 0000-0002-1825-0097", orig)
	}
	for i, r := range digits {
		if r >= '0' && r <= '9' {
			continue
		}
		if r == 'X' && i == 15 {
			continue
		}
		return "", fmt.Errorf("invalid ORCID iD %q: unexpected character %q (only digits, and X as the last character)", orig, r)
	}
	want := CheckDigit(digits[:15])
	if digits[15] != want {
		return "", fmt.Errorf("invalid ORCID iD %q: checksum: last character should be %c", orig, want)
	}
	return ID(digits[0:4] + "-" + digits[4:8] + "-" + digits[8:12] + "-" + digits[12:16]), nil
}

// MustParseID is like ParseID but panics on error; for tests and constants.
func MustParseID(s string) ID {
	id, err := ParseID(s)
	if err != nil {
		panic(err)
	}
	return id
}

// CheckDigit computes the ISO/IEC 7064 MOD 11-2 check character ('0'-'9' or
// 'X') for the first 15 digits of an iD. Non-digits are ignored.
func CheckDigit(base string) byte {
	total := 0
	for _, r := range base {
		if r < '0' || r > '9' {
			continue
		}
		total = (total + int(r-'0')) * 2
	}
	r := (12 - total%11) % 11
	if r == 10 {
		return 'X'
	}
	return byte('0' + r)
}
