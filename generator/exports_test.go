package generator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orcidsite/orcidsite/generator/cite"
	"github.com/orcidsite/orcidsite/orcid"
)

// exportSite builds a small site model with tricky publications.
func exportSite(t *testing.T, extra ...wk) *Site {
	t.Helper()
	ann, bob := member(1, "Ann", "Lee"), member(2, "José", "Núñez")
	ann.Links = []Link{{Name: "Lab", URL: "https://lab.example.org/ann"}}
	ann.Employments = []Affiliation{{Organization: "Example University", Department: "Biology", RegistrySource: "ROR", RegistryID: "https://ror.org/000000000"}}
	ann.Role = "PI </script><b>"
	works := map[*Person][]wk{
		ann: append([]wk{
			{pc: 1, title: "Effects of 50% {braces} & $money$ on #tags_x", date: orcid.FuzzyDate{Year: 2021, Month: 3, Day: 9},
				ids:      []orcid.ExternalID{doiID("10.1000/A_1"), extID("pmid", "42", "self")},
				contribs: []orcid.Contributor{contrib("Ann Lee", ann.ID), contrib("José Núñez", ""), contrib("Team </script>", "")}},
			{pc: 2, title: "Undated thing", typ: "software"},
			{pc: 3, title: "Same name", date: y(2019)},
		}, extra...),
		bob: {
			{pc: 7, title: "Effects of 50% {braces} & $money$ on #tags_x", date: y(2021), ids: []orcid.ExternalID{doiID("https://doi.org/10.1000/a_1")}},
			{pc: 8, title: "Same name", typ: "data-set", date: y(2019), ids: []orcid.ExternalID{doiID("10.5061/dryad.x")}},
		},
	}
	res := pubCase{people: []*Person{ann, bob}, works: works}.run(t)
	return &Site{Title: "Test Lab", BaseURL: "https://lab.example.org/", People: []*Person{ann, bob}, Publications: res.Publications,
		Config: &Config{Publications: PublicationsConfig{Recent: 3}}}
}

func exportFile(t *testing.T, out *Output, name string) []byte {
	t.Helper()
	b, ok := out.File(name)
	if !ok {
		t.Fatalf("%s not written", name)
	}
	return b
}

