package main

// orcidsite serve: a development server in the manner of "hugo server".
//
// The site is built from the snapshot into memory with a small script
// added to every page, and served under base_url's path (base_url
// https://x.github.io/lab/ is served at http://127.0.0.1:1313/lab/, so the
// links are those of the published site; "/" redirects there). A watcher
// on site.yaml, publications.yaml, content/, layouts/, static/, data/ and
// a theme folder inside the site rebuilds after each burst of changes
// (debounced). The script listens to server-sent events on
// /__orcidsite/events: "reload" reloads the page after a good rebuild,
// "builderror" shows the error over the page while the last good site is
// still served. The script is only ever added here, never by build.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/orcidsite/orcidsite/generator"
	"github.com/orcidsite/orcidsite/themes"
)

var serveCommand = &command{
	name:    "serve",
	summary: "preview the site locally, rebuilding and reloading on every change",
	usage:   "[--site DIR] [--port 1313] [--bind 127.0.0.1] [--fetch] [--api-url URL] [--token-url URL] [--sandbox]",
	example: `  orcidsite serve                  # http://127.0.0.1:1313/ (plus base_url's path)
  orcidsite serve --port 0         # any free port; the URL is printed
  orcidsite serve --fetch          # refresh the ORCID snapshot first
  orcidsite serve --bind 0.0.0.0   # reachable from other machines

The site is built from the snapshot in data/orcid/ and served from
memory under base_url's path. Changes to site.yaml, publications.yaml,
content/, layouts/, static/ and data/ rebuild it and reload open pages;
a failed rebuild is shown in the terminal and over the page while the
last good site stays served. Stop with Ctrl+C.`,
	run: runServe,
}

// Paths and timings of the development server.
const (
	eventsPath     = "/__orcidsite/events"
	serveDebounce  = 100 * time.Millisecond
	serveHeartbeat = 20 * time.Second
	serveShutdown  = 3 * time.Second
)

func runServe(ctx context.Context, env *cmdEnv, args []string) error {
	fs := newFlagSet(env)
	site := fs.String("site", ".", "the site folder `DIR`, holding site.yaml")
	port := fs.Int("port", 1313, "the TCP `PORT` to listen on; 0 picks a free one")
	bind := fs.String("bind", "127.0.0.1", "the interface `ADDRESS` to listen on")
	fetch := fs.Bool("fetch", false, "refresh the ORCID snapshot before serving")
	var of orcidFlags
	of.add(fs)
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve: unexpected argument %q (use --site DIR for another folder)", fs.Arg(0))
	}
	if *port < 0 || *port > 65535 {
		return usagef("serve: --port %d is out of range 0-65535", *port)
	}
	if ip := net.ParseIP(*bind); ip == nil && *bind != "localhost" {
		return usagef("serve: --bind %q is not an IP address such as 127.0.0.1 or 0.0.0.0", *bind)
	}
	if !*fetch && (of.apiURL != "" || of.tokenURL != "" || of.sandbox) {
		return usagef("serve: --api-url, --token-url and --sandbox apply to --fetch; add --fetch or drop them")
	}

	// Step 1: fetch, when asked.
	if *fetch {
		if err := fetchSite(ctx, env, *site, &of, &runFlags{}); err != nil {
			return err
		}
	}

	// Step 2: the first build must succeed: there is nothing to serve yet.
	s := newDevServer(*site, env.stdout, env.stderr)
	if err := s.rebuild(); err != nil {
		return err
	}

	// Step 3: listen and serve.
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		return fmt.Errorf("serve: %w (is another server running there? --port 0 picks a free port)", err)
	}
	host := ln.Addr().String()
	if a, ok := ln.Addr().(*net.TCPAddr); ok && a.IP.IsUnspecified() {
		host = net.JoinHostPort("localhost", strconv.Itoa(a.Port))
	}
	s.origin = "http://" + host
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	// Step 4: watch the site folder.
	w, err := fsnotify.NewWatcher()
	if err != nil {
		srv.Close()
		return fmt.Errorf("serve: watch %s: %w", *site, err)
	}
	defer w.Close()
	s.watchAll(w)
	fmt.Fprintf(env.stdout, "Serving %s at %s%s (Ctrl+C to stop)\n", *site, s.origin, s.current().basePath)
	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		s.watch(ctx, w)
	}()

	// Step 5: run until interrupted, then close the event streams and
	// let requests in flight finish.
	select {
	case <-ctx.Done():
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	}
	s.closeStreams()
	sctx, cancel := context.WithTimeout(context.Background(), serveShutdown)
	defer cancel()
	err = srv.Shutdown(sctx)
	w.Close()
	<-watchDone
	fmt.Fprintln(env.stdout, "Stopped.")
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// siteState is one build as served.
type siteState struct {
	out      *generator.Output
	basePath string // base_url's path, starting and ending with "/"
	gen      int    // counts good builds; pages carry theirs
	err      error  // the last rebuild's failure; nil when out is current
	theme    string // a theme folder inside the site, to watch; "" for a built-in theme
}

