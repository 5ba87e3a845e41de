package generator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/orcidsite/orcidsite/orcid"
)

// SnapshotFormat is the version of the snapshot file format written.
// Format 1 stored every work summary in full; format 2 stores each work
// once (see Snapshot). Both are read; a snapshot of another format is
// refetched rather than misread, and fetch rewrites format 1 files in
// format 2 without any request.
const SnapshotFormat = 2

// oldestSnapshotFormat is the oldest format still read.
const oldestSnapshotFormat = 1

// SnapshotDir is where snapshots live, relative to the site folder.
const SnapshotDir = "data/orcid"

// Snapshot is everything rendering needs for one researcher: the public
// record and the full works of the preferred version of each work group.
// It is stored as data/orcid/<iD>.json, deterministic so that a git diff
// shows real changes only: pretty-printed, but for the full works, which
// are most of a snapshot, and the record's work groups, which are written
// one per line, so that a changed work or group is one changed line.
//
// Each work is stored once: in the record's work groups, the summary of a
// version whose full work is in Works keeps its put-code, display-index
// and last-modified-date, and of its other fields only those that differ
// from the full work (the full work has everything the summary has); a
// group's identifiers are left out when they are those of its preferred
// version's full work. So a summary or group read back may lack its
// title, identifiers or date; the full work with the same put-code has
// them.
//
// A snapshot read from a file may share values between its works (an iD,
// a contributor's attributes, written alike in many works): it is read,
// not changed.
type Snapshot struct {
	Format int      `json:"format"`
	ORCID  orcid.ID `json:"orcid"`
	// Primary is set when the iD above was merged into another record:
	// the data below is the primary record's, kept under the listed iD
	// until site.yaml is updated.
	Primary orcid.ID `json:"primary,omitempty"`
	// LastModified is the record's history.last-modified-date at fetch time;
	// an unchanged value means nothing needs fetching.
	LastModified orcid.Timestamp `json:"last-modified"`
	Record       orcid.Record    `json:"record"`
	// Works holds the full works of the preferred versions, sorted by put-code.
	Works []orcid.Work `json:"works"`
}

// WorkByPutCode returns the full work with the given put-code.
func (s *Snapshot) WorkByPutCode(pc int64) (orcid.Work, bool) {
	i, ok := slices.BinarySearchFunc(s.Works, pc, func(w orcid.Work, pc int64) int {
		switch {
		case w.PutCode < pc:
			return -1
		case w.PutCode > pc:
			return 1
		}
		return 0
	})
	if !ok {
		return orcid.Work{}, false
	}
	return s.Works[i], true
}

// SortWorks puts the works in put-code order (the stored order).
func (s *Snapshot) SortWorks() {
	slices.SortFunc(s.Works, func(a, b orcid.Work) int {
		switch {
		case a.PutCode < b.PutCode:
			return -1
		case a.PutCode > b.PutCode:
			return 1
		}
		return 0
	})
}

