package generator

// This file checks a site the way "orcidsite check" does: the
// configuration, every template, and the links of the built output.
//
// The link checker reads the built site as a browser and a web server
// would: every href, src and srcset of an HTML page, url(...) and @import
// in CSS, <loc> in sitemap.xml, <link href> in an Atom feed and the
// Sitemap: line of robots.txt. A reference is internal when it is
// relative, path-absolute, or an absolute URL on base_url's host. An
// internal reference must stay under base_url's path and name a file of
// the output ("dir/" and "dir" both find "dir/index.html"); a #fragment
// must name an id (or <a name>) in the target page.

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"

	"golang.org/x/net/html"
)

// Problem is one thing wrong with a site, with the place it was found.
type Problem struct {
	// File is the file concerned: a source file such as "site.yaml" or
	// "layouts/home.html", or an output file such as "people/x/index.html".
	// Empty when Msg names its place itself.
	File string
	// Line and Column are 1-based; 0 when unknown.
	Line, Column int
	Msg          string
	// Source is the file an output page was made from, such as
	// "content/about.md", when known.
	Source string
}

// String formats the problem as "file:line:column: message", leaving out
// the parts that are unknown.
func (p Problem) String() string {
	if p.Source != "" {
		q := p
		q.Source, q.Msg = "", p.Msg+" (from "+p.Source+")"
		return q.String()
	}
	switch {
	case p.File == "":
		return p.Msg
	case p.Line > 0 && p.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Msg)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return p.File + ": " + p.Msg
}

// CheckLinks verifies the internal links, anchors, images, scripts and
// stylesheets of a rendered site against its own files, for a site
// published at baseURL. It returns every problem, sorted by file and line;
// none means every internal reference resolves.
func CheckLinks(out *Output, baseURL string) []Problem {
	ps, _ := checkLinks(out, baseURL)
	return ps
}

// CheckLinksFS is CheckLinks for a site already written to disk, such as
// os.DirFS("public").
func CheckLinksFS(fsys fs.FS, baseURL string) ([]Problem, error) {
	out, err := ReadOutput(fsys)
	if err != nil {
		return nil, err
	}
	return CheckLinks(out, baseURL), nil
}

