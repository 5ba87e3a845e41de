package generator

// Fetching keeps data/orcid/ in step with ORCID at the lowest cost and
// without ever losing data:
//
//   - One /record call per researcher. When the record's history
//     last-modified date equals the snapshot's, nothing else is fetched
//     and the snapshot is left as it is.
//   - Otherwise the preferred version of each work group is compared with
//     the snapshot by put-code and last-modified date: only new or changed
//     works are fetched, in bulk calls of up to 100 put-codes; works gone
//     from the record leave the snapshot.
//   - Researchers are fetched concurrently; every request waits for the
//     client's one shared rate limiter.
//   - A failed fetch keeps the previous snapshot (stale), a 429 (daily
//     quota) stops fetching, a locked or deactivated record removes the
//     snapshot, a deprecated (merged) record is followed to its primary
//     record. In strict mode any of these fails the run and nothing is
//     written: snapshots are staged in memory and committed only when
//     every researcher was fetched.
//
// A deprecated record's data is stored under the iD listed in site.yaml
// (with the primary iD in the snapshot's "primary" field), so the site
// keeps rendering the person while the warning asks to update site.yaml.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/sync/errgroup"

	"github.com/orcidsite/orcidsite/orcid"
)

// DefaultConcurrency is how many researchers are fetched at the same time.
// The client's rate limiter, not this number, sets the request rate; a few
// requests in flight hide the network latency.
const DefaultConcurrency = 8

// MaxFailStreak is how many researchers in a row may fail (network
// errors, 5xx after retries) before fetching stops: ORCID or the network
// is down, and every remaining researcher keeps their snapshot without
// spending retries.
const MaxFailStreak = 10

// MembersFile is the list of people discovered through members.query,
// relative to the site folder. It is written by an online fetch and read
// by an offline build.
const MembersFile = "data/orcid/members.json"

// membersFormat is the version of MembersFile's format.
const membersFormat = 1

// FetchOptions configure the fetch step.
type FetchOptions struct {
	// Client talks to ORCID; required for an online build.
	Client *orcid.Client
	// Log receives progress and warnings, one line each; nil discards.
	Log io.Writer
	// Strict makes any problem (a researcher kept stale, dropped, merged,
	// or the quota exceeded) fail the fetch. Nothing is written by Fetch
	// in strict mode: the caller commits with FetchResult.Commit.
	Strict bool
	// Concurrency is the number of researchers fetched at the same time;
	// 0 means DefaultConcurrency.
	Concurrency int
	// Progress draws a progress bar on Log (for an interactive terminal)
	// instead of one line per researcher.
	Progress bool
}

// FetchResult tells what a fetch did.
type FetchResult struct {
	// People are the site's people: site.yaml's list plus discovered
	// members, without discovered people whose record is gone.
	People []PersonConfig
	// Report is the run report.
	Report *Report

	// staged holds what a strict fetch will write on Commit.
	mu      sync.Mutex
	staged  map[orcid.ID]*Snapshot
	removed map[orcid.ID]bool
	members []byte // MembersFile's new content, nil to keep it
	dir     string
}

// Commit writes what a strict fetch staged: the new snapshots, the
// removals and the members list. It does nothing after a non-strict fetch,
// which writes as it goes, and nothing the second time.
func (r *FetchResult) Commit() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	ids := make([]orcid.ID, 0, len(r.staged))
	for id := range r.staged {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if _, err := WriteSnapshot(r.dir, r.staged[id]); err != nil {
			return err
		}
		delete(r.staged, id)
	}
	for id := range r.removed {
		if err := RemoveSnapshot(r.dir, id); err != nil {
			return err
		}
		delete(r.removed, id)
	}
	if r.members != nil {
		if err := writeFileAtomic(filepath.Join(r.dir, filepath.FromSlash(MembersFile)), r.members); err != nil {
			return err
		}
		r.members = nil
	}
	return nil
}

// stagedSnapshot reports whether a strict fetch staged the snapshot of id
// (s) or its removal (s nil) and has not committed it yet, so that a build
// renders the new data before anything is written.
func (r *FetchResult) stagedSnapshot(id orcid.ID) (s *Snapshot, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.staged[id]; ok {
		return s, true
	}
	return nil, r.removed[id]
}

