package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/orcidsite/orcidsite/orcid"
	"github.com/orcidsite/orcidsite/orcid/orcidtest"
)

// decodeGeneral is the reference: the general decoder alone.
func decodeGeneral(b []byte) (*Snapshot, error) {
	var s Snapshot
	if err := jsonv2.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// snapshotSamples are written snapshots of every fake-server fixture, of
// synthetic researchers, of the example site and, when the shared corpus
// is present, of real ORCID records and works.
func snapshotSamples(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	add := func(name string, s *Snapshot) {
		b, err := s.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		out[name] = b
	}
	for id, f := range orcidtest.Fixtures() {
		add("fixture "+string(id), fixtureSnapshot(id, f))
	}
	for id, f := range orcidtest.Generate(orcidtest.GenOptions{People: 4, Works: 30, Overlap: 0.3, Seed: 7}) {
		add("generated "+string(id), fixtureSnapshot(id, f))
	}
	example, err := filepath.Glob(filepath.Join("..", SnapshotDir, "*.json"))
	if err != nil || len(example) == 0 {
		t.Fatalf("no example snapshot: %v", err)
	}
	for _, f := range example {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out["example "+filepath.Base(f)] = b
	}
	// Real records and works lists, written as a fetch writes them.
	records, _ := filepath.Glob(filepath.Join(corpusDir, "record_v3.0_*.json"))
	for _, f := range records {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var rec orcid.Record
		if err := json.Unmarshal(b, &rec); err != nil {
			continue
		}
		add("corpus "+filepath.Base(f), &Snapshot{ORCID: orcid.ID(rec.ORCIDIdentifier.Path), Record: rec})
	}
	works, _ := filepath.Glob(filepath.Join(corpusDir, "works_v3.0_*.json"))
	bulk, _ := filepath.Glob(filepath.Join(corpusDir, "*bulk*.json"))
	for _, f := range append(works, bulk...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ws orcid.Works
		if err := json.Unmarshal(b, &ws); err == nil && len(ws.Group) > 0 {
			s := &Snapshot{ORCID: "0000-0002-1825-0097"}
			s.Record.ActivitiesSummary.Works = ws
			add("corpus "+filepath.Base(f), s)
		}
		var bl struct {
			Bulk []struct {
				Work *orcid.Work `json:"work"`
			} `json:"bulk"`
		}
		if err := json.Unmarshal(b, &bl); err == nil && len(bl.Bulk) > 0 {
			s := &Snapshot{ORCID: "0000-0002-1825-0097"}
			for _, e := range bl.Bulk {
				if e.Work != nil {
					s.Works = append(s.Works, *e.Work)
				}
			}
			add("corpus "+filepath.Base(f), s)
		}
	}
	return out
}

// TestFastSnapshotDecode checks that the snapshot reader takes its fast
// path on every written snapshot and gives exactly the general decoder's
// result.
func TestFastSnapshotDecode(t *testing.T) {
	samples := snapshotSamples(t)
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range samples {
			if !yield(n) {
				return
			}
		}
	})
	for _, name := range names {
		b := samples[name]
		want, err := decodeGeneral(b)
		if err != nil {
			t.Fatalf("%s: general decoder: %v", name, err)
		}
		got, ok := fastDecodeSnapshot(b)
		if !ok {
			t.Errorf("%s: the fast path gave up on a written snapshot", name)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: fast and general decoders differ", name)
		}
	}
}

