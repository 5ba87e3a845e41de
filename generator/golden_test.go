package generator

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orcidsite/orcidsite/orcid/orcidtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// writeLabSite writes a site folder for orcidtest's three-person lab, with
// snapshots made directly from the fixtures (as a fetch would write them).
func writeLabSite(tb testing.TB, dir, baseURL string) {
	tb.Helper()
	fixtures := orcidtest.Fixtures()
	yaml := "title: Lindqvist Lab\ndescription: Soil microbiology at Northvale University.\nbase_url: " + baseURL + "\npeople:\n"
	for i, id := range orcidtest.LabIDs {
		if _, err := WriteSnapshot(dir, fixtureSnapshot(id, fixtures[id])); err != nil {
			tb.Fatal(err)
		}
		yaml += "  - orcid: " + string(id) + "\n    group: " + []string{"faculty", "postdocs", "students"}[i] + "\n"
	}
	files := map[string]string{
		"site.yaml":        yaml,
		"content/index.md": "---\ntitle: Welcome\n---\nOur group studies **nitrous oxide** in peat soils.\n",
		"content/about.md": "---\ntitle: About\nmenu: true\n---\nWhere we are and [how to reach us](../people/).\n",
	}
	for name, body := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestGoldenPages compares a profile page and the publications page of
// the lab fixture site with testdata/golden; -update rewrites them.
func TestGoldenPages(t *testing.T) {
	dir := t.TempDir()
	writeLabSite(t, dir, "https://example.github.io/lab/")
	res, err := Build(context.Background(), BuildOptions{SiteDir: dir, Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	for page, golden := range map[string]string{
		"people/margarethe-lindqvist/index.html": "profile.html",
		"publications/index.html":                "publications.html",
	} {
		got, ok := res.Output.File(page)
		if !ok {
			t.Fatalf("no %s in %v", page, res.Output.Paths())
		}
		name := filepath.Join("testdata", "golden", golden)
		if *update {
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("%v (run go test ./generator -run TestGoldenPages -update)", err)
		}
		if !bytes.Equal(want, got) {
			t.Errorf("%s differs from %s (-want +got); if the change is intended, run with -update:\n%s", page, name, cmp.Diff(string(want), string(got)))
		}
	}
}

// TestLabSiteLinksResolve crawls the whole built lab site, with a sub-path
// base_url, and checks that every internal link, anchor and asset resolves.
func TestLabSiteLinksResolve(t *testing.T) {
	for _, base := range []string{"https://example.github.io/lab/", "https://lab.example.org/"} {
		dir := t.TempDir()
		writeLabSite(t, dir, base)
		res, err := Build(context.Background(), BuildOptions{SiteDir: dir, Offline: true})
		if err != nil {
			t.Fatal(err)
		}
		if problems := CheckLinks(res.Output, base); len(problems) > 0 {
			for _, p := range problems {
				t.Errorf("%s: %s", base, p)
			}
		}
		if res.Output.Len() < 15 {
			t.Errorf("%s: only %d files built: %v", base, res.Output.Len(), res.Output.Paths())
		}
	}
}