func TestExports(t *testing.T) {
	site := exportSite(t)
	out := NewOutput()
	if err := writeExports(site, out); err != nil {
		t.Fatal(err)
	}
	pubs := site.Publications
	if len(pubs) != 4 {
		t.Fatalf("publications = %q", titles(pubs))
	}

	// BibTeX parses back into the same entries.
	entries, err := cite.ParseBibTeX(string(exportFile(t, out, "publications.bib")))
	if err != nil {
		t.Fatalf("publications.bib: %v", err)
	}
	var want []cite.Entry
	for _, w := range citeWorks(site) {
		want = append(want, cite.EntryFromWork(w))
	}
	if d := cmp.Diff(want, entries, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Line" }, cmp.Ignore())); d != "" {
		t.Errorf("publications.bib round trip (-want +got):\n%s", d)
	}
	var keys []string
	for i, e := range entries {
		keys = append(keys, e.Key)
		if e.Get("title") != pubs[i].FullTitle() {
			t.Errorf("entry %d title %q, want %q", i, e.Get("title"), pubs[i].FullTitle())
		}
	}
	first := entries[0]
	if first.Type != "article" || first.Get("doi") != "10.1000/a_1" || first.Get("pmid") != "42" || first.Get("month") != "March" ||
		first.Get("author") != "Lee, Ann and Núñez, José and </script>, Team" {
		t.Errorf("first entry = %+v", first)
	}
	sorted := slices.Clone(keys)
	slices.Sort(sorted)
	if len(slices.Compact(sorted)) != len(keys) {
		t.Errorf("duplicate keys: %q", keys)
	}
	if d := cmp.Diff([]string{"lee2021effects", "nunez2019same", "lee2019same", "leendundated"}, keys); d != "" {
		t.Errorf("keys (-want +got):\n%s", d)
	}

	// A person's file uses the same keys.
	bob := site.People[1]
	pe, err := cite.ParseBibTeX(string(exportFile(t, out, "people/"+bob.Slug+"/publications.bib")))
	if err != nil {
		t.Fatal(err)
	}
	var bobKeys []string
	for _, e := range pe {
		bobKeys = append(bobKeys, e.Key)
	}
	if d := cmp.Diff([]string{keys[0], keys[1]}, bobKeys); d != "" {
		t.Errorf("bob's keys (-want +got):\n%s", d)
	}

	// CSL-JSON decodes with the standard library.
	var items []struct {
		ID     string `json:"id"`
		Type   string `json:"type"`
		Title  string `json:"title"`
		DOI    string `json:"DOI"`
		Author []struct{ Given, Family, Literal string }
		Issued *struct {
			DateParts [][]int `json:"date-parts"`
		} `json:"issued"`
	}
	if err := json.Unmarshal(exportFile(t, out, "publications.json"), &items); err != nil {
		t.Fatalf("publications.json: %v", err)
	}
	if len(items) != 4 || items[0].ID != keys[0] || items[0].Type != "article-journal" || items[0].DOI != "10.1000/a_1" || items[1].Type != "dataset" || items[3].Issued != nil {
		t.Errorf("csl items = %+v", items)
	}
	if d := cmp.Diff([][]int{{2021, 3, 9}}, items[0].Issued.DateParts); d != "" {
		t.Errorf("issued (-want +got):\n%s", d)
	}
	if a := items[0].Author; len(a) != 3 || a[1].Family != "Núñez" || a[1].Given != "José" || a[0].Family != "Lee" {
		t.Errorf("authors = %+v", a)
	}

	// Atom decodes, holds the newest `recent` dated works, and does not
	// depend on the clock.
	var feed cite.AtomFeed
	if err := xml.Unmarshal(exportFile(t, out, "feed.xml"), &feed); err != nil {
		t.Fatalf("feed.xml: %v", err)
	}
	if feed.XMLName.Space != cite.AtomNS || feed.ID != "https://lab.example.org/" || feed.Updated != "2021-03-09T00:00:00Z" || len(feed.Entries) != 3 {
		t.Fatalf("feed = %+v", feed)
	}
	if feed.Entries[0].Title != pubs[0].FullTitle() || feed.Entries[0].Links[0].Href != "https://doi.org/10.1000/a_1" {
		t.Errorf("entry 0 = %+v", feed.Entries[0])
	}
	if feed.Entries[2].Links[0].Href != "https://lab.example.org/publications/#"+pubs[2].Anchor {
		t.Errorf("entry without a link points to %q", feed.Entries[2].Links[0].Href)
	}

	// Adding a newer work keeps the old entries' ids.
	site2 := exportSite(t, wk{pc: 4, title: "Brand new", date: y(2024)})
	out2 := NewOutput()
	if err := writeExports(site2, out2); err != nil {
		t.Fatal(err)
	}
	var feed2 cite.AtomFeed
	if err := xml.Unmarshal(exportFile(t, out2, "feed.xml"), &feed2); err != nil {
		t.Fatal(err)
	}
	if len(feed2.Entries) != 3 || feed2.Entries[1].ID != feed.Entries[0].ID || feed2.Entries[0].ID == feed.Entries[0].ID || feed2.Updated != "2024-01-01T00:00:00Z" {
		t.Errorf("ids not stable: before %q, after %q %q", feed.Entries[0].ID, feed2.Entries[0].ID, feed2.Entries[1].ID)
	}
}