// membersList is the content of MembersFile.
type membersList struct {
	Format  int        `json:"format"`
	Query   string     `json:"query"`
	Members []orcid.ID `json:"members"`
}

// OfflinePeople returns the people of an offline build: site.yaml's list
// plus, when members.query is set, the members discovered by the last
// online fetch (MembersFile).
func OfflinePeople(cfg *Config) ([]PersonConfig, error) {
	people := slices.Clone(cfg.People)
	if cfg.Members == nil {
		return people, nil
	}
	b, err := os.ReadFile(filepath.Join(cfg.Dir, filepath.FromSlash(MembersFile)))
	if errors.Is(err, fs.ErrNotExist) {
		return people, nil
	}
	if err != nil {
		return nil, err
	}
	var ml membersList
	if err := json.Unmarshal(b, &ml); err != nil {
		return nil, fmt.Errorf("%s: %v (delete it and run orcidsite fetch)", MembersFile, err)
	}
	if ml.Format != membersFormat {
		return nil, fmt.Errorf("%s: format %d, want %d (run orcidsite fetch)", MembersFile, ml.Format, membersFormat)
	}
	return mergeMembers(people, ml.Members, cfg.Members), nil
}

// mergeMembers appends the discovered iDs that are not listed already, in
// iD order, as people of members.group.
func mergeMembers(people []PersonConfig, found []orcid.ID, mc *MembersConfig) []PersonConfig {
	listed := map[orcid.ID]bool{}
	for _, p := range people {
		listed[p.ORCID] = true
	}
	found = slices.Clone(found)
	slices.Sort(found)
	for _, id := range slices.Compact(found) {
		if !listed[id] {
			people = append(people, PersonConfig{ORCID: id, Group: mc.Group, Line: mc.Line})
		}
	}
	return people
}

// personOutcome is what happened to one researcher.
type personOutcome int

const (
	outcomeSkipped   personOutcome = iota // not attempted (run stopped)
	outcomeFetched                        // snapshot refreshed
	outcomeUnchanged                      // record unchanged
	outcomeStale                          // fetch failed, previous snapshot kept
	outcomeDropped                        // locked or deactivated: snapshot removed
	outcomeNotFound                       // 404
)

// personResult is the result of fetching one researcher.
type personResult struct {
	pc      PersonConfig
	outcome personOutcome
	reason  string
	snap    *Snapshot // the new snapshot (outcomeFetched)
	added   []WorkChange
	removed []WorkChange
	changed []WorkChange
}

// errStopped is the cause of the fetch context's cancellation when the
// run stops early (quota exceeded, or a strict run's first problem).
var errStopped = errors.New("fetching stopped")

// fetcher holds the state of one Fetch call.
type fetcher struct {
	cfg    *Config
	opts   FetchOptions
	client *orcid.Client
	log    io.Writer
	stop   context.CancelCauseFunc
	quota  atomic.Bool
	// failStreak counts researchers whose fetch failed in a row (network
	// errors, 5xx); unreachable tells that the streak reached
	// MaxFailStreak and fetching stopped.
	failStreak  atomic.Int32
	unreachable atomic.Bool
	res         *FetchResult

	mu       sync.Mutex // guards warnings, done and the log
	warnings []string
	problems []string // strict mode: what fails the run
	done     int
	total    int
	bar      *progressbar.ProgressBar
}