// devServer serves the latest good build and tells pages about new ones.
type devServer struct {
	siteDir        string
	stdout, stderr io.Writer
	origin         string // "http://127.0.0.1:1313"

	mu       sync.Mutex
	state    *siteState
	streams  map[chan string]bool
	closing  chan struct{}
	warnings string // the warnings last printed
}

func newDevServer(siteDir string, stdout, stderr io.Writer) *devServer {
	return &devServer{siteDir: siteDir, stdout: stdout, stderr: stderr,
		state: &siteState{}, streams: map[chan string]bool{}, closing: make(chan struct{})}
}

func (s *devServer) current() *siteState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// rebuild builds the site from the snapshot into memory. On success the
// new site is served and pages reload; on failure the last good site
// stays and pages show the error.
func (s *devServer) rebuild() error {
	start := time.Now()
	old := s.current()
	st, warnings, err := buildDev(s.siteDir, old.gen+1)
	s.mu.Lock()
	if err != nil {
		next := *old
		next.err = err
		s.state = &next
	} else {
		s.state = st
	}
	s.mu.Unlock()
	if err != nil {
		if old.out != nil {
			fmt.Fprintf(s.stderr, "rebuild failed (still serving the last good site):\n%s\n", indentLines(err.Error()))
			s.broadcast(sseEvent("builderror", err.Error()))
		}
		return err
	}
	if w := strings.Join(warnings, "\n"); w != s.warnings {
		s.warnings = w
		for _, l := range warnings {
			fmt.Fprintln(s.stderr, "warning:", l)
		}
	}
	if old.out == nil {
		fmt.Fprintf(s.stdout, "Built %d files in %s.\n", st.out.Len(), time.Since(start).Round(time.Millisecond))
	} else {
		fmt.Fprintf(s.stdout, "Rebuilt in %s (%d files).\n", time.Since(start).Round(time.Millisecond), st.out.Len())
		if st.basePath != old.basePath {
			fmt.Fprintf(s.stdout, "base_url changed: now serving at %s%s\n", s.origin, st.basePath)
		}
		s.broadcast(sseEvent("reload", strconv.Itoa(st.gen)))
	}
	return nil
}

// buildDev runs the offline build into memory, with the live-reload
// script carrying generation gen.
func buildDev(siteDir string, gen int) (*siteState, []string, error) {
	res, err := generator.Build(context.Background(), generator.BuildOptions{
		SiteDir: siteDir, Offline: true, NoWrite: true, Dev: true, DevScript: devScript(gen)})
	if err != nil {
		return nil, nil, err
	}
	cfg, out, site := res.Site.Config, res.Output, res.Site
	st := &siteState{out: out, basePath: "/", gen: gen}
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Path != "" {
		st.basePath = u.Path
		if !strings.HasSuffix(st.basePath, "/") {
			st.basePath += "/"
		}
	}
	if !slices.Contains(themes.Names(), cfg.Theme) {
		st.theme = filepath.Clean(filepath.FromSlash(cfg.Theme))
	}
	return st, site.Warnings, nil
}

// devScript is added before </body> of every page under serve. It reloads
// the page on "reload", when the page is older than the served site (its
// generation differs) and when the server comes back after a restart; it
// shows a failed rebuild over the page. Error text is set as textContent,
// never parsed as HTML.
func devScript(gen int) template.HTML {
	return template.HTML(strings.ReplaceAll(`<script>
(function () {
  var lost = false;
  var es = new EventSource("`+eventsPath+`?gen=GEN");
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("builderror", function (e) {
    var d = document.getElementById("orcidsite-error");
    if (!d) {
      d = document.createElement("pre");
      d.id = "orcidsite-error";
      d.setAttribute("role", "alert");
      d.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;z-index:2147483647;max-height:60vh;overflow:auto;" +
        "margin:0;padding:1rem;background:#2b0b0b;color:#ffdede;border:2px solid #e5484d;border-radius:6px;" +
        "font:13px/1.4 ui-monospace,monospace;white-space:pre-wrap;box-shadow:0 4px 24px rgba(0,0,0,.4)";
      document.body.appendChild(d);
    }
    d.textContent = "orcidsite: rebuild failed; showing the last good build\n\n" + JSON.parse(e.data);
  });
  es.onerror = function () { lost = true; };
  es.onopen = function () {
    if (lost) { location.reload(); }
    document.documentElement.setAttribute("data-orcidsite-live", "");
  };
})();
</script>
`, "GEN", strconv.Itoa(gen)))
}

// sseEvent formats one server-sent event; data is sent as a JSON string
// so that it is always one line.
func sseEvent(name, data string) string {
	b, _ := json.Marshal(data)
	return "event: " + name + "\ndata: " + string(b) + "\n\n"
}

func (s *devServer) broadcast(ev string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.streams {
		select {
		case ch <- ev:
		default: // a slow page: it gets the next event
		}
	}
}

func (s *devServer) closeStreams() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.closing:
	default:
		close(s.closing)
	}
}

