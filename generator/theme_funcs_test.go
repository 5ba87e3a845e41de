package generator

import (
	"encoding/xml"
	"html/template"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orcidsite/orcidsite/orcid"
)

func pubsIn(years ...int) []*Publication {
	var out []*Publication
	for _, y := range years {
		out = append(out, &Publication{Date: orcid.FuzzyDate{Year: y}, Type: "journal-article"})
	}
	return out
}

func TestPublicationYears(t *testing.T) {
	for _, tc := range []struct {
		name  string
		years []int
		want  []YearCount
	}{
		{"none", nil, nil},
		{"undated only", []int{0, 0}, nil},
		{"one year", []int{2020, 2020}, []YearCount{{2020, 2}}},
		{"gap filled with zero", []int{2023, 2020, 2023, 0, 2021}, []YearCount{{2020, 1}, {2021, 1}, {2022, 0}, {2023, 2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, PublicationYears(pubsIn(tc.years...))); diff != "" {
				t.Errorf("PublicationYears (-want +got):\n%s", diff)
			}
		})
	}
}

// svgChart is the part of the chart's markup the test reads.
type svgChart struct {
	Role     string `xml:"role,attr"`
	Labelled string `xml:"aria-labelledby,attr"`
	Title    struct {
		ID   string `xml:"id,attr"`
		Text string `xml:",chardata"`
	} `xml:"title"`
	Desc struct {
		ID   string `xml:"id,attr"`
		Text string `xml:",chardata"`
	} `xml:"desc"`
	Rects []struct {
		Height int `xml:"height,attr"`
	} `xml:"rect"`
	Texts []struct {
		Class string `xml:"class,attr"`
		Text  string `xml:",chardata"`
	} `xml:"text"`
}

func TestPublicationChart(t *testing.T) {
	if got := PublicationChart("x", pubsIn(0)); got != "" {
		t.Errorf("chart of undated works = %q, want empty", got)
	}
	html := PublicationChart("Chart <Ada>", pubsIn(2019, 2021, 2021, 2021, 0))
	var c svgChart
	if err := xml.Unmarshal([]byte(html), &c); err != nil {
		t.Fatalf("chart is not well-formed XML: %v\n%s", err, html)
	}
	if c.Role != "img" || c.Labelled != "chart-ada-t chart-ada-d" || c.Title.ID != "chart-ada-t" || c.Desc.ID != "chart-ada-d" {
		t.Errorf("accessible name: role %q, aria-labelledby %q, title id %q, desc id %q", c.Role, c.Labelled, c.Title.ID, c.Desc.ID)
	}
	if c.Title.Text != "Publications per year, 2019–2021" {
		t.Errorf("title = %q", c.Title.Text)
	}
	if want := "4 publications in total. 2019: 1; 2020: 0; 2021: 3."; c.Desc.Text != want {
		t.Errorf("desc = %q, want %q", c.Desc.Text, want)
	}
	// Two bars (2020 has none), the tallest three times the other.
	if len(c.Rects) != 2 || c.Rects[1].Height != 3*c.Rects[0].Height {
		t.Errorf("bars = %+v, want two with heights 1:3", c.Rects)
	}
	var labels []string
	for _, tx := range c.Texts {
		if tx.Class == "label" {
			labels = append(labels, tx.Text)
		}
	}
	if diff := cmp.Diff([]string{"2019", "2020", "2021"}, labels); diff != "" {
		t.Errorf("year labels (-want +got):\n%s", diff)
	}
	// Many years: labels thin out but the last year is always labelled.
	var many []int
	for y := 1990; y <= 2024; y++ {
		many = append(many, y)
	}
	c = svgChart{}
	if err := xml.Unmarshal([]byte(PublicationChart("m", pubsIn(many...))), &c); err != nil {
		t.Fatal(err)
	}
	labels = nil
	for _, tx := range c.Texts {
		if tx.Class == "label" {
			labels = append(labels, tx.Text)
		}
	}
	if len(labels) > 14 || labels[len(labels)-1] != "2024" {
		t.Errorf("35 years give labels %v, want at most 14 ending with 2024", labels)
	}
}