func TestJSONLD(t *testing.T) {
	site := exportSite(t)
	ann := site.People[0]
	js := string(PersonJSONLD(site, ann))
	if strings.Contains(js, "<") || !strings.Contains(js, `\u003c/script\u003e`) {
		t.Errorf("person JSON-LD not escaped for a script element: %s", js)
	}
	var person map[string]any
	if err := json.Unmarshal([]byte(js), &person); err != nil {
		t.Fatalf("person JSON-LD: %v", err)
	}
	if person["@type"] != "Person" || person["@id"] != ann.ID.URI() || person["jobTitle"] != "PI </script><b>" {
		t.Errorf("person = %v", person)
	}
	if id := person["identifier"].(map[string]any); id["propertyID"] != "ORCID" || id["value"] != string(ann.ID) {
		t.Errorf("identifier = %v", id)
	}
	if d := cmp.Diff([]any{ann.ID.URI(), "https://lab.example.org/ann"}, person["sameAs"]); d != "" {
		t.Errorf("sameAs (-want +got):\n%s", d)
	}
	aff := person["affiliation"].([]any)[0].(map[string]any)
	if aff["name"] != "Example University" || aff["sameAs"] != "https://ror.org/000000000" {
		t.Errorf("affiliation = %v", aff)
	}

	js = string(PublicationsJSONLD(site, site.Publications))
	if strings.Contains(js, "<") {
		t.Errorf("publications JSON-LD not escaped: %s", js)
	}
	var doc struct {
		Context string           `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatalf("publications JSON-LD: %v", err)
	}
	if doc.Context != "https://schema.org" || len(doc.Graph) != 4 {
		t.Fatalf("doc = %+v", doc)
	}
	art := doc.Graph[0]
	if art["@type"] != "ScholarlyArticle" || art["@id"] != "https://doi.org/10.1000/a_1" || art["datePublished"] != "2021-03-09" {
		t.Errorf("article = %v", art)
	}
	authors := art["author"].([]any)
	a0, a1 := authors[0].(map[string]any), authors[1].(map[string]any)
	if a0["@id"] != ann.ID.URI() || a0["url"] != "https://lab.example.org/people/ann-lee/" || a1["@id"] != site.People[1].ID.URI() {
		t.Errorf("authors = %v", authors)
	}
	if doc.Graph[1]["@type"] != "Dataset" {
		t.Errorf("data set type = %v", doc.Graph[1]["@type"])
	}
}

// TestExportsIntoFolder checks that the exports written into a folder
// (publications.json streamed, one buffer for a few people's files) are
// the bytes of those held in memory, and that a person's file is their
// entries of publications.bib joined by blank lines, a work missing from
// the site's list contributing nothing. The synthetic site's list spans
// several chunks of exportChunk works.
func TestExportsIntoFolder(t *testing.T) {
	small := exportSite(t)
	bob := small.People[1]
	stray := *bob.Publications[0]
	stray.Key = "not-in-the-list"
	bob.Publications = append(bob.Publications, &stray)
	large := syntheticSite(t, 30, 40)
	if n := len(large.Publications); n <= 2*exportChunk {
		t.Fatalf("the synthetic site has %d publications, want more than %d", n, 2*exportChunk)
	}
	for _, site := range []*Site{small, large} {
		mem := NewOutput()
		if err := writeExports(site, mem); err != nil {
			t.Fatal(err)
		}
		dir := NewOutputIn(t.TempDir())
		if err := writeExports(site, dir); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(mem.Paths(), dir.Paths()); d != "" {
			t.Fatalf("files (-memory +folder):\n%s", d)
		}
		for _, p := range mem.Paths() {
			if a, b := exportFile(t, mem, p), exportFile(t, dir, p); !bytes.Equal(a, b) {
				t.Errorf("%s differs:\n%s\nin a folder:\n%s", p, a, b)
			}
		}
		all := string(exportFile(t, mem, "publications.bib"))
		entries := strings.SplitAfter(all, "}\n\n")
		for i := range entries {
			if strings.HasSuffix(entries[i], "\n\n") {
				entries[i] = entries[i][:len(entries[i])-1]
			}
		}
		if len(entries) != len(site.Publications) {
			t.Fatalf("%d entries for %d publications", len(entries), len(site.Publications))
		}
		entry := map[string]string{}
		for i, q := range site.Publications {
			entry[q.Key] = entries[i]
		}
		for _, p := range site.People {
			var want []string
			for _, pub := range p.Publications {
				want = append(want, entry[pub.Key])
			}
			if got := string(exportFile(t, mem, "people/"+p.Slug+"/publications.bib")); got != strings.Join(want, "\n") {
				t.Errorf("%s's file:\n%q\nwant\n%q", p.Name, got, strings.Join(want, "\n"))
			}
		}
	}
}

// TestIsDOIURL compares isDOIURL with building the DOI's URL.
func TestIsDOIURL(t *testing.T) {
	dois := []string{"", "10.1000/a_1", "10.1000/A B", "10.1/x/", "10.1/%41", "10.1/ü", "10.1//x", "10.1/a?b", "10.1/a#b", "/"}
	for _, doi := range dois {
		for _, u := range []string{"", "https://doi.org/" + doi, identifierURL("doi", doi), "https://doi.org/", "http://doi.org/" + doi, "https://example.org/"} {
			if got, want := isDOIURL(u, doi), u == identifierURL("doi", doi); got != want {
				t.Errorf("isDOIURL(%q, %q) = %v, want %v", u, doi, got, want)
			}
		}
	}
}

// citeWorks converts the site's publication list to a list of works, with
// keys from cite.AssignKeys: the works that writeExports converts and
// writes one at a time.
func citeWorks(site *Site) []cite.Work {
	works := make([]cite.Work, len(site.Publications))
	for i, p := range site.Publications {
		citeWork(p, p.FullTitle(), &works[i])
		works[i].Authors = citeNames(nil, p, 0)
	}
	cite.AssignKeys(works)
	return works
}

// TestExportsOneWorkAtATime checks writeExports, which assigns keys and
// converts the works in chunks, against the writers of cite over the
// whole converted list, on a synthetic site with clashing keys whose list
// spans several chunks.
func TestExportsOneWorkAtATime(t *testing.T) {
	for _, site := range []*Site{exportSite(t), syntheticSite(t, 30, 40)} {
		out := NewOutput()
		if err := writeExports(site, out); err != nil {
			t.Fatal(err)
		}
		works := citeWorks(site)
		if got, want := exportFile(t, out, "publications.bib"), cite.BibTeX(works); !bytes.Equal(got, want) {
			t.Errorf("publications.bib:\n%s\nwant:\n%s", got, want)
		}
		want, err := cite.CSLJSON(works)
		if err != nil {
			t.Fatal(err)
		}
		if got := exportFile(t, out, "publications.json"); !bytes.Equal(got, want) {
			t.Errorf("publications.json:\n%s\nwant:\n%s", got, want)
		}
		if site.Title == "Synthetic Lab" && !slices.ContainsFunc(works, func(w cite.Work) bool { return strings.Contains(w.Key, "_") }) {
			t.Errorf("no clashing keys in the synthetic site")
		}
	}
}

// TestOutputFoldersConcurrently adds files to shared and nested folders
// from several goroutines: each folder is made once, every file lands,
// and a folder that cannot be made fails every file under it.
func TestOutputFoldersConcurrently(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "blocked"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	o := NewOutputIn(dir)
	var wg sync.WaitGroup
	errs := make([]error, 8*40)
	for g := range 8 {
		wg.Go(func() {
			for i := range 40 {
				name := fmt.Sprintf("a/b%d/c%d/f%d-%d.txt", i%5, i%3, g, i)
				if i%10 == 0 {
					name = fmt.Sprintf("blocked/d%d/f%d.txt", i, g)
				}
				errs[g*40+i] = o.Add(name, []byte(name))
			}
		})
	}
	wg.Wait()
	for g := range 8 {
		for i := range 40 {
			err := errs[g*40+i]
			if i%10 == 0 {
				if err == nil {
					t.Errorf("file %d of goroutine %d added under a file", i, g)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("a/b%d/c%d/f%d-%d.txt", i%5, i%3, g, i)
			if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != name {
				t.Errorf("%s: %q, %v", name, b, err)
			}
		}
	}
}

// TestOutputMkdirs checks the folders made ahead of their files, with one
// system call when the parent is made: a folder made behind the output's
// back is accepted, a file in the way is an error.
func TestOutputMkdirs(t *testing.T) {
	dir := t.TempDir()
	o := NewOutputIn(dir)
	if err := os.MkdirAll(filepath.Join(dir, "people", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := o.mkdirs([]string{"people/a/x.bib", "people/b/x.bib", "people/c/d/x.bib", "/top.bib"}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"people/a", "people/b", "people/c/d"} {
		if fi, err := os.Stat(filepath.Join(dir, d)); err != nil || !fi.IsDir() {
			t.Errorf("%s not made: %v", d, err)
		}
	}
	if err := o.Add("people/e/x.bib", []byte("x")); err != nil {
		t.Error(err)
	}
	if err := o.mkdirs([]string{"file/x.bib"}); err == nil {
		t.Error("a folder was made where a file is")
	}
	if err := o.mkdirs([]string{"../x.bib"}); err == nil {
		t.Error("a folder outside the output was accepted")
	}
	if err := NewOutput().mkdirs([]string{"people/a/x.bib"}); err != nil {
		t.Errorf("in memory: %v", err)
	}
}

// TestOutputLinksUnchangedFiles writes files into a folder output that is
// to replace a previous one: a file that comes out byte for byte as the
// previous one is a link to it (same inode), any other is written, and
// every file holds what was added, whether added whole or streamed in
// pieces that match the previous file for a while and then do not.
func TestOutputLinksUnchangedFiles(t *testing.T) {
	prev, dir := t.TempDir(), t.TempDir()
	big := strings.Repeat("0123456789abcdef", 20000) // several stream buffers
	old := map[string]string{
		"same.txt": "same", "same/big.html": big, "empty": "", "grown": "abc", "shrunk": "abcdef",
		"changed": big, "changed-end": big, "dir-in-prev/x": "x", "streamed-same": big, "streamed-empty": "",
	}
	for name, content := range old {
		p := filepath.Join(prev, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(prev, "was-a-folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	// Symbolic links to files outside, with the same bytes as the new
	// files: the new output gets files of its own.
	outside := t.TempDir()
	for _, name := range []string{"target.txt", "dir/x.txt"} {
		p := filepath.Join(outside, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("outside"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(outside, "target.txt"), filepath.Join(prev, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "dir"), filepath.Join(prev, "linked-dir")); err != nil {
		t.Fatal(err)
	}
	changedEnd := big[:len(big)-1] + "!"
	changed := big[:100000] + "#" + big[100001:]
	o := NewOutputIn(dir)
	o.LinkUnchanged(prev)
	want := map[string]string{
		"same.txt": "same", "same/big.html": big, "empty": "", "grown": "abcd", "shrunk": "abc",
		"changed": changed, "changed-end": changedEnd, "new/file": "new", "was-a-folder": "file now",
		"streamed-same": big, "streamed-empty": "", "link.txt": "outside", "linked-dir/x.txt": "outside",
	}
	linked := map[string]bool{"same.txt": true, "same/big.html": true, "empty": true, "streamed-same": true, "streamed-empty": true}
	for name, content := range want {
		if strings.HasPrefix(name, "streamed") || name == "changed" || name == "shrunk" {
			// Streamed in uneven pieces.
			err := o.stream(name, func(w io.Writer) error {
				for s := content; s != ""; {
					n := min(len(s), 777)
					if _, err := io.WriteString(w, s[:n]); err != nil {
						return err
					}
					s = s[n:]
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := o.Add(name, []byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	for name, content := range want {
		p := filepath.Join(dir, filepath.FromSlash(name))
		b, err := os.ReadFile(p)
		if err != nil || string(b) != content {
			t.Errorf("%s: %d bytes (%v), want %d", name, len(b), err, len(content))
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		pfi, err := os.Stat(filepath.Join(prev, filepath.FromSlash(name)))
		if same := err == nil && os.SameFile(fi, pfi); same != linked[name] {
			t.Errorf("%s: linked to the previous file = %v, want %v", name, same, linked[name])
		}
		if lfi, err := os.Lstat(p); err != nil || !lfi.Mode().IsRegular() {
			t.Errorf("%s is not a regular file: %v", name, err)
		}
	}
	// A previous output reached through a symbolic link is not linked from.
	via := filepath.Join(t.TempDir(), "public")
	if err := os.Symlink(prev, via); err != nil {
		t.Fatal(err)
	}
	o2 := NewOutputIn(t.TempDir())
	o2.LinkUnchanged(via)
	if err := o2.Add("same.txt", []byte("same")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(o2.dir, "same.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if pfi, err := os.Stat(filepath.Join(prev, "same.txt")); err != nil || os.SameFile(fi, pfi) {
		t.Errorf("linked through a symbolic link to the previous output (%v)", err)
	}
	for name, content := range old { // the previous output is untouched
		if b, err := os.ReadFile(filepath.Join(prev, filepath.FromSlash(name))); err != nil || string(b) != content {
			t.Errorf("previous %s changed: %d bytes, %v", name, len(b), err)
		}
	}
}