// Marshal encodes the snapshot as indented JSON with a final newline,
// each full work and each work group on one line: the current format, each
// work stored once (see Snapshot). It sets the format version and sorts
// the works; the summaries in s are left whole.
func (s *Snapshot) Marshal() ([]byte, error) {
	s.Format = SnapshotFormat
	s.SortWorks()
	stored := *s
	groups := s.Record.ActivitiesSummary.Works.Group
	if groups != nil {
		stored.Record.ActivitiesSummary.Works.Group = make([]orcid.WorkGroup, len(groups))
		for i, g := range groups {
			if pref, ok := g.Preferred(); ok {
				if w, ok := s.WorkByPutCode(pref.PutCode); ok && reflect.DeepEqual(g.ExternalIDs, w.ExternalIDs) {
					g.ExternalIDs = orcid.ExternalIDs{}
				}
			}
			if g.WorkSummary != nil {
				sums := make([]orcid.WorkSummary, len(g.WorkSummary))
				for j, sum := range g.WorkSummary {
					sums[j] = sum
					if w, ok := s.WorkByPutCode(sum.PutCode); ok {
						sums[j] = summaryStub(sum, w)
					}
				}
				g.WorkSummary = sums
			}
			stored.Record.ActivitiesSummary.Works.Group[i] = g
		}
	}
	// The works are written one per line, and so are the record's work
	// groups, the rest indented: works are most of a snapshot, and a
	// changed work or group is then one changed line.
	stored.Works = nil
	written := stored.Record.ActivitiesSummary.Works.Group
	if len(written) > 0 {
		stored.Record.ActivitiesSummary.Works.Group = nil // written below
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&stored); err != nil {
		return nil, err
	}
	if len(written) > 0 {
		b, err := groupsOnePerLine(buf.Bytes(), written)
		if err != nil {
			return nil, err
		}
		buf.Reset()
		buf.Write(b)
	}
	if len(s.Works) == 0 {
		if s.Works != nil {
			// As the Encoder writes an empty array.
			b := bytes.TrimSuffix(buf.Bytes(), []byte("null\n}\n"))
			return append(b, "[]\n}\n"...), nil
		}
		return buf.Bytes(), nil
	}
	const tail = "\"works\": null\n}\n"
	if !bytes.HasSuffix(buf.Bytes(), []byte(tail)) {
		return nil, errors.New("snapshot: works are not the last member")
	}
	buf.Truncate(buf.Len() - len(tail) + len("\"works\": "))
	enc.SetIndent("", "")
	for i := range s.Works {
		if i == 0 {
			buf.WriteString("[\n    ")
		} else {
			buf.WriteString(",\n    ")
		}
		if err := enc.Encode(&s.Works[i]); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1) // the Encoder's newline
	}
	buf.WriteString("\n  ]\n}\n")
	return buf.Bytes(), nil
}

// groupsOnePerLine returns the indented snapshot b with the null written
// for the record's work groups replaced by groups, one per line, indented
// one step further than the member.
func groupsOnePerLine(b []byte, groups []orcid.WorkGroup) ([]byte, error) {
	const where = "/record/activities-summary/works/group"
	dec := jsontext.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, fmt.Errorf("snapshot: no place for the work groups: %w", err)
		}
		if tok.Kind() != 'n' || dec.StackPointer() != where {
			continue
		}
		end := int(dec.InputOffset())
		start := end - len("null")
		line := bytes.LastIndexByte(b[:start], '\n') + 1
		indent := b[line : len(b)-len(bytes.TrimLeft(b[line:], " "))]
		var out bytes.Buffer
		out.Grow(len(b) + len(groups)*256)
		out.Write(b[:start])
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		for i := range groups {
			if i == 0 {
				out.WriteString("[\n")
			} else {
				out.WriteString(",\n")
			}
			out.Write(indent)
			out.WriteString("  ")
			if err := enc.Encode(&groups[i]); err != nil {
				return nil, err
			}
			out.Truncate(out.Len() - 1) // the Encoder's newline
		}
		out.WriteByte('\n')
		out.Write(indent)
		out.WriteByte(']')
		out.Write(b[end:])
		return out.Bytes(), nil
	}
}

// summaryStub returns the summary without the fields that equal those of
// its full work w.
func summaryStub(sum orcid.WorkSummary, w orcid.Work) orcid.WorkSummary {
	if reflect.DeepEqual(sum.Source, w.Source) {
		sum.Source = nil
	}
	if reflect.DeepEqual(sum.Title, w.Title) {
		sum.Title = nil
	}
	if reflect.DeepEqual(sum.ExternalIDs, w.ExternalIDs) {
		sum.ExternalIDs = orcid.ExternalIDs{}
	}
	clearSame(&sum.CreatedDate, w.CreatedDate)
	clearSame(&sum.URL, w.URL)
	clearSame(&sum.Type, w.Type)
	clearSame(&sum.PublicationDate, w.PublicationDate)
	clearSame(&sum.JournalTitle, w.JournalTitle)
	clearSame(&sum.Visibility, w.Visibility)
	clearSame(&sum.Path, w.Path)
	return sum
}

