package cite

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The writers take fast paths over the general definitions kept here:
// cleanText skips text that is already clean, plainText finds text that
// needs neither cleaning nor escaping, appendJSONString escapes as
// encoding/json does, SplitName cuts names into substrings, baseKey
// reduces ASCII words in place, AppendEntry writes an entry without
// building it and appendCSLWork writes an item without converting the
// work. Each is compared with its definition on fixed cases, on random
// text and works, and in fuzz tests.

// cleanTextFields is cleanText without its fast path.
func cleanTextFields(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

// asciiWord, the reduction of words in keys as first written, reduces s to lower-case ASCII letters and digits, removing
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

// baseKeyFields is baseKey as first written, through strings.Fields,
// strings.FieldsFunc and asciiWord.
func baseKeyFields(w Work) string {
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

// textPieces make random text: plain words, particles, LaTeX specials,
// every kind of white space and control character, accents, invalid
// UTF-8, JSON specials and long ASCII runs (for the eight-byte steps).
var textPieces = []string{"", "a", "Soil", "van", "de", "Ünïcödé", "日本", "ß", "Ø", " ", "  ", "\t", "\n", "\r\n", "\v", "\f",
	"\x00", "\x1f", "\x7f", "\u0085", "\u00a0", "\u1680", "\u2003", "\u2028", "\u2029", "\u3000", "\u200b", "\xff", "\xe2\x82", "\xc2",
	",", ", ", ".", "-", "'", "\\", "{", "}", "&", "%", "$", "#", "_", "~", "^", `"`, "<", ">", "😀",
	"abcdefgh", "ABCDEFGHIJKLMNOP", "The", "of", "1234567", "x y z w", "12345678 ", "June", "arXiv", "10.1000/a_b", "https://x.org/a?b=1&c"}

func randomText(r *rand.Rand, max int) string {
	var b strings.Builder
	for range r.IntN(max + 1) {
		b.WriteString(textPieces[r.IntN(len(textPieces))])
	}
	return b.String()
}

var workTypes = []string{"", "journal-article", "conference-paper", "book", "book-chapter", "dissertation-thesis", "report",
	"manual", "preprint", "data-set", "software", "other", "conference-proceedings"}

func randomName(r *rand.Rand) Name {
	var n Name
	switch r.IntN(5) {
	case 0:
		n.Literal = randomText(r, 3)
	case 1:
		n.Family = randomText(r, 3)
	case 2:
		return n
	default:
		n.Given, n.Family = randomText(r, 2), randomText(r, 3)
	}
	if r.IntN(8) == 0 {
		n.Given, n.Literal = randomText(r, 2), randomText(r, 2)
	}
	return n
}

func randomWork(r *rand.Rand) Work {
	w := Work{ID: randomText(r, 3), Key: randomText(r, 2), Type: workTypes[r.IntN(len(workTypes))], Title: randomText(r, 8),
		Venue: randomText(r, 3), Publisher: randomText(r, 2), Volume: randomText(r, 1), Issue: randomText(r, 1),
		Pages: randomText(r, 1), DOI: randomText(r, 2), URL: randomText(r, 2), PMID: randomText(r, 1), PMCID: randomText(r, 1),
		ArXiv: randomText(r, 1), ISBN: randomText(r, 1), Abstract: randomText(r, 2), Note: randomText(r, 1)}
	if w.Key == "" {
		w.Key = "k"
	}
	w.Year = []int{0, 0, 2020, 1999, -3, 123456}[r.IntN(6)]
	w.Month = r.IntN(16) - 2
	w.Day = r.IntN(36) - 2
	for range r.IntN(5) {
		w.Authors = append(w.Authors, randomName(r))
	}
	if r.IntN(4) == 0 {
		w.Authors = []Name{}
	}
	return w
}

// checkWork compares the fast writers with their definitions on one work.
func checkWork(t *testing.T, w Work) {
	t.Helper()
	if got, want := string(AppendEntry([]byte("x"), &w)), "x"+FormatEntry(EntryFromWork(w)); got != want {
		t.Fatalf("AppendEntry(%#v) =\n%q\nwant\n%q", w, got, want)
	}
	it := CSLItemFromWork(w)
	if got, want := appendCSLWork([]byte("x"), &w), appendCSLItem([]byte("x"), &it); !bytes.Equal(got, want) {
		t.Fatalf("appendCSLWork(%#v) =\n%q\nwant\n%q", w, got, want)
	}
	if got, want := baseKey(&w), baseKeyFields(w); got != want {
		t.Fatalf("baseKey(%#v) = %q, want %q", w, got, want)
	}
}

// checkText compares the fast paths over one string with their
// definitions.
func checkText(t *testing.T, s string) {
	t.Helper()
	if got, want := cleanText(s), cleanTextFields(s); got != want {
		t.Fatalf("cleanText(%q) = %q, want %q", s, got, want)
	}
	if got, want := SplitName(s), splitNameFields(s); got != want {
		t.Fatalf("SplitName(%q) = %#v, want %#v", s, got, want)
	}
	if got, want := string(appendEscapeLaTeX([]byte("x"), s)), "x"+escapeLaTeXLoop(s); got != want {
		t.Fatalf("appendEscapeLaTeX(%q) = %q, want %q", s, got, want)
	}
	for _, special := range []uint8{0, clsTeX, clsJSON} {
		want := cleanTextFields(s) == s && utf8.ValidString(s)
		for i := 0; i < len(s); i++ {
			want = want && byteClass[s[i]]&special == 0
		}
		if got := plainText(s, special); got != want {
			t.Fatalf("plainText(%q, %d) = %v, want %v", s, special, got, want)
		}
	}
	if plainText(s, clsTeX) && EscapeLaTeX(s) != s {
		t.Fatalf("plainText(%q, clsTeX) but EscapeLaTeX changes it", s)
	}
	q, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendJSONString([]byte("x"), s); string(got) != "x"+string(q) {
		t.Fatalf("appendJSONString(%q) = %s, want x%s", s, got, q)
	}
	if plainText(s, clsJSON) && string(q) != `"`+s+`"` {
		t.Fatalf("plainText(%q, clsJSON) but encoding/json escapes it: %s", s, q)
	}
	if got, want := firstField(s), strings.Join(strings.Fields(s)[:min(1, len(strings.Fields(s)))], ""); got != want {
		t.Fatalf("firstField(%q) = %q, want %q", s, got, want)
	}
}

func TestTextFastPaths(t *testing.T) {
	fixed := []string{"", " ", "a", " a", "a ", "a  b", "a b", "a\tb", "abcdefg  h", "abcdefgh  ", "abcdefg \x00", "abcdefghijklmno\x7f",
		"abcdefgh\u00a0", "Ludwig van Beethoven", "Carberry, Josiah", ",", " , ", ", x", "x ,", "Núñez, José", "J. van der Berg",
		"van", "a van b", "A\u2003B", "\xffab cd\xfe", "日本 語", "abcdefgh ijklmnop qrstuvwx", "       a"}
	for _, s := range fixed {
		checkText(t, s)
	}
	r := rand.New(rand.NewPCG(11, 12))
	for range 20000 {
		checkText(t, randomText(r, 10))
	}
	// Every position of a bad byte or a double space in long ASCII text.
	for n := 1; n <= 24; n++ {
		for i := range n {
			for _, bad := range []string{"  ", "\x01", "\x7f", "\u00a0", "é", "\xff", " "} {
				s := strings.Repeat("a", i) + bad + strings.Repeat("b", n-i)
				checkText(t, s)
			}
		}
	}
}

func TestWorkFastPaths(t *testing.T) {
	works := testWorks()
	AssignKeys(works)
	works = append(works, Work{Key: "k"}, Work{Key: "k", Authors: []Name{{}, {}}}, Work{Key: "k", Authors: []Name{{}, {Family: "A"}, {}}},
		Work{Key: "k", Type: "preprint", Note: " "}, Work{Key: "k", Year: 2020, Month: 12, Day: 40},
		Work{Key: "k", Authors: []Name{{Given: "A", Family: "van der Berg"}, {Given: "B", Family: "Smith, Jr."}, {Family: "Two words"}}},
		Work{Key: "k", URL: "https://x.org/{a}", DOI: `10.1\x`, ArXiv: "{"})
	for _, w := range works {
		checkWork(t, w)
	}
	r := rand.New(rand.NewPCG(13, 14))
	for range 5000 {
		checkWork(t, randomWork(r))
	}
}

// TestCSLJSONPieces checks that WriteCSLJSON, in pieces, writes what
// CSLJSON does, and both what encoding/json writes for the items, on a
// list long enough for several pieces.
func TestCSLJSONPieces(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for _, n := range []int{0, 1, 2, 1500} {
		works := make([]Work, n)
		for i := range works {
			works[i] = randomWork(r)
			if i%3 == 0 {
				works[i].Key = ""
			}
		}
		whole, err := CSLJSON(works)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteCSLJSON(&buf, works); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), whole) {
			t.Fatalf("%d works: WriteCSLJSON differs from CSLJSON", n)
		}
		ws := append([]Work(nil), works...)
		AssignKeys(ws)
		items := make([]CSLItem, 0, len(ws))
		for _, w := range ws {
			items = append(items, CSLItemFromWork(w))
		}
		if want := encodingJSON(t, items); !bytes.Equal(whole, want) {
			t.Fatalf("%d works: CSLJSON differs from encoding/json", n)
		}
		if n == 1500 && buf.Len() < 3*cslChunk {
			t.Errorf("%d bytes: too few for several pieces", buf.Len())
		}
	}
}

