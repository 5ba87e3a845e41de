// Package themes holds orcidsite's built-in themes, embedded in the binary.
//
// A theme is a folder with layouts/ (html/template files named as in Hugo:
// baseof.html, home.html, list.html, person.html, publications.html,
// page.html, 404.html and _partials/) and static/ (CSS, JavaScript, images,
// copied to the output root). A site's own layouts/ and static/ override a
// theme file by file; any theme falls back to the default theme for the
// files it does not have.
//
// Two themes are built in:
//
//   - lab, the default, for a group: a home page with the site's intro,
//     the current members and the recent publications; people grouped as
//     in site.yaml, with photos or initials; profiles; the publication list.
//   - homepage, for one researcher: the first person's profile is the home
//     page. It keeps lab's layouts and markup and adds its own header,
//     head partial and css/homepage.css.
//
// Both share one markup vocabulary (classes such as people-grid,
// person-card, profile, timeline, pubs, pub, pub-title, filter), so a
// site's CSS or layout override works the same with either. A profile
// (_partials/profile.html) shows the ORCID iD as ORCID's display
// guidelines ask (the iD icon and the full https://orcid.org/ link), an
// about section, an affiliations timeline, fundings, a peer-review
// summary and the publications with a per-year chart drawn at build time.
//
// Pages are complete without JavaScript; scripts only enhance, each on the
// one page that needs it: static/js/filter.js (publications page) filters
// the list by text, year, type and member and keeps the state in the URL;
// static/js/join.js (the join/ page, rendered when site.yaml has signin:)
// runs ORCID's implicit OpenID Connect sign-in. Fonts are the system's and
// nothing is loaded from another host. Colours follow prefers-color-scheme
// and meet WCAG AA in both schemes; a print stylesheet hides navigation.
//
// The themes are tested in chromium (browser_test.go): layout at 360, 375
// and 1280 pixels, light and dark, keyboard focus, print, the filter, the
// sign-in against orcid/orcidtest, and axe-core's WCAG A/AA rules.
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
