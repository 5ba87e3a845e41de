package cite

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func FuzzParseBibTeX(f *testing.F) {
	f.Add(`@article{a, title = "Lo{\"i}c" # jan, author = {A and {B C}}, year = 2020}`)
	f.Add(`@string{x = {y}} @misc(k, note = x)`)
	f.Add(`@comment{@article{x}} junk @preamble{"\x"}`)
	f.Fuzz(func(t *testing.T, src string) {
		entries, _ := ParseBibTeX(src)
		for _, e := range entries {
			SplitNames(e.raw("author"))
			WorkFromEntry(e)
			if e.Key == "" || strings.ContainsAny(e.Key, ",{}()\"=# \t\r\n%'~\\@") {
				continue
			}
			// What we read, we write back and read the same.
			var fields []Field
			for _, fl := range e.Fields {
				fields = append(fields, NewField(fl.Name, fl.Value))
			}
			e2 := Entry{Type: e.Type, Key: e.Key, Fields: fields}
			if strings.ContainsAny(e.Type, "{}()\" \t\r\n,=#%'~\\@") || e.Type == "" || e.Type == "comment" || e.Type == "string" || e.Type == "preamble" {
				continue
			}
			back, err := ParseBibTeX(FormatEntry(e2))
			if err != nil || len(back) != 1 {
				t.Fatalf("re-read %q: %v (%d entries)", FormatEntry(e2), err, len(back))
			}
			for i, fl := range back[0].Fields {
				if fl.Value != fields[i].Value {
					t.Fatalf("field %s: wrote %q, read %q\n%s", fl.Name, fields[i].Value, fl.Value, FormatEntry(e2))
				}
			}
		}
	})
}

func FuzzEscapeLaTeX(f *testing.F) {
	f.Add("a & b {c} \\d ~e ^f $g$ #h _i %j")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		s = cleanText(s)
		if got := DecodeLaTeX(EscapeLaTeX(s)); got != norm.NFC.String(s) {
			t.Fatalf("DecodeLaTeX(EscapeLaTeX(%q)) = %q", s, got)
		}
	})
}