// ServeHTTP serves the current build under its base path, and the event
// stream.
func (s *devServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == eventsPath {
		s.events(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	st := s.current()
	p := r.URL.Path
	if !strings.HasPrefix(p, st.basePath) {
		if p == "/" || p+"/" == st.basePath {
			http.Redirect(w, r, st.basePath, http.StatusFound)
			return
		}
		s.notFound(w, r, st)
		return
	}
	rel := strings.TrimPrefix(p, st.basePath)
	name := rel
	if rel == "" || strings.HasSuffix(rel, "/") {
		name += "index.html"
	}
	b, ok := st.out.File(name)
	if !ok {
		if _, dir := st.out.File(rel + "/index.html"); dir && rel != "" && !strings.HasSuffix(rel, "/") {
			u := *r.URL
			u.Path += "/"
			http.Redirect(w, r, u.RequestURI(), http.StatusMovedPermanently)
			return
		}
		s.notFound(w, r, st)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

// notFound answers 404 with the site's 404 page.
func (s *devServer) notFound(w http.ResponseWriter, r *http.Request, st *siteState) {
	w.Header().Set("Cache-Control", "no-store")
	b, ok := st.out.File("404.html")
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// events streams server-sent events to one page. A page whose generation
// (?gen=) is not the served one reloads at once; a failed rebuild is sent
// on connection so that a page loaded meanwhile shows it too.
func (s *devServer) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := make(chan string, 8)
	s.mu.Lock()
	s.streams[ch] = true
	st := s.state
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.streams, ch)
		s.mu.Unlock()
	}()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	io.WriteString(w, "retry: 1000\n\n")
	if g := r.URL.Query().Get("gen"); g != "" && g != strconv.Itoa(st.gen) {
		io.WriteString(w, sseEvent("reload", strconv.Itoa(st.gen)))
	}
	if st.err != nil {
		io.WriteString(w, sseEvent("builderror", st.err.Error()))
	}
	fl.Flush()

	tick := time.NewTicker(serveHeartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case ev := <-ch:
			io.WriteString(w, ev)
			fl.Flush()
		case <-tick.C:
			io.WriteString(w, ": ping\n\n")
			fl.Flush()
		}
	}
}

// watchAll adds the site's inputs to the watcher: the site folder itself
// (site.yaml, publications.yaml, BibTeX files, new folders) and every
// folder under content/, layouts/, static/, data/ and a theme folder.
func (s *devServer) watchAll(w *fsnotify.Watcher) {
	w.Add(s.siteDir)
	for _, d := range s.watchedDirs() {
		addTree(w, filepath.Join(s.siteDir, d))
	}
}

// watchedDirs lists the top-level folders whose changes rebuild the site.
func (s *devServer) watchedDirs() []string {
	ds := []string{"content", "layouts", "static", "data"}
	if t := s.current().theme; t != "" && !slices.Contains(ds, t) {
		ds = append(ds, t)
	}
	return ds
}

// addTree watches dir and the folders below it; a missing dir is skipped
// (its creation is seen in the parent folder).
func addTree(w *fsnotify.Watcher, dir string) {
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && p != dir {
				return filepath.SkipDir
			}
			w.Add(p)
		}
		return nil
	})
}

// relevant reports whether a change to name (a path under the site
// folder) may change the site.
func (s *devServer) relevant(name string) bool {
	rel, err := filepath.Rel(s.siteDir, name)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	base := filepath.Base(rel)
	if strings.HasSuffix(base, "~") || strings.HasPrefix(base, ".#") || strings.HasPrefix(base, "#") ||
		strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") || base == "4913" ||
		(strings.HasPrefix(base, ".") && strings.Contains(base, ".tmp")) {
		return false // editor and atomic-write temporary files
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	if len(parts) == 1 {
		return base == "site.yaml" || base == generator.PublicationsFile || strings.HasSuffix(base, ".bib") ||
			slices.Contains(s.watchedDirs(), base)
	}
	for _, d := range s.watchedDirs() {
		if strings.HasPrefix(filepath.ToSlash(rel), filepath.ToSlash(d)+"/") {
			return true
		}
	}
	return false
}

// watch rebuilds after each burst of relevant changes, until ctx is done
// or the watcher is closed.
func (s *devServer) watch(ctx context.Context, w *fsnotify.Watcher) {
	var fire <-chan time.Time
	var changed []string
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if !s.relevant(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					addTree(w, ev.Name)
				}
			}
			if rel, err := filepath.Rel(s.siteDir, ev.Name); err == nil && !slices.Contains(changed, rel) {
				changed = append(changed, rel)
			}
			fire = time.After(serveDebounce)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintln(s.stderr, "warning: watching files:", err)
		case <-fire:
			fire = nil
			what := filepath.ToSlash(changed[0])
			if len(changed) > 1 {
				what += fmt.Sprintf(" and %d more", len(changed)-1)
			}
			changed = changed[:0]
			fmt.Fprintf(s.stdout, "Changed: %s\n", what)
			oldTheme := s.current().theme
			s.rebuild()
			if t := s.current().theme; t != oldTheme && t != "" {
				addTree(w, filepath.Join(s.siteDir, t))
			}
		}
	}
}

// indentLines indents each line of s by two spaces.
func indentLines(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return strings.Join(lines, "\n")
}
