package cite

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// escapeLaTeXLoop is EscapeLaTeX without its fast path.
func escapeLaTeXLoop(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\textbackslash{}`)
		case '{':
			b.WriteString(`\textbraceleft{}`)
		case '}':
			b.WriteString(`\textbraceright{}`)
		case '&', '%', '$', '#', '_':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '~':
			b.WriteString(`\textasciitilde{}`)
		case '^':
			b.WriteString(`\textasciicircum{}`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// formatEntryConcat is FormatEntry as first written, with string
// concatenation and the month test on every field.
func formatEntryConcat(e Entry) string {
	var b strings.Builder
	b.WriteString("@" + e.Type + "{" + e.Key + ",\n")
	width := 0
	for _, f := range e.Fields {
		width = max(width, len(f.Name))
	}
	for _, f := range e.Fields {
		b.WriteString("  " + f.Name + strings.Repeat(" ", width-len(f.Name)) + " = ")
		raw := f.Raw
		if raw == "" {
			raw = escapeLaTeXLoop(f.Value)
		}
		if m := ParseMonth(f.Value); f.Name == "month" && m > 0 && f.Value == monthNames[m-1] {
			b.WriteString(monthMacros[m-1] + ",\n")
			continue
		}
		b.WriteString("{" + raw + "},\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// TestWriterFastPaths checks EscapeLaTeX and FormatEntry against their
// plain definitions on random text mixing LaTeX specials, Unicode,
// invalid UTF-8 and month names, and on entries built from random works.
func TestWriterFastPaths(t *testing.T) {
	pieces := []string{"", "a", "Soil", " ", "\\", "{", "}", "&", "%", "$", "#", "_", "~", "^", "é", "日", "\xff", "\xe2\x82",
		"June", "jun", "6", "13", "Sept.", "month", "x", "\n", "\t"}
	r := rand.New(rand.NewPCG(7, 8))
	str := func() string {
		var s string
		for range r.IntN(5) {
			s += pieces[r.IntN(len(pieces))]
		}
		return s
	}
	for range 3000 {
		s := str()
		if got, want := EscapeLaTeX(s), escapeLaTeXLoop(s); got != want {
			t.Fatalf("EscapeLaTeX(%q) = %q, want %q", s, got, want)
		}
	}
	names := []string{"month", "title", "author", "year", "url", "doi", "journal", "note", "x", "archiveprefix"}
	for range 1000 {
		e := Entry{Type: str(), Key: str()}
		for range r.IntN(6) {
			f := Field{Name: names[r.IntN(len(names))], Value: str()}
			switch r.IntN(3) {
			case 0:
				f.Raw = str()
			case 1:
				f.Value = monthNames[r.IntN(12)]
			}
			e.Fields = append(e.Fields, f)
		}
		if got, want := FormatEntry(e), formatEntryConcat(e); got != want {
			t.Fatalf("FormatEntry(%#v) =\n%q\nwant\n%q", e, got, want)
		}
	}
	w := Work{ID: "w", Key: "k", Type: "journal-article", Title: "A_b & {c}", Year: 2020, Month: 6, Day: 1,
		Authors: []Name{{Given: "Ann", Family: "Lee"}, {Literal: "Team #1"}}, URL: "https://x.org/a_b", DOI: "10.1/a_b"}
	e := EntryFromWork(w)
	if got, want := FormatEntry(e), formatEntryConcat(e); got != want || !strings.Contains(got, "  month  = jun,\n") {
		t.Errorf("FormatEntry of a work =\n%s\nwant\n%s", got, want)
	}
}
