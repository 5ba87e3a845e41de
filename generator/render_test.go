package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/orcidsite/orcidsite/orcid"
	"github.com/orcidsite/orcidsite/orcid/orcidtest"
)

const testID = orcid.ID("0000-0002-1825-0097")

// testSnapshot is a small hand-written snapshot with one work.
func testSnapshot() *Snapshot {
	return &Snapshot{
		ORCID: testID,
		Record: orcid.Record{
			Person: orcid.Person{Name: &orcid.Name{GivenNames: "Ada", FamilyName: "Lovelace"}},
			ActivitiesSummary: orcid.ActivitiesSummary{Works: orcid.Works{Group: []orcid.WorkGroup{{
				WorkSummary: []orcid.WorkSummary{{PutCode: 7, Title: &orcid.Title{Title: "Notes on the <Engine>"}, Type: "journal-article",
					PublicationDate: orcid.FuzzyDate{Year: 1843, Month: 9}}},
			}}}},
		},
		Works: []orcid.Work{{PutCode: 7, Title: &orcid.Title{Title: "Notes on the <Engine>"}, Type: "journal-article",
			PublicationDate: orcid.FuzzyDate{Year: 1843, Month: 9}}},
	}
}

// testSite returns a site folder as an fs.FS with the given extra files.
func testSite(t *testing.T, baseURL string, extra map[string]string) (fstest.MapFS, *Config) {
	t.Helper()
	b, err := testSnapshot().Marshal()
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"site.yaml":                              {Data: []byte("title: Test Lab\nbase_url: " + baseURL + "\npeople:\n  - orcid: " + string(testID) + "\n    role: Countess\n")},
		"content/index.md":                       {Data: []byte("---\ntitle: Home\n---\nWelcome to **the lab**.\n")},
		"content/research/projects.md":           {Data: []byte("---\ntitle: Projects\nmenu: true\n---\nOur projects.\n")},
		"content/people/ada-lovelace.md":         {Data: []byte("Extra text about Ada.\n")},
		"data/orcid/" + string(testID) + ".json": {Data: b},
	}
	for k, v := range extra {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	cfg, err := LoadConfig(fsys, "site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return fsys, cfg
}

// renderTestSiteWithConfig renders the test site with more lines at the
// end of its site.yaml.
func renderTestSiteWithConfig(t *testing.T, baseURL, moreYAML string) *Output {
	t.Helper()
	fsys, _ := testSite(t, baseURL, nil)
	fsys["site.yaml"].Data = append(fsys["site.yaml"].Data, moreYAML...)
	cfg, err := LoadConfig(fsys, "site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return renderTestSite(t, fsys, cfg)
}

func renderTestSite(t *testing.T, fsys fstest.MapFS, cfg *Config) *Output {
	t.Helper()
	snaps, err := LoadSnapshots(fsys, cfg.People)
	if err != nil {
		t.Fatal(err)
	}
	site, err := BuildSite(fsys, cfg, cfg.People, snaps)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Render(fsys, site, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRenderPagesAndSubPath(t *testing.T) {
	fsys, cfg := testSite(t, "https://user.github.io/lab", nil)
	out := renderTestSite(t, fsys, cfg)
	for _, p := range []string{"index.html", "people/index.html", "people/ada-lovelace/index.html",
		"publications/index.html", "research/projects/index.html", "404.html", "sitemap.xml", "robots.txt"} {
		if _, ok := out.File(p); !ok {
			t.Errorf("missing %s; have %v", p, out.Paths())
		}
	}
	profile, _ := out.File("people/ada-lovelace/index.html")
	for _, want := range []string{
		`href="https://orcid.org/0000-0002-1825-0097"`,
		`Notes on the &lt;Engine&gt;`, // ORCID text is escaped
		`Extra text about Ada.`,       // content/people/<slug>.md
		`href="/lab/css/style.css"`,   // sub-path base_url
		`<h3>1843</h3>`,
	} {
		if !bytes.Contains(profile, []byte(want)) {
			t.Errorf("profile lacks %q", want)
		}
	}
	if bytes.Contains(profile, []byte("<Engine>")) {
		t.Error("profile contains an unescaped title")
	}
	sm, _ := out.File("sitemap.xml")
	if !bytes.Contains(sm, []byte("<loc>https://user.github.io/lab/research/projects/</loc>")) {
		t.Errorf("sitemap lacks the nested page:\n%s", sm)
	}
}

func TestRenderDeterministic(t *testing.T) {
	fsys, cfg := testSite(t, "https://example.org/", nil)
	a := renderTestSite(t, fsys, cfg)
	b := renderTestSite(t, fsys, cfg)
	if diff := cmp.Diff(a.Paths(), b.Paths()); diff != "" {
		t.Fatalf("paths differ (-first +second):\n%s", diff)
	}
	for _, p := range a.Paths() {
		x, _ := a.File(p)
		y, _ := b.File(p)
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two renders", p)
		}
	}
}

func TestSiteLayoutOverridesTheme(t *testing.T) {
	fsys, cfg := testSite(t, "https://example.org/", map[string]string{
		"layouts/person.html": `{{ define "main" }}<p id="custom">{{ .Person.Name }}</p>{{ end }}`,
	})
	out := renderTestSite(t, fsys, cfg)
	b, _ := out.File("people/ada-lovelace/index.html")
	if !bytes.Contains(b, []byte(`<p id="custom">Ada Lovelace</p>`)) {
		t.Errorf("site layout not used:\n%s", b)
	}
	// Other pages still come from the theme.
	if b, _ := out.File("publications/index.html"); !bytes.Contains(b, []byte("Notes on the")) {
		t.Error("publications page lost its theme layout")
	}
}

func TestTemplateErrorNamesFile(t *testing.T) {
	for name, src := range map[string]string{
		"parse": `{{ define "main" }}{{ if }}{{ end }}`,
		"exec":  `{{ define "main" }}{{ .NoSuchField }}{{ end }}`,
	} {
		t.Run(name, func(t *testing.T) {
			fsys, cfg := testSite(t, "https://example.org/", map[string]string{"layouts/person.html": src})
			snaps, _ := LoadSnapshots(fsys, cfg.People)
			site, err := BuildSite(fsys, cfg, cfg.People, snaps)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Render(fsys, site, RenderOptions{})
			if err == nil || !strings.Contains(err.Error(), "person.html:1") {
				t.Fatalf("error %v does not name person.html and its line", err)
			}
			if name == "parse" && !strings.Contains(err.Error(), "layouts/person.html") {
				t.Errorf("parse error %v does not name the site's file", err)
			}
		})
	}
}

func TestFrontMatterErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unclosed", "---\ntitle: x\n", "content/bad.md:1: front matter starts with --- but has no closing --- line"},
		{"unknown key", "---\ntitle: x\ntitel: y\n---\nbody\n", "content/bad.md:3"},
		{"wrong type", "---\nweight: heavy\n---\n", "content/bad.md:2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"content/bad.md": {Data: []byte(tc.src)}}
			_, err := loadPage(fsys, "content/bad.md")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestOutputWriteReplacesWholeFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	first := NewOutput()
	first.Add("index.html", []byte("one"))
	first.Add("old/page.html", []byte("stale"))
	if err := first.Write(dir); err != nil {
		t.Fatal(err)
	}
	second := NewOutput()
	second.Add("index.html", []byte("two"))
	if err := second.Write(dir); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(b) != "two" {
		t.Errorf("index.html = %q, want two", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "old")); !os.IsNotExist(err) {
		t.Errorf("stale folder survived: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("leftovers beside the output: %v", entries)
	}
}

func TestOutputRefusesEscapingPaths(t *testing.T) {
	o := NewOutput()
	for _, p := range []string{"../x.html", "a/../../x", "..", ""} {
		if err := o.Add(p, nil); err == nil {
			t.Errorf("Add(%q) accepted a path outside the output", p)
		}
	}
	if err := o.Add("/people/x/index.html", nil); err != nil {
		t.Errorf("Add with a leading slash: %v", err)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Josiah Carberry":      "josiah-carberry",
		"José Ñúñez-O'Brien":   "jose-nunez-obrien",
		"  Zoë   Ødegård ":     "zoe-odegard",
		"Łukasz Straße":        "lukasz-strasse",
		"محمد علي":             "",
		"Dr. A.B. Smith (PhD)": "dr-a-b-smith-phd",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAssignSlugsUnique(t *testing.T) {
	people := []*Person{
		{ID: "a", Name: "Jane Doe"}, {ID: "b", Name: "Jane Doe"}, {ID: "c", Name: "محمد", Config: PersonConfig{}},
		{ID: "d", Name: "X", Config: PersonConfig{Slug: "jane-doe-2"}},
	}
	assignSlugs(people)
	var got []string
	for _, p := range people {
		got = append(got, p.Slug)
	}
	want := []string{"jane-doe", "jane-doe-3", "c", "jane-doe-2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("slugs (-want +got):\n%s", diff)
	}
}

func TestSafeURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.org/a?b=c":  "https://example.org/a?b=c",
		"javascript:alert(1)":        "",
		"JavaScript:alert(1)":        "",
		"data:text/html,<b>x</b>":    "",
		"www.example.org/profile":    "https://www.example.org/profile",
		"mailto:someone@example.org": "mailto:someone@example.org",
		"http://":                    "",
		"not a url":                  "",
	} {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDisplayName(t *testing.T) {
	for _, tc := range []struct {
		override string
		name     *orcid.Name
		want     string
	}{
		{"", &orcid.Name{GivenNames: "Josiah", FamilyName: "Carberry"}, "Josiah Carberry"},
		{"", &orcid.Name{GivenNames: "Josiah", FamilyName: "Carberry", CreditName: "J. S. Carberry"}, "J. S. Carberry"},
		{"Prof. Carberry", &orcid.Name{GivenNames: "Josiah"}, "Prof. Carberry"},
		{"", &orcid.Name{GivenNames: "Daniel", FamilyName: "Okafor", CreditName: "Okafor, D. C."}, "Daniel Okafor"},
		{"", &orcid.Name{CreditName: "Okafor, D. C."}, "Okafor, D. C."},
		{"", &orcid.Name{GivenNames: "Madonna"}, "Madonna"},
		{"", nil, string(testID)},
		{"", &orcid.Name{}, string(testID)},
	} {
		if got := displayName(tc.override, tc.name, testID); got != tc.want {
			t.Errorf("displayName(%q, %+v) = %q, want %q", tc.override, tc.name, got, tc.want)
		}
	}
}

func TestFormatDate(t *testing.T) {
	for _, tc := range []struct {
		d    orcid.FuzzyDate
		want string
	}{
		{orcid.FuzzyDate{}, ""},
		{orcid.FuzzyDate{Year: 2020}, "2020"},
		{orcid.FuzzyDate{Year: 2020, Month: 2}, "Feb 2020"},
		{orcid.FuzzyDate{Year: 1930, Month: 2, Day: 30}, "30 Feb 1930"}, // ORCID does not validate
		{orcid.FuzzyDate{Year: 2020, Month: 13}, "2020"},
		{orcid.FuzzyDate{Year: 2020, Day: 5}, "2020"},
		{orcid.FuzzyDate{Year: 2020, Month: -1, Day: 5}, "2020"},
		{orcid.FuzzyDate{Year: 2021, Month: 12, Day: 31}, "31 Dec 2021"},
		{orcid.FuzzyDate{Year: 2021, Month: 1, Day: -2}, "-2 Jan 2021"},
		{orcid.FuzzyDate{Year: -44, Month: 3, Day: 15}, "15 Mar -44"},
	} {
		if got := FormatDate(tc.d); got != tc.want {
			t.Errorf("FormatDate(%+v) = %q, want %q", tc.d, got, tc.want)
		}
	}
	if got := FormatDateRange(orcid.FuzzyDate{Year: 2015}, orcid.FuzzyDate{}); got != "2015 – present" {
		t.Errorf("open range = %q", got)
	}
}

func TestRelURL(t *testing.T) {
	for _, tc := range []struct{ base, p, want string }{
		{"/", "people/", "/people/"},
		{"/lab/", "people/", "/lab/people/"},
		{"/lab/", "/people/", "/lab/people/"},
		{"/lab/", "", "/lab/"},
		{"/lab/", "https://orcid.org/", "https://orcid.org/"},
	} {
		if got := relURL(tc.base, tc.p); got != tc.want {
			t.Errorf("relURL(%q, %q) = %q, want %q", tc.base, tc.p, got, tc.want)
		}
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s := testSnapshot()
	changed, err := WriteSnapshot(dir, s)
	if err != nil || !changed {
		t.Fatalf("first write: changed=%v err=%v", changed, err)
	}
	if changed, err := WriteSnapshot(dir, testSnapshot()); err != nil || changed {
		t.Fatalf("same snapshot again: changed=%v err=%v", changed, err)
	}
	got, err := ReadSnapshot(os.DirFS(dir), testID)
	if err != nil {
		t.Fatal(err)
	}
	// The work is stored once: its summary keeps the put-code only.
	want := testSnapshot()
	want.Format = SnapshotFormat
	want.Record.ActivitiesSummary.Works.Group[0].WorkSummary[0] = orcid.WorkSummary{PutCode: 7}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(testSnapshot().Record, s.Record); diff != "" {
		t.Errorf("writing changed the snapshot in memory (-want +got):\n%s", diff)
	}
	if _, err := ReadSnapshot(os.DirFS(dir), "0000-0001-5109-3700"); err == nil {
		t.Error("reading a missing snapshot succeeded")
	}
}

// TestSnapshotDecodersAgree checks that the fast snapshot decoder reads
// every fixture record exactly as encoding/json does.
func TestSnapshotDecodersAgree(t *testing.T) {
	for id, f := range orcidtest.Fixtures() {
		snap := &Snapshot{ORCID: id, Record: f.Record}
		for _, w := range f.Works {
			snap.Works = append(snap.Works, w)
		}
		b, err := snap.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		var want Snapshot
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		got, err := decodeSnapshot(b)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if diff := cmp.Diff(&want, got); diff != "" {
			t.Errorf("%s: decoders differ (-encoding/json +fast):\n%s", id, diff)
		}
	}
}

// TestMenuFromConfig checks that site.yaml's menu replaces the default
// navigation, in weight order, and marks the current page.
func TestMenuFromConfig(t *testing.T) {
	out := renderTestSiteWithConfig(t, "https://example.org/lab/", "menu:\n  - name: Papers\n    url: /publications/\n    weight: 2\n  - name: Team\n    url: /people/\n    weight: 1\n")
	b, _ := out.File("publications/index.html")
	nav := string(b[bytes.Index(b, []byte("<nav")):bytes.Index(b, []byte("</nav>"))])
	team, papers := strings.Index(nav, ">Team<"), strings.Index(nav, ">Papers<")
	if team < 0 || papers < 0 || team > papers {
		t.Errorf("menu entries missing or out of weight order:\n%s", nav)
	}
	if strings.Contains(nav, ">People<") {
		t.Errorf("default entry shown beside site.yaml's menu:\n%s", nav)
	}
	if !strings.Contains(nav, `<a href="/lab/publications/" aria-current="page">Papers</a>`) {
		t.Errorf("current page not marked:\n%s", nav)
	}
	if !strings.Contains(nav, ">Projects<") {
		t.Errorf("page with menu: true missing:\n%s", nav)
	}
}

// TestLongAuthorListShortenedWithFullListAvailable checks that a long
// author list is shortened on the page and the full list is still there.
func TestLongAuthorListShortenedWithFullListAvailable(t *testing.T) {
	snap := testSnapshot()
	var cs []orcid.Contributor
	for i := 1; i <= 15; i++ {
		cs = append(cs, orcid.Contributor{CreditName: orcid.Value(fmt.Sprintf("Author Number%02d", i))})
	}
	snap.Works[0].Contributors = &orcid.Contributors{Contributor: cs}
	b, err := snap.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	fsys, cfg := testSite(t, "https://example.org/", map[string]string{"data/orcid/" + string(testID) + ".json": string(b)})
	out := renderTestSite(t, fsys, cfg)
	page, _ := out.File("publications/index.html")
	short := page[bytes.Index(page, []byte(`class="pub-authors"`)):]
	short = short[:bytes.Index(short, []byte("<details"))]
	if bytes.Contains(short, []byte("Number12")) || !bytes.Contains(short, []byte("Number15")) {
		t.Errorf("shortened list should skip middle authors and keep the last:\n%s", short)
	}
	if !bytes.Contains(page, []byte("All 15 authors")) || !bytes.Contains(page, []byte("Author Number12")) {
		t.Error("the full author list is not available on the page")
	}
}

// TestPinnedWorksFeatured checks that publications.pin puts a work in the
// home page's featured list, linked to its entry on the publications page.
func TestPinnedWorksFeatured(t *testing.T) {
	out := renderTestSiteWithConfig(t, "https://example.org/", "publications:\n  pin:\n    - put_code: 7\n")
	home, _ := out.File("index.html")
	if !bytes.Contains(home, []byte("Featured publications")) || !bytes.Contains(home, []byte(`href="/publications/#pub-`)) {
		t.Errorf("home page lacks the featured work:\n%s", home)
	}
	pubs, _ := out.File("publications/index.html")
	if !bytes.Contains(pubs, []byte(`class="pub pinned"`)) {
		t.Error("pinned work not marked on the publications page")
	}
}

// TestIdentifierLinks checks that a work's PMID and arXiv identifiers are
// shown as links beside its DOI, and part-of identifiers (ISSN) are not.
func TestIdentifierLinks(t *testing.T) {
	snap := testSnapshot()
	snap.Works[0].ExternalIDs = orcid.ExternalIDs{ExternalID: []orcid.ExternalID{
		{Type: "doi", Value: "10.1234/ENGINE", Relationship: "self"},
		{Type: "pmid", Value: "31452104", Relationship: "self"},
		{Type: "arxiv", Value: "2101.00001", Relationship: "self"},
		{Type: "issn", Value: "0264-3561", Relationship: "part-of"},
	}}
	b, err := snap.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	fsys, cfg := testSite(t, "https://example.org/", map[string]string{"data/orcid/" + string(testID) + ".json": string(b)})
	out := renderTestSite(t, fsys, cfg)
	page, _ := out.File("publications/index.html")
	for _, want := range []string{
		`<a href="https://doi.org/10.1234/engine">doi:10.1234/engine</a>`,
		`<a href="https://pubmed.ncbi.nlm.nih.gov/31452104/">PMID 31452104</a>`,
		`<a href="https://arxiv.org/abs/2101.00001">arXiv 2101.00001</a>`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("publications page lacks %s", want)
		}
	}
	if bytes.Contains(page, []byte("0264-3561")) {
		t.Error("a part-of identifier (the journal's ISSN) is shown as the work's own")
	}
}

// TestOutputInFolder checks an output written file by file into a folder
// beside the destination, then moved into place.
func TestOutputInFolder(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(filepath.Join(dest, "stale"), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp, err := NewOutputDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	o := NewOutputIn(tmp)
	for _, p := range []string{"index.html", "people/a/index.html", "people/b/index.html"} {
		if err := o.Add(p, []byte(p)); err != nil {
			t.Fatal(err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(tmp, "people", "a", "index.html")); err != nil || string(b) != "people/a/index.html" {
		t.Fatalf("file not written as added: %q, %v", b, err)
	}
	if err := o.Add("../escape.html", nil); err == nil {
		t.Error("a path outside the output was accepted")
	}
	if err := o.Write(dest); err != nil {
		t.Fatal(err)
	}
	if b, ok := o.File("people/b/index.html"); !ok || string(b) != "people/b/index.html" {
		t.Errorf("File after the move = %q, %v", b, ok)
	}
	if _, err := os.Stat(filepath.Join(dest, "stale")); !os.IsNotExist(err) {
		t.Errorf("the previous output's files survived: %v", err)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("the build folder is still there: %v", err)
	}
	if diff := cmp.Diff([]string{"index.html", "people/a/index.html", "people/b/index.html"}, o.Paths()); diff != "" {
		t.Errorf("Paths (-want +got):\n%s", diff)
	}
}
