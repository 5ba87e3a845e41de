package generator

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/orcidsite/orcidsite/themes"
)

// The layout names, as in Hugo. A site's layouts/ folder overrides any of
// them; a theme folder overrides the built-in default theme.
const (
	LayoutBase         = "baseof.html"
	LayoutHome         = "home.html"
	LayoutList         = "list.html" // the people page
	LayoutPerson       = "person.html"
	LayoutPublications = "publications.html"
	LayoutPage         = "page.html"
	Layout404          = "404.html"
	partialsDir        = "_partials"
)

// PageData is what every template receives as ".".
type PageData struct {
	Site *Site
	// Kind is "home", "people", "person", "publications", "page" or "404".
	Kind  string
	Title string
	// URL is the page's path relative to base_url ("" for the home page).
	URL          string
	Description  string
	Page         *Page
	Person       *Person
	Publications []*Publication
	// Dev is true under "orcidsite serve" (live reload).
	Dev bool
}

// Permalink returns the page's absolute URL.
func (d *PageData) Permalink() string { return d.Site.BaseURL + d.URL }

// IsHome reports whether this is the home page.
func (d *PageData) IsHome() bool { return d.Kind == "home" }

// layer is one source of layouts and static files.
type layer struct {
	name string // for messages: "layouts/", "theme lab", …
	fs   fs.FS  // holds layouts/ and static/
}

// layers returns the lookup order for a site: its own folder, then the
// chosen theme, then the built-in default theme.
func layers(site fs.FS, theme string) ([]layer, error) {
	ls := []layer{{name: "", fs: site}}
	def, _ := themes.Get(themes.Default)
	if theme == "" || theme == themes.Default {
		return append(ls, layer{name: "theme " + themes.Default + ": ", fs: def}), nil
	}
	if t, ok := themes.Get(theme); ok {
		return append(ls, layer{name: "theme " + theme + ": ", fs: t}, layer{name: "theme " + themes.Default + ": ", fs: def}), nil
	}
	dir := path.Clean(strings.TrimPrefix(theme, "./"))
	if !fs.ValidPath(dir) {
		return nil, fmt.Errorf("theme %q: not a built-in theme (%s) nor a folder inside the site", theme, strings.Join(themes.Names(), ", "))
	}
	sub, err := fs.Sub(site, dir)
	if err != nil {
		return nil, err
	}
	if _, err := fs.Stat(sub, "layouts"); err != nil {
		return nil, fmt.Errorf("theme %q: not a built-in theme (%s) nor a folder with layouts/ inside the site", theme, strings.Join(themes.Names(), ", "))
	}
	return append(ls, layer{name: dir + "/", fs: sub}, layer{name: "theme " + themes.Default + ": ", fs: def}), nil
}

// goWriters enables the Go writers of built-in partials (pubEntryRenderer,
// partialCache.pubList); tests turn it off to compare them with the
// templates.
var goWriters = true

// templates holds one parsed template set per layout.
type templates struct {
	sets map[string]*template.Template
	// files maps a template name to the file it came from, for messages.
	files map[string]string
	// cache backs partialCached.
	cache *partialCache
}