func FuzzTextFastPaths(f *testing.F) {
	for _, s := range []string{"a  b", "Ludwig van Beethoven", "Carberry, Josiah", ",", "abcdefgh\u00a0ijk", "\xff\x00 x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkText(t, s) })
}

func FuzzWorkFastPaths(f *testing.F) {
	f.Add("Effects of 50% {braces}", "José", "van Núñez", "The Consortium", "J. Ünï", "10.1/a_b", "https://x.org/{a}", 2020, 6, 1, uint8(3))
	f.Add("", "", "", "", "", "", "", 0, 0, 0, uint8(0))
	f.Fuzz(func(t *testing.T, title, given, family, literal, venue, doi, url string, year, month, day int, typ uint8) {
		w := Work{ID: title, Key: "k", Type: workTypes[int(typ)%len(workTypes)], Title: title, Venue: venue, Publisher: venue,
			DOI: doi, URL: url, ArXiv: doi, Note: literal, Year: year, Month: month, Day: day,
			Authors: []Name{{Given: given, Family: family}, {Literal: literal}, {Family: family}, {Given: given}}}
		checkWork(t, w)
	})
}

type failingWriter struct{ n int }

func (f *failingWriter) Write(b []byte) (int, error) {
	f.n++
	return 0, errors.New("disk full")
}

// TestCSLWriterError checks that a write error stops a CSLWriter and is
// returned.
func TestCSLWriterError(t *testing.T) {
	works := make([]Work, 300)
	for i := range works {
		works[i] = Work{Key: "k", Title: strings.Repeat("x", 400)}
	}
	var f failingWriter
	if err := WriteCSLJSON(&f, works); err == nil || err.Error() != "disk full" || f.n != 1 {
		t.Errorf("WriteCSLJSON = %v after %d writes, want the write's error after one", err, f.n)
	}
}