// TestFastSnapshotDecodeOtherForms feeds forms that WriteSnapshot does not
// write: the fast path must either give up (malformed, unknown or
// repeated members) or decode the value through its type's own method;
// either way decodeSnapshot gives the general decoder's result or error.
func TestFastSnapshotDecodeOtherForms(t *testing.T) {
	cases := []struct {
		name, member string
		giveUp       bool
	}{
		{"unknown member", `"colour":"red"`, true},
		{"repeated member", `"type":"book","type":"other"`, true},
		{"repeated wrapped value", `"url":{"value":"a","value":"b"}`, true},
		{"repeated date part", `"publication-date":{"year":{"value":"2020"},"year":{"value":"2021"}}`, true},
		{"fraction put-code", `"put-code":5.5`, true},
		{"number as string", `"type":5`, true},
		{"lone surrogate", `"type":"\ud800"`, true},
		{"bad escape", `"type":"\q"`, true},
		{"control character", "\"type\":\"a\x01\"", true},
		{"trailing comma", `"type":"book",`, true},
		{"escaped member name", `"typ\u0065":"book"`, true},
		{"escaped quote in member name", `"type\"":"book"`, true},
		{"escaped backslash in member name", `"type\\":"book"`, true},
		{"control character in member name", "\"ty\x01pe\":\"book\"", true},
		{"unclosed member name", `"type`, true},
		{"unclosed", `"title":{"title":{"value":"x"}`, true},
		{"repeated timestamp value", `"created-date":{"value":1,"value":2}`, true},
		{"wrapped value then another member", `"url":{"value":"a","x":1}`, false},
		{"spaced wrapped value", `"url":{"value":"a" }`, false},
		{"spaced timestamp", `"created-date":{"value":12 }`, false},
		{"spaced date part", `"publication-date":{"year":{"value":"2020" },"month":null}`, false},
		{"escaped wrapped value", `"url":{"value":"a\u00e9"}`, false},
		{"unknown date part", `"publication-date":{"season":{"value":"2"}}`, false},
		{"bare wrapped value", `"url":"https://example.org/"`, false},
		{"numeric wrapped value", `"journal-title":{"value":42}`, false},
		{"null wrapped value", `"journal-title":{"value":null}`, false},
		{"string timestamp", `"created-date":{"value":"2020-01-02T03:04:05Z"}`, false},
		{"string date part", `"publication-date":{"year":"2020","month":null}`, false},
		{"citation underscored", `"citation":{"citation_type":"bibtex","citation_value":"@article{x}"}`, false},
		{"citation null type", `"citation":{"citation-type":null,"citation-value":"x"}`, false},
		{"escapes", `"type":"a\"b\\c\/\n\u00e9\ud83d\ude00"`, false},
	}
	for _, c := range cases {
		b := []byte(`{"format":1,"orcid":"0000-0002-1825-0097","works":[{` + c.member + `}]}`)
		if _, ok := fastDecodeSnapshot(b); ok == c.giveUp {
			t.Errorf("%s: fast path ok = %v on %s", c.name, ok, b)
		}
		want, werr := decodeGeneral(b)
		got, gerr := decodeSnapshot(b)
		if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
			t.Errorf("%s: error %v, want %v", c.name, gerr, werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decodeSnapshot gives %+v, the general decoder %+v", c.name, got, want)
		}
	}
	if _, ok := fastDecodeSnapshot([]byte("{\"orcid\":\"\xff\"}")); ok {
		t.Error("invalid UTF-8 was not left to the general decoder")
	}
}