// Fetch refreshes the snapshot of every person: site.yaml's list plus the
// members found by members.query. See the comment at the top of this file
// for the policy. A non-strict fetch writes each snapshot as soon as it is
// complete (atomically), so an interrupted fetch leaves every snapshot
// valid, old or new. A strict fetch writes nothing: call Commit on its
// result.
//
// The error is non-nil when a listed iD does not exist (404), when a strict
// fetch met a problem, when ctx was cancelled, or when a snapshot could not
// be written; the result is then still returned, with its report.
func Fetch(ctx context.Context, cfg *Config, opts FetchOptions) (*FetchResult, error) {
	start := time.Now()
	if opts.Client == nil {
		return nil, fmt.Errorf("fetch: no ORCID client")
	}
	f := &fetcher{cfg: cfg, opts: opts, client: opts.Client, log: opts.Log}
	if f.log == nil {
		f.log = io.Discard
	}
	f.res = &FetchResult{dir: cfg.Dir, staged: map[orcid.ID]*Snapshot{}, removed: map[orcid.ID]bool{}}
	rep := &Report{Strict: opts.Strict}
	f.res.Report = rep
	before := f.client.Stats()

	fctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	f.stop = stop

	// Step 1: the people, listed and discovered; temporary files left by
	// a run that was killed mid-write go first (they are never read, but
	// would otherwise be committed with the snapshots).
	removeTempFiles(filepath.Join(cfg.Dir, filepath.FromSlash(SnapshotDir)))
	people, discovered := f.discover(fctx)

	// Step 2: fetch them concurrently; every request waits for the
	// client's shared rate limiter.
	f.total = len(people)
	if opts.Progress {
		f.bar = progressbar.NewOptions(len(people),
			progressbar.OptionSetWriter(f.log),
			progressbar.OptionSetDescription("fetching ORCID records"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	results := make([]personResult, len(people))
	var g errgroup.Group
	g.SetLimit(positiveOr(opts.Concurrency, DefaultConcurrency))
	var writeErr error
	var writeOnce sync.Once
	for i, pc := range people {
		if ctx.Err() != nil {
			results[i] = personResult{pc: pc, outcome: outcomeSkipped}
			continue
		}
		g.Go(func() error {
			r := f.person(fctx, pc)
			if err := f.apply(r); err != nil {
				writeOnce.Do(func() { writeErr = err; stop(errStopped) })
			}
			results[i] = r
			f.progress(r)
			return nil
		})
	}
	_ = g.Wait()
	if f.bar != nil {
		_ = f.bar.Finish()
	}

	// Step 3: the report and the people of the site.
	var notFound []string
	for _, r := range results {
		switch r.outcome {
		case outcomeFetched:
			rep.Fetched = append(rep.Fetched, r.pc.ORCID)
			rep.Added = append(rep.Added, r.added...)
			rep.Removed = append(rep.Removed, r.removed...)
			rep.Changed = append(rep.Changed, r.changed...)
		case outcomeUnchanged:
			rep.Unchanged = append(rep.Unchanged, r.pc.ORCID)
		case outcomeDropped:
			rep.Dropped = append(rep.Dropped, PersonIssue{r.pc.ORCID, r.reason})
		case outcomeStale, outcomeSkipped:
			reason := r.reason
			if reason == "" {
				reason = "not fetched: " + f.stopReason(ctx)
			}
			rep.Stale = append(rep.Stale, PersonIssue{r.pc.ORCID, reason})
		case outcomeNotFound:
			if discovered[r.pc.ORCID] {
				rep.Dropped = append(rep.Dropped, PersonIssue{r.pc.ORCID, r.reason})
			} else {
				notFound = append(notFound, fmt.Sprintf("%s:%d: %s: no such ORCID record (404); check the iD or remove the entry",
					cfg.fileName(), r.pc.Line, r.pc.ORCID))
			}
		}
		// Discovered people without a public record are left out.
		if discovered[r.pc.ORCID] && (r.outcome == outcomeDropped || r.outcome == outcomeNotFound) {
			continue
		}
		f.res.People = append(f.res.People, r.pc)
	}
	rep.Researchers = len(people)
	rep.QuotaExceeded = f.quota.Load()
	after := f.client.Stats()
	rep.Requests = after.Requests - before.Requests
	rep.Retries = after.Retries - before.Retries
	rep.Throttled = after.Throttled - before.Throttled
	rep.Warnings = f.warnings
	rep.Duration = time.Since(start)
	rep.sort()

	// Step 4: decide.
	var err error
	switch {
	case ctx.Err() != nil:
		err = fmt.Errorf("fetch interrupted (%w): %d researchers fetched; every snapshot is complete, old or new", ctx.Err(), len(rep.Fetched))
		if opts.Strict {
			err = fmt.Errorf("fetch interrupted (%w): nothing written", ctx.Err())
		}
	case writeErr != nil:
		err = writeErr
	case len(notFound) > 0:
		err = errors.New(strings.Join(notFound, "\n"))
	case opts.Strict && len(f.problems) > 0:
		msg := f.problems[0]
		if n := len(f.problems) - 1; n > 0 {
			msg += fmt.Sprintf(" (and %d more problems)", n)
		}
		err = fmt.Errorf("strict: %s; nothing was written", msg)
	}
	if err != nil {
		if opts.Strict {
			f.res.clear()
		}
		rep.Failure = err.Error()
	}
	return f.res, err
}

// removeTempFiles deletes the temporary files writeFileAtomic leaves in
// dir when the process dies between creating and renaming them.
func removeTempFiles(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasPrefix(n, ".") && strings.Contains(n, ".json.tmp") {
			_ = os.Remove(filepath.Join(dir, n))
		}
	}
}

// clear drops what was staged.
func (r *FetchResult) clear() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.staged = map[orcid.ID]*Snapshot{}
	r.removed = map[orcid.ID]bool{}
	r.members = nil
}

func positiveOr(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}

// fileName is how messages name site.yaml.
func (cfg *Config) fileName() string {
	if cfg.File != "" {
		return cfg.File
	}
	return "site.yaml"
}

// stopReason says why researchers were not fetched.
func (f *fetcher) stopReason(ctx context.Context) string {
	switch {
	case ctx.Err() != nil:
		return "interrupted"
	case f.quota.Load():
		return "ORCID's daily quota was exceeded"
	case f.unreachable.Load():
		return "ORCID was unreachable"
	case f.opts.Strict:
		return "the strict run stopped at the first problem"
	}
	return "fetching stopped"
}

// warn records and prints a warning.
func (f *fetcher) warn(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.warnings = append(f.warnings, msg)
	f.printLocked("warning: " + msg)
}

// problem records something that fails a strict run, and warns about it.
// A strict run stops fetching at the first problem.
func (f *fetcher) problem(format string, args ...any) {
	f.warn(format, args...)
	if !f.opts.Strict {
		return
	}
	f.mu.Lock()
	f.problems = append(f.problems, fmt.Sprintf(format, args...))
	f.mu.Unlock()
	f.stop(errStopped)
}

// printLocked prints one line, around the progress bar if there is one.
func (f *fetcher) printLocked(line string) {
	if f.bar != nil {
		_ = f.bar.Clear()
	}
	fmt.Fprintln(f.log, line)
	if f.bar != nil {
		_ = f.bar.RenderBlank()
	}
}

// progress reports one researcher done.
func (f *fetcher) progress(r personResult) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.done++
	if f.bar != nil {
		_ = f.bar.Add(1)
		return
	}
	var what string
	switch r.outcome {
	case outcomeFetched:
		what = fmt.Sprintf("updated (%d works added, %d removed, %d changed)", len(r.added), len(r.removed), len(r.changed))
	case outcomeUnchanged:
		what = "unchanged"
	case outcomeStale:
		what = "kept previous snapshot"
	case outcomeDropped:
		what = "dropped"
	case outcomeNotFound:
		what = "not found"
	default:
		what = "not fetched"
	}
	fmt.Fprintf(f.log, "fetch [%d/%d] %s: %s\n", f.done, f.total, r.pc.ORCID, what)
}

