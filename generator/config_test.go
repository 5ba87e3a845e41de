package generator

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// cfgTestBase is a valid site.yaml of four lines; cases append to it so the
// line numbers of their problems start at 5.
const cfgTestBase = `title: T
base_url: https://x.org/
people:
  - orcid: 0000-0002-1825-0097
`

func TestLoadConfigFull(t *testing.T) {
	got, err := LoadConfig(os.DirFS("testdata/config"), "full.yaml")
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	const file = "full.yaml"
	want := &Config{
		Title:       "Example Lab",
		Description: "We study how research information flows between people and machines.",
		BaseURL:     "https://example-lab.github.io/website/",
		Language:    "en-GB",
		Theme:       "lab",
		People: []PersonConfig{
			{ORCID: "0000-0002-1825-0097", Name: "Josiah Carberry", Slug: "carberry", Role: "Professor",
				Group: "Faculty", Photo: "img/carberry.jpg", From: "2010", Line: 20},
			{ORCID: "0000-0001-5109-3700", Role: "PhD student", Group: "Students", From: "2021-09", Line: 27},
			{ORCID: "0000-0002-1694-233X", Group: "Alumni", From: "2015-01-01", To: "2019-12-31", Line: 31},
		},
		Members: &MembersConfig{
			Query: `affiliation-org-name:"Example University" AND keyword:"information"`,
			Max:   200, Group: "Members", Line: 37,
		},
		Menu: []MenuItem{
			{Name: "People", URL: "/people/", Weight: 1},
			{Name: "Publications", URL: "/publications/", Weight: 2},
			{Name: "Code", URL: "https://github.com/example-lab"},
		},
		Publications: PublicationsConfig{
			Since:       2005,
			Types:       []string{"journal-article", "conference-paper", "book-chapter", "preprint", "data-set", "software"},
			Preprints:   "separate",
			MemberDates: true,
			Recent:      5,
			Hide: []HideRule{
				{WorkRef: WorkRef{DOI: "10.5555/old-erratum", File: file, Line: 68}},
				{WorkRef: WorkRef{PutCode: 1234567, File: file, Line: 69}},
				{WorkRef: WorkRef{File: file, Line: 70}, Title: "(?i)^correction to"},
			},
			Pin: []WorkRef{
				{DOI: "10.5555/12345678", File: file, Line: 72},
				{PutCode: 7654321, File: file, Line: 73},
			},
			Override: []Override{{
				WorkRef: WorkRef{DOI: "10.5555/abcdef", File: file, Line: 75},
				Title:   "The Corrected Title",
				Venue:   "Journal of Examples",
				Date:    "2020-06",
				Type:    "journal-article",
				Authors: []string{"Josiah Carberry", "Ada Lovelace"},
				URL:     "https://example.org/paper.pdf",
			}},
			Add: []string{"extra.bib"},
		},
		ORCID: ORCIDConfig{
			APIURL:   "https://pub.orcid.org/v3.0",
			TokenURL: "https://orcid.org/oauth/token",
			Rate:     8,
		},
		Signin: &SigninConfig{ClientID: "APP-ABCDEFGHIJ123456", AuthorizeURL: "https://orcid.org/oauth/authorize"},
		Repo:   "example-lab/website",
		Params: map[string]any{
			"mastodon":     "https://scholar.social/@examplelab",
			"show_funding": true,
			"columns":      2,
			"colors":       []any{"teal", "gray"},
		},
		Dir:  ".",
		File: file,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LoadConfig(full.yaml) mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadConfigDefaults(t *testing.T) {
	// A minimal file in a sub-folder: only the required keys.
	fsys := fstest.MapFS{"lab/site.yaml": {Data: []byte("title: T\nbase_url: https://example.org/lab\npeople: [0000-0002-1825-0097]\n")}}
	got, err := LoadConfig(fsys, "lab/site.yaml")
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	want := &Config{
		Title:        "T",
		BaseURL:      "https://example.org/lab/",
		Language:     "en",
		Theme:        "lab",
		People:       []PersonConfig{{ORCID: "0000-0002-1825-0097", Line: 3}},
		Publications: PublicationsConfig{Preprints: "fold", Recent: 10},
		ORCID:        ORCIDConfig{Rate: 12},
		Dir:          "lab",
		File:         "lab/site.yaml",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("defaults mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadConfigMembersOnly(t *testing.T) {
	fsys := fstest.MapFS{"site.yaml": {Data: []byte("title: T\nbase_url: https://x.org\nmembers:\n  query: ringgold-org-id:1234\n")}}
	got, err := LoadConfig(fsys, "site.yaml")
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	want := &MembersConfig{Query: "ringgold-org-id:1234", Max: DefaultMembersMax, Line: 3}
	if diff := cmp.Diff(want, got.Members); diff != "" {
		t.Errorf("members mismatch (-want +got):\n%s", diff)
	}
}

// TestLoadConfigErrors has one case per kind of problem. Each want entry
// must appear in exactly one line of the error, and the error must have
// exactly as many lines as want entries: every problem reported, nothing
// else.
func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name  string
		yaml  string
		extra fstest.MapFS // other files of the site
		want  []string
	}{
		{
			name: "unknown top-level key",
			yaml: "title: T\nbase_url: https://x.org/\npeple:\n  - orcid: 0000-0002-1825-0097\n",
			want: []string{
				`site.yaml:3:1: unknown key "peple" (did you mean "people"?)`,
				`site.yaml: no people: add a people: list`,
			},
		},
		{
			name: "unknown key spelled with another case and hyphen",
			yaml: cfgTestBase + "Base-URL: https://y.org/\n",
			want: []string{`site.yaml:5:1: unknown key "Base-URL" (did you mean "base_url"?)`},
		},
		{
			name: "unknown key without a close match lists the valid ones",
			yaml: cfgTestBase + "colour: red\n",
			want: []string{`site.yaml:5:1: unknown key "colour" (valid keys: title, description, base_url,`},
		},
		{
			name: "unknown nested key",
			yaml: cfgTestBase + "    nmae: Ada\n",
			want: []string{`site.yaml:5:5: unknown key "nmae" in people entry (did you mean "name"?)`},
		},
		{
			name: "key belonging to a section",
			yaml: cfgTestBase + "since: 2010\n",
			want: []string{`site.yaml:5:1: unknown key "since" (it belongs under publications:)`},
		},
		{
			name: "unknown key in publications",
			yaml: cfgTestBase + "publications:\n  preprint: hide\n",
			want: []string{`site.yaml:6:3: unknown key "preprint" in publications (did you mean "preprints"?)`},
		},
		{
			name: "people not a list",
			yaml: "title: T\nbase_url: https://x.org/\nlanguage: en\npeople: many\n",
			want: []string{`site.yaml:4:9: people must be a list, got a string`},
		},
		{
			name: "list written as a mapping",
			yaml: cfgTestBase + "publications:\n  hide: {doi: 10.5555/x}\n",
			want: []string{`site.yaml:6:9: publications.hide must be a list, got a mapping (start each entry on its own line with "- ")`},
		},
		{
			name: "people entry not a mapping",
			yaml: cfgTestBase + "  - [a, b]\n",
			want: []string{`site.yaml:5:5: people entry must be a mapping (key: value lines), got a list`},
		},
		{
			name: "people entries empty",
			yaml: cfgTestBase + "  -\n  - orcid:\n",
			want: []string{
				`site.yaml:5:4: people entry is empty: give at least orcid:`,
				`site.yaml:6:5: people.orcid must not be empty`,
			},
		},
		{
			name: "tab indentation",
			yaml: cfgTestBase + "\tname: x\n",
			want: []string{`site.yaml:5:1: YAML syntax: found character '\t' that cannot start any token (indent with spaces, not tabs)`},
		},
		{
			name: "section not a mapping",
			yaml: cfgTestBase + "orcid: [1, 2]\n",
			want: []string{`site.yaml:5:8: orcid must be a mapping (key: value lines), got a list`},
		},
		{
			name: "number expected",
			yaml: cfgTestBase + "publications:\n  recent: many\n",
			want: []string{`site.yaml:6:11: publications.recent must be a whole number, got a string`},
		},
		{
			name: "string expected",
			yaml: cfgTestBase + "description: [a, b]\n",
			want: []string{`site.yaml:5:14: description must be a string, got a list`},
		},
		{
			name: "boolean expected",
			yaml: cfgTestBase + "orcid:\n  sandbox: sometimes\n",
			want: []string{`site.yaml:6:12: orcid.sandbox must be true or false, got a string`},
		},
		{
			name: "invalid iD checksum",
			yaml: "title: T\nbase_url: https://x.org/\npeople:\n  - orcid: 0000-0002-1825-0098\n",
			want: []string{`site.yaml:4:12: invalid ORCID iD "0000-0002-1825-0098": checksum: last character should be 7`},
		},
		{
			name: "invalid iD length",
			yaml: cfgTestBase + "  - orcid: 0000-0002-1825\n",
			want: []string{`site.yaml:5:12: invalid ORCID iD "0000-0002-1825": want 16 digits`},
		},
		{
			name: "duplicate iD in another form",
			yaml: cfgTestBase + "  - orcid: https://orcid.org/0000-0002-1825-0097\n",
			want: []string{`site.yaml:5:12: duplicate ORCID iD 0000-0002-1825-0097 (already listed at line 4)`},
		},
		{
			name: "people entry without orcid",
			yaml: cfgTestBase + "  - name: Ada\n",
			want: []string{`site.yaml:5:5: people entry has no orcid: key`},
		},
		{
			name: "invalid slug",
			yaml: cfgTestBase + "    slug: Ada Lovelace\n",
			want: []string{`site.yaml:5:11: invalid slug "Ada Lovelace": use lower-case letters a-z, digits and single hyphens`},
		},
		{
			name: "duplicate slug",
			yaml: cfgTestBase + "    slug: ada\n  - orcid: 0000-0001-5109-3700\n    slug: ada\n",
			want: []string{`site.yaml:7:11: duplicate slug "ada" (first used at line 5)`},
		},
		{
			name: "missing title",
			yaml: "base_url: https://x.org/\npeople: [0000-0002-1825-0097]\n",
			want: []string{`site.yaml: missing required key "title"`},
		},
		{
			name: "empty title",
			yaml: "title: \"\"\nbase_url: https://x.org/\npeople: [0000-0002-1825-0097]\n",
			want: []string{`site.yaml:1:1: title must not be empty`},
		},
		{
			name: "missing base_url",
			yaml: "title: T\npeople: [0000-0002-1825-0097]\n",
			want: []string{`site.yaml: missing required key "base_url"`},
		},
		{
			name: "missing people and members",
			yaml: "title: T\nbase_url: https://x.org/\n",
			want: []string{`site.yaml: no people: add a people: list with at least one orcid: entry, or a members: query`},
		},
		{
			name: "empty people list",
			yaml: "title: T\nbase_url: https://x.org/\npeople: []\n",
			want: []string{`site.yaml:3:1: people is empty`},
		},
		{
			name: "members without query",
			yaml: "title: T\nbase_url: https://x.org/\nmembers:\n  max: 10\n",
			want: []string{`site.yaml:3:1: members has no query:`},
		},
		{
			name: "base_url not http",
			yaml: "title: T\nbase_url: ftp://x.org/\npeople: [0000-0002-1825-0097]\n",
			want: []string{`site.yaml:2:11: base_url "ftp://x.org/" must be an absolute http(s) URL`},
		},
		{
			name: "base_url relative",
			yaml: "title: T\nbase_url: /lab/\npeople: [0000-0002-1825-0097]\n",
			want: []string{`site.yaml:2:11: base_url "/lab/" must be an absolute http(s) URL`},
		},
		{
			name: "invalid regexp in hide title",
			yaml: cfgTestBase + "publications:\n  hide:\n    - title: \"(unclosed\"\n",
			want: []string{"site.yaml:7:14: invalid regexp in publications.hide.title: error parsing regexp: missing closing )"},
		},
		{
			name: "unknown work type",
			yaml: cfgTestBase + "publications:\n  types: [journal-articel]\n",
			want: []string{`site.yaml:6:11: unknown work type "journal-articel" in publications.types (did you mean "journal-article"?)`},
		},
		{
			name: "unknown work type matched by a part",
			yaml: cfgTestBase + "publications:\n  types:\n    - thesis\n",
			want: []string{`site.yaml:7:7: unknown work type "thesis" in publications.types (did you mean "dissertation-thesis"?)`},
		},
		{
			name: "preprints value",
			yaml: cfgTestBase + "publications:\n  preprints: folded\n",
			want: []string{`site.yaml:6:14: publications.preprints "folded" must be fold, separate or hide (did you mean "fold"?)`},
		},
		{
			name: "from not a date",
			yaml: cfgTestBase + "    from: 2020-13\n",
			want: []string{`site.yaml:5:11: people.from "2020-13" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD`},
		},
		{
			name: "to not a date",
			yaml: cfgTestBase + "    to: last year\n",
			want: []string{`site.yaml:5:9: people.to "last year" is not a date`},
		},
		{
			name: "from after to",
			yaml: cfgTestBase + "    from: 2021-03\n    to: 2020\n",
			want: []string{`site.yaml:6:9: to 2020 is before from 2021-03 (line 5)`},
		},
		{
			name: "rate above 12",
			yaml: cfgTestBase + "orcid:\n  rate: 20\n",
			want: []string{`site.yaml:6:9: orcid.rate 20 is above ORCID's limit of 12 requests per second`},
		},
		{
			name: "rate zero",
			yaml: cfgTestBase + "orcid:\n  rate: 0\n",
			want: []string{`site.yaml:6:9: orcid.rate must be above 0`},
		},
		{
			name: "invalid DOI",
			yaml: cfgTestBase + "publications:\n  pin:\n    - doi: 11.5555/x\n",
			want: []string{`site.yaml:7:12: invalid DOI "11.5555/x": a DOI looks like 10.1234/abc`},
		},
		{
			name: "pin with two references",
			yaml: cfgTestBase + "publications:\n  pin:\n    - doi: 10.5555/x\n      put_code: 3\n",
			want: []string{`site.yaml:7:7: publications.pin entry needs exactly one of doi: or put_code:`},
		},
		{
			name: "override without changes",
			yaml: cfgTestBase + "publications:\n  override:\n    - put_code: 3\n",
			want: []string{`site.yaml:7:7: publications.override entry changes nothing`},
		},
		{
			name: "override with unknown type",
			yaml: cfgTestBase + "publications:\n  override:\n    - put_code: 3\n      type: dataset\n",
			want: []string{`site.yaml:8:13: unknown work type "dataset" in publications.override.type (did you mean "data-set"?)`},
		},
		{
			name: "added file missing",
			yaml: cfgTestBase + "publications:\n  add: [missing.bib]\n",
			want: []string{`site.yaml:6:9: publications.add: file "missing.bib" not found in the site folder`},
		},
		{
			name: "added file outside the site",
			yaml: cfgTestBase + "publications:\n  add: [../x.bib]\n",
			want: []string{`site.yaml:6:9: publications.add "../x.bib" must be a file inside the site folder`},
		},
		{
			name: "menu entry incomplete and unsafe",
			yaml: cfgTestBase + "menu:\n  - name: Home\n  - name: X\n    url: javascript:alert(1)\n",
			want: []string{
				`site.yaml:6:5: menu entry needs both name: and url:`,
				`site.yaml:8:10: menu.url "javascript:alert(1)" must be a path in the site`,
			},
		},
		{
			name: "photo with unsafe scheme",
			yaml: cfgTestBase + "    photo: javascript:alert(1)\n",
			want: []string{`site.yaml:5:12: photo "javascript:alert(1)" must be an http(s) URL or a path under static/`},
		},
		{
			name: "signin client iD",
			yaml: cfgTestBase + "signin:\n  client_id: my-app\n",
			want: []string{`site.yaml:6:14: signin.client_id "my-app" is not an ORCID client iD`},
		},
		{
			name: "repo",
			yaml: cfgTestBase + "repo: https://github.com/a/b\n",
			want: []string{`site.yaml:5:7: repo "https://github.com/a/b" must be owner/name`},
		},
		{
			name: "language",
			yaml: cfgTestBase + "language: English\n",
			want: []string{`site.yaml:5:11: language "English" is not a language tag`},
		},
		{
			name: "duplicate key",
			yaml: cfgTestBase + "title: U\n",
			want: []string{`site.yaml:5:1: duplicate key "title" (first at line 1)`},
		},
		{
			name: "YAML syntax error",
			yaml: "title: [T\n",
			want: []string{`site.yaml:1:8: YAML syntax: `},
		},
		{
			name: "not a mapping",
			yaml: "- title: T\n",
			want: []string{`site.yaml:1:1: the file must be a mapping (key: value lines), got a list`},
		},
		{
			name: "two documents",
			yaml: cfgTestBase + "---\ntitle: U\n",
			want: []string{`site.yaml:6:1: only one YAML document is allowed`},
		},
		{
			name: "unknown alias",
			yaml: cfgTestBase + "description: *nothing\n",
			want: []string{`site.yaml:5:14: unknown alias *nothing`},
		},
		{
			name:  "publications.yaml repeats a setting",
			yaml:  cfgTestBase + "publications:\n  since: 2010\n",
			extra: fstest.MapFS{"publications.yaml": {Data: []byte("# curation\nsince: 2012\n")}},
			want:  []string{`publications.yaml:2: since is also set in site.yaml:6; set it in one place`},
		},
		{
			name:  "problem inside publications.yaml",
			yaml:  cfgTestBase,
			extra: fstest.MapFS{"publications.yaml": {Data: []byte("hide:\n  - doi: 10.5555/x\n    tittle: y\n")}},
			want:  []string{`publications.yaml:3:5: unknown key "tittle" in hide entry (did you mean "title"?)`},
		},
		{
			name: "every problem is reported",
			yaml: "title: T\nbase_url: nowhere\nlanguage: en\npeople:\n  - orcid: 0000-0002-1825-0098\n  - orcid: 0000-0002-1825-0097\n    form: 2020\npublications:\n  preprints: no\n",
			want: []string{
				`site.yaml:2:11: base_url "nowhere" must be an absolute http(s) URL`,
				`site.yaml:5:12: invalid ORCID iD "0000-0002-1825-0098"`,
				`site.yaml:7:5: unknown key "form" in people entry (did you mean "from"?)`,
				`site.yaml:9:14: publications.preprints "no" must be fold, separate or hide`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"site.yaml": {Data: []byte(tt.yaml)}}
			for name, f := range tt.extra {
				fsys[name] = f
			}
			cfg, err := LoadConfig(fsys, "site.yaml")
			if err == nil {
				t.Fatalf("LoadConfig succeeded (%+v), want errors:\n%s", cfg, strings.Join(tt.want, "\n"))
			}
			if cfg != nil {
				t.Errorf("LoadConfig returned a config along with the error")
			}
			lines := strings.Split(err.Error(), "\n")
			for _, w := range tt.want {
				n := 0
				for _, l := range lines {
					if strings.HasPrefix(l, w) {
						n++
					}
				}
				if n != 1 {
					t.Errorf("want one line starting %q, found %d in:\n%s", w, n, err)
				}
			}
			if len(lines) != len(tt.want) {
				t.Errorf("got %d problems, want %d:\n%s", len(lines), len(tt.want), err)
			}
			// Every joined error is a *ConfigError.
			var joined interface{ Unwrap() []error }
			if !errors.As(err, &joined) {
				t.Fatalf("error %T is not a joined list", err)
			}
			for _, e := range joined.Unwrap() {
				var ce *ConfigError
				if !errors.As(e, &ce) {
					t.Errorf("problem %q is %T, want *ConfigError", e, e)
				}
			}
		})
	}
}

func TestLoadConfigPublicationsMerge(t *testing.T) {
	got, err := LoadConfig(os.DirFS("testdata/config"), "merge/site.yaml")
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	const site, pubs = "merge/site.yaml", "merge/publications.yaml"
	want := PublicationsConfig{
		Since:     2010,
		Preprints: "hide",
		Recent:    0, // set explicitly in publications.yaml: not replaced by the default
		Hide: []HideRule{
			{WorkRef: WorkRef{DOI: "10.5555/site-hidden", File: site, Line: 8}},
			{WorkRef: WorkRef{DOI: "10.5555/pub-hidden", File: pubs, Line: 5}},
			{WorkRef: WorkRef{File: pubs, Line: 6}, Title: "^Erratum"},
		},
		Pin: []WorkRef{
			{PutCode: 11, File: site, Line: 10},
			{DOI: "10.5555/pinned", File: pubs, Line: 8},
		},
		Override: []Override{{WorkRef: WorkRef{PutCode: 42, File: pubs, Line: 10}, Venue: "Proceedings of Examples"}},
		Add:      []string{"more.bib"},
	}
	if diff := cmp.Diff(want, got.Publications); diff != "" {
		t.Errorf("merged publications mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	_, err := LoadConfig(fstest.MapFS{}, "site.yaml")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want fs.ErrNotExist", err)
	}
}

func TestLoadConfigAnchorsAndMerge(t *testing.T) {
	src := cfgTestBase + `  - &alum
    orcid: 0000-0001-5109-3700
    group: Alumni
    to: 2019
  - <<: *alum
    orcid: 0000-0002-1694-233X
`
	got, err := LoadConfig(fstest.MapFS{"site.yaml": {Data: []byte(src)}}, "site.yaml")
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	want := []PersonConfig{
		{ORCID: "0000-0002-1825-0097", Line: 4},
		{ORCID: "0000-0001-5109-3700", Group: "Alumni", To: "2019", Line: 6},
		{ORCID: "0000-0002-1694-233X", Group: "Alumni", To: "2019", Line: 9},
	}
	if diff := cmp.Diff(want, got.People); diff != "" {
		t.Errorf("people mismatch (-want +got):\n%s", diff)
	}
}

func TestConfigErrorFormat(t *testing.T) {
	tests := []struct {
		e    ConfigError
		want string
	}{
		{ConfigError{File: "site.yaml", Line: 4, Column: 8, Msg: "people must be a list"}, "site.yaml:4:8: people must be a list"},
		{ConfigError{File: "publications.yaml", Line: 7, Msg: "m"}, "publications.yaml:7: m"},
		{ConfigError{File: "site.yaml", Msg: "missing"}, "site.yaml: missing"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestWorkRefStrings(t *testing.T) {
	tests := []struct {
		r          WorkRef
		str, where string
	}{
		{WorkRef{DOI: "10.1/x", File: "publications.yaml", Line: 7}, "doi 10.1/x", "publications.yaml:7"},
		{WorkRef{PutCode: 123, File: "lab/site.yaml", Line: 30}, "put_code 123", "lab/site.yaml:30"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.str {
			t.Errorf("String() = %q, want %q", got, tt.str)
		}
		if got := tt.r.Where(); got != tt.where {
			t.Errorf("Where() = %q, want %q", got, tt.where)
		}
	}
}

func TestNormalizeDOI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"10.1000/xyz123", "10.1000/xyz123"},
		{"10.1000/XYZ123", "10.1000/xyz123"},
		{"  10.1000/abc  ", "10.1000/abc"},
		{"https://doi.org/10.1000/ABC", "10.1000/abc"},
		{"http://doi.org/10.1000/abc", "10.1000/abc"},
		{"HTTPS://DX.DOI.ORG/10.1000/abc", "10.1000/abc"},
		{"https://www.doi.org/10.1000/abc", "10.1000/abc"},
		{"doi.org/10.1000/abc", "10.1000/abc"},
		{"doi:10.1000/abc", "10.1000/abc"},
		{"DOI: 10.1000/abc", "10.1000/abc"},
		{"https://doi.org/10.1002/(SICI)1097%2D4636", "10.1002/(sici)1097-4636"},
		{"10.1000/a%2Db", "10.1000/a%2db"}, // escapes are only decoded in URLs
		{"https://example.org/10.1000/abc", "example.org/10.1000/abc"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeDOI(tt.in); got != tt.want {
			t.Errorf("NormalizeDOI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCfgSuggest(t *testing.T) {
	tests := []struct {
		got   string
		valid []string
		want  []string
	}{
		{"peple", cfgTopKeys, []string{"people"}},
		{"titel", cfgTopKeys, []string{"title"}},
		{"baseurl", cfgTopKeys, []string{"base_url"}},
		{"BASE_URL", cfgTopKeys, []string{"base_url"}},
		{"xyzzy", cfgTopKeys, nil},
		{"dataset", WorkTypes, []string{"data-set"}},
		{"article", WorkTypes, []string{"journal-article", "magazine-article", "newsletter-article", "newspaper-article"}},
		{"separat", cfgPreprintVals, []string{"separate"}},
	}
	for _, tt := range tests {
		if got := cfgSuggest(tt.got, tt.valid); !cmp.Equal(got, tt.want) {
			t.Errorf("cfgSuggest(%q) = %q, want %q", tt.got, got, tt.want)
		}
	}
}

func TestWorkTypesUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, w := range WorkTypes {
		if seen[w] || w != strings.ToLower(w) || strings.Contains(w, "_") {
			t.Errorf("work type %q is repeated or not lower-case-hyphen", w)
		}
		seen[w] = true
	}
	if len(WorkTypes) < 50 {
		t.Errorf("only %d work types", len(WorkTypes))
	}
	// ORCID's own examples must be known.
	for _, w := range []string{"journal-article", "preprint", "data-set", "software", "dissertation-thesis"} {
		if !seen[w] {
			t.Errorf("%s missing", w)
		}
	}
}

// FuzzLoadConfig checks that no input makes LoadConfig panic, and that it
// returns either a config or problems, never both or neither.
func FuzzLoadConfig(f *testing.F) {
	full, err := os.ReadFile("testdata/config/full.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(full)
	f.Add([]byte(cfgTestBase))
	f.Add([]byte(cfgTestBase + "  - &a {orcid: 0000-0001-5109-3700, x: *a}\nparams: &p {a: *p}\n"))
	f.Add([]byte("a: [1, {b: c}]\n---\n- x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := LoadConfig(fstest.MapFS{"site.yaml": {Data: data}}, "site.yaml")
		if (cfg == nil) == (err == nil) {
			t.Fatalf("LoadConfig returned cfg=%v err=%v", cfg, err)
		}
	})
}

func BenchmarkLoadConfig(b *testing.B) {
	fsys := os.DirFS("testdata/config")
	for b.Loop() {
		if _, err := LoadConfig(fsys, "full.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}