// FuzzFastSnapshotDecode requires that whenever the fast path succeeds,
// the general decoder succeeds too and gives the same snapshot.
func FuzzFastSnapshotDecode(f *testing.F) {
	for _, b := range snapshotSamples(f) {
		if len(b) < 8<<10 {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"works":[{"title":{"title":{"value":"a\"b\u00e9\ud83d\ude00"}},"citation":{"citation-type":"bibtex","citation-value":"\\n"}}]}`))
	f.Add([]byte(`{"record":{"activities-summary":{"works":{"group":[{"work-summary":[{"display-index":"3","put-code":-1}]}]}}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, ok := fastDecodeSnapshot(b)
		if !ok {
			return
		}
		want, err := decodeGeneral(b)
		if err != nil {
			t.Fatalf("fast path accepted what the general decoder refuses (%v): %q", err, b)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("decoders differ on %q:\nfast    %+v\ngeneral %+v", b, got, want)
		}
	})
}

// TestFastSnapshotDecodeMutations is a deterministic companion of the fuzz
// test: it damages written snapshots in many random ways (changed bytes,
// cut or repeated spans, inserted tokens) and requires that whenever the
// fast path accepts the result, the general decoder accepts it too and
// reads the same snapshot.
func TestFastSnapshotDecodeMutations(t *testing.T) {
	var samples [][]byte
	for _, b := range snapshotSamples(t) {
		if len(b) < 16<<10 {
			samples = append(samples, b)
		}
	}
	slices.SortFunc(samples, bytes.Compare)
	tokens := []string{`null`, `"value":`, `{"value":"x"}`, `\u00e9`, `\ud800`, `\"`, `"x":1,`, `,`, `:`, `{`, `}`,
		`[`, `]`, `""`, `0`, `-1`, `1.5`, `1e3`, `true`, `"2020"`, ` `, `"year"`, `"citation_type":"bibtex",`}
	rng := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	accepted := 0
	for i := 0; i < n; i++ {
		b := slices.Clone(samples[rng.IntN(len(samples))])
		for m := 1 + rng.IntN(3); m > 0 && len(b) > 2; m-- {
			at := rng.IntN(len(b))
			switch rng.IntN(4) {
			case 0:
				const chars = "{}[]\",:\\ nu0123456789-.eE\x00\xff"
				b[at] = chars[rng.IntN(len(chars))]
			case 1:
				end := min(len(b), at+1+rng.IntN(40))
				b = append(b[:at], b[end:]...)
			case 2:
				end := min(len(b), at+1+rng.IntN(40))
				b = slices.Insert(b, at, b[at:end]...)
			default:
				b = slices.Insert(b, at, []byte(tokens[rng.IntN(len(tokens))])...)
			}
		}
		got, ok := fastDecodeSnapshot(b)
		if !ok {
			continue
		}
		accepted++
		want, err := decodeGeneral(b)
		if err != nil {
			t.Fatalf("fast path accepted what the general decoder refuses (%v): %q", err, b)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("decoders differ on %q", b)
		}
	}
	if accepted == 0 {
		t.Error("no damaged snapshot was accepted: the test compares nothing")
	}
	t.Logf("%d damaged snapshots, %d accepted by the fast path and equal to the general decoder", n, accepted)
}

// BenchmarkDecodeSnapshot150Works decodes a written snapshot of a
// synthetic researcher with 150 works, fast path and general decoder.
func BenchmarkDecodeSnapshot150Works(b *testing.B) {
	fixtures := orcidtest.Generate(orcidtest.GenOptions{People: 1, Works: 150, Seed: 1})
	var data []byte
	for id, f := range fixtures {
		var err error
		if data, err = fixtureSnapshot(id, f).Marshal(); err != nil {
			b.Fatal(err)
		}
	}
	for _, d := range []struct {
		name string
		fn   func([]byte) (*Snapshot, error)
	}{{"fast", decodeSnapshot}, {"general", decodeGeneral}} {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := d.fn(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	if !bytes.Contains(data, []byte(`"work-summary"`)) {
		b.Fatal("the sample has no work summaries")
	}
}

// marshalFormat1 writes a snapshot as format 1 did: every summary whole.
func marshalFormat1(t *testing.T, s *Snapshot) []byte {
	t.Helper()
	c := *s
	c.Format = 1
	c.SortWorks()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&c); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSnapshotSummaryStub checks that a stored summary keeps the fields
// that differ from its full work, and nothing that the work repeats.
func TestSnapshotSummaryStub(t *testing.T) {
	work := orcid.Work{PutCode: 3, Title: &orcid.Title{Title: "A"}, Type: "book", URL: "https://example.org/a",
		PublicationDate: orcid.FuzzyDate{Year: 2020}, LastModifiedDate: 5, Visibility: "public",
		ExternalIDs: orcid.ExternalIDs{ExternalID: []orcid.ExternalID{{Type: "doi", Value: "10.1/a"}}}}
	sum := orcid.WorkSummary{PutCode: 3, Title: &orcid.Title{Title: "A"}, Type: "book", URL: "https://example.org/a",
		PublicationDate: orcid.FuzzyDate{Year: 2021}, LastModifiedDate: 5, Visibility: "public", DisplayIndex: 2,
		JournalTitle: "Only in the summary",
		ExternalIDs:  orcid.ExternalIDs{ExternalID: []orcid.ExternalID{{Type: "doi", Value: "10.1/a"}}}}
	got := summaryStub(sum, work)
	want := orcid.WorkSummary{PutCode: 3, LastModifiedDate: 5, DisplayIndex: 2,
		PublicationDate: orcid.FuzzyDate{Year: 2021}, JournalTitle: "Only in the summary"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("summaryStub = %+v, want %+v", got, want)
	}
}

// TestSnapshotFormats builds the site of every fixture researcher from
// format 1 snapshots and from format 2 snapshots: the output is the same
// byte for byte, and format 2 files are smaller.
func TestSnapshotFormats(t *testing.T) {
	fs1, cfg1 := fixtureSite(t, 1)
	fs2, cfg2 := fixtureSite(t, 2)
	size := func(fsys fstest.MapFS) (n int) {
		for name, f := range fsys {
			if strings.HasPrefix(name, SnapshotDir) {
				n += len(f.Data)
			}
		}
		return n
	}
	if s1, s2 := size(fs1), size(fs2); s2 >= s1*3/4 {
		t.Errorf("format 2 snapshots take %d bytes, format 1 %d", s2, s1)
	}
	sameOutput(t, renderTestSite(t, fs1, cfg1), renderTestSite(t, fs2, cfg2), "format 1 snapshots", "format 2 snapshots")
	// Writing a snapshot read from format 1 gives the format 2 file.
	for _, pc := range cfg1.People[:3] {
		id := pc.ORCID
		s, err := ReadSnapshot(fs1, id)
		if err != nil {
			t.Fatal(err)
		}
		if s.Format != 1 {
			t.Errorf("%s: format %d read as %d", id, 1, s.Format)
		}
		b, err := s.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, fs2[SnapshotPath(id)].Data) {
			t.Errorf("%s: rewriting a format 1 snapshot does not give the format 2 file", id)
		}
	}
}

// TestSnapshotWorksOnePerLine checks the layout of a written snapshot:
// indented, but each full work on one line, and read back to the same
// works (written again, to the same bytes). An empty list of works is
// written as the Encoder writes it.
func TestSnapshotWorksOnePerLine(t *testing.T) {
	fixtures := orcidtest.Fixtures()
	n := 0
	for id, f := range fixtures {
		s := fixtureSnapshot(id, f)
		b, err := s.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(b) {
			t.Fatalf("%s: invalid JSON", id)
		}
		if !bytes.HasPrefix(b, []byte("{\n  \"format\": 2,\n")) || !bytes.HasSuffix(b, []byte("\n}\n")) {
			t.Errorf("%s: not indented:\n%.80s", id, b)
		}
		_, works, found := bytes.Cut(b, []byte("\n  \"works\": "))
		if !found {
			t.Fatalf("%s: no works", id)
		}
		if len(s.Works) == 0 {
			if w := string(works); w != "[]\n}\n" && w != "null\n}\n" {
				t.Errorf("%s: no works written as %q", id, w)
			}
			continue
		}
		lines := strings.Split(strings.TrimSuffix(string(works), "\n  ]\n}\n"), "\n")
		if lines[0] != "[" || len(lines) != len(s.Works)+1 {
			t.Fatalf("%s: %d works on %d lines: %.200q", id, len(s.Works), len(lines)-1, works)
		}
		for i, line := range lines[1:] {
			line = strings.TrimSuffix(line, ",")
			var w orcid.Work
			if !strings.HasPrefix(line, "    {") || jsonv2.Unmarshal([]byte(line), &w) != nil {
				t.Fatalf("%s: work %d is not one line: %.200q", id, i, line)
			}
			if !reflect.DeepEqual(w, s.Works[i]) {
				t.Errorf("%s: work %d reads back as %+v", id, i, w)
			}
		}
		back, err := decodeSnapshot(b)
		if err != nil {
			t.Fatal(err)
		}
		// The record's work groups, one per line too.
		if groups := back.Record.ActivitiesSummary.Works.Group; len(groups) > 0 {
			_, after, found := bytes.Cut(b, []byte("\n      \"works\": {\n")) // the record's, not fundings'
			if found {
				_, after, found = bytes.Cut(after, []byte("\n        \"group\": [\n"))
			}
			if !found {
				t.Fatalf("%s: no work groups", id)
			}
			lines := strings.SplitN(string(after), "\n", len(groups)+1)
			for i, line := range lines[:len(groups)] {
				var g orcid.WorkGroup
				if !strings.HasPrefix(line, "          {") || jsonv2.Unmarshal([]byte(strings.TrimSuffix(line, ",")), &g) != nil {
					t.Fatalf("%s: work group %d is not one line: %.200q", id, i, line)
				}
				if !reflect.DeepEqual(g, groups[i]) {
					t.Errorf("%s: work group %d reads back as %+v, in the snapshot %+v", id, i, g, groups[i])
				}
			}
			if !strings.HasPrefix(lines[len(groups)], "        ]") {
				t.Errorf("%s: %d work groups are not followed by the end of the list: %.80q", id, len(groups), lines[len(groups)])
			}
		}
		again, err := back.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, b) {
			t.Errorf("%s: written again, the snapshot changes", id)
		}
		n++
	}
	if n < 5 {
		t.Fatalf("only %d fixtures with works", n)
	}
	for _, works := range [][]orcid.Work{nil, {}} {
		s := &Snapshot{ORCID: "0000-0002-1825-0097", Works: works}
		b, err := s.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, want.Bytes()) {
			t.Errorf("works %#v written as\n%s\nwant\n%s", works, b, want.Bytes())
		}
	}
}

