package generator

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/orcidsite/orcidsite/orcid"
	"github.com/orcidsite/orcidsite/orcid/orcidtest"
)

// fixtureSnapshot is the snapshot a fetch of a fake-server fixture
// writes: the record and the full works of the preferred versions.
func fixtureSnapshot(id orcid.ID, f orcidtest.Fixture) *Snapshot {
	snap := &Snapshot{ORCID: id, Record: f.Record}
	if f.Record.History != nil {
		snap.LastModified = f.Record.History.LastModifiedDate
	}
	for _, g := range f.Record.ActivitiesSummary.Works.Group {
		if s, ok := g.Preferred(); ok {
			snap.Works = append(snap.Works, f.Works[s.PutCode])
		}
	}
	return snap
}

// writeSyntheticSite writes a site folder with people × works synthetic
// researchers (orcidtest.Generate) and their snapshots, as a fetch would.
func writeSyntheticSite(tb testing.TB, dir string, people, works int) {
	tb.Helper()
	fixtures := orcidtest.Generate(orcidtest.GenOptions{People: people, Works: works, Overlap: 0.1, Seed: 1})
	ids := make([]orcid.ID, 0, len(fixtures))
	for id := range fixtures {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var yaml strings.Builder
	yaml.WriteString("title: Synthetic Lab\nbase_url: https://example.org/lab/\npeople:\n")
	for i, id := range ids {
		if _, err := WriteSnapshot(dir, fixtureSnapshot(id, fixtures[id])); err != nil {
			tb.Fatal(err)
		}
		group := "faculty"
		if i%3 != 0 {
			group = "students"
		}
		fmt.Fprintf(&yaml, "  - orcid: %s\n    group: %s\n", id, group)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(yaml.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkBuildSynthetic200x150 builds a 200-person × 150-work site from
// its snapshot (no network): read, merge, render and write, with the
// garbage collector set as the orcidsite command sets it (TuneGC). It
// reports the peak heap in use as MB-peak, and the CPU time (user and
// system) per build as CPU-s/op, which does not count the time spent
// waiting for other processes.
//
//   - fresh writes each build into a new output folder, as a build on a
//     fresh checkout does (a nightly CI job).
//   - rebuild replaces the previous build's output, as running orcidsite
//     build again in the same folder does. It costs more than the build:
//     the previous output is deleted.
//
// The site and the fresh outputs are written in benchFolder, once per test
// process, and deleted only when the process ends (see benchFolder): with
// -count, every round reads the same site.
func BenchmarkBuildSynthetic200x150(b *testing.B) {
	dir := benchSite(b, 200, 150)
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(BuildGCPercent))
	}
	for _, fresh := range []bool{true, false} {
		name := "rebuild"
		if fresh {
			name = "fresh"
		}
		b.Run(name, func(b *testing.B) {
			runtime.GC()
			peak := heapPeak()
			var res *BuildResult
			cpu := cpuTime(b)
			for b.Loop() {
				opts := BuildOptions{SiteDir: dir, Offline: true}
				if fresh {
					opts.OutDir = benchPath(b, "public")
				}
				res = nil // the previous build's site is not kept through the next
				var err error
				if res, err = Build(context.Background(), opts); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric((cpuTime(b)-cpu).Seconds()/float64(b.N), "CPU-s/op")
			b.ReportMetric(peak()/(1<<20), "MB-peak")
			b.ReportMetric(float64(len(res.Site.Publications)), "publications")
			b.ReportMetric(float64(res.Output.Len()), "files")
		})
	}
}

// benchFolder is the folder, made at first use, that holds what the
// benchmarks write: synthetic sites and fresh outputs. It is deleted when
// the test process ends (TestMain), not as each benchmark ends. On ext4
// without a journal, files are created more slowly for one to six minutes
// after many were deleted: for every new file the kernel looks again at
// each recently freed inode of the folder's block group, and skips it.
// Builds that followed the deletion of earlier outputs spent up to a fifth
// of their CPU time there.
var benchFolder struct {
	once sync.Once
	path string
	err  error
	n    atomic.Int64 // paths given by benchPath
}

// benchPath returns a new path in benchFolder, not yet made, named after
// name.
func benchPath(tb testing.TB, name string) string {
	tb.Helper()
	benchFolder.once.Do(func() {
		benchFolder.path, benchFolder.err = os.MkdirTemp("", "orcidsite-bench-")
	})
	if benchFolder.err != nil {
		tb.Fatal(benchFolder.err)
	}
	return filepath.Join(benchFolder.path, fmt.Sprintf("%s-%d", name, benchFolder.n.Add(1)))
}

// benchSites holds the synthetic sites written in benchFolder, by size
// ("200x150").
var benchSites sync.Map

// benchSite returns the folder of a people × works synthetic site, written
// in benchFolder the first time it is asked for in the process.
func benchSite(tb testing.TB, people, works int) string {
	tb.Helper()
	size := fmt.Sprintf("%dx%d", people, works)
	if dir, ok := benchSites.Load(size); ok {
		return dir.(string)
	}
	dir := benchPath(tb, "synthetic-"+size)
	if err := os.Mkdir(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	writeSyntheticSite(tb, dir, people, works)
	benchSites.Store(size, dir)
	return dir
}

// TestMain runs the tests and benchmarks, then deletes benchFolder.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchFolder.path != "" {
		if err := os.RemoveAll(benchFolder.path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = max(code, 1)
		}
	}
	os.Exit(code)
}

// heapPeak samples the heap in use every 2 ms, without stopping the world,
// until the function it returns is called; that returns the largest
// sample, in bytes.
func heapPeak() func() float64 {
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	return func() float64 {
		close(stop)
		<-done
		return float64(peak)
	}
}