// loadTemplates parses the partials and baseof once, then each layout on
// a clone of them. A parse error names the file it came from.
func loadTemplates(ls []layer, funcs template.FuncMap, extra []string) (*templates, error) {
	find := func(name string) (string, []byte, error) {
		for _, l := range ls {
			b, err := fs.ReadFile(l.fs, "layouts/"+name)
			if err == nil {
				return l.name + "layouts/" + name, b, nil
			}
		}
		return "", nil, fmt.Errorf("layout %s not found", name)
	}
	files := map[string]string{}
	parse := func(t *template.Template, name string) error {
		file, src, err := find(name)
		if err != nil {
			return err
		}
		files[name] = file
		if _, err := t.New(name).Parse(string(src)); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		return nil
	}
	// partialCached renders a partial once per distinct argument and reuses
	// the HTML, as Hugo's function of that name does: a publication shown on
	// the publications page and on three profiles is rendered once.
	cache := &partialCache{}
	funcs = maps.Clone(funcs)
	funcs["partialCached"] = cache.render
	base := template.New("").Funcs(funcs)
	// Partials: the union of every layer's _partials/, the first layer wins.
	seen := map[string]bool{}
	var partials []string
	for _, l := range ls {
		entries, _ := fs.ReadDir(l.fs, "layouts/"+partialsDir)
		for _, e := range entries {
			n := partialsDir + "/" + e.Name()
			if !e.IsDir() && strings.HasSuffix(n, ".html") && !seen[n] {
				seen[n] = true
				partials = append(partials, n)
			}
		}
	}
	slices.Sort(partials)
	for _, n := range append(partials, LayoutBase) {
		if err := parse(base, n); err != nil {
			return nil, err
		}
	}
	t := &templates{sets: map[string]*template.Template{}, files: files, cache: cache}
	// The partials run on their own copy of the shared templates.
	shared, err := base.Clone()
	if err != nil {
		return nil, err
	}
	cache.set, cache.locate = shared, t.locate
	if goWriters {
		cache.pub = builtinPublicationEntry(shared, funcs)
	}
	names := []string{LayoutHome, LayoutList, LayoutPerson, LayoutPublications, LayoutPage, Layout404}
	for _, n := range extra {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, n := range names {
		set, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if err := parse(set, n); err != nil {
			return nil, err
		}
		if goWriters {
			rebuild, err := cache.useGoPubList(set, funcs)
			if err != nil {
				return nil, err
			}
			if rebuild {
				if set, err = base.Clone(); err != nil {
					return nil, err
				}
				if err := parse(set, n); err != nil {
					return nil, err
				}
			}
		}
		t.sets[n] = set
	}
	return t, nil
}

// execute renders layout n with data; the page body is the layout's
// "main" block inside baseof.html.
func (t *templates) execute(n string, data *PageData) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.executeTo(&buf, n, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// executeTo renders layout n with data into w.
func (t *templates) executeTo(w io.Writer, n string, data *PageData) error {
	set, ok := t.sets[n]
	if !ok {
		return fmt.Errorf("layout %s not found", n)
	}
	if err := set.ExecuteTemplate(w, LayoutBase, data); err != nil {
		return t.locate(err)
	}
	return nil
}

// partialCache memoizes partial output by template name and arguments.
type partialCache struct {
	set    *template.Template
	locate func(error) error
	m      sync.Map // partialKey → template.HTML
	// pub writes publicationPartial in Go when it is the default theme's
	// own (see pubEntryRenderer); nil when the site overrides it.
	pub *pubEntryRenderer
}

type partialKey struct {
	name string
	data any
	vary string
}

// render executes the partial name with data. The optional variants are
// part of the cache key, for a partial whose output depends on more than
// its argument. data must be comparable (a pointer, string or number).
func (c *partialCache) render(name string, data any, variants ...any) (template.HTML, error) {
	if !reflect.TypeOf(data).Comparable() {
		return "", fmt.Errorf("partialCached %s: argument of type %T cannot be a cache key", name, data)
	}
	key := partialKey{name: name, data: data}
	if len(variants) > 0 {
		key.vary = fmt.Sprint(variants...)
	}
	if v, ok := c.m.Load(key); ok {
		return v.(template.HTML), nil
	}
	buf := partialBuffers.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		partialBuffers.Put(buf)
	}()
	if p, ok := data.(*Publication); ok && name == publicationPartial && c.pub != nil && c.pub.canRender(p) {
		buf.Write(c.pub.appendEntry(buf.AvailableBuffer(), p))
	} else if err := c.set.ExecuteTemplate(buf, name, data); err != nil {
		return "", c.locate(err)
	}
	h := template.HTML(buf.String())
	c.m.Store(key, h)
	return h, nil
}

// partialBuffers are reused for rendering partials: the cache keeps an
// exact copy of each result.
var partialBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// locate rewrites html/template's "template: person.html:12:3: …" so that
// it names the file the template came from, e.g. "layouts/person.html:12:3: …".
func (t *templates) locate(err error) error {
	msg := err.Error()
	for name, file := range t.files {
		if strings.HasPrefix(msg, "template: "+name+":") {
			return fmt.Errorf("%s:%s", file, strings.TrimPrefix(msg, "template: "+name+":"))
		}
	}
	return err
}

// RenderOptions adjust rendering.
type RenderOptions struct {
	// Dir, when set, is a new empty folder (from NewOutputDir) that
	// receives each file as it is rendered instead of holding the site in
	// memory.
	Dir string
	// Previous, with Dir, is the output folder that Dir is to replace:
	// files that come out the same are linked from it (see
	// Output.LinkUnchanged).
	Previous string
	// Dev adds the live-reload script (orcidsite serve).
	Dev bool
	// DevScript is the HTML injected before </body> when Dev is set.
	DevScript template.HTML
	// out, when set, is the output of Dir that Render writes into
	// (from output, made ahead by Build to make folders early).
	out *Output
}

// output returns the Output that Render writes into: in memory, or the
// folder Dir linking unchanged files from Previous.
func (opts RenderOptions) output() *Output {
	if opts.out != nil {
		return opts.out
	}
	if opts.Dir == "" {
		return NewOutput()
	}
	out := NewOutputIn(opts.Dir)
	if opts.Previous != "" {
		out.LinkUnchanged(opts.Previous)
	}
	return out
}

// Render turns the site model into a complete output: every page, the
// static files of the theme and the site, exports, sitemap and robots.txt.
func Render(siteFS fs.FS, site *Site, opts RenderOptions) (*Output, error) {
	// Step 1: the theme's layers, and static files: the default theme's,
	// the theme's, then the site's, each overriding the one before.
	// Generated pages give way to the site's static files of the same
	// name and override the themes'.
	ls, err := layers(siteFS, site.Config.Theme)
	if err != nil {
		return nil, err
	}
	out := opts.output()
	for i := len(ls) - 1; i > 0; i-- {
		if err := copyStatic(ls[i].fs, out); err != nil {
			return nil, fmt.Errorf("%sstatic: %w", ls[i].name, err)
		}
	}
	siteStatic := NewOutput()
	if err := copyStatic(siteFS, siteStatic); err != nil {
		return nil, fmt.Errorf("static: %w", err)
	}
	for _, p := range siteStatic.Paths() {
		b, _ := siteStatic.File(p)
		if err := out.Add(p, b); err != nil {
			return nil, err
		}
	}

	// Step 2: the exports (BibTeX, CSL-JSON, Atom), started first: they
	// take longer than any page and run alongside the rest.
	var exports sync.WaitGroup
	var exportErr error
	exports.Go(func() { exportErr = writeExports(site, out) })

	// Step 3: templates, with any layout named in front matter.
	var extra []string
	for _, p := range append(slices.Clone(site.Pages), site.Home) {
		if p != nil && p.Layout != "" {
			extra = append(extra, layoutFile(p.Layout))
		}
	}
	if site.Config.Signin != nil {
		extra = append(extra, LayoutJoin)
	}
	tmpl, err := loadTemplates(ls, funcMap(site.BaseURL), extra)
	if err != nil {
		exports.Wait() // nothing is left writing into the output
		return nil, err
	}

	// Step 4: pages, rendered concurrently and added as each is done.
	type job struct {
		file, layout string
		data         *PageData
		skip         bool // a later page or a static file has this name
	}
	var jobs []*job
	page := func(file, layout string, d *PageData) {
		d.Site, d.Dev = site, opts.Dev
		jobs = append(jobs, &job{file: file, layout: layout, data: d})
	}
	page("index.html", layoutOr(site.Home, LayoutHome), &PageData{Kind: "home", Title: site.Title, Page: site.Home, Description: site.Description, Publications: site.Publications})
	page("people/index.html", LayoutList, &PageData{Kind: "people", Title: "People", URL: "people/"})
	for _, p := range site.People {
		page("people/"+p.Slug+"/index.html", LayoutPerson, &PageData{Kind: "person", Title: p.Name, URL: "people/" + p.Slug + "/", Person: p, Page: p.Content, Publications: p.Publications, Description: personDescription(p)})
	}
	page("publications/index.html", LayoutPublications, &PageData{Kind: "publications", Title: "Publications", URL: "publications/", Publications: site.Publications})
	for _, p := range site.Pages {
		page(p.URL+"index.html", layoutOr(p, LayoutPage), &PageData{Kind: "page", Title: p.Title, URL: p.URL, Page: p, Description: p.Description})
	}
	if site.Config.Signin != nil {
		page("join/index.html", LayoutJoin, &PageData{Kind: "join", Title: "Join", URL: "join/", Description: "Sign in with ORCID to join " + site.Title})
	}
	page("404.html", Layout404, &PageData{Kind: "404", Title: "Page not found", URL: "404.html"})
	claimed := map[string]bool{}
	for i := len(jobs) - 1; i >= 0; i-- {
		name, _ := cleanOutputPath(jobs[i].file)
		_, static := siteStatic.File(name)
		jobs[i].skip = claimed[name] || static
		claimed[name] = true
	}
	// The publications page is the largest: start it first.
	order := slices.Clone(jobs)
	slices.SortStableFunc(order, func(a, b *job) int { return len(b.data.Publications) - len(a.data.Publications) })
	render := func(j *job) error {
		// A page bound for a folder streams into its file.
		if !j.skip && !opts.Dev && out.dir != "" {
			if err := out.stream(j.file, func(w io.Writer) error { return tmpl.executeTo(w, j.layout, j.data) }); err != nil {
				return fmt.Errorf("render %s with %s: %w", j.file, j.layout, err)
			}
			return nil
		}
		b, err := tmpl.execute(j.layout, j.data)
		if err != nil {
			return fmt.Errorf("render %s with %s: %w", j.file, j.layout, err)
		}
		if opts.Dev {
			b = bytes.Replace(b, []byte("</body>"), []byte(string(opts.DevScript)+"</body>"), 1)
		}
		if j.skip {
			return nil
		}
		return out.Add(j.file, b)
	}
	// A few goroutines take the pages in turn (one goroutine each would
	// grow a new stack for every page); the first page that fails, in
	// order, is reported.
	errs := make([]error, len(order))
	forEachChunk(len(order), 1, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			errs[i] = render(order[i])
		}
	})
	exports.Wait()
	for _, err := range append(errs, exportErr) {
		if err != nil {
			return nil, err
		}
	}
	var sitemap []string
	for _, j := range jobs {
		if j.data.Kind != "404" && j.data.Kind != "join" {
			sitemap = append(sitemap, j.data.URL)
		}
	}

	// Step 5: sitemap and robots.txt.
	sm, err := sitemapXML(site.BaseURL, sitemap)
	if err != nil {
		return nil, err
	}
	out.Add("sitemap.xml", sm)
	if _, ok := out.File("robots.txt"); !ok {
		out.Add("robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: "+site.BaseURL+"sitemap.xml\n"))
	}
	return out, nil
}

func layoutFile(l string) string {
	l = path.Base(l)
	if !strings.HasSuffix(l, ".html") {
		l += ".html"
	}
	return l
}

func layoutOr(p *Page, def string) string {
	if p != nil && p.Layout != "" {
		return layoutFile(p.Layout)
	}
	return def
}

func personDescription(p *Person) string {
	parts := []string{p.Name}
	if p.Role != "" {
		parts = append(parts, p.Role)
	}
	if len(p.Employments) > 0 && p.Employments[0].Current() {
		parts = append(parts, p.Employments[0].Organization)
	}
	return strings.Join(parts, ", ")
}

// sitemapXML writes the sitemap protocol's urlset for the page URLs.
func sitemapXML(base string, urls []string) ([]byte, error) {
	type u struct {
		Loc string `xml:"loc"`
	}
	v := struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []u      `xml:"url"`
	}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	slices.Sort(urls)
	for _, p := range urls {
		v.URLs = append(v.URLs, u{Loc: base + p})
	}
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, errors.New("sitemap: " + err.Error())
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}
