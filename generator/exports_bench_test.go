package generator

import (
	"os"
	"testing"
	"time"
)

// syntheticSite builds the model of a people × works synthetic site (as
// BenchmarkBuildSynthetic200x150 does), without rendering it. A benchmark
// reads the site written once per process (benchSite).
func syntheticSite(tb testing.TB, people, works int) *Site {
	tb.Helper()
	var dir string
	if _, ok := tb.(*testing.B); ok {
		dir = benchSite(tb, people, works)
	} else {
		dir = tb.TempDir()
		writeSyntheticSite(tb, dir, people, works)
	}
	cfg, err := LoadSiteConfig(dir)
	if err != nil {
		tb.Fatal(err)
	}
	ps, _ := OfflinePeople(cfg)
	fsys := os.DirFS(dir)
	snaps, err := LoadSnapshots(fsys, ps)
	if err != nil {
		tb.Fatal(err)
	}
	site, err := BuildSite(fsys, cfg, ps, snaps)
	if err != nil {
		tb.Fatal(err)
	}
	return site
}

// BenchmarkExports200x150 writes the exports (BibTeX, CSL-JSON, the
// people's BibTeX files, Atom) of the 200 × 150 synthetic site into a
// folder, as a build does, and into memory.
func BenchmarkExports200x150(b *testing.B) {
	site := syntheticSite(b, 200, 150)
	b.Run("folder", func(b *testing.B) {
		var cpu time.Duration
		for b.Loop() {
			b.StopTimer()
			dir := benchPath(b, "exports") // a new folder each time (see benchFolder)
			if err := os.Mkdir(dir, 0o755); err != nil {
				b.Fatal(err)
			}
			out := NewOutputIn(dir)
			b.StartTimer()
			c := cpuTime(b)
			if err := writeExports(site, out); err != nil {
				b.Fatal(err)
			}
			cpu += cpuTime(b) - c
		}
		b.ReportMetric(cpu.Seconds()/float64(b.N), "CPU-s/op")
	})
	b.Run("memory", func(b *testing.B) {
		c := cpuTime(b)
		for b.Loop() {
			if err := writeExports(site, NewOutput()); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric((cpuTime(b)-c).Seconds()/float64(b.N), "CPU-s/op")
	})
}
