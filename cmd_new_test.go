package main

import "testing"

func TestNewHelpers(t *testing.T) {
	for dir, want := range map[string]string{
		"lab":              "Lab",
		"my-research_lab/": "My research lab",
		"/tmp/x/ada":       "Ada",
		"--":               "My site",
	} {
		if got := titleFromDir(dir); got != want {
			t.Errorf("titleFromDir(%q) = %q, want %q", dir, got, want)
		}
	}
	for s, want := range map[string]string{
		"lab":         "lab",
		"my site":     "'my site'",
		"it's":        `'it'\''s'`,
		"a/b-c_d.e":   "a/b-c_d.e",
		"$HOME":       "'$HOME'",
		"ünïcode-dir": "'ünïcode-dir'",
	} {
		if got := shellQuote(s); got != want {
			t.Errorf("shellQuote(%q) = %q, want %q", s, got, want)
		}
	}
}