// fixtureSite is a site of every fixture researcher with snapshots written
// in the given format.
func fixtureSite(t *testing.T, format int) (fstest.MapFS, *Config) {
	t.Helper()
	fixtures := orcidtest.Fixtures()
	ids := slices.Sorted(func(yield func(orcid.ID) bool) {
		for id := range fixtures {
			if !yield(id) {
				return
			}
		}
	})
	fsys := fstest.MapFS{}
	y := "title: Formats\nbase_url: https://example.org/\npeople:\n"
	for _, id := range ids {
		snap := fixtureSnapshot(id, fixtures[id])
		var b []byte
		if format == 1 {
			b = marshalFormat1(t, snap)
		} else {
			var err error
			if b, err = snap.Marshal(); err != nil {
				t.Fatal(err)
			}
		}
		fsys[SnapshotPath(id)] = &fstest.MapFile{Data: b}
		y += "  - orcid: " + string(id) + "\n"
	}
	fsys["site.yaml"] = &fstest.MapFile{Data: []byte(y)}
	cfg, err := LoadConfig(fsys, "site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return fsys, cfg
}

// TestFastSnapshotDecodeSharesFlatObjects checks that contributors whose
// attributes or iDs are written alike share them, across works, that the
// result equals the general decoder's, and that more texts than are kept,
// and texts with a brace inside a string, still decode each to its own
// value.
func TestFastSnapshotDecodeSharesFlatObjects(t *testing.T) {
	attrs := func(seq, role string) string {
		return fmt.Sprintf(`"contributor-attributes":{"contributor-sequence":%q,"contributor-role":%q}`, seq, role)
	}
	iD := func(path string) string {
		return fmt.Sprintf(`"contributor-orcid":{"uri":"https://orcid.org/%s","path":%q,"host":"orcid.org"}`, path, path)
	}
	var contributors []string
	for i := range 300 {
		contributors = append(contributors, fmt.Sprintf(`{%s,"credit-name":{"value":"A %d"},%s}`, iD(fmt.Sprintf("0000-0000-0000-%04d", i)), i, attrs("first", fmt.Sprint("role-", i))))
	}
	contributors = append(contributors,
		`{`+iD("0000-0000-0000-0000")+`,"credit-name":{"value":"B"},`+attrs("first", "role-0")+`}`,
		`{`+iD("a}b")+`,"credit-name":{"value":"C"},`+attrs("additional", "x}y")+`}`,
		`{`+iD("a}b")+`,"credit-name":{"value":"D"},`+attrs("additional", "x}y")+`}`)
	b := []byte(`{"format":2,"orcid":"0000-0002-1825-0097","works":[{"put-code":1,"contributors":{"contributor":[` +
		strings.Join(contributors, ",") + `]}},{"put-code":2,"contributors":{"contributor":[` + contributors[1] + `]}}]}`)
	got, ok := fastDecodeSnapshot(b)
	if !ok {
		t.Fatal("fast path gave up")
	}
	want, err := decodeGeneral(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("fast path gives %+v, the general decoder %+v", got, want)
	}
	cs := got.Works[0].Contributors.Contributor
	if cs[0].Attributes != cs[300].Attributes || cs[0].ContributorORCID != cs[300].ContributorORCID {
		t.Error("two contributors with the same attributes and iD do not share them")
	}
	other := got.Works[1].Contributors.Contributor[0]
	if cs[1].Attributes != other.Attributes || cs[1].ContributorORCID != other.ContributorORCID {
		t.Error("attributes and iDs are not shared across the works of a snapshot")
	}
	if cs[0].Attributes == cs[1].Attributes || cs[0].ContributorORCID == cs[1].ContributorORCID {
		t.Error("different attributes or iDs share one value")
	}
}

// TestPlainEnd compares plainEnd with a byte-by-byte scan on random text:
// runs of plain bytes (ASCII and UTF-8 bytes alike) broken now and then by
// a byte that ends a run, tried from every offset.
func TestPlainEnd(t *testing.T) {
	plain := []byte{'a', 'Z', ' ', '!', '#', '[', ']', '~', 0x7f, 0x80, 0xc3, 0xa9, 0xff}
	stops := []byte{'"', '\\', 0x00, 0x01, 0x1f}
	want := func(b []byte, j int) int {
		for ; j < len(b); j++ {
			if c := b[j]; c == '"' || c == '\\' || c < 0x20 {
				return j
			}
		}
		return j
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			if rng.IntN(16) == 0 {
				b[i] = stops[rng.IntN(len(stops))]
			} else {
				b[i] = plain[rng.IntN(len(plain))]
			}
		}
		for j := 0; j <= len(b); j++ {
			if got, w := plainEnd(b, j), want(b, j); got != w {
				t.Fatalf("plainEnd(%q, %d) = %d, want %d", b, j, got, w)
			}
		}
	}
}
