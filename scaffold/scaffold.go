// Package scaffold writes the files of a new orcidsite site, as
// "orcidsite new" does: a commented site.yaml, content/index.md, the
// nightly GitHub Actions workflow and a .gitignore.
//
// The files are embedded from files/: a name ending in ".tmpl" is a
// text/template executed with Options (the suffix is dropped), others are
// copied unchanged, and "gitignore" becomes ".gitignore" (a file of that
// name would be ignored by the module's own tooling). The workflow
// files/.github/workflows/site.yml is a copy of the repository's example
// .github/workflows/site.yml; "go generate" refreshes it and a test
// fails when the two differ.
package scaffold

//go:generate sh -c "test ! -f ../.github/workflows/site.yml || cp ../.github/workflows/site.yml files/.github/workflows/site.yml"

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"github.com/orcidsite/orcidsite/orcid"
)

//go:embed all:files
var files embed.FS

// ExampleID is the iD a new site lists when none is given: Josiah
// Carberry, ORCID's fictional researcher kept for demonstrations.
const ExampleID orcid.ID = "0000-0002-1825-0097"

// Options describe the new site.
type Options struct {
	// Title is the site's name.
	Title string
	// BaseURL is where the site will be published (absolute, ending in "/").
	BaseURL string
	// Theme is a built-in theme name.
	Theme string
	// People are the iDs listed in site.yaml; none lists ExampleID.
	People []orcid.ID
}

// data is what the templates see.
type data struct {
	Options
	// Example is true when People holds only ExampleID because none was given.
	Example bool
}

// Files returns the new site's files: slash-separated paths relative to
// the site folder, mapped to their contents.
func Files(o Options) (map[string][]byte, error) {
	d := data{Options: o}
	if len(d.People) == 0 {
		d.People, d.Example = []orcid.ID{ExampleID}, true
	}
	funcs := template.FuncMap{"yaml": yamlString}
	out := map[string][]byte{}
	err := fs.WalkDir(files, "files", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "files/")
		if path.Base(name) == "gitignore" {
			name = path.Join(path.Dir(name), ".gitignore")
		}
		if n, ok := strings.CutSuffix(name, ".tmpl"); ok {
			t, err := template.New(name).Funcs(funcs).Option("missingkey=error").Parse(string(b))
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := t.Execute(&buf, d); err != nil {
				return err
			}
			name, b = n, buf.Bytes()
		}
		out[name] = b
		return nil
	})
	return out, err
}

// Write creates the site in dir, which must not exist or be empty; it is
// created when missing. It returns the paths written, relative to dir, in
// lexical order. On error, files written so far are removed.
func Write(dir string, o Options) ([]string, error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%s exists and is not a folder; choose a new folder", dir)
	}
	entries, err := os.ReadDir(dir)
	created := errors.Is(err, fs.ErrNotExist)
	switch {
	case err == nil && len(entries) > 0:
		return nil, fmt.Errorf("%s is not empty (it holds %s); choose a new folder", dir, entries[0].Name())
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	fsMap, err := Files(o)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(fsMap))
	for n := range fsMap {
		names = append(names, n)
	}
	slices.Sort(names)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
			err = os.WriteFile(p, fsMap[n], 0o644)
		}
		if err != nil {
			cleanup(dir, names, created)
			return nil, err
		}
	}
	return names, nil
}

// cleanup removes what Write wrote after a failure.
func cleanup(dir string, names []string, created bool) {
	if created {
		os.RemoveAll(dir)
		return
	}
	for _, n := range names {
		top := strings.SplitN(n, "/", 2)[0]
		os.RemoveAll(filepath.Join(dir, top))
	}
}

// yamlString quotes s as a YAML double-quoted scalar (JSON string syntax
// is a subset of it).
func yamlString(s string) string {
	return strconv.Quote(s)
}
