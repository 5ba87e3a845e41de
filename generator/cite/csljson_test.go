package cite

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// encodingJSON is the layout CSLJSON writes, made with encoding/json:
// each item as Marshal writes it, one per line between "[" and "]" (a nil
// list "null", an empty one "[]"), with a final newline.
func encodingJSON(t *testing.T, items []CSLItem) []byte {
	t.Helper()
	if items == nil {
		return []byte("null\n")
	}
	if len(items) == 0 {
		return []byte("[]\n")
	}
	var buf bytes.Buffer
	for i := range items {
		b, err := json.Marshal(&items[i])
		if err != nil {
			t.Fatal(err)
		}
		buf.WriteString(",\n")
		buf.Write(b)
	}
	b := buf.Bytes()
	b[0] = '['
	return append(b, "\n]\n"...)
}

// appendCSLJSON appends the items in CSLJSON's layout, final newline
// included: the writer of items that CSLJSON uses for each work.
func appendCSLJSON(b []byte, items []CSLItem) []byte {
	if items == nil {
		return append(b, "null\n"...)
	}
	for i := range items {
		b = appendCSLItem(appendCSLSep(b, i), &items[i])
	}
	return appendCSLClose(b, len(items))
}

// TestCSLJSONWriterMatchesEncodingJSON compares appendCSLJSON with
// encoding/json on fixed cases and on random items whose strings mix
// plain text, HTML specials, control characters, invalid UTF-8 and the
// line separators that encoding/json escapes.
func TestCSLJSONWriterMatchesEncodingJSON(t *testing.T) {
	pieces := []string{"", "a", "Ab c", "<i>x</i>", "R&D", `"q"`, `back\slash`, "tab\there", "nl\n", "\x00\x01\x1f\x7f",
		"\b\f\r", "é", "Ñúñez", "日本", "\u2028", "\u2029", "\xff", "\xe2\x80", "😀", "\ufffd", " ", "/", "'"}
	str := func(r *rand.Rand) string {
		var s string
		for range r.IntN(4) {
			s += pieces[r.IntN(len(pieces))]
		}
		return s
	}
	cases := [][]CSLItem{
		nil,
		{},
		{{ID: "k", Type: "article"}},
		{{ID: "", Type: ""}},
		{{ID: "k", Type: "t", Author: []Name{{}}, Issued: &CSLDate{}}},
		{{ID: "k", Type: "t", Issued: &CSLDate{DateParts: [][]int{}}}},
		{{ID: "k", Type: "t", Issued: &CSLDate{DateParts: [][]int{nil, {}, {2020, -1, 0}}}}},
		{{ID: "k", Type: "t", Title: "T", Author: []Name{{Given: "A", Family: "B"}, {Literal: "C"}}, Issued: &CSLDate{DateParts: [][]int{{2020, 2, 3}}}}},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		var items []CSLItem
		for range r.IntN(4) {
			it := CSLItem{ID: str(r), Type: str(r), Title: str(r), ContainerTitle: str(r), Publisher: str(r), Volume: str(r),
				Issue: str(r), Page: str(r), DOI: str(r), URL: str(r), PMID: str(r), PMCID: str(r), ISBN: str(r),
				Number: str(r), Abstract: str(r), Note: str(r)}
			for range r.IntN(3) {
				it.Author = append(it.Author, Name{Given: str(r), Family: str(r), Literal: str(r)})
			}
			if r.IntN(2) == 0 {
				parts := []int{r.IntN(3000)}
				for range r.IntN(3) {
					parts = append(parts, r.IntN(40)-5)
				}
				it.Issued = &CSLDate{DateParts: [][]int{parts}}
			}
			items = append(items, it)
		}
		cases = append(cases, items)
	}
	for _, items := range cases {
		want := encodingJSON(t, items)
		if got := appendCSLJSON(nil, items); !bytes.Equal(got, want) {
			t.Fatalf("items %#v:\ngot  %q\nwant %q", items, got, want)
		}
	}
}

// TestCSLJSONOfWorks checks CSLJSON on converted works against
// encoding/json, so the conversion and the writer agree end to end.
func TestCSLJSONOfWorks(t *testing.T) {
	works := []Work{
		{ID: "1", Type: "journal-article", Title: "On <b>soil</b> & \"water\"", Venue: "J. Soil", Year: 2020, Month: 2, Day: 3,
			Authors: []Name{{Given: "Ada", Family: "Lovelace"}, {Literal: "The Consortium"}, {}}, DOI: "10.1/x", URL: "https://x.org/?a=1&b=2"},
		{ID: "2", Type: "data-set", Title: "Data\u2028set", Year: 2019, Month: 13},
		{ID: "3", Type: "other"},
	}
	got, err := CSLJSON(works)
	if err != nil {
		t.Fatal(err)
	}
	ws := append([]Work(nil), works...)
	AssignKeys(ws)
	var items []CSLItem
	for _, w := range ws {
		items = append(items, CSLItemFromWork(w))
	}
	if want := encodingJSON(t, items); !bytes.Equal(got, want) {
		t.Errorf("CSLJSON:\n%s\nwant:\n%s", got, want)
	}
}
