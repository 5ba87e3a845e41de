package generator

import (
	"os"
	"testing"
)

// BenchmarkBuildSiteSynthetic200x150 measures the model alone: people,
// merge, authors and curation of a 200-person × 150-work site whose
// snapshots are already loaded.
func BenchmarkBuildSiteSynthetic200x150(b *testing.B) {
	dir := benchSite(b, 200, 150)
	cfg, err := LoadSiteConfig(dir)
	if err != nil {
		b.Fatal(err)
	}
	people, err := OfflinePeople(cfg)
	if err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	snaps, err := LoadSnapshots(fsys, people)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := BuildSite(fsys, cfg, people, snaps); err != nil {
			b.Fatal(err)
		}
	}
}
