package themes_test

// Browser tests: each built-in theme renders a fixture site (the lab
// fixtures of orcid/orcidtest), served on 127.0.0.1 and loaded in Debian's
// chromium through chromedp. They check what only a browser can show:
// layout at phone and desktop widths, dark mode, the publication filter,
// the join page's sign-in against the fake ORCID server, that no page logs
// an error or makes a failed or external request, and accessibility with
// axe-core (testdata/axe/axe.min.js, MPL-2.0, run inside the page).
//
// Screenshots go to testdata/artifacts/ (not committed); with
// -update-screenshots (or UPDATE_SCREENSHOTS=1) the README screenshots in
// docs/screenshots/ are rewritten too.
//
// Outside CI the tests skip when chromium is not installed; with CI set
// they fail instead.

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/orcidsite/orcidsite/generator"
	"github.com/orcidsite/orcidsite/orcid"
	"github.com/orcidsite/orcidsite/orcid/orcidtest"
)

var updateScreenshots = flag.Bool("update-screenshots", os.Getenv("UPDATE_SCREENSHOTS") != "", "rewrite docs/screenshots/*.png")

const (
	artifactsDir   = "testdata/artifacts"
	screenshotsDir = "../docs/screenshots"
	clientID       = "APP-ORCIDSITETEST001"
	// joinID is who signs in on the join page: not a member of the site.
	joinID = orcidtest.IDCheckX
)

// chromiumPath returns the browser to drive, skipping the test (or failing
// it under CI) when there is none.
func chromiumPath(t *testing.T) string {
	t.Helper()
	p := os.Getenv("CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium not found at %s: CI must install it (apt-get install -y chromium)", p)
		}
		t.Skipf("chromium not installed at %s (apt-get install -y chromium, or set CHROMIUM): browser tests skipped", p)
	}
	return p
}

// fixtureSite writes a site folder for theme with snapshots of the given
// fixtures, builds it offline, and returns the output folder and the
// slug of the first person.
// Extra files (path → content) are written into the site folder first.
func fixtureSite(t *testing.T, srv *orcidtest.Server, theme string, people []personEntry, extra ...map[string]string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	for _, files := range extra {
		for name, content := range files {
			write(t, filepath.Join(dir, filepath.FromSlash(name)), content)
		}
	}
	var yaml strings.Builder
	title := "Lindqvist Lab"
	if theme == "homepage" {
		title = "Margarethe Lindqvist"
	}
	fmt.Fprintf(&yaml, "title: %s\ndescription: Soil microbiology at Northvale University.\nbase_url: https://example.github.io%s\ntheme: %s\nrepo: example/lab-site\n", title, sitePath, theme)
	fmt.Fprintf(&yaml, "signin:\n  client_id: %s\n  authorize_url: %s?orcid=%s\n", clientID, srv.AuthorizeURL, joinID)
	yaml.WriteString("people:\n")
	for _, p := range people {
		fmt.Fprintf(&yaml, "  - orcid: %s\n", p.id)
		if p.role != "" {
			fmt.Fprintf(&yaml, "    role: %s\n", p.role)
		}
		if p.group != "" {
			fmt.Fprintf(&yaml, "    group: %s\n", p.group)
		}
		if p.to != "" {
			fmt.Fprintf(&yaml, "    to: %q\n", p.to)
		}
		if p.photo != "" {
			fmt.Fprintf(&yaml, "    photo: %s\n", p.photo)
			write(t, filepath.Join(dir, "static", p.photo), photoSVG)
		}
	}
	write(t, filepath.Join(dir, "site.yaml"), yaml.String())
	intro := "We study how **soil microbes** turn nitrogen into greenhouse gases, from drained peatlands to rewetted fens. Our members, their publications and their grants are listed here from their ORCID records."
	if theme == "homepage" {
		intro = "**Open position:** I am looking for a PhD student to study denitrifiers in rewetted fens, starting in autumn. Write to me with a CV and a short statement of interest."
	}
	write(t, filepath.Join(dir, "content", "index.md"), "---\ntitle: Home\n---\n"+intro+"\n")
	write(t, filepath.Join(dir, "content", "contact.md"), "---\ntitle: Contact\nmenu: true\n---\nSchool of Environmental Sciences, Northvale University.\n")
	for _, p := range people {
		f, ok := srv.Get(p.id)
		if !ok {
			t.Fatalf("fixture %s not held by the fake server", p.id)
		}
		snap := &generator.Snapshot{Format: generator.SnapshotFormat, ORCID: p.id, Record: f.Record}
		for _, w := range f.Works {
			snap.Works = append(snap.Works, w)
		}
		snap.SortWorks()
		if _, err := generator.WriteSnapshot(dir, snap); err != nil {
			t.Fatal(err)
		}
	}
	res, err := generator.Build(context.Background(), generator.BuildOptions{SiteDir: dir, Offline: true})
	if err != nil {
		t.Fatalf("build %s site: %v", theme, err)
	}
	for _, p := range res.Site.People {
		if !p.HasData {
			t.Fatalf("%s site: no ORCID data for %s", theme, p.ID)
		}
	}
	if len(res.Site.Publications) == 0 {
		t.Fatalf("%s site: no publications", theme)
	}
	return res.OutDir, res.Site.People[0].Slug
}