// discover returns site.yaml's people plus the members found by
// members.query, and the set of discovered iDs. When the search fails, the
// members found by the last successful fetch are used.
func (f *fetcher) discover(ctx context.Context) ([]PersonConfig, map[orcid.ID]bool) {
	cfg := f.cfg
	people := slices.Clone(cfg.People)
	discovered := map[orcid.ID]bool{}
	mark := func(ps []PersonConfig) []PersonConfig {
		for _, p := range ps[len(cfg.People):] {
			discovered[p.ORCID] = true
		}
		return ps
	}
	mc := cfg.Members
	if mc == nil {
		return people, discovered
	}
	fallback := func() ([]PersonConfig, map[orcid.ID]bool) {
		prev, err := OfflinePeople(cfg)
		if err != nil {
			f.warn("%s: %v", MembersFile, err)
			return people, discovered
		}
		return mark(prev), discovered
	}
	ids, numFound, err := f.client.Search(ctx, mc.Query, orcid.SearchOptions{Max: mc.Max})
	switch {
	case errors.Is(err, orcid.ErrSearchCapped):
		f.warn("%s:%d: members.query: %v", cfg.fileName(), mc.Line, err)
	case errors.Is(err, orcid.ErrQuotaExceeded):
		f.quota.Store(true)
		f.problem("members.query: ORCID's daily quota is exceeded; using the members found last time")
		f.stop(errStopped)
		return fallback()
	case err != nil:
		f.problem("%s:%d: members.query failed, using the members found last time: %v", cfg.fileName(), mc.Line, err)
		return fallback()
	}
	if numFound > len(ids) && len(ids) >= mc.Max {
		f.warn("%s:%d: members.query matched %d people; only the first %d are used (raise members.max)",
			cfg.fileName(), mc.Line, numFound, mc.Max)
	}
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	b, _ := json.MarshalIndent(membersList{Format: membersFormat, Query: mc.Query, Members: orEmptyIDs(sorted)}, "", "  ")
	b = append(b, '\n')
	if f.opts.Strict {
		f.res.members = b
	} else if err := writeFileAtomic(filepath.Join(cfg.Dir, filepath.FromSlash(MembersFile)), b); err != nil {
		f.warn("%v", err)
	}
	return mark(mergeMembers(people, sorted, mc)), discovered
}

