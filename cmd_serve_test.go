package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// syncBuffer is an io.Writer safe for the server's goroutines that lets a
// test wait for a line.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor polls until re matches the buffer and returns the match.
func (b *syncBuffer) waitFor(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(b.String()); m != nil {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no %q in output:\n%s", re, b.String())
	return nil
}

// serveSite writes a site whose layouts are its own (independent of the
// built-in themes' progress) and base_url has a sub-path.
func serveSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"site.yaml":                 "title: Dev Lab\nbase_url: https://x.github.io/lab/\npeople:\n  - orcid: 0000-0002-1825-0097\n    slug: josiah\n",
		"content/index.md":          "Version one.\n",
		"layouts/baseof.html":       "<!DOCTYPE html>\n<html><head><title>{{ .Title }}</title></head><body>\n{{ block \"main\" . }}{{ end }}\n</body></html>\n",
		"layouts/home.html":         `{{ define "main" }}<h1>{{ .Site.Title }}</h1>{{ with .Page }}{{ .Content }}{{ end }}{{ end }}`,
		"layouts/list.html":         `{{ define "main" }}people{{ end }}`,
		"layouts/person.html":       `{{ define "main" }}{{ .Title }}{{ end }}`,
		"layouts/publications.html": `{{ define "main" }}pubs{{ end }}`,
		"layouts/page.html":         `{{ define "main" }}{{ .Page.Content }}{{ end }}`,
		"layouts/404.html":          `{{ define "main" }}nothing here{{ end }}`,
		"static/css/site.css":       "body{}",
	}
	for name, body := range files {
		writeFile(t, filepath.Join(dir, name), body)
	}
	return dir
}

func writeFile(t *testing.T, name, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

// sseReader reads events from the server's event stream.
type sseReader struct {
	events chan [2]string // name, data
}

func openEvents(t *testing.T, url string) *sseReader {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type = %q", ct)
	}
	r := &sseReader{events: make(chan [2]string, 16)}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var name string
		for sc.Scan() {
			l := sc.Text()
			switch {
			case strings.HasPrefix(l, "event: "):
				name = strings.TrimPrefix(l, "event: ")
			case strings.HasPrefix(l, "data: ") && name != "":
				r.events <- [2]string{name, strings.TrimPrefix(l, "data: ")}
				name = ""
			}
		}
		close(r.events)
	}()
	t.Cleanup(func() { resp.Body.Close() })
	return r
}

func (r *sseReader) next(t *testing.T) (string, string) {
	t.Helper()
	select {
	case ev, ok := <-r.events:
		if !ok {
			t.Fatal("event stream closed")
		}
		return ev[0], ev[1]
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10s")
	}
	return "", ""
}