// ReadOutput reads every regular file of fsys into an Output.
func ReadOutput(fsys fs.FS) (*Output, error) {
	out := NewOutput()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return out.Add(p, b)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// linkChecker holds what checking one output needs.
type linkChecker struct {
	out      *Output
	base     *url.URL
	basePath string                     // base_url's path, ending in "/"
	ids      map[string]map[string]bool // page → ids, filled on demand
	problems []Problem
	refs     int // internal references checked
}

// ref is one reference found in a file.
type ref struct {
	line int
	kind string // "link", "image", "file"
	url  string
}

func checkLinks(out *Output, baseURL string) ([]Problem, int) {
	base, err := url.Parse(baseURL)
	if err != nil || base.Host == "" {
		return []Problem{{File: "site.yaml", Msg: fmt.Sprintf("base_url %q is not an absolute URL", baseURL)}}, 0
	}
	c := &linkChecker{out: out, base: base, basePath: base.Path, ids: map[string]map[string]bool{}}
	if !strings.HasSuffix(c.basePath, "/") {
		c.basePath += "/"
	}
	for _, p := range out.Paths() {
		b, _ := out.File(p)
		var refs []ref
		switch {
		case strings.HasSuffix(p, ".html"):
			var ids map[string]bool
			refs, ids = scanHTML(b)
			c.ids[p] = ids
		case strings.HasSuffix(p, ".css"):
			refs = scanCSS(b)
		case p == "sitemap.xml":
			refs = scanMatches(b, locRE, "link")
		case strings.HasSuffix(p, ".xml") && bytes.Contains(b, []byte("<feed")):
			refs = scanMatches(b, atomLinkRE, "link")
		case p == "robots.txt":
			refs = scanMatches(b, robotsSitemapRE, "link")
		}
		for _, r := range refs {
			c.check(p, r)
		}
	}
	slices.SortStableFunc(c.problems, func(a, b Problem) int {
		if a.File != b.File {
			return strings.Compare(a.File, b.File)
		}
		return a.Line - b.Line
	})
	return c.problems, c.refs
}

func (c *linkChecker) report(file string, line int, format string, args ...any) {
	c.problems = append(c.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// check resolves one reference found in file.
func (c *linkChecker) check(file string, r ref) {
	raw := strings.TrimSpace(r.url)
	if raw == "" {
		return
	}
	u, err := url.Parse(raw)
	if err != nil {
		c.report(file, r.line, "malformed URL %q", raw)
		return
	}
	if u.Opaque != "" || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
		return // mailto:, data:, javascript:, tel: …
	}
	if u.Host != "" && !strings.EqualFold(u.Host, c.base.Host) {
		return // another site
	}
	c.refs++
	var target, rel string
	if u.Host == "" && u.Path == "" {
		target = file // "#id" or "?q": this page
	} else {
		// The absolute URL path of the target.
		p := u.Path
		switch {
		case p == "":
			p = "/"
		case !strings.HasPrefix(p, "/"):
			trailing := strings.HasSuffix(p, "/") || p == "." || p == ".." || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..")
			p = path.Join(path.Dir(c.basePath+file), p)
			if trailing && !strings.HasSuffix(p, "/") {
				p += "/"
			}
		}
		if p+"/" == c.basePath {
			p = c.basePath
		}
		if !strings.HasPrefix(p, c.basePath) {
			c.report(file, r.line, "%s %s is outside the site (base_url path %s)", r.kind, raw, c.basePath)
			return
		}
		rel = strings.TrimPrefix(p, c.basePath)
		target = rel
		if rel == "" || strings.HasSuffix(rel, "/") {
			target = rel + "index.html"
		}
	}
	if _, ok := c.out.File(target); !ok {
		if _, ok := c.out.File(rel + "/index.html"); ok && rel != "" && !strings.HasSuffix(rel, "/") {
			target = rel + "/index.html"
		} else {
			what := map[string]string{"link": "broken link", "image": "missing image", "file": "missing file"}[r.kind]
			c.report(file, r.line, "%s %s", what, raw)
			return
		}
	}
	if u.Fragment == "" || u.Fragment == "top" || !strings.HasSuffix(target, ".html") {
		return
	}
	ids, ok := c.ids[target]
	if !ok {
		b, _ := c.out.File(target)
		_, ids = scanHTML(b)
		c.ids[target] = ids
	}
	if !ids[u.Fragment] {
		if target == file {
			c.report(file, r.line, "broken anchor %s: no element with id %q on this page", raw, u.Fragment)
		} else {
			c.report(file, r.line, "broken anchor %s: no element with id %q in %s", raw, u.Fragment, target)
		}
	}
}

// Attributes holding URLs, by element; "srcset" holds a list.
var urlAttrs = map[string][]string{
	"a":      {"href"},
	"area":   {"href"},
	"link":   {"href"},
	"img":    {"src", "srcset"},
	"source": {"src", "srcset"},
	"script": {"src"},
	"iframe": {"src"},
	"embed":  {"src"},
	"video":  {"src", "poster"},
	"audio":  {"src"},
	"track":  {"src"},
	"object": {"data"},
}

// metaURLs are <meta> names and properties whose content is a URL.
var metaURLs = []string{"og:url", "og:image", "twitter:image"}

// scanHTML returns the URL references of a page, with their lines, and
// the ids that fragments may name.
func scanHTML(b []byte) ([]ref, map[string]bool) {
	var refs []ref
	ids := map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(b))
	line := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF, or input the tokenizer cannot continue
		}
		start := line
		line += bytes.Count(z.Raw(), []byte("\n"))
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		tag := string(name)
		attrs := map[string]string{}
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			attrs[string(k)] = string(v)
		}
		if id := attrs["id"]; id != "" {
			ids[id] = true
		}
		if n := attrs["name"]; n != "" && tag == "a" {
			ids[n] = true
		}
		kind := "file"
		switch tag {
		case "a", "area", "link", "iframe":
			kind = "link"
		case "img", "source", "video":
			kind = "image"
		}
		if tag == "link" {
			rel := strings.Fields(strings.ToLower(attrs["rel"]))
			if slices.Contains(rel, "stylesheet") || slices.Contains(rel, "icon") || slices.Contains(rel, "preload") {
				kind = "file"
			}
		}
		for _, a := range urlAttrs[tag] {
			v, ok := attrs[a]
			if !ok {
				continue
			}
			if a == "srcset" {
				for _, c := range strings.Split(v, ",") {
					if f := strings.Fields(c); len(f) > 0 {
						refs = append(refs, ref{line: start, kind: kind, url: f[0]})
					}
				}
				continue
			}
			refs = append(refs, ref{line: start, kind: kind, url: v})
		}
		if tag == "meta" {
			prop := cmp.Or(attrs["property"], attrs["name"])
			if slices.Contains(metaURLs, prop) {
				k := "link"
				if strings.HasSuffix(prop, "image") {
					k = "image"
				}
				refs = append(refs, ref{line: start, kind: k, url: attrs["content"]})
			}
		}
	}
	return refs, ids
}