func TestPublicationFacets(t *testing.T) {
	ada := &Person{Name: "Ada Lovelace", FamilyName: "Lovelace", Slug: "ada"}
	bob := &Person{Name: "Bob Babbage", FamilyName: "Babbage", Slug: "bob"}
	pubs := []*Publication{
		{Date: orcid.FuzzyDate{Year: 2021}, Type: "journal-article", Members: []*Person{ada}},
		{Date: orcid.FuzzyDate{Year: 2023}, Type: "preprint", TypeLabel: "Preprint", Members: []*Person{ada, bob}},
		{Date: orcid.FuzzyDate{Year: 2021}, Type: "journal-article", Members: []*Person{bob}},
		{Type: "software"},
	}
	want := Facets{
		Years:   []Facet{{"2023", "2023", 1}, {"2021", "2021", 2}},
		Types:   []Facet{{"journal-article", "Journal article", 2}, {"preprint", "Preprint", 1}, {"software", "Software", 1}},
		Members: []Facet{{"bob", "Bob Babbage", 2}, {"ada", "Ada Lovelace", 2}},
	}
	if diff := cmp.Diff(want, PublicationFacets(pubs)); diff != "" {
		t.Errorf("PublicationFacets (-want +got):\n%s", diff)
	}
	if got := MemberSlugs(pubs[1]); got != "ada bob" {
		t.Errorf("MemberSlugs = %q, want %q", got, "ada bob")
	}
}

func TestTimeline(t *testing.T) {
	d := func(y int) orcid.FuzzyDate { return orcid.FuzzyDate{Year: y} }
	p := &Person{
		Employments: []Affiliation{{Organization: "Now U", Start: d(2019)}, {Organization: "Old Lab", Start: d(2012), End: d(2018)}},
		Educations:  []Affiliation{{Organization: "PhD U", Start: d(2007), End: d(2012)}},
		Memberships: []Affiliation{{Organization: "Society", Start: d(2015)}},
		Services:    []Affiliation{{Organization: "Board", Start: d(2016), End: d(2018)}},
	}
	var got []string
	for _, e := range Timeline(p) {
		got = append(got, e.Kind+": "+e.Organization)
	}
	want := []string{"Employment: Now U", "Membership: Society", "Service: Board", "Employment: Old Lab", "Education: PhD U"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Timeline (-want +got):\n%s", diff)
	}
}

func TestSigninInfo(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want *Signin
	}{
		{"off", Config{}, nil},
		{"production", Config{Signin: &SigninConfig{ClientID: "APP-1"}, Repo: "o/r"},
			&Signin{ClientID: "APP-1", AuthorizeURL: orcid.ProductionAuthorizeURL, Repo: "o/r", ORCIDHost: "orcid.org"}},
		{"sandbox", Config{Signin: &SigninConfig{ClientID: "APP-1"}, ORCID: ORCIDConfig{Sandbox: true}},
			&Signin{ClientID: "APP-1", AuthorizeURL: orcid.SandboxAuthorizeURL, Sandbox: true, ORCIDHost: "sandbox.orcid.org"}},
		{"explicit URL wins", Config{Signin: &SigninConfig{ClientID: "APP-1", AuthorizeURL: "http://127.0.0.1:9/oauth/authorize"}, ORCID: ORCIDConfig{Sandbox: true}},
			&Signin{ClientID: "APP-1", AuthorizeURL: "http://127.0.0.1:9/oauth/authorize", Sandbox: true, ORCIDHost: "sandbox.orcid.org"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			if diff := cmp.Diff(tc.want, SigninInfo(&Site{Config: &cfg})); diff != "" {
				t.Errorf("SigninInfo (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLimit(t *testing.T) {
	pubs := pubsIn(2020, 2021, 2022)
	for _, tc := range []struct{ n, want int }{{-1, 0}, {0, 0}, {2, 2}, {3, 3}, {10, 3}} {
		if got := len(Limit(tc.n, pubs)); got != tc.want {
			t.Errorf("Limit(%d) has %d, want %d", tc.n, got, tc.want)
		}
	}
}

// The theme functions are registered under the names the themes use.
func TestThemeFuncsRegistered(t *testing.T) {
	fm := funcMap("https://example.org/")
	for name := range themeFuncs() {
		if fm[name] == nil {
			t.Errorf("%s is not in the template function map", name)
		}
	}
	tmpl := template.Must(template.New("t").Funcs(fm).Parse(`{{ range limit 1 . }}{{ .Date.Year }}{{ end }}|{{ pubChart "c" . }}`))
	var b strings.Builder
	if err := tmpl.Execute(&b, pubsIn(2024, 2023)); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); !strings.HasPrefix(got, "2024|<svg class=\"chart\"") {
		t.Errorf("template output %.60q…: want the first year, then an unescaped SVG", got)
	}
}