func TestServe(t *testing.T) {
	dir := serveSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--site", dir, "--port", "0"}, &stdout, &stderr)
	}()
	m := stdout.waitFor(t, regexp.MustCompile(`Serving .* at (http://127\.0\.0\.1:\d+)(/lab/) \(Ctrl\+C to stop\)`))
	origin, base := m[1], m[2]

	// The site is served under base_url's path, with the reload script.
	code, body, hdr := get(t, origin+base)
	if code != 200 || !strings.Contains(body, "Version one.") || !strings.Contains(body, eventsPath+"?gen=1") {
		t.Fatalf("GET %s: %d\n%s", base, code, body)
	}
	if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type = %q", ct)
	}
	if strings.Index(body, "<script>") > strings.Index(body, "</body>") {
		t.Errorf("script not before </body>:\n%s", body)
	}
	for _, tc := range []struct {
		path     string
		code     int
		location string
		contains string
	}{
		{"/", 302, "/lab/", ""},
		{"/lab", 302, "/lab/", ""},
		{"/lab/people/josiah", 301, "/lab/people/josiah/", ""},
		{"/lab/people/josiah/", 200, "", "0000-0002-1825-0097"},
		{"/lab/css/site.css", 200, "", "body{}"},
		{"/lab/nope/", 404, "", "nothing here"},
		{"/other/", 404, "", "nothing here"},
	} {
		code, body, hdr := get(t, origin+tc.path)
		if code != tc.code || hdr.Get("Location") != tc.location || !strings.Contains(body, tc.contains) {
			t.Errorf("GET %s: %d Location %q, want %d %q containing %q; body:\n%s", tc.path, code, hdr.Get("Location"), tc.code, tc.location, tc.contains, body)
		}
	}

	// A page of an older generation is told to reload at once.
	if name, _ := openEvents(t, origin+eventsPath+"?gen=0").next(t); name != "reload" {
		t.Errorf("stale page got %q, want reload", name)
	}

	// An edit rebuilds and reloads.
	ev := openEvents(t, origin+eventsPath+"?gen=1")
	time.Sleep(50 * time.Millisecond) // let the stream register
	writeFile(t, filepath.Join(dir, "content", "index.md"), "Version two.\n")
	if name, data := ev.next(t); name != "reload" || data != `"2"` {
		t.Fatalf("after edit: event %s %s, want reload \"2\"", name, data)
	}
	if _, body, _ := get(t, origin+base); !strings.Contains(body, "Version two.") {
		t.Errorf("after edit, home page:\n%s", body)
	}

	// A new folder is watched too.
	writeFile(t, filepath.Join(dir, "content", "research", "index.md"), "---\ntitle: Research\n---\nDeep.\n")
	if name, _ := ev.next(t); name != "reload" {
		t.Fatalf("after new folder: event %s, want reload", name)
	}
	if code, body, _ := get(t, origin+base+"research/"); code != 200 || !strings.Contains(body, "Deep.") {
		t.Errorf("GET research/: %d\n%s", code, body)
	}
	time.Sleep(300 * time.Millisecond)
	writeFile(t, filepath.Join(dir, "content", "research", "more.md"), "More.\n")
	if name, _ := ev.next(t); name != "reload" {
		t.Fatalf("after edit in new folder: event %s, want reload", name)
	}

	// A broken template: the error goes to the terminal and the page;
	// the last good site is still served.
	writeFile(t, filepath.Join(dir, "layouts", "home.html"), `{{ define "main" }}{{ .Nope }}{{ end }}`)
	name, data := ev.next(t)
	if name != "builderror" || !strings.Contains(data, "Nope") {
		t.Fatalf("after breaking a template: event %s %s, want builderror", name, data)
	}
	stderr.waitFor(t, regexp.MustCompile(`rebuild failed \(still serving the last good site\):\n  .*Nope`))
	if code, body, _ := get(t, origin+base); code != 200 || !strings.Contains(body, "Version two.") {
		t.Errorf("during a failed build: %d\n%s", code, body)
	}
	// A page opened now learns of the error on connecting.
	if name, _ := openEvents(t, origin+eventsPath+"?gen=4").next(t); name != "builderror" {
		t.Errorf("new page during a failed build got %q, want builderror", name)
	}

	// Fixed: reload again.
	writeFile(t, filepath.Join(dir, "layouts", "home.html"), `{{ define "main" }}<h1>Fixed</h1>{{ .Page.Content }}{{ end }}`)
	if name, _ := ev.next(t); name != "reload" {
		t.Fatalf("after fixing: event %s, want reload", name)
	}
	if _, body, _ := get(t, origin+base); !strings.Contains(body, "Fixed") {
		t.Errorf("after fixing:\n%s", body)
	}

	// static/ and site.yaml are watched too.
	writeFile(t, filepath.Join(dir, "static", "css", "site.css"), "body{color:red}")
	if name, _ := ev.next(t); name != "reload" {
		t.Fatalf("after a static edit: event %s, want reload", name)
	}
	if _, body, _ := get(t, origin+base+"css/site.css"); body != "body{color:red}" {
		t.Errorf("after a static edit, site.css = %q", body)
	}
	writeFile(t, filepath.Join(dir, "site.yaml"), "title: Renamed Lab\nbase_url: https://x.github.io/lab/\npeople:\n  - orcid: 0000-0002-1825-0097\n    slug: josiah\n")
	if name, _ := ev.next(t); name != "reload" {
		t.Fatalf("after a site.yaml edit: event %s, want reload", name)
	}
	if _, body, _ := get(t, origin+base); !strings.Contains(body, "Renamed Lab") {
		t.Errorf("after a site.yaml edit:\n%s", body)
	}

	// Nothing changed on disk: build output is not written by serve.
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Errorf("serve wrote public/")
	}

	// Ctrl+C: a clean stop, with the event stream closed.
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop within 5s")
	}
	if !strings.Contains(stdout.String(), "Stopped.") {
		t.Errorf("stdout:\n%s", stdout.String())
	}
}