var (
	cssURLRE        = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)`)
	cssImportRE     = regexp.MustCompile(`@import\s+(?:"([^"]*)"|'([^']*)')`)
	locRE           = regexp.MustCompile(`<loc>\s*([^<\s]*)\s*</loc>`)
	atomLinkRE      = regexp.MustCompile(`<link\b[^>]*\bhref="([^"]*)"`)
	robotsSitemapRE = regexp.MustCompile(`(?mi)^sitemap:[ \t]*(\S+)`)
)

// scanCSS returns the url(...) and @import references of a stylesheet.
func scanCSS(b []byte) []ref {
	var refs []ref
	for _, re := range []*regexp.Regexp{cssURLRE, cssImportRE} {
		for _, m := range re.FindAllSubmatchIndex(b, -1) {
			var u string
			for i := 2; i+1 < len(m); i += 2 {
				if m[i] >= 0 {
					u = string(b[m[i]:m[i+1]])
					break
				}
			}
			if u == "" || strings.HasPrefix(u, "#") {
				continue // an SVG fragment of the same document
			}
			refs = append(refs, ref{line: 1 + bytes.Count(b[:m[0]], []byte("\n")), kind: "file", url: u})
		}
	}
	return refs
}

// scanMatches returns the URLs that re's first group matches in an XML
// or text file (sitemap <loc>, Atom <link href>, robots.txt Sitemap:).
func scanMatches(b []byte, re *regexp.Regexp, kind string) []ref {
	var refs []ref
	for _, m := range re.FindAllSubmatchIndex(b, -1) {
		u := html.UnescapeString(string(b[m[2]:m[3]]))
		refs = append(refs, ref{line: 1 + bytes.Count(b[:m[0]], []byte("\n")), kind: kind, url: u})
	}
	return refs
}

// CheckResult is what CheckSite found.
type CheckResult struct {
	// Problems are every error found; a site with none is ready to deploy.
	Problems []Problem
	// Warnings are worth reading but do not fail the check (for example a
	// person without ORCID data yet).
	Warnings []string
	// Templates, Pages and Links count what was checked.
	Templates, Pages, Links int
}

// CheckSite validates the site in siteDir without the network: site.yaml
// and publications.yaml (keys, iDs and their checksums, curation entries),
// every template of the site and its theme, the content pages and
// snapshots, and then the links of the site built from the snapshot into
// a temporary folder. Every problem is collected, not only the first. The
// error is for what prevents checking at all, such as a missing site.yaml.
func CheckSite(siteDir string) (*CheckResult, error) {
	res := &CheckResult{}
	siteFS := os.DirFS(siteDir)

	// Step 1: configuration.
	cfg, err := LoadSiteConfig(siteDir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no site.yaml in %s (create a site with orcidsite new)", siteDir)
		}
		res.Problems = append(res.Problems, problemsOf(err)...)
	}

	// Step 2: every template, each parsed on its own so that all errors
	// are found.
	theme, baseURL := "", "https://example.org/"
	if cfg != nil {
		theme, baseURL = cfg.Theme, cfg.BaseURL
	}
	ls, err := layers(siteFS, theme)
	if err != nil {
		res.Problems = append(res.Problems, Problem{File: "site.yaml", Msg: err.Error()})
		ls, _ = layers(siteFS, "")
	}
	n, tps := checkTemplates(ls, funcMap(baseURL))
	res.Templates = n
	res.Problems = append(res.Problems, tps...)
	if len(res.Problems) > 0 {
		return res, nil
	}

	// Step 3: build from the snapshot, as build --offline does.
	people, err := OfflinePeople(cfg)
	if err != nil {
		res.Problems = append(res.Problems, problemsOf(err)...)
		return res, nil
	}
	snaps, err := LoadSnapshots(siteFS, people)
	if err != nil {
		res.Problems = append(res.Problems, problemsOf(err)...)
	}
	site, err := BuildSite(siteFS, cfg, people, snaps)
	if err != nil {
		res.Problems = append(res.Problems, problemsOf(err)...)
		return res, nil
	}
	res.Warnings = site.Warnings
	// The trial build is written into a temporary folder, as a build
	// writes its output.
	tmp, err := os.MkdirTemp("", "orcidsite-check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	written, err := Render(siteFS, site, RenderOptions{Dir: tmp})
	if err != nil {
		res.Problems = append(res.Problems, problemsOf(err)...)
		return res, nil
	}

	// Step 4: check the links of the written site.
	for _, p := range written.Paths() {
		if strings.HasSuffix(p, ".html") {
			res.Pages++
		}
	}
	lps, nrefs := checkLinks(written, cfg.BaseURL)
	res.Links = nrefs
	sources := map[string]string{}
	for _, pg := range append([]*Page{site.Home}, site.Pages...) {
		if pg != nil {
			sources[pg.URL+"index.html"] = pg.File
		}
	}
	for _, pe := range site.People {
		if pe.Content != nil {
			sources["people/"+pe.Slug+"/index.html"] = pe.Content.File
		}
	}
	for i := range lps {
		lps[i].Source = sources[lps[i].File]
	}
	res.Problems = append(res.Problems, lps...)
	return res, nil
}