type personEntry struct {
	id                     orcid.ID
	role, group, to, photo string
}

var labPeople = []personEntry{
	{id: orcidtest.IDLabPI, role: "Professor and head of the lab", group: "faculty"},
	{id: orcidtest.IDLabPostdoc, role: "Postdoctoral researcher", group: "researchers", photo: "photos/okafor.svg"},
	{id: orcidtest.IDLabStudent, role: "PhD student", group: "students"},
	{id: orcidtest.IDContributors, role: "Visiting researcher", group: "researchers"},
	{id: orcidtest.IDUnicode, role: "Former postdoc", group: "alumni", to: "2022"},
}

// photoSVG stands in for a member's photo.
const photoSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" fill="#c9d8c5"/><circle cx="48" cy="38" r="18" fill="#5b6b58"/><path d="M14 96c4-22 18-32 34-32s30 10 34 32z" fill="#5b6b58"/></svg>`

var homepagePeople = []personEntry{{id: orcidtest.IDLabPI}}

func write(t *testing.T, name, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// browser starts one headless chromium for the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	exec := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exec), chromedp.NoSandbox,
		chromedp.Flag("lang", "en-US"), chromedp.Flag("disable-gpu", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil { // start the browser now
		cancelB()
		cancelA()
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() { cancelB(); cancelA() })
	return ctx
}

// tab opens a new tab that records console errors, exceptions and every
// request. The returned context has a time limit for the test's actions.
func tab(t *testing.T, bctx context.Context) (context.Context, *monitor) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(bctx)
	t.Cleanup(cancel)
	m := &monitor{}
	if err := chromedp.Listen(ctx, m.event); err != nil {
		t.Fatal(err)
	}
	tctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelT)
	return tctx, m
}

// monitor collects what a page must not do.
type monitor struct {
	mu       sync.Mutex
	problems []string
	requests []string
}

func (m *monitor) event(ev any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			m.problems = append(m.problems, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		m.problems = append(m.problems, "exception: "+msg)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			m.problems = append(m.problems, fmt.Sprintf("log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	case *network.EventRequestWillBeSent:
		u := ev.Request.URL
		m.requests = append(m.requests, u)
		if p, err := url.Parse(u); err == nil && p.Scheme != "data" && p.Hostname() != "127.0.0.1" {
			m.problems = append(m.problems, "external request: "+u)
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			m.problems = append(m.problems, fmt.Sprintf("request failed: %s (%s)", ev.ErrorText, ev.Type))
		}
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			m.problems = append(m.problems, fmt.Sprintf("HTTP %d for %s", ev.Response.Status, ev.Response.URL))
		}
	}
}

// check reports and clears the problems seen so far.
func (m *monitor) check(t *testing.T, where string) {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range m.problems {
		t.Errorf("%s: %s", where, p)
	}
	m.problems = nil
}

// sitePath is the path of base_url: the fixture sites live under a
// sub-path, as on GitHub Pages, so every internal link must respect it.
const sitePath = "/lab/"

// serve serves a built site on 127.0.0.1 under sitePath and returns its
// address without the trailing slash; anything outside answers 404.
func serve(t *testing.T, dir string) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle(sitePath, http.StripPrefix(strings.TrimSuffix(sitePath, "/"), http.FileServer(http.Dir(dir))))
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts.URL + strings.TrimSuffix(sitePath, "/")
}

// pages are the four pages checked in both themes.
func pages(slug string) []struct{ name, path string } {
	return []struct{ name, path string }{
		{"home", "/"}, {"people", "/people/"}, {"profile", "/people/" + slug + "/"}, {"publications", "/publications/"},
	}
}

