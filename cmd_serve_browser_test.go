package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestServeBrowser checks in a real browser what the reload script does:
// an open page reloads by itself after an edit, shows a failed rebuild
// over the page, and reloads again once the error is fixed. It skips when
// chromium is not installed (and fails under CI, which installs it).
func TestServeBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := os.Getenv("CHROMIUM")
	if exe == "" {
		exe = "/usr/bin/chromium"
	}
	if _, err := os.Stat(exe); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium not found at %s", exe)
		}
		t.Skipf("chromium not installed at %s: browser test skipped", exe)
	}

	dir := serveSite(t)
	sctx, stop := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(sctx, []string{"serve", "--site", dir, "--port", "0"}, &stdout, &stderr) }()
	defer func() {
		stop()
		<-done
	}()
	m := stdout.waitFor(t, regexp.MustCompile(`Serving .* at (http://\S+/lab/) `))
	home := m[1]

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	ctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(home)); err != nil {
		t.Fatalf("navigate: %v", err)
	}

	// waitJS polls a JavaScript expression until it returns want.
	waitJS := func(what, js, want string) {
		t.Helper()
		var got string
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
			if err == nil {
				if got = s; got == want {
					return
				}
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("%s: %s = %q, want %q", what, js, got, want)
	}
	const bodyHas = `document.body.innerText.includes(%q) ? "yes" : "no"`
	has := func(s string) string { return strings.Replace(bodyHas, "%q", `"`+s+`"`, 1) }
	const overlay = `(document.getElementById("orcidsite-error") || {textContent: ""}).textContent`

	waitJS("first load", has("Version one."), "yes")
	// The page remembers it was not navigated to again: a marker set now
	// disappears only if the page reloads.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.__marker = 1`)); err != nil {
		t.Fatal(err)
	}
	// Give the event stream a moment to connect before editing.
	waitJS("stream open", `document.documentElement.hasAttribute("data-orcidsite-live") ? "yes" : "no"`, "yes")

	writeFile(t, filepath.Join(dir, "content", "index.md"), "Version two.\n")
	waitJS("reload after edit", has("Version two."), "yes")
	waitJS("page reloaded itself", `String(window.__marker)`, "undefined")

	writeFile(t, filepath.Join(dir, "layouts", "home.html"), `{{ define "main" }}{{ .Nope }}{{ end }}`)
	waitJS("overlay shown", overlay+`.includes("Nope") ? "yes" : "no"`, "yes")
	waitJS("overlay text", overlay+`.split("\n")[0]`, "orcidsite: rebuild failed; showing the last good build")
	waitJS("last good page kept", has("Version two."), "yes")

	writeFile(t, filepath.Join(dir, "layouts", "home.html"), `{{ define "main" }}<p>Fixed {{ .Site.Title }}</p>{{ end }}`)
	waitJS("reload after fix", has("Fixed Dev Lab"), "yes")
	waitJS("overlay gone", overlay, "")
}