func orEmptyIDs(ids []orcid.ID) []orcid.ID {
	if ids == nil {
		return []orcid.ID{}
	}
	return ids
}

// apply writes a researcher's result (or stages it in strict mode).
func (f *fetcher) apply(r personResult) error {
	id := r.pc.ORCID
	switch r.outcome {
	case outcomeFetched:
		if f.opts.Strict {
			f.res.mu.Lock()
			f.res.staged[id] = r.snap
			f.res.mu.Unlock()
			return nil
		}
		_, err := WriteSnapshot(f.cfg.Dir, r.snap)
		return err
	case outcomeDropped:
		if f.opts.Strict {
			f.res.mu.Lock()
			f.res.removed[id] = true
			f.res.mu.Unlock()
			return nil
		}
		return RemoveSnapshot(f.cfg.Dir, id)
	}
	return nil
}

// person fetches one researcher: the record, then the new or changed
// works.
func (f *fetcher) person(ctx context.Context, pc PersonConfig) personResult {
	res := personResult{pc: pc}
	if ctx.Err() != nil {
		return res // skipped
	}
	id := pc.ORCID
	where := fmt.Sprintf("%s (%s:%d)", id, f.cfg.fileName(), pc.Line)

	// Step 1: the previous snapshot, if readable.
	old, err := ReadSnapshot(os.DirFS(f.cfg.Dir), id)
	if err != nil && !errors.Is(err, ErrNoSnapshot) {
		f.warn("%s: %v; fetching it again", id, err)
	}
	if err != nil {
		old = nil
	}

	// Step 2: the record, following a deprecated iD to its primary.
	src := id
	rec, err := f.client.Record(ctx, id)
	var dep *orcid.DeprecatedError
	if errors.As(err, &dep) && dep.New != "" {
		f.problem("%s was merged into %s: update %s line %d to orcid: %s", id, dep.New, f.cfg.fileName(), pc.Line, dep.New)
		if ctx.Err() != nil {
			return res
		}
		src = dep.New
		rec, err = f.client.Record(ctx, src)
	}
	if err != nil {
		return f.failed(ctx, res, where, err)
	}
	var primary orcid.ID
	if src != id {
		primary = src
	}
	var lastMod orcid.Timestamp
	if rec.History != nil {
		lastMod = rec.History.LastModifiedDate
	}
	f.failStreak.Store(0)
	// An unchanged record in an older snapshot format is written anew
	// (its works are reused below: no request).
	if old != nil && lastMod != 0 && old.LastModified == lastMod && old.Primary == primary && old.Format == SnapshotFormat {
		res.outcome = outcomeUnchanged
		return res
	}

	// Step 3: the preferred works, reusing unchanged ones.
	snap := &Snapshot{ORCID: id, Primary: primary, LastModified: lastMod, Record: *rec}
	var need []int64
	want := map[int64]bool{}
	for _, g := range rec.ActivitiesSummary.Works.Group {
		s, ok := g.Preferred()
		if !ok || want[s.PutCode] {
			continue
		}
		want[s.PutCode] = true
		if old != nil {
			if w, ok := old.WorkByPutCode(s.PutCode); ok && w.LastModifiedDate == s.LastModifiedDate {
				snap.Works = append(snap.Works, w)
				continue
			}
		}
		need = append(need, s.PutCode)
	}
	if len(need) > 0 {
		works, errs, err := f.client.WorksBulk(ctx, src, need)
		if err != nil {
			return f.failed(ctx, res, where, err)
		}
		for _, pc := range need {
			if w, ok := works[pc]; ok {
				snap.Works = append(snap.Works, w)
				continue
			}
			werr := errs[pc]
			if old != nil {
				if w, ok := old.WorkByPutCode(pc); ok {
					f.warn("%s: work %d: %v; keeping the previous version", id, pc, werr)
					snap.Works = append(snap.Works, w)
					continue
				}
			}
			f.warn("%s: work %d left out: %v", id, pc, werr)
		}
	}
	snap.SortWorks()

	// Step 4: what changed.
	res.outcome, res.snap = outcomeFetched, snap
	for _, w := range snap.Works {
		var prev orcid.Work
		ok := false
		if old != nil {
			prev, ok = old.WorkByPutCode(w.PutCode)
		}
		switch {
		case !ok:
			res.added = append(res.added, workChange(id, w))
		case prev.LastModifiedDate != w.LastModifiedDate:
			res.changed = append(res.changed, workChange(id, w))
		}
	}
	if old != nil {
		for _, w := range old.Works {
			if !want[w.PutCode] {
				res.removed = append(res.removed, workChange(id, w))
			}
		}
	}
	return res
}