func TestThemesInBrowser(t *testing.T) {
	bctx := browser(t)
	srv := orcidtest.NewServerWithFixtures(t)
	axe, err := os.ReadFile("testdata/axe/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(artifactsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, theme := range []string{"lab", "homepage"} {
		t.Run(theme, func(t *testing.T) {
			people := labPeople
			if theme == "homepage" {
				people = homepagePeople
			}
			out, slug := fixtureSite(t, srv, theme, people)
			base := serve(t, out)
			ctx, m := tab(t, bctx)
			for _, dark := range []bool{false, true} {
				scheme := "light"
				if dark {
					scheme = "dark"
				}
				if err := chromedp.Do(ctx, colorScheme(scheme)); err != nil {
					t.Fatal(err)
				}
				for _, width := range []int64{360, 375, 1280} {
					for _, pg := range pages(slug) {
						where := fmt.Sprintf("%s %s %dpx %s", theme, pg.name, width, scheme)
						if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800), chromedp.Navigate(base+pg.path)); err != nil {
							t.Fatalf("%s: %v", where, err)
						}
						checkLayout(t, ctx, where, width, dark)
						if width == 360 {
							// The narrowest phones: layout only.
							m.check(t, where)
							continue
						}
						checkAxe(t, ctx, where, axe)
						shot(t, ctx, fmt.Sprintf("%s-%s-%d-%s.png", theme, pg.name, width, scheme))
						if width == 1280 && !dark {
							fullShot(t, ctx, fmt.Sprintf("%s-%s-full.png", theme, pg.name))
						}
						m.check(t, where)
					}
				}
			}
			checkKeyboard(t, ctx, theme, base+"/")
			checkPrint(t, ctx, base+pages(slug)[3].path)
			if *updateScreenshots {
				if err := chromedp.Do(ctx, colorScheme("light"), chromedp.EmulateViewport(1280, 800), chromedp.Navigate(base+"/")); err != nil {
					t.Fatal(err)
				}
				readme(t, ctx, theme)
			}
			m.check(t, theme)
		})
	}
}

// colorScheme emulates prefers-color-scheme.
func colorScheme(s string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s}},
		})
		return err
	})
}

// focusJS describes the focused element: its tag, whether it is on screen,
// and whether a focus ring is drawn on it or on the card holding it.
const focusJS = `(() => {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  const ring = (e) => { const s = getComputedStyle(e); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; };
  const card = el.closest('.person-card');
  return {tag: el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''), onScreen: r.bottom > 0 && r.top < innerHeight && r.width > 0, ring: ring(el) || (!!card && ring(card))};
})()`

type focusState struct {
	Tag      string `json:"tag"`
	OnScreen bool   `json:"onScreen"`
	Ring     bool   `json:"ring"`
}

// checkKeyboard tabs through the start of the home page: the skip link
// comes first and shows itself, Enter moves to the main content, and every
// focused element has a visible focus ring.
func checkKeyboard(t *testing.T, ctx context.Context, theme, u string) {
	t.Helper()
	if err := chromedp.Do(ctx, colorScheme("light"), chromedp.EmulateViewport(1280, 800), chromedp.Navigate(u), chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	f, err := chromedp.Run(ctx, chromedp.Evaluate[focusState](focusJS))
	if err != nil {
		t.Fatal(err)
	}
	if f.Tag != "a.skip" || !f.OnScreen || !f.Ring {
		t.Errorf("%s: first Tab focuses %+v, want the skip link, on screen, with a focus ring", theme, f)
	}
	shot(t, ctx, theme+"-skip-link.png")
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "main" {
		t.Errorf("%s: the skip link moves focus to %q, want main", theme, id)
	}
	for i := range 8 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		f, err := chromedp.Run(ctx, chromedp.Evaluate[focusState](focusJS))
		if err != nil {
			t.Fatal(err)
		}
		if !f.Ring {
			t.Errorf("%s: Tab %d focuses %s without a visible focus ring", theme, i+1, f.Tag)
		}
	}
}

