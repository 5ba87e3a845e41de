package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/orcidsite/orcidsite/orcid"
	"github.com/orcidsite/orcidsite/orcid/orcidtest"
)

// fetchSite writes a site folder listing ids (one per line, from line 4
// on) with extra YAML appended, and returns its folder.
func fetchSite(t testing.TB, ids []orcid.ID, extra string) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("title: Fetch Test Lab\nbase_url: https://example.org/\npeople:\n")
	for _, id := range ids {
		fmt.Fprintf(&b, "  - orcid: %s\n", id)
	}
	b.WriteString(extra)
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// personLine is the site.yaml line of the i-th person written by fetchSite.
func personLine(i int) int { return 4 + i }

func loadFetchConfig(t testing.TB, dir string) *Config {
	t.Helper()
	cfg, err := LoadSiteConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// testClient is a client for srv without rate limiting and with fast
// retries.
func testClient(srv *orcidtest.Server, opts ...orcid.Option) *orcid.Client {
	base := []orcid.Option{orcid.WithBaseURL(srv.URL), orcid.WithRateLimit(rate.Inf, 1), orcid.WithRetries(8, time.Millisecond)}
	return orcid.NewClient(srv.Client(), append(base, opts...)...)
}

// fetchOK fetches and fails the test on error.
func fetchOK(t testing.TB, dir string, c *orcid.Client, strict bool) *FetchResult {
	t.Helper()
	var log bytes.Buffer
	fr, err := Fetch(context.Background(), loadFetchConfig(t, dir), FetchOptions{Client: c, Log: &log, Strict: strict})
	if err != nil {
		t.Fatalf("fetch: %v\nlog:\n%s", err, log.String())
	}
	return fr
}

// readDir returns every file under dir/sub with its bytes.
func readDir(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return files
}

// preferredCount counts the work groups of a fixture, i.e. the preferred
// works a snapshot holds.
func preferredCount(f orcidtest.Fixture) int {
	n := 0
	for _, g := range f.Record.ActivitiesSummary.Works.Group {
		if len(g.WorkSummary) > 0 {
			n++
		}
	}
	return n
}

// budgetServer holds researchers with 0, 40, 100, 101 and 250 works.
func budgetServer(t testing.TB) (*orcidtest.Server, []orcid.ID) {
	srv := orcidtest.NewServer(t)
	var ids []orcid.ID
	for i, works := range []int{0, 40, 100, 101, 250} {
		for id, f := range orcidtest.Generate(orcidtest.GenOptions{People: 1, Works: works, Seed: int64(100 + i)}) {
			srv.Put(id, f)
			ids = append(ids, id)
		}
	}
	return srv, ids
}

// cloneFixture copies the parts of a fixture a test modifies.
func cloneFixture(f orcidtest.Fixture) orcidtest.Fixture {
	h := *f.Record.History
	f.Record.History = &h
	f.Record.ActivitiesSummary.Works.Group = slices.Clone(f.Record.ActivitiesSummary.Works.Group)
	f.Works = maps.Clone(f.Works)
	return f
}

// addWork adds one new single-version work group to id's record and moves
// its last-modified date.
func addWork(t testing.TB, srv *orcidtest.Server, id orcid.ID, pc int64, title string) {
	t.Helper()
	f, ok := srv.Get(id)
	if !ok {
		t.Fatalf("no fixture %s", id)
	}
	f = cloneFixture(f)
	t0 := f.Record.History.LastModifiedDate + 60_000
	w := orcid.Work{PutCode: pc, LastModifiedDate: t0, CreatedDate: t0, Title: &orcid.Title{Title: orcid.Value(title)},
		Type: "journal-article", PublicationDate: orcid.FuzzyDate{Year: 2026}}
	f.Works[pc] = w
	f.Record.ActivitiesSummary.Works.Group = append(f.Record.ActivitiesSummary.Works.Group, orcid.WorkGroup{
		LastModifiedDate: t0,
		WorkSummary: []orcid.WorkSummary{{PutCode: pc, LastModifiedDate: t0, CreatedDate: t0, Title: w.Title,
			Type: w.Type, PublicationDate: w.PublicationDate, DisplayIndex: 1}},
	})
	f.Record.History.LastModifiedDate = t0
	srv.Put(id, f)
}

// removeFirstWork removes id's first work group and returns its put-code.
func removeFirstWork(t testing.TB, srv *orcidtest.Server, id orcid.ID) int64 {
	t.Helper()
	f, _ := srv.Get(id)
	f = cloneFixture(f)
	g := f.Record.ActivitiesSummary.Works.Group[0]
	pc := g.WorkSummary[0].PutCode
	f.Record.ActivitiesSummary.Works.Group = f.Record.ActivitiesSummary.Works.Group[1:]
	delete(f.Works, pc)
	f.Record.History.LastModifiedDate += 60_000
	srv.Put(id, f)
	return pc
}

func TestFetchRequestBudgets(t *testing.T) {
	srv, ids := budgetServer(t)
	dir := fetchSite(t, ids, "")
	c := testClient(srv)
	P := len(ids)
	bulk := 0
	for _, id := range ids {
		f, _ := srv.Get(id)
		bulk += (preferredCount(f) + 99) / 100
	}
	if bulk != 0+1+1+2+3 {
		t.Fatalf("fixture set changed: %d bulk calls expected", bulk)
	}

	// Cold: P + Σ⌈W/100⌉.
	fr := fetchOK(t, dir, c, false)
	if got, want := srv.TotalRequests(), P+bulk; got != want {
		t.Errorf("cold build: %d requests, want P + Σ⌈W/100⌉ = %d", got, want)
	}
	if got := srv.Requests("record"); got != P {
		t.Errorf("cold build: %d record requests, want %d", got, P)
	}
	if got := len(fr.Report.Fetched); got != P {
		t.Errorf("cold build: %d fetched, want %d", got, P)
	}
	for _, id := range ids {
		s, err := ReadSnapshot(os.DirFS(dir), id)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := srv.Get(id)
		if len(s.Works) != preferredCount(f) {
			t.Errorf("%s: snapshot holds %d works, want %d", id, len(s.Works), preferredCount(f))
		}
		for _, w := range s.Works {
			if f.Works[w.PutCode].Title == nil || w.Title == nil || w.Title.Title != f.Works[w.PutCode].Title.Title {
				t.Errorf("%s: work %d: title differs from the server's", id, w.PutCode)
				break
			}
		}
	}
	before := readDir(t, filepath.Join(dir, SnapshotDir))

	// Warm, nothing changed: P, and not one byte rewritten.
	srv.ResetCounters()
	fr = fetchOK(t, dir, c, false)
	if got := srv.TotalRequests(); got != P {
		t.Errorf("warm build: %d requests, want P = %d", got, P)
	}
	if len(fr.Report.Unchanged) != P || fr.Report.Requests != P {
		t.Errorf("warm build report: %d unchanged, %d requests; want %d and %d", len(fr.Report.Unchanged), fr.Report.Requests, P, P)
	}
	if after := readDir(t, filepath.Join(dir, SnapshotDir)); !maps.Equal(before, after) {
		t.Error("warm build with nothing changed rewrote snapshots")
	}

	// One researcher with one new work: P + 1.
	target := ids[4] // 250 works
	addWork(t, srv, target, 99_000_001, "A <b>new</b> result")
	srv.ResetCounters()
	fr = fetchOK(t, dir, c, false)
	if got := srv.TotalRequests(); got != P+1 {
		t.Errorf("one new work: %d requests, want P + 1 = %d", got, P+1)
	}
	if got := srv.Requests("bulk"); got != 1 {
		t.Errorf("one new work: %d bulk requests, want 1", got)
	}
	want := []WorkChange{{ORCID: target, PutCode: 99_000_001, Title: "A <b>new</b> result"}}
	if !slices.Equal(fr.Report.Added, want) || len(fr.Report.Removed)+len(fr.Report.Changed) != 0 {
		t.Errorf("one new work: added %v removed %v changed %v; want added %v", fr.Report.Added, fr.Report.Removed, fr.Report.Changed, want)
	}
	s, err := ReadSnapshot(os.DirFS(dir), target)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.WorkByPutCode(99_000_001); !ok || len(s.Works) != 251 {
		t.Errorf("snapshot after one new work: %d works, new one present: %v", len(s.Works), ok)
	}

	// A work removed from the record leaves the snapshot, without a bulk
	// call.
	gone := removeFirstWork(t, srv, ids[1])
	srv.ResetCounters()
	fr = fetchOK(t, dir, c, false)
	if got := srv.TotalRequests(); got != P {
		t.Errorf("one removed work: %d requests, want P = %d", got, P)
	}
	if len(fr.Report.Removed) != 1 || fr.Report.Removed[0].PutCode != gone {
		t.Errorf("removed works: %v, want put-code %d", fr.Report.Removed, gone)
	}
	s, _ = ReadSnapshot(os.DirFS(dir), ids[1])
	if _, ok := s.WorkByPutCode(gone); ok || len(s.Works) != 39 {
		t.Errorf("removed work still in the snapshot (%d works)", len(s.Works))
	}

	// Every work changed (Touch): the record plus ⌈W/100⌉ bulk calls for
	// that researcher, all reported as changed.
	srv.Touch(ids[3]) // 101 works
	srv.ResetCounters()
	fr = fetchOK(t, dir, c, false)
	if got := srv.TotalRequests(); got != P+2 {
		t.Errorf("touched record: %d requests, want P + 2 = %d", got, P+2)
	}
	if len(fr.Report.Changed) != 101 || len(fr.Report.Fetched) != 1 {
		t.Errorf("touched record: %d changed works, %d fetched researchers; want 101 and 1", len(fr.Report.Changed), len(fr.Report.Fetched))
	}
}

func TestFetch503Ratio(t *testing.T) {
	srv, ids := budgetServer(t)
	clean, _ := budgetServer(t)
	dir := fetchSite(t, ids, "")
	cleanDir := fetchSite(t, ids, "")
	srv.SetFaults(orcidtest.Faults{Fail503Ratio: 0.3, Seed: 11})

	fr := fetchOK(t, dir, testClient(srv, orcid.WithRetries(12, time.Millisecond)), false)
	fetchOK(t, cleanDir, testClient(clean), false)
	if len(fr.Report.Fetched) != len(ids) || len(fr.Report.Stale) != 0 {
		t.Fatalf("with 30%% 503s: %d fetched, stale %v", len(fr.Report.Fetched), fr.Report.Stale)
	}
	if fr.Report.Retries == 0 || fr.Report.Throttled == 0 {
		t.Errorf("report shows %d retries, %d throttled; the server answered 503 to about 30%%", fr.Report.Retries, fr.Report.Throttled)
	}
	got, want := readDir(t, filepath.Join(dir, SnapshotDir)), readDir(t, filepath.Join(cleanDir, SnapshotDir))
	if len(got) != len(ids) || !maps.Equal(got, want) {
		t.Errorf("snapshots fetched through 503s differ from a clean fetch (%d vs %d files)", len(got), len(want))
	}
}

func TestFetchNetworkErrorKeepsSnapshot(t *testing.T) {
	srv, ids := budgetServer(t)
	dir := fetchSite(t, ids, "")
	fetchOK(t, dir, testClient(srv), false)
	before := readDir(t, filepath.Join(dir, SnapshotDir))
	for _, id := range ids {
		srv.Touch(id)
	}
	// Every request for ids[2] has its connection reset.
	srv.SetFaults(orcidtest.Faults{ResetConn: string(ids[2])})
	var log bytes.Buffer
	fr, err := Fetch(context.Background(), loadFetchConfig(t, dir), FetchOptions{Client: testClient(srv, orcid.WithRetries(1, time.Millisecond)), Log: &log})
	if err != nil {
		t.Fatalf("a network error must not fail a non-strict fetch: %v", err)
	}
	if len(fr.Report.Stale) != 1 || fr.Report.Stale[0].ORCID != ids[2] || len(fr.Report.Fetched) != len(ids)-1 {
		t.Errorf("report: stale %v, %d fetched", fr.Report.Stale, len(fr.Report.Fetched))
	}
	name := SnapshotPath(ids[2])[len(SnapshotDir)+1:]
	if after := readDir(t, filepath.Join(dir, SnapshotDir)); after[name] != before[name] {
		t.Error("the failed researcher's snapshot changed")
	}
	if !strings.Contains(log.String(), "warning: "+string(ids[2])) {
		t.Errorf("no warning naming %s in:\n%s", ids[2], log.String())
	}
}

func TestFetchStopsWhenUnreachable(t *testing.T) {
	srv := orcidtest.NewServer(t)
	gen := orcidtest.Generate(orcidtest.GenOptions{People: 40, Works: 1, Seed: 8})
	for id, f := range gen {
		srv.Put(id, f)
	}
	ids := slices.Sorted(maps.Keys(gen))
	dir := fetchSite(t, ids, "")
	srv.SetFaults(orcidtest.Faults{ResetConn: "/v3.0/"})
	var log bytes.Buffer
	fr, err := Fetch(context.Background(), loadFetchConfig(t, dir),
		FetchOptions{Client: testClient(srv, orcid.WithRetries(2, time.Millisecond)), Log: &log, Concurrency: 2})
	if err != nil {
		t.Fatalf("an outage must not fail a non-strict fetch: %v", err)
	}
	if len(fr.Report.Stale) != len(ids) || len(fr.People) != len(ids) {
		t.Errorf("%d stale, %d people; want %d each", len(fr.Report.Stale), len(fr.People), len(ids))
	}
	// Each failed researcher cost 3 attempts; the fetch stopped after
	// about MaxFailStreak of them instead of trying all 40.
	if n := srv.TotalRequests(); n > 3*(MaxFailStreak+2) {
		t.Errorf("%d requests during an outage: fetching did not stop", n)
	}
	if !strings.Contains(log.String(), "ORCID seems unreachable") {
		t.Errorf("no outage warning:\n%s", log.String())
	}
}

// buildSite builds online and returns the result and the log.
func buildSite(t testing.TB, dir string, c *orcid.Client, strict bool) (*BuildResult, string, error) {
	t.Helper()
	var log bytes.Buffer
	res, err := Build(context.Background(), BuildOptions{SiteDir: dir, Log: &log, Fetch: FetchOptions{Client: c, Strict: strict}})
	return res, log.String(), err
}

func TestBuildQuotaExceeded(t *testing.T) {
	srv, ids := budgetServer(t)
	dir := fetchSite(t, ids, "")
	c := testClient(srv)
	if _, log, err := buildSite(t, dir, c, false); err != nil {
		t.Fatalf("first build: %v\n%s", err, log)
	}
	snapsBefore := readDir(t, filepath.Join(dir, SnapshotDir))
	outBefore := readDir(t, filepath.Join(dir, "public"))
	for _, id := range ids {
		srv.Touch(id)
	}

	t.Run("strict", func(t *testing.T) {
		srv.SetFaults(orcidtest.Faults{QuotaAfter: 3})
		res, log, err := buildSite(t, dir, c, true)
		if err == nil || !strings.Contains(err.Error(), "quota") {
			t.Fatalf("strict build with the quota exceeded: err = %v, want a quota error\n%s", err, log)
		}
		if res == nil || res.Fetch == nil || !res.Fetch.Report.QuotaExceeded || res.Fetch.Report.Failure == "" {
			t.Error("the failed strict build returns no report telling about the quota")
		}
		if !maps.Equal(snapsBefore, readDir(t, filepath.Join(dir, SnapshotDir))) {
			t.Error("strict build changed snapshots")
		}
		if !maps.Equal(outBefore, readDir(t, filepath.Join(dir, "public"))) {
			t.Error("strict build changed the output")
		}
	})

	t.Run("lenient", func(t *testing.T) {
		srv.SetFaults(orcidtest.Faults{QuotaAfter: 3})
		res, log, err := buildSite(t, dir, c, false)
		if err != nil {
			t.Fatalf("build with the quota exceeded: %v\n%s", err, log)
		}
		rep := res.Fetch.Report
		if !rep.QuotaExceeded || !strings.Contains(log, "quota") {
			t.Errorf("quota not reported (QuotaExceeded=%v), log:\n%s", rep.QuotaExceeded, log)
		}
		if len(rep.Stale) == 0 || len(rep.Fetched)+len(rep.Stale) != len(ids) {
			t.Errorf("report: %d fetched, %d stale of %d", len(rep.Fetched), len(rep.Stale), len(ids))
		}
		// Researchers not fetched keep their snapshot byte for byte; every
		// snapshot is readable and complete.
		after := readDir(t, filepath.Join(dir, SnapshotDir))
		for _, st := range rep.Stale {
			name := SnapshotPath(st.ORCID)[len(SnapshotDir)+1:]
			if after[name] != snapsBefore[name] {
				t.Errorf("%s: stale snapshot changed", st.ORCID)
			}
		}
		checkSnapshotsComplete(t, dir, ids)
		// The site is built from the snapshots: every person has data.
		if len(res.Site.People) != len(ids) {
			t.Fatalf("site has %d people, want %d", len(res.Site.People), len(ids))
		}
		for _, p := range res.Site.People {
			if !p.HasData {
				t.Errorf("%s shown without ORCID data", p.ID)
			}
		}
		// A fetch-stopped quota costs no further requests.
		if n := srv.TotalRequests(); n > 200 {
			t.Errorf("%d requests: fetching did not stop at the quota", n)
		}
	})
}

// checkSnapshotsComplete asserts that every snapshot file of ids is
// readable and holds a full work for each preferred summary of its record.
func checkSnapshotsComplete(t testing.TB, dir string, ids []orcid.ID) {
	t.Helper()
	entries, _ := os.ReadDir(filepath.Join(dir, SnapshotDir))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
	for _, id := range ids {
		s, err := ReadSnapshot(os.DirFS(dir), id)
		if errors.Is(err, ErrNoSnapshot) {
			continue
		}
		if err != nil {
			t.Errorf("snapshot unreadable: %v", err)
			continue
		}
		for _, g := range s.Record.ActivitiesSummary.Works.Group {
			sum, ok := g.Preferred()
			if !ok {
				continue
			}
			w, ok := s.WorkByPutCode(sum.PutCode)
			if !ok || w.LastModifiedDate != sum.LastModifiedDate {
				t.Errorf("%s: snapshot is torn: work %d missing or from another version", id, sum.PutCode)
				break
			}
		}
	}
}

func TestFetchCancelled(t *testing.T) {
	srv := orcidtest.NewServer(t)
	gen := orcidtest.Generate(orcidtest.GenOptions{People: 24, Works: 30, Seed: 5})
	for id, f := range gen {
		srv.Put(id, f)
	}
	ids := slices.Sorted(maps.Keys(gen))
	dir := fetchSite(t, ids, "")
	c := testClient(srv)
	// A first complete fetch, then every record changes.
	fetchOK(t, dir, c, false)
	before := readDir(t, filepath.Join(dir, SnapshotDir))
	for _, id := range ids {
		srv.Touch(id)
	}
	srv.SetFaults(orcidtest.Faults{Latency: 15 * time.Millisecond})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Cancel once a few researchers have been written.
	go func() {
		for ctx.Err() == nil {
			changed := 0
			for name, b := range readDir(t, filepath.Join(dir, SnapshotDir)) {
				if _, ok := before[name]; ok && before[name] != b {
					changed++
				}
			}
			if changed >= 3 {
				cancel()
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	// A temporary file as a killed run leaves it; the next fetch removes it.
	tmp := filepath.Join(dir, SnapshotDir, "."+string(ids[0])+".json.tmp123")
	if err := os.WriteFile(tmp, []byte(`{"format": 1, "or`), 0o644); err != nil {
		t.Fatal(err)
	}
	fr, err := Fetch(ctx, loadFetchConfig(t, dir), FetchOptions{Client: c, Concurrency: 2})
	if _, serr := os.Stat(tmp); !errors.Is(serr, os.ErrNotExist) {
		t.Error("temporary file of a killed run not removed")
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled fetch: err = %v, want context.Canceled", err)
	}
	if fr == nil || len(fr.Report.Fetched) == 0 || len(fr.Report.Fetched) == len(ids) {
		t.Fatalf("cancellation was not mid-fetch: %d of %d fetched", len(fr.Report.Fetched), len(ids))
	}
	checkSnapshotsComplete(t, dir, ids)
	after := readDir(t, filepath.Join(dir, SnapshotDir))
	changed := 0
	for name := range before {
		if after[name] != before[name] {
			changed++
		}
	}
	if changed != len(fr.Report.Fetched) {
		t.Errorf("%d snapshots changed, report says %d fetched", changed, len(fr.Report.Fetched))
	}
}

func TestFetchSpecialRecords(t *testing.T) {
	srv := orcidtest.NewServerWithFixtures(t)
	fx := orcidtest.Fixtures()
	ids := []orcid.ID{orcidtest.IDLabPI, orcidtest.IDDeprecated, orcidtest.IDLocked, orcidtest.IDDeactivated}
	dir := fetchSite(t, ids, "")

	// Give the locked and deactivated researchers a snapshot, as if they
	// had been public at the previous run.
	for _, id := range []orcid.ID{orcidtest.IDLocked, orcidtest.IDDeactivated} {
		f, ok := fx[id]
		if !ok {
			t.Fatalf("orcidtest.Fixtures has no record for %s", id)
		}
		s := &Snapshot{ORCID: id, Record: f.Record}
		if _, err := WriteSnapshot(dir, s); err != nil {
			t.Fatal(err)
		}
	}
	before := readDir(t, filepath.Join(dir, SnapshotDir))

	t.Run("strict", func(t *testing.T) {
		var log bytes.Buffer
		fr, err := Fetch(context.Background(), loadFetchConfig(t, dir), FetchOptions{Client: testClient(srv), Log: &log, Strict: true})
		if err == nil || !strings.HasPrefix(err.Error(), "strict: ") {
			t.Fatalf("strict fetch: err = %v, want a strict failure", err)
		}
		if err := fr.Commit(); err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(before, readDir(t, filepath.Join(dir, SnapshotDir))) {
			t.Error("a failed strict fetch changed data/orcid/")
		}
	})

	var log bytes.Buffer
	fr, err := Fetch(context.Background(), loadFetchConfig(t, dir), FetchOptions{Client: testClient(srv), Log: &log})
	if err != nil {
		t.Fatalf("fetch: %v\n%s", err, log.String())
	}
	// Deprecated: warned with the site.yaml line, stored under the listed
	// iD with the primary record's data.
	wantWarn := fmt.Sprintf("%s was merged into %s: update site.yaml line %d", orcidtest.IDDeprecated, orcidtest.IDPrimary, personLine(1))
	if !strings.Contains(log.String(), wantWarn) {
		t.Errorf("log lacks %q:\n%s", wantWarn, log.String())
	}
	s, err := ReadSnapshot(os.DirFS(dir), orcidtest.IDDeprecated)
	if err != nil {
		t.Fatal(err)
	}
	if s.Primary != orcidtest.IDPrimary || s.Record.ORCIDIdentifier.Path != string(orcidtest.IDPrimary) {
		t.Errorf("deprecated snapshot: primary %q, record of %q; want both %s", s.Primary, s.Record.ORCIDIdentifier.Path, orcidtest.IDPrimary)
	}
	if n := preferredCount(fx[orcidtest.IDPrimary]); len(s.Works) != n || n == 0 {
		t.Errorf("deprecated snapshot holds %d works, want the primary's %d", len(s.Works), n)
	}
	// Locked and deactivated: dropped, snapshot removed, warned.
	for _, id := range []orcid.ID{orcidtest.IDLocked, orcidtest.IDDeactivated} {
		if _, err := ReadSnapshot(os.DirFS(dir), id); !errors.Is(err, ErrNoSnapshot) {
			t.Errorf("%s: snapshot not removed (%v)", id, err)
		}
		if !strings.Contains(log.String(), string(id)+" (site.yaml:") {
			t.Errorf("no warning for %s", id)
		}
	}
	var dropped []orcid.ID
	for _, d := range fr.Report.Dropped {
		dropped = append(dropped, d.ORCID)
	}
	if want := []orcid.ID{orcidtest.IDLocked, orcidtest.IDDeactivated}; !slices.Equal(dropped, want) {
		t.Errorf("dropped %v, want %v", dropped, want)
	}

	// The second run: the deprecated researcher is unchanged, still at one
	// extra record call; the dropped ones cost one call each.
	srv.ResetCounters()
	fr = fetchOK(t, dir, testClient(srv), false)
	if got := srv.TotalRequests(); got != len(ids)+1 {
		t.Errorf("second run: %d requests, want %d", got, len(ids)+1)
	}
	if !slices.Contains(fr.Report.Unchanged, orcidtest.IDDeprecated) {
		t.Errorf("deprecated researcher not unchanged on the second run: %+v", fr.Report)
	}

	// The site renders the deprecated person with data and the dropped
	// ones from site.yaml alone.
	res, blog, err := buildSite(t, dir, testClient(srv), false)
	if err != nil {
		t.Fatalf("build: %v\n%s", err, blog)
	}
	for _, p := range res.Site.People {
		wantData := p.ID == orcidtest.IDLabPI || p.ID == orcidtest.IDDeprecated
		if p.HasData != wantData {
			t.Errorf("%s: HasData = %v, want %v", p.ID, p.HasData, wantData)
		}
	}
}

func TestFetchNotFound(t *testing.T) {
	srv := orcidtest.NewServerWithFixtures(t)
	missing := orcid.ID("0000-0002-1825-0097") // valid, not held by the server
	dir := fetchSite(t, []orcid.ID{orcidtest.IDLabPI, missing}, "")
	_, err := Fetch(context.Background(), loadFetchConfig(t, dir), FetchOptions{Client: testClient(srv)})
	want := fmt.Sprintf("site.yaml:%d: %s: no such ORCID record (404)", personLine(1), missing)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want it to contain %q", err, want)
	}
}

func TestFetchStrictCommit(t *testing.T) {
	srv := orcidtest.NewServerWithFixtures(t)
	dir := fetchSite(t, orcidtest.LabIDs, "")
	fr := fetchOK(t, dir, testClient(srv), true)
	if files := readDir(t, filepath.Join(dir, SnapshotDir)); len(files) != 0 {
		t.Fatalf("strict fetch wrote %d files before Commit", len(files))
	}
	if err := fr.Commit(); err != nil {
		t.Fatal(err)
	}
	if files := readDir(t, filepath.Join(dir, SnapshotDir)); len(files) != len(orcidtest.LabIDs) {
		t.Fatalf("after Commit: %d snapshot files, want %d", len(files), len(orcidtest.LabIDs))
	}
	checkSnapshotsComplete(t, dir, orcidtest.LabIDs)
}

func TestFetchMembers(t *testing.T) {
	srv := orcidtest.NewServer(t)
	gen := orcidtest.Generate(orcidtest.GenOptions{People: 5, Works: 3, Seed: 9})
	for id, f := range gen {
		srv.Put(id, f)
	}
	ids := slices.Sorted(maps.Keys(gen))
	tests := []struct {
		name     string
		max      int
		wantWarn bool
	}{
		{"all", 10, false},
		{"capped", 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			listed := ids[2]
			dir := fetchSite(t, []orcid.ID{listed}, fmt.Sprintf("members:\n  query: '*'\n  max: %d\n  group: found\n", tt.max))
			var log bytes.Buffer
			fr, err := Fetch(context.Background(), loadFetchConfig(t, dir), FetchOptions{Client: testClient(srv), Log: &log})
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(dir, MembersFile))
			if err != nil {
				t.Fatal(err)
			}
			var ml membersList
			if err := json.Unmarshal(b, &ml); err != nil {
				t.Fatal(err)
			}
			if len(ml.Members) != min(tt.max, len(ids)) || ml.Query != "*" || !slices.IsSorted(ml.Members) {
				t.Errorf("members file: %s", b)
			}
			// The listed person comes once, first, with its own group; the
			// others follow with members.group.
			wantPeople := []PersonConfig{{ORCID: listed, Line: personLine(0)}}
			for _, id := range ml.Members {
				if id != listed {
					wantPeople = append(wantPeople, PersonConfig{ORCID: id, Group: "found", Line: 5})
				}
			}
			if !slices.Equal(fr.People, wantPeople) {
				t.Errorf("people:\n%+v\nwant\n%+v", fr.People, wantPeople)
			}
			if got := strings.Contains(log.String(), "members.query matched 5 people; only the first"); got != tt.wantWarn {
				t.Errorf("cap warning shown = %v, want %v:\n%s", got, tt.wantWarn, log.String())
			}
			// The offline build finds the same people.
			off, err := OfflinePeople(loadFetchConfig(t, dir))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(off, fr.People) {
				t.Errorf("offline people %v, online %v", off, fr.People)
			}
			// A second fetch writes the same members file.
			fetchOK(t, dir, testClient(srv), false)
			if b2, _ := os.ReadFile(filepath.Join(dir, MembersFile)); !bytes.Equal(b, b2) {
				t.Error("members file is not deterministic")
			}
		})
	}
}

func TestFetchDiscoveredLockedLeftOut(t *testing.T) {
	srv := orcidtest.NewServer(t)
	gen := orcidtest.Generate(orcidtest.GenOptions{People: 3, Works: 2, Seed: 3})
	for id, f := range gen {
		srv.Put(id, f)
	}
	ids := slices.Sorted(maps.Keys(gen))
	dir := fetchSite(t, ids[:1], "members:\n  query: '*'\n")
	fetchOK(t, dir, testClient(srv), false)
	// The search fails now, so the members found last time are used; one
	// of them was locked meanwhile.
	srv.Lock(ids[1])
	srv.SetFaults(orcidtest.Faults{ResetConn: "/search"})
	var log bytes.Buffer
	fr, err := Fetch(context.Background(), loadFetchConfig(t, dir), FetchOptions{Client: testClient(srv, orcid.WithRetries(1, time.Millisecond)), Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "members.query failed, using the members found last time") {
		t.Errorf("no warning about the failed search:\n%s", log.String())
	}
	var got []orcid.ID
	for _, p := range fr.People {
		got = append(got, p.ORCID)
	}
	if want := []orcid.ID{ids[0], ids[2]}; !slices.Equal(got, want) {
		t.Errorf("people %v, want %v (the locked member left out)", got, want)
	}
	if len(fr.Report.Dropped) != 1 || fr.Report.Dropped[0].ORCID != ids[1] {
		t.Errorf("dropped %v, want %s", fr.Report.Dropped, ids[1])
	}
}

func TestFetchStrictMembersStaged(t *testing.T) {
	srv := orcidtest.NewServerWithFixtures(t)
	dir := fetchSite(t, orcidtest.LabIDs[:1], "members:\n  query: 'affiliation-org-name:\"Northvale University\"'\n")
	fr := fetchOK(t, dir, testClient(srv), true)
	if _, err := os.Stat(filepath.Join(dir, MembersFile)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("strict fetch wrote %s before Commit (%v)", MembersFile, err)
	}
	if len(fr.People) < 2 {
		t.Fatalf("search found no other lab member: %v", fr.People)
	}
	if err := fr.Commit(); err != nil {
		t.Fatal(err)
	}
	off, err := OfflinePeople(loadFetchConfig(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(off, fr.People) {
		t.Errorf("after Commit, offline people %v, want %v", off, fr.People)
	}
}

func TestFetchProgress(t *testing.T) {
	srv := orcidtest.NewServerWithFixtures(t)
	dir := fetchSite(t, orcidtest.LabIDs, "")
	tests := []struct {
		progress bool
		want     []string
		notWant  string
	}{
		{false, []string{"fetch [1/3] ", "fetch [3/3] "}, "fetching ORCID records"},
		{true, []string{"fetching ORCID records", "/3)"}, "fetch [1/3]"},
	}
	for _, tt := range tests {
		var log bytes.Buffer
		if _, err := Fetch(context.Background(), loadFetchConfig(t, dir), FetchOptions{Client: testClient(srv), Log: &log, Progress: tt.progress}); err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(log.String(), w) {
				t.Errorf("progress=%v: log lacks %q:\n%s", tt.progress, w, log.String())
			}
		}
		if strings.Contains(log.String(), tt.notWant) {
			t.Errorf("progress=%v: log has %q", tt.progress, tt.notWant)
		}
	}
}

// BenchmarkFetchRateLimited fetches 500 researchers × 100 works from the
// fake server through ORCID's real limit (12 requests/s, burst 40), cold.
// It takes about 80 seconds: run it alone, with -benchtime=1x. It reports
// the wall time as a ratio to the bound set by the limiter (requests ÷ 12
// per second). Measured on 2 shared cores: 1000 requests in 80.1 s, a
// ratio of 0.96: the limiter is the bound (the burst of 40 saves 3.3 s).
func BenchmarkFetchRateLimited(b *testing.B) {
	if testing.Short() {
		b.Skip("takes about 80 s")
	}
	gen := orcidtest.Generate(orcidtest.GenOptions{People: 500, Works: 100, Seed: 42})
	ids := slices.Sorted(maps.Keys(gen))
	for b.Loop() {
		b.StopTimer()
		srv := orcidtest.NewServer(b)
		for id, f := range gen {
			srv.Put(id, f)
		}
		dir := fetchSite(b, ids, "")
		c := orcid.NewClient(srv.Client(), orcid.WithBaseURL(srv.URL), orcid.WithRateLimit(orcid.DefaultRate, orcid.DefaultBurst))
		b.StartTimer()
		start := time.Now()
		fr, err := Fetch(context.Background(), loadFetchConfig(b, dir), FetchOptions{Client: c})
		elapsed := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		n := srv.TotalRequests()
		if n != 1000 || len(fr.Report.Fetched) != 500 {
			b.Fatalf("%d requests, %d fetched; want 1000 and 500", n, len(fr.Report.Fetched))
		}
		bound := time.Duration(float64(n) / float64(orcid.DefaultRate) * float64(time.Second))
		b.ReportMetric(float64(n), "requests")
		b.ReportMetric(elapsed.Seconds(), "wall-s")
		b.ReportMetric(elapsed.Seconds()/bound.Seconds(), "ratio-to-bound")
	}
}

// TestFetchRewritesFormat1 checks that an unchanged record whose snapshot
// is in format 1 is written anew in the current format with its record
// request only (no bulk call), and reads back with the same works.
func TestFetchRewritesFormat1(t *testing.T) {
	srv, ids := budgetServer(t)
	dir := fetchSite(t, ids, "")
	c := testClient(srv)
	fetchOK(t, dir, c, false)
	id := ids[2] // 100 works
	before, err := ReadSnapshot(os.DirFS(dir), id)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, filepath.FromSlash(SnapshotPath(id)))
	full, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	// The same snapshot as format 1 wrote it: summaries whole.
	f, _ := srv.Get(id)
	old := fixtureSnapshot(id, f)
	old.Primary, old.LastModified = before.Primary, before.LastModified
	if err := os.WriteFile(name, marshalFormat1(t, old), 0o644); err != nil {
		t.Fatal(err)
	}
	srv.ResetCounters()
	fr := fetchOK(t, dir, c, false)
	if got, want := srv.TotalRequests(), len(ids); got != want {
		t.Errorf("%d requests, want one record request per researcher (%d)", got, want)
	}
	if len(fr.Report.Added)+len(fr.Report.Changed)+len(fr.Report.Removed) != 0 {
		t.Errorf("rewriting the format reported work changes: %+v", fr.Report)
	}
	after, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(after, full) {
		t.Error("the format 1 snapshot was not rewritten as the current format")
	}
}
