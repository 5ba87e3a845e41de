// Package themes holds orcidsite's built-in themes, embedded in the binary.
//
// A theme is a folder with layouts/ (html/template files named as in Hugo:
// baseof.html, home.html, list.html, person.html, publications.html,
// page.html, 404.html and _partials/) and static/ (CSS, JavaScript, images,
// copied to the output root). A site's own layouts/ and static/ override a
// theme file by file; any theme falls back to the default theme for the
// files it does not have.
package themes

import (
	"embed"
	"io/fs"
	"slices"
)

//go:embed all:lab all:homepage
var files embed.FS

// Default is the theme used when site.yaml names none, and the fallback
// for files a theme lacks.
const Default = "lab"

// Names lists the built-in themes.
func Names() []string {
	entries, _ := files.ReadDir(".")
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names
}

// Get returns a built-in theme's files (layouts/ and static/).
func Get(name string) (fs.FS, bool) {
	if !slices.Contains(Names(), name) {
		return nil, false
	}
	sub, err := fs.Sub(files, name)
	if err != nil {
		return nil, false
	}
	return sub, true
}