// checkPrint loads the publications page with print media: navigation and
// the filter are hidden, the list is shown.
func checkPrint(t *testing.T, ctx context.Context, u string) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(u), chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`['nav', '#filter', '.site-footer', '#pub-list'].map(s => getComputedStyle(document.querySelector(s)).display === 'none' ? 'hidden' : 'shown').join(' ')`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "hidden hidden hidden shown"; got != want {
		t.Errorf("print: nav, filter, footer, list are %q, want %q", got, want)
	}
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		return err
	})); err != nil {
		t.Fatal(err)
	}
}

// layoutReport is what checkLayout reads from the page.
type layoutReport struct {
	Lang        string   `json:"lang"`
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Overflowing []string `json:"overflowing"`
	BgLuminance float64  `json:"bgLuminance"`
	Main        int      `json:"main"`
	Nav         int      `json:"nav"`
	H1          int      `json:"h1"`
	SkipTarget  bool     `json:"skipTarget"`
	StyledCSS   bool     `json:"styledCSS"`
}

const layoutJS = `(() => {
  const lum = (c) => {
    const m = c.match(/\d+(\.\d+)?/g).map(Number);
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(m[0]) + 0.7152 * f(m[1]) + 0.0722 * f(m[2]);
  };
  const over = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > window.innerWidth + 1 && getComputedStyle(el).position !== 'fixed' && !el.closest('pre, .skip')) {
      over.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') + ' right=' + Math.round(r.right));
    }
  }
  return {
    lang: document.documentElement.lang,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    overflowing: over.slice(0, 5),
    bgLuminance: lum(getComputedStyle(document.body).backgroundColor),
    main: document.querySelectorAll('main').length,
    nav: document.querySelectorAll('nav').length,
    h1: document.querySelectorAll('h1').length,
    skipTarget: !!document.querySelector('a.skip[href="#main"]') && !!document.getElementById('main'),
    styledCSS: getComputedStyle(document.body).display === 'flex',
  };
})()`

// checkLayout checks landmarks, horizontal overflow and the colour scheme.
func checkLayout(t *testing.T, ctx context.Context, where string, width int64, dark bool) {
	t.Helper()
	r, err := chromedp.Run(ctx, chromedp.Evaluate[layoutReport](layoutJS))
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if r.Lang != "en" {
		t.Errorf("%s: html lang = %q, want en", where, r.Lang)
	}
	if !r.StyledCSS {
		t.Errorf("%s: the stylesheet did not apply", where)
	}
	if r.InnerWidth != int(width) {
		t.Errorf("%s: viewport is %dpx, want %d", where, r.InnerWidth, width)
	}
	if r.ScrollWidth > r.InnerWidth || len(r.Overflowing) > 0 {
		t.Errorf("%s: page scrolls sideways (scrollWidth %d > %d): %v", where, r.ScrollWidth, r.InnerWidth, r.Overflowing)
	}
	if r.Main != 1 || r.Nav < 1 || r.H1 != 1 || !r.SkipTarget {
		t.Errorf("%s: landmarks: %d main, %d nav, %d h1, skip link ok %v; want 1 main, a nav, 1 h1 and a skip link to #main", where, r.Main, r.Nav, r.H1, r.SkipTarget)
	}
	if dark && r.BgLuminance > 0.1 {
		t.Errorf("%s: dark mode: background luminance %.2f, want a dark background", where, r.BgLuminance)
	}
	if !dark && r.BgLuminance < 0.8 {
		t.Errorf("%s: light mode: background luminance %.2f, want a light background", where, r.BgLuminance)
	}
}

// axeResult is the part of axe-core's result the test reads.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target  []any  `json:"target"`
			HTML    string `json:"html"`
			Failure string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
}

// checkAxe runs axe-core in the page with the WCAG 2.x A and AA rules and
// fails on serious or critical violations; minor and moderate ones are
// logged.
func checkAxe(t *testing.T, ctx context.Context, where string, axe []byte) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(axe))); err != nil {
		t.Fatalf("%s: load axe-core: %v", where, err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}, resultTypes: ['violations']}).then(r => JSON.stringify(r))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: run axe-core: %v", where, err)
	}
	var res axeResult
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatalf("%s: axe-core result: %v", where, err)
	}
	for _, v := range res.Violations {
		var nodes []string
		for i, n := range v.Nodes {
			if i == 3 {
				nodes = append(nodes, fmt.Sprintf("… %d more", len(v.Nodes)-3))
				break
			}
			nodes = append(nodes, fmt.Sprintf("%v %s", n.Target, n.Failure))
		}
		msg := fmt.Sprintf("%s: axe %s (%s): %s\n\t%s", where, v.ID, v.Impact, v.Help, strings.Join(nodes, "\n\t"))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}