// clearSame sets *field to its zero value when it equals full.
func clearSame[T comparable](field *T, full T) {
	if *field == full {
		var zero T
		*field = zero
	}
}

// SnapshotPath returns the file name of an iD's snapshot, relative to the
// site folder.
func SnapshotPath(id orcid.ID) string {
	return filepath.ToSlash(filepath.Join(SnapshotDir, string(id)+".json"))
}

// ErrNoSnapshot reports that a researcher has no snapshot yet.
var ErrNoSnapshot = errors.New("no snapshot")

// ReadSnapshot reads the snapshot of id from the site folder fsys.
func ReadSnapshot(fsys fs.FS, id orcid.ID) (*Snapshot, error) {
	name := SnapshotPath(id)
	buf := snapshotBuffers.Get().(*[]byte)
	b, err := readFileInto(fsys, name, (*buf)[:0])
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", name, ErrNoSnapshot)
	}
	if err != nil {
		return nil, err
	}
	s, err := decodeSnapshot(b)
	if err != nil {
		// The error may quote the input: the buffer is not reused.
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	*buf = b
	snapshotBuffers.Put(buf)
	if s.Format < oldestSnapshotFormat || s.Format > SnapshotFormat {
		return nil, fmt.Errorf("%s: snapshot format %d, want %d (run orcidsite fetch)", name, s.Format, SnapshotFormat)
	}
	if s.ORCID != id {
		return nil, fmt.Errorf("%s: holds iD %s, not %s", name, s.ORCID, id)
	}
	s.SortWorks()
	return s, nil
}

// snapshotBuffers hold the bytes of snapshot files while they are
// decoded; the decoded snapshot keeps no reference to them (its strings
// are copies), so a buffer serves one file after another.
var snapshotBuffers = sync.Pool{New: func() any { return new([]byte) }}

// readFileInto reads the file name of fsys into b, which it grows as
// needed, and returns the bytes read.
func readFileInto(fsys fs.FS, name string, b []byte) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return b, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() > 0 && int64(cap(b)) < info.Size()+1 {
		b = make([]byte, 0, info.Size()+512)
	}
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// decodeSnapshot parses a snapshot file. Snapshots are the bulk of a
// build's input (hundreds of kilobytes per researcher): a file in the form
// WriteSnapshot writes is read by fastDecodeSnapshot; any other is read
// with the general JSON v2 decoder (the orcid types' UnmarshalJSON methods
// apply as with encoding/json, and unknown fields are ignored), which also
// gives the error for a malformed file.
func decodeSnapshot(b []byte) (*Snapshot, error) {
	if s, ok := fastDecodeSnapshot(b); ok {
		return s, nil
	}
	var s Snapshot
	if err := jsonv2.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// WriteSnapshot writes s into dir/data/orcid/<iD>.json atomically: a
// temporary file in the same folder, synced and renamed over the old one,
// so a crash leaves either the old or the new snapshot, never a torn one.
// It reports whether the file's bytes changed.
func WriteSnapshot(dir string, s *Snapshot) (changed bool, err error) {
	b, err := s.Marshal()
	if err != nil {
		return false, err
	}
	name := filepath.Join(dir, filepath.FromSlash(SnapshotPath(s.ORCID)))
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, b) {
		return false, nil
	}
	return true, writeFileAtomic(name, b)
}

// RemoveSnapshot deletes an iD's snapshot; a missing file is not an error.
func RemoveSnapshot(dir string, id orcid.ID) error {
	err := os.Remove(filepath.Join(dir, filepath.FromSlash(SnapshotPath(id))))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// writeFileAtomic writes b to name through a synced temporary file and a
// rename, creating the folder when needed.
func writeFileAtomic(name string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// snapshotIDs lists the iDs that have a snapshot file in fsys.
func snapshotIDs(fsys fs.FS) []orcid.ID {
	entries, _ := fs.ReadDir(fsys, SnapshotDir)
	var ids []orcid.ID
	for _, e := range entries {
		n, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok {
			continue
		}
		if id, err := orcid.ParseID(n); err == nil && string(id) == n {
			ids = append(ids, id)
		}
	}
	return ids
}