// problemsOf splits an error (possibly joined) into problems, keeping the
// place of each *ConfigError.
func problemsOf(err error) []Problem {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var ps []Problem
	for _, e := range errs {
		if _, ok := e.(interface{ Unwrap() []error }); ok {
			ps = append(ps, problemsOf(e)...)
			continue
		}
		var ce *ConfigError
		if errors.As(e, &ce) {
			ps = append(ps, Problem{File: ce.File, Line: ce.Line, Column: ce.Column, Msg: ce.Msg})
			continue
		}
		ps = append(ps, Problem{Msg: e.Error()})
	}
	return ps
}

// templateErrRE takes the place out of a text/template parse error:
// "template: layouts/x.html:3: message".
var templateErrRE = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// checkTemplates parses every .html file under layouts/ of each layer on
// its own, so that every syntax error and unknown function is reported.
// A layer's file hidden by an earlier layer's is still parsed: it may be
// used once the override is removed. It returns the number of files.
func checkTemplates(ls []layer, funcs template.FuncMap) (int, []Problem) {
	probe := probeTemplate(ls, funcs)
	var ps []Problem
	n := 0
	for _, l := range ls {
		fs.WalkDir(l.fs, "layouts", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == "layouts" {
					return fs.SkipDir
				}
				ps = append(ps, Problem{File: l.name + p, Msg: err.Error()})
				return nil
			}
			if d.IsDir() || !strings.HasSuffix(p, ".html") {
				return nil
			}
			n++
			src, err := fs.ReadFile(l.fs, p)
			if err != nil {
				ps = append(ps, Problem{File: l.name + p, Msg: err.Error()})
				return nil
			}
			t, err := probe.Clone()
			if err == nil {
				_, err = t.New(p).Parse(string(src))
			}
			if err != nil {
				ps = append(ps, templateProblem(l.name+p, err))
			}
			return nil
		})
	}
	return n, ps
}

// probeTemplate returns an empty template carrying exactly the functions
// that rendering gives templates, including those loadTemplates adds
// itself (such as partialCached): it is taken from loadTemplates run on
// stand-ins for every layout file of the layers.
func probeTemplate(ls []layer, funcs template.FuncMap) *template.Template {
	stubs := fstest.MapFS{}
	for _, l := range ls {
		fs.WalkDir(l.fs, "layouts", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
				stubs[p] = &fstest.MapFile{Data: []byte(`{{ define "main" }}{{ end }}`)}
			}
			return nil
		})
	}
	stubs["layouts/"+LayoutBase] = &fstest.MapFile{Data: []byte(`{{ block "main" . }}{{ end }}`)}
	if t, err := loadTemplates([]layer{{fs: stubs}}, funcs, nil); err == nil {
		for _, set := range t.sets {
			return template.Must(set.New("probe").Parse(""))
		}
	}
	return template.New("probe").Funcs(funcs)
}

func templateProblem(file string, err error) Problem {
	m := templateErrRE.FindStringSubmatch(err.Error())
	if m == nil {
		return Problem{File: file, Msg: err.Error()}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	return Problem{File: file, Line: line, Column: col, Msg: m[4]}
}
