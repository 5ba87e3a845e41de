package generator

import (
	"html/template"
	"strings"
	"testing"

	"github.com/orcidsite/orcidsite/orcid"
)

// TestFuncExamples runs the example of every template function documented
// on funcMap, in a real template, with a sub-path base_url.
func TestFuncExamples(t *testing.T) {
	data := map[string]any{
		"Date":  orcid.FuzzyDate{Year: 2020, Month: 2},
		"Start": orcid.FuzzyDate{Year: 2015},
		"End":   orcid.FuzzyDate{},
		"ID":    orcid.ID("0000-0002-1825-0097"),
		"URL":   "javascript:alert(1)",
		"Text":  "Some *emphasis* and <b>raw</b> HTML",
	}
	for _, tc := range []struct{ tmpl, want string }{
		{`{{ relURL "people/" }}`, "/lab/people/"},
		{`{{ relURL "/people/" }}`, "/lab/people/"},
		{`{{ relURL "https://orcid.org/" }}`, "https://orcid.org/"},
		{`{{ absURL "people/" }}`, "https://x.org/lab/people/"},
		{`{{ absURL "" }}`, "https://x.org/lab/"},
		{`{{ date .Date }}`, "Feb 2020"},
		{`{{ dateRange .Start .End }}`, "2015 – present"},
		{`{{ orcidURL .ID }}`, "https://orcid.org/0000-0002-1825-0097"},
		{`{{ doiURL "10.1/ABC" }}`, "https://doi.org/10.1/abc"},
		{`{{ doiURL "https://doi.org/10.1000/X Y" }}`, "https://doi.org/10.1000/x%20y"},
		{`<a href="{{ safeLink .URL }}">x</a>`, `<a href="">x</a>`},
		{`{{ markdown .Text }}`, "<p>Some <em>emphasis</em> and <!-- raw HTML omitted -->raw<!-- raw HTML omitted --> HTML</p>"},
		{`{{ typeLabel "journal-article" }}`, "Journal article"},
		{`{{ typeLabel "spin-off-company" }}`, "Spin-off company"},
		{`{{ plural 1 "work" "works" }} {{ plural 2 "work" "works" }}`, "work works"},
		{`{{ upper "sprig" }}`, "SPRIG"},
	} {
		tmpl, err := template.New("t").Funcs(funcMap("https://x.org/lab/")).Parse(tc.tmpl)
		if err != nil {
			t.Fatalf("%s: %v", tc.tmpl, err)
		}
		var b strings.Builder
		if err := tmpl.Execute(&b, data); err != nil {
			t.Fatalf("%s: %v", tc.tmpl, err)
		}
		if got := strings.TrimSpace(b.String()); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.tmpl, got, tc.want)
		}
	}
}

// TestFuncMapIsHermetic checks that sprig's functions that read the
// environment or the clock are not available to templates.
func TestFuncMapIsHermetic(t *testing.T) {
	fm := funcMap("https://x.org/")
	for _, name := range []string{"env", "expandenv", "now", "date_in_zone", "randAlpha", "randInt", "shuffle", "uuidv4", "genPrivateKey", "encryptAES", "getHostByName"} {
		if _, ok := fm[name]; ok {
			t.Errorf("template function %q is available; output would depend on the machine", name)
		}
	}
}