// shot saves a screenshot of the viewport as a test artifact.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(artifactsDir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fullShot saves the whole page as a PNG test artifact.
func fullShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(artifactsDir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// readme writes the theme's README screenshot: the home page at
// 1280×800, recompressed, under 200 KB.
func readme(t *testing.T, ctx context.Context, theme string) {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	b = compress(t, img)
	if len(b) > 200_000 {
		t.Errorf("%s screenshot is %d bytes, want under 200 KB", theme, len(b))
	}
	if err := os.MkdirAll(screenshotsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(screenshotsDir, theme+".png")
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", name, len(b))
}

func compress(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// visibleCount counts the publications shown on the page.
const visibleCount = `Array.from(document.querySelectorAll('#pub-list .pub')).filter(li => li.offsetParent !== null).length`

func TestPublicationFilter(t *testing.T) {
	bctx := browser(t)
	srv := orcidtest.NewServerWithFixtures(t)
	out, _ := fixtureSite(t, srv, "lab", labPeople)
	base := serve(t, out)
	ctx, m := tab(t, bctx)
	run := func(js string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return n
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+jsString(sel)+`).textContent`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	location := func() url.Values {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(s)
		return u.Query()
	}

	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/publications/"),
		chromedp.WaitVisible(chromedp.CSS("#filter"))); err != nil {
		t.Fatal(err)
	}
	total := run(`document.querySelectorAll('#pub-list .pub').length`)
	if total < 5 {
		t.Fatalf("fixture site lists %d publications, want at least 5", total)
	}
	if got := run(visibleCount); got != total {
		t.Errorf("before filtering %d of %d publications are visible", got, total)
	}
	if s := text("#filter-status"); !strings.Contains(s, fmt.Sprintf("all %d", total)) {
		t.Errorf("status = %q, want it to say all %d are shown", s, total)
	}

	// Text: one title word shared by the lab's overlapping work.
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#f-q"), "denitrifier community")); err != nil {
		t.Fatal(err)
	}
	want := run(`Array.from(document.querySelectorAll('#pub-list .pub')).filter(li => /denitrifier community/i.test(li.querySelector('.pub-title').textContent)).length`)
	if got := run(visibleCount); got != want || got == 0 || got == total {
		t.Errorf("text filter shows %d publications, want %d (of %d)", got, want, total)
	}
	if s := text("#filter-status"); !strings.Contains(s, fmt.Sprintf("%d of %d", want, total)) {
		t.Errorf("status = %q, want %q", s, fmt.Sprintf("%d of %d", want, total))
	}
	if q := location().Get("q"); q != "denitrifier community" {
		t.Errorf("URL q = %q, want the search text", q)
	}
	shot(t, ctx, "filter-text.png")

	// Clear, then filter by member: the student's publications.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#filter button[type=reset]`))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if got := run(visibleCount); got != total {
		t.Errorf("after Clear %d of %d are visible", got, total)
	}
	if len(location()) != 0 {
		t.Errorf("after Clear the URL keeps %v", location())
	}
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#f-member"), "priya-raghunathan"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('f-member').dispatchEvent(new Event('change', {bubbles: true}))`)); err != nil {
		t.Fatal(err)
	}
	want = run(`document.querySelectorAll('#pub-list .pub[data-members~="priya-raghunathan"]').length`)
	if got := run(visibleCount); got != want || got == 0 || got == total {
		t.Errorf("member filter shows %d, want %d (of %d)", got, want, total)
	}

	// The state survives a reload from the URL: year and type together.
	year := run(`+document.querySelector('#f-year option:nth-child(2)').value`)
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/publications/?year=%d&type=journal-article", base, year)),
		chromedp.WaitVisible(chromedp.CSS("#filter"))); err != nil {
		t.Fatal(err)
	}
	want = run(fmt.Sprintf(`document.querySelectorAll('#pub-list .pub[data-year="%d"][data-type="journal-article"]').length`, year))
	if got := run(visibleCount); got != want {
		t.Errorf("?year=%d&type=journal-article shows %d, want %d", year, got, want)
	}
	if v := run(`+document.getElementById('f-year').value`); v != year {
		t.Errorf("year select = %d after reload, want %d", v, year)
	}
	// Year headings with no visible entry are hidden.
	if n := run(`Array.from(document.querySelectorAll('#pub-list .pub-year')).filter(s => s.offsetParent !== null && !s.querySelector('.pub:not([hidden])')).length`); n != 0 {
		t.Errorf("%d year headings shown without entries", n)
	}
	m.check(t, "filter")

	// Without JavaScript the list is complete and the form stays hidden.
	nojs, m2 := tab(t, bctx)
	if err := chromedp.Do(nojs, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}), chromedp.Navigate(base+"/publications/?year=1999")); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(nojs, chromedp.Evaluate[int](visibleCount))
	if err == nil {
		// Evaluate runs even when page scripts are disabled.
		if n != total {
			t.Errorf("without JavaScript %d of %d publications are visible", n, total)
		}
		hidden, _ := chromedp.Run(nojs, chromedp.Evaluate[bool](`document.getElementById('filter').offsetParent === null`))
		if !hidden {
			t.Error("without JavaScript the filter form is shown")
		}
	} else {
		t.Fatal(err)
	}
	m2.check(t, "no JavaScript")
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestJoinPage(t *testing.T) {
	bctx := browser(t)
	srv := orcidtest.NewServerWithFixtures(t)
	out, _ := fixtureSite(t, srv, "lab", labPeople)
	base := serve(t, out)
	ctx, m := tab(t, bctx)
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}

	// A complete sign-in against the fake server's authorize endpoint.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/join/"),
		chromedp.WaitVisible(chromedp.CSS("#join-signin"))); err != nil {
		t.Fatal(err)
	}
	axe := mustRead(t, "testdata/axe/axe.min.js")
	checkAxe(t, ctx, "join light", axe)
	if err := chromedp.Do(ctx, colorScheme("dark")); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "join dark", axe)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#join-signin")), chromedp.WaitVisible(chromedp.CSS("#join-result"))); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	f, _ := srv.Get(joinID)
	name := strings.TrimSpace(string(f.Record.Person.Name.GivenNames) + " " + string(f.Record.Person.Name.FamilyName))
	if got := text("#join-id"); got != "https://orcid.org/"+string(joinID) {
		t.Errorf("authenticated iD shown as %q, want https://orcid.org/%s", got, joinID)
	}
	if got := text("#join-name"); got != name {
		t.Errorf("name = %q, want %q", got, name)
	}
	wantYAML := "- orcid: " + string(joinID) + "  # " + name
	if got := text("#join-yaml"); got != wantYAML {
		t.Errorf("site.yaml entry = %q, want %q", got, wantYAML)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('join-propose').href`))
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(href)
	if err != nil || u.Host != "github.com" || u.Path != "/example/lab-site/issues/new" || !strings.Contains(u.Query().Get("body"), wantYAML) {
		t.Errorf("propose link = %s, want a new issue on example/lab-site with the entry", href)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if strings.Contains(loc, "token") {
		t.Errorf("the token stays in the address bar: %s", loc)
	}
	shot(t, ctx, "join-signed-in.png")
	checkAxe(t, ctx, "join signed in", axe)
	if !slices.ContainsFunc(m.requests, func(r string) bool {
		return strings.HasPrefix(r, srv.AuthorizeURL+"?") && strings.Contains(r, "response_type=token") && strings.Contains(r, "nonce=")
	}) {
		t.Errorf("no implicit-flow request to %s among %v", srv.AuthorizeURL, m.requests)
	}
	m.check(t, "join sign-in")

	// Errors are explained on the page.
	for _, tc := range []struct{ name, frag, want string }{
		{"denied", "#error=access_denied&error_description=User+denied+access&state=x", "did not allow"},
		{"state", "#access_token=abc&token_type=bearer&state=forged&id_token=a.b.c", "state mismatch"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/join/"), chromedp.Evaluate[chromedp.Void](`sessionStorage.setItem('orcidsite.join.state', 'expected')`),
			chromedp.Navigate(base+"/join/?case="+tc.name+tc.frag), chromedp.WaitVisible(chromedp.CSS("#join-error"))); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := text("#join-error"); !strings.Contains(got, tc.want) {
			t.Errorf("%s: error = %q, want it to contain %q", tc.name, got, tc.want)
		}
		if vis, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('join-result').offsetParent !== null`)); vis {
			t.Errorf("%s: the result is shown despite the error", tc.name)
		}
		shot(t, ctx, "join-error-"+tc.name+".png")
		m.check(t, "join "+tc.name)
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
