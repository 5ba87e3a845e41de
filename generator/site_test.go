package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
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

// TestRebuildKeepsUnchangedFiles builds the lab site three times into the
// same folder: a build with nothing changed keeps every file (same inode
// and modification time); after a change to the title, the pages that show
// it are new and equal to a build into a new folder, and the files that do
// not show it (publications.bib) are kept.
func TestRebuildKeepsUnchangedFiles(t *testing.T) {
	dir := t.TempDir()
	writeLabSite(t, dir, "https://example.github.io/lab/")
	build := func(out string) map[string]os.FileInfo {
		t.Helper()
		res, err := Build(context.Background(), BuildOptions{SiteDir: dir, OutDir: out, Offline: true})
		if err != nil {
			t.Fatal(err)
		}
		files := map[string]os.FileInfo{}
		for _, p := range res.Output.Paths() {
			fi, err := os.Stat(filepath.Join(res.OutDir, filepath.FromSlash(p)))
			if err != nil {
				t.Fatal(err)
			}
			files[p] = fi
		}
		return files
	}
	kept := func(a, b os.FileInfo) bool { return os.SameFile(a, b) && a.ModTime().Equal(b.ModTime()) }
	first := build("public")
	time.Sleep(10 * time.Millisecond) // a new file would get another time
	second := build("public")
	for p, fi := range first {
		if !kept(fi, second[p]) {
			t.Errorf("%s was written again with nothing changed", p)
		}
	}
	yaml := filepath.Join(dir, "site.yaml")
	b, err := os.ReadFile(yaml)
	if err != nil {
		t.Fatal(err)
	}
	b2 := bytes.Replace(b, []byte("title: "), []byte("title: Renamed "), 1)
	if bytes.Equal(b, b2) {
		t.Fatal("no title in site.yaml")
	}
	if err := os.WriteFile(yaml, b2, 0o644); err != nil {
		t.Fatal(err)
	}
	third := build("public")
	fresh := build("fresh")
	if len(third) != len(fresh) {
		t.Fatalf("%d files, %d in a new folder", len(third), len(fresh))
	}
	for p := range fresh {
		got, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(dir, "fresh", filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from a build into a new folder", p)
		}
	}
	if kept(second["index.html"], third["index.html"]) {
		t.Error("index.html shows the title but was kept")
	}
	if !kept(second["publications.bib"], third["publications.bib"]) {
		t.Error("publications.bib was written again")
	}
}