func workChange(id orcid.ID, w orcid.Work) WorkChange {
	var t string
	if w.Title != nil {
		t = oneLine(string(w.Title.Title), 200)
	}
	return WorkChange{ORCID: id, PutCode: w.PutCode, Title: t}
}

// failed applies the failure policy to an error from fetching one
// researcher.
func (f *fetcher) failed(ctx context.Context, res personResult, where string, err error) personResult {
	id := res.pc.ORCID
	switch {
	case ctx.Err() != nil:
		// Stopped (quota, strict problem) or interrupted: not a problem
		// of this researcher.
		res.outcome = outcomeSkipped
	case errors.Is(err, orcid.ErrQuotaExceeded):
		if !f.quota.Swap(true) {
			f.problem("ORCID's daily request quota is exceeded: fetching stopped; researchers not fetched keep their snapshot")
		}
		f.stop(errStopped)
		res.outcome, res.reason = outcomeStale, "ORCID's daily quota was exceeded"
	case errors.Is(err, orcid.ErrLocked), errors.Is(err, orcid.ErrDeactivated):
		what := "locked"
		if errors.Is(err, orcid.ErrDeactivated) {
			what = "deactivated"
		}
		res.outcome, res.reason = outcomeDropped, "record "+what
		done := "snapshot removed"
		if f.opts.Strict {
			done = "its snapshot would be removed"
		}
		f.problem("%s: the ORCID record is %s: its ORCID data is no longer public and is left out of the site (%s)", where, what, done)
	case errors.Is(err, orcid.ErrNotFound):
		res.outcome, res.reason = outcomeNotFound, "no such ORCID record (404)"
		f.problem("%s: no such ORCID record (404)", where)
	default:
		res.outcome, res.reason = outcomeStale, oneLine(err.Error(), 300)
		f.problem("%s: %v; keeping the previous snapshot", where, err)
		if f.failStreak.Add(1) >= MaxFailStreak && !f.unreachable.Swap(true) {
			f.warn("%d researchers in a row could not be fetched: ORCID seems unreachable; fetching stopped, every remaining researcher keeps their snapshot", MaxFailStreak)
			f.stop(errStopped)
		}
	}
	if res.outcome == outcomeStale {
		// A stale researcher without any snapshot shows from site.yaml
		// only.
		if _, serr := os.Stat(filepath.Join(f.cfg.Dir, filepath.FromSlash(SnapshotPath(id)))); serr != nil {
			res.reason += " (no previous snapshot)"
		}
	}
	return res
}
