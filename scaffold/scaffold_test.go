package scaffold

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/orcidsite/orcidsite/generator"
	"github.com/orcidsite/orcidsite/orcid"
)

// The embedded workflow must be the repository's example workflow.
func TestWorkflowInSync(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("..", ".github", "workflows", "site.yml"))
	if os.IsNotExist(err) {
		t.Skip("no ../.github/workflows/site.yml")
	}
	if err != nil {
		t.Fatal(err)
	}
	got, err := files.ReadFile("files/.github/workflows/site.yml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("files/.github/workflows/site.yml differs from .github/workflows/site.yml; run go generate ./scaffold")
	}
}

func TestFiles(t *testing.T) {
	lab := []orcid.ID{"0000-0002-1825-0097", "0000-0001-5109-3700"}
	tests := []struct {
		name string
		o    Options
		want []orcid.ID
	}{
		{"people given", Options{Title: "Psychoceramics: a lab", BaseURL: "https://x.github.io/lab/", Theme: "lab", People: lab}, lab},
		{"example person", Options{Title: `Quote " and \ backslash`, BaseURL: "https://example.org/", Theme: "homepage"}, []orcid.ID{ExampleID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, err := Files(tt.o)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			mfs := fstest.MapFS{}
			for n, b := range fm {
				names = append(names, n)
				mfs[n] = &fstest.MapFile{Data: b}
			}
			slices.Sort(names)
			wantNames := []string{".github/workflows/site.yml", ".gitignore", "content/index.md", "site.yaml"}
			if !slices.Equal(names, wantNames) {
				t.Errorf("files = %q, want %q", names, wantNames)
			}
			cfg, err := generator.LoadConfig(mfs, "site.yaml")
			if err != nil {
				t.Fatalf("site.yaml does not load: %v\n%s", err, fm["site.yaml"])
			}
			var ids []orcid.ID
			for _, p := range cfg.People {
				ids = append(ids, p.ORCID)
			}
			if cfg.Title != tt.o.Title || cfg.BaseURL != tt.o.BaseURL || cfg.Theme != tt.o.Theme || !slices.Equal(ids, tt.want) {
				t.Errorf("config = %q %q %q %v, want %q %q %q %v", cfg.Title, cfg.BaseURL, cfg.Theme, ids, tt.o.Title, tt.o.BaseURL, tt.o.Theme, tt.want)
			}
			if example := strings.Contains(string(fm["site.yaml"]), "replace him"); example != (len(tt.o.People) == 0) {
				t.Errorf("example comment present = %v with people %v", example, tt.o.People)
			}
			if !strings.Contains(string(fm[".gitignore"]), "/public/") {
				t.Errorf(".gitignore does not ignore public/:\n%s", fm[".gitignore"])
			}
		})
	}
}

// Every commented-out key of site.yaml is a valid key: uncommenting the
// examples gives a configuration that loads.
func TestCommentedKeysAreValid(t *testing.T) {
	fm, err := Files(Options{Title: "T", BaseURL: "https://example.org/", Theme: "lab"})
	if err != nil {
		t.Fatal(err)
	}
	// "# key: value", "#   nested: value" and "#   - key: value" lines
	// are examples; prose comments do not start with a key.
	example := regexp.MustCompile(`^# ( *)((?:- )?[a-z_]+:(?: |$).*)$`)
	var out []string
	for _, l := range strings.Split(string(fm["site.yaml"]), "\n") {
		if m := example.FindStringSubmatch(l); m != nil {
			l = m[1] + m[2]
		}
		out = append(out, l)
	}
	src := strings.Join(out, "\n")
	for _, key := range []string{"\npublications:\n", "\n  since: 2015", "\n    - doi: ", "\nmenu:\n", "\nrepo: "} {
		if !strings.Contains(src, key) {
			t.Fatalf("example %q was not uncommented:\n%s", key, src)
		}
	}
	if _, err := generator.LoadConfig(fstest.MapFS{"site.yaml": {Data: []byte(src)}}, "site.yaml"); err != nil {
		t.Errorf("uncommented site.yaml does not load: %v\n%s", err, src)
	}
}

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "site")
	names, err := Write(dir, Options{Title: "T", BaseURL: "https://example.org/", Theme: "lab"})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(n))); err != nil {
			t.Error(err)
		}
	}
	// Written again: refused, nothing changed.
	before, _ := os.ReadFile(filepath.Join(dir, "site.yaml"))
	if _, err := Write(dir, Options{Title: "Other", BaseURL: "https://example.org/", Theme: "lab"}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("Write into a non-empty folder: error %v, want not empty", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "site.yaml"))
	if !bytes.Equal(before, after) {
		t.Error("a refused Write changed site.yaml")
	}
	// A file is not a folder.
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := Write(file, Options{Title: "T", BaseURL: "https://example.org/", Theme: "lab"}); err == nil || !strings.Contains(err.Error(), "is not a folder") {
		t.Errorf("Write onto a file: error %v, want not a folder", err)
	}
	// An existing empty folder is fine.
	empty := t.TempDir()
	if _, err := Write(empty, Options{Title: "T", BaseURL: "https://example.org/", Theme: "lab"}); err != nil {
		t.Errorf("Write into an empty folder: %v", err)
	}
}
