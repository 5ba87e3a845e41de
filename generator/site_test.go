package generator

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestLoadSiteMatchesBuildSite checks that reading and modelling each
// snapshot in one go gives the site that LoadSnapshots and BuildSite give,
// page for page, and that unreadable snapshots are all reported.
func TestLoadSiteMatchesBuildSite(t *testing.T) {
	fsys, cfg := fixtureSite(t, SnapshotFormat)
	out1 := renderTestSite(t, fsys, cfg)
	site, err := LoadSite(fsys, cfg, cfg.People, nil)
	if err != nil {
		t.Fatal(err)
	}
	out2, err := Render(fsys, site, RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sameOutput(t, out1, out2, "LoadSnapshots + BuildSite", "LoadSite")

	// Two broken snapshots: both named in the error; a missing one is
	// not an error.
	broken := fstest.MapFS{}
	for k, v := range fsys {
		broken[k] = v
	}
	a, b := SnapshotPath(cfg.People[0].ORCID), SnapshotPath(cfg.People[1].ORCID)
	broken[a] = &fstest.MapFile{Data: []byte(`{"format": 2, "orcid": `)}
	broken[b] = &fstest.MapFile{Data: []byte(`{"format": 9}`)}
	delete(broken, SnapshotPath(cfg.People[2].ORCID))
	_, err = LoadSite(broken, cfg, cfg.People, nil)
	if err == nil || !strings.Contains(err.Error(), a) || !strings.Contains(err.Error(), b) {
		t.Errorf("LoadSite with two broken snapshots: %v", err)
	}
	_, lerr := LoadSnapshots(broken, cfg.People)
	if err == nil || lerr == nil || err.Error() != lerr.Error() {
		t.Errorf("LoadSite error %q, LoadSnapshots error %q", err, lerr)
	}
}

// sameOutput fails the test unless the two outputs, made the ways named
// by how1 and how2, hold the same files with the same bytes.
func sameOutput(t *testing.T, out1, out2 *Output, how1, how2 string) {
	t.Helper()
	if !slices.Equal(out1.Paths(), out2.Paths()) {
		t.Fatalf("files differ between %s and %s:\n%v\n%v", how1, how2, out1.Paths(), out2.Paths())
	}
	for _, p := range out1.Paths() {
		b1, _ := out1.File(p)
		b2, _ := out2.File(p)
		if !bytes.Equal(b1, b2) {
			t.Errorf("%s differs between %s and %s", p, how1, how2)
		}
	}
}