func TestServeErrors(t *testing.T) {
	dir := serveSite(t)
	writeFile(t, filepath.Join(dir, "site.yaml"), "title: x\nbase_url: https://x.org/\npeople:\n  - orcid: 0000-0002-1825-0098\n")
	// Port already taken.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
	good := serveSite(t)

	tests := []struct {
		args []string
		want string
		code int
	}{
		{[]string{"serve", "--site", dir, "--port", "0"}, "checksum", exitFailure},
		{[]string{"serve", "--site", good, "--port", busy}, "--port 0 picks a free port", exitFailure},
		{[]string{"serve", "--site", good, "--port", "70000"}, "out of range", exitUsage},
		{[]string{"serve", "--site", good, "--bind", "my-host"}, "not an IP address", exitUsage},
		{[]string{"serve", "--prot", "1"}, `did you mean --port?`, exitUsage},
		{[]string{"serve", "extra"}, `unexpected argument "extra"`, exitUsage},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		var out, errb syncBuffer
		err := run(ctx, tt.args, &out, &errb)
		cancel()
		code := exitCode(err, &errb)
		if code != tt.code || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d containing %q", tt.args, code, errb.String(), tt.code, tt.want)
		}
	}
}

func TestServeRelevant(t *testing.T) {
	s := newDevServer("/site", io.Discard, io.Discard)
	for name, want := range map[string]bool{
		"/site/site.yaml":                    true,
		"/site/publications.yaml":            true,
		"/site/extra.bib":                    true,
		"/site/content":                      true,
		"/site/content/a/b.md":               true,
		"/site/layouts/home.html":            true,
		"/site/static/img/x.png":             true,
		"/site/data/orcid/0000.json":         true,
		"/site/public/index.html":            false,
		"/site/README.md":                    false,
		"/site/.git/index":                   false,
		"/site/content/.index.md.swp":        false,
		"/site/content/index.md~":            false,
		"/site/layouts/4913":                 false,
		"/site/data/orcid/.x.json.tmp123":    false,
		"/elsewhere/site.yaml":               false,
		"/site/contentious/x.md":             false,
		"/site/.github/workflows/site.yml":   false,
		"/site/content/#index.md#":           false,
		"/site/static/.well-known/security":  true,
		"/site/layouts/_partials/head.html":  true,
		"/site/data/orcid/members.json":      true,
		"/site/layouts/.#home.html":          false,
		"/site/site.yaml.orig":               false,
		"/site/content/people/josiah.md":     true,
		"/site/static/css/style.css":         true,
		"/site/static/css/style.css.map":     true,
		"/site/layouts/_partials/footer.htm": true,
	} {
		if got := s.relevant(filepath.FromSlash(name)); got != want {
			t.Errorf("relevant(%s) = %v, want %v", name, got, want)
		}
	}
}

// Commands for the serve scripts (testdata/script/serve*.txtar).

// cmdFreePort sets the environment variable named by its argument to a
// TCP port that was free a moment ago.
func cmdFreePort(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: freeport VAR")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	ts.Setenv(args[0], fmt.Sprint(port))
}

// cmdHTTPGet fetches URL, retrying for up to 10 seconds until the server
// answers and, when given, the body matches REGEXP (read as a stream, so
// that it works on an event stream too). The command's stdout is the
// status code on a line, then the body (of an event stream, what was
// read until the match); with ! it succeeds only if the body never
// matches within a second.
//
//	httpget URL [REGEXP]
func cmdHTTPGet(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: httpget URL [REGEXP]")
	}
	var re *regexp.Regexp
	if len(args) == 2 {
		re = regexp.MustCompile(args[1])
	}
	wait := 10 * time.Second
	if neg {
		wait = time.Second
	}
	deadline := time.Now().Add(wait)
	var last string
	for time.Now().Before(deadline) {
		body, matched, err := readUntil(args[0], re, time.Until(deadline))
		last = body
		if err == nil && (re == nil || matched) {
			if neg {
				ts.Fatalf("%s matched %q", args[0], re)
			}
			fmt.Fprint(ts.Stdout(), body)
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	if neg {
		fmt.Fprint(ts.Stdout(), last)
		return
	}
	ts.Fatalf("httpget %s: no match for %q within %s; last body:\n%s", args[0], args[1:], wait, last)
}

// readUntil reads url's body line by line until re matches it, the body
// ends, or the time runs out.
func readUntil(url string, re *regexp.Regexp, limit time.Duration) (string, bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return "", false, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", false, err
	}
	defer resp.Body.Close()
	var body strings.Builder
	fmt.Fprintf(&body, "%d\n", resp.StatusCode)
	br := bufio.NewReader(resp.Body)
	for {
		l, err := br.ReadString('\n')
		body.WriteString(l)
		if re != nil && re.MatchString(body.String()) {
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
				rest, err := io.ReadAll(br)
				body.Write(rest)
				return body.String(), true, err
			}
			return body.String(), true, nil
		}
		if err == io.EOF {
			return body.String(), false, nil
		}
		if err != nil {
			return body.String(), false, err
		}
	}
}
