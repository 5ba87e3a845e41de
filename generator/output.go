package generator

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Output is a complete rendered site: file paths relative to the output
// root (slash-separated) and their bytes. It is held in memory, or, when
// made by NewOutputIn, written to a folder file by file as it is built, so
// that a large site never needs to fit in memory. It is safe for
// concurrent use.
type Output struct {
	mu      sync.Mutex
	files   map[string][]byte  // in memory: the bytes; in a folder: nil values
	dir     string             // the folder holding the files, if any
	folders map[string]*folder // folders under dir, made or being made
	// prev is the output folder that dir is to replace, if any: a file
	// that comes out byte for byte as the file of the same name there is
	// linked to it instead of written (see LinkUnchanged).
	prev        string
	prevFolders map[string]bool // folders of prev known to be real, or not
}

// LinkUnchanged makes a folder output take each file that is byte for
// byte the file of the same name in prev, the output folder it is to
// replace, as a hard link to that file instead of writing it again: an
// unchanged file keeps its inode and modification time (so rsync and
// similar tools skip it), and nothing is written or freed for it. Where a
// link cannot be made (another file system, a file system without hard
// links) the file is written; a prev that is a symbolic link is not used.
func (o *Output) LinkUnchanged(prev string) {
	if fi, err := os.Lstat(prev); err == nil && fi.IsDir() { // not through a symbolic link
		o.prev, o.prevFolders = prev, map[string]bool{}
	}
}

// folder is one folder of a folder output, made once: the goroutines that
// need it wait for the first one making it, not for other folders.
type folder struct {
	once sync.Once
	err  error
}

// NewOutput returns an empty output held in memory.
func NewOutput() *Output { return &Output{files: map[string][]byte{}} }

// NewOutputIn returns an empty output that writes each file into dir, a
// new empty folder, as it is added. Write then moves dir into place.
func NewOutputIn(dir string) *Output {
	return &Output{files: map[string][]byte{}, dir: dir, folders: map[string]*folder{}}
}

// cleanOutputPath checks that name stays inside the output folder.
func cleanOutputPath(name string) (string, error) {
	c := path.Clean(strings.TrimPrefix(filepath.ToSlash(name), "/"))
	if c == "." || c == ".." || strings.HasPrefix(c, "../") || strings.Contains(c, "\x00") || !fs.ValidPath(c) {
		return "", fmt.Errorf("output path %q leaves the output folder", name)
	}
	return c, nil
}

// Add stores a file; a later Add of the same path replaces it. Paths that
// would leave the output folder are refused.
func (o *Output) Add(name string, b []byte) error {
	c, err := cleanOutputPath(name)
	if err != nil {
		return err
	}
	if o.dir == "" {
		o.mu.Lock()
		o.files[c] = b
		o.mu.Unlock()
		return nil
	}
	if o.linkSame(c, b) {
		return nil
	}
	f, err := o.create(c)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// previous opens the file c of the previous output, if there is one and
// it is a regular file there, in real folders: a symbolic link, or a file
// reached through one, is never linked into the new output.
func (o *Output) previous(c string) (*os.File, os.FileInfo, bool) {
	if o.prev == "" || !o.prevFolder(path.Dir(c)) {
		return nil, nil, false
	}
	name := filepath.Join(o.prev, filepath.FromSlash(c))
	fi, err := os.Lstat(name)
	if err != nil || !fi.Mode().IsRegular() {
		return nil, nil, false
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, false
	}
	return f, fi, true
}

// prevFolder reports whether d (slash-separated, clean) is a real folder
// of the previous output: it and every folder above it are folders, not
// symbolic links. The answers are kept.
func (o *Output) prevFolder(d string) bool {
	if d == "." {
		return true
	}
	o.mu.Lock()
	ok, known := o.prevFolders[d]
	o.mu.Unlock()
	if known {
		return ok
	}
	ok = o.prevFolder(path.Dir(d))
	if ok {
		fi, err := os.Lstat(filepath.Join(o.prev, filepath.FromSlash(d)))
		ok = err == nil && fi.IsDir()
	}
	o.mu.Lock()
	o.prevFolders[d] = ok
	o.mu.Unlock()
	return ok
}

// link makes the file c a link to the file c of the previous output.
func (o *Output) link(c string) bool {
	o.mu.Lock()
	o.files[c] = nil
	o.mu.Unlock()
	if o.mkdir(path.Dir(c)) != nil {
		return false
	}
	return os.Link(filepath.Join(o.prev, filepath.FromSlash(c)), filepath.Join(o.dir, filepath.FromSlash(c))) == nil
}

// linkSame links the file c to the previous output's when that holds
// exactly b, and reports whether it did.
func (o *Output) linkSame(c string, b []byte) bool {
	old, fi, ok := o.previous(c)
	if !ok {
		return false
	}
	defer old.Close()
	if fi.Size() != int64(len(b)) || !sameContent(old, b) {
		return false
	}
	return o.link(c)
}

// sameContent reports whether r reads exactly b and then ends.
func sameContent(r io.Reader, b []byte) bool {
	if !readsNext(r, b) {
		return false
	}
	var one [1]byte
	n, _ := r.Read(one[:])
	return n == 0
}

// readsNext reports whether the next len(b) bytes r reads are b.
func readsNext(r io.Reader, b []byte) bool {
	buf := compareBuffers.Get().(*[]byte)
	defer compareBuffers.Put(buf)
	for len(b) > 0 {
		k := min(len(*buf), len(b))
		if _, err := io.ReadFull(r, (*buf)[:k]); err != nil || !bytes.Equal((*buf)[:k], b[:k]) {
			return false
		}
		b = b[k:]
	}
	return true
}

// compareBuffers hold what is read of previous files to compare them.
var compareBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// create makes the file c (a clean path) in a folder output.
func (o *Output) create(c string) (*os.File, error) {
	o.mu.Lock()
	o.files[c] = nil
	o.mu.Unlock()
	if err := o.mkdir(path.Dir(c)); err != nil {
		return nil, err
	}
	return os.Create(filepath.Join(o.dir, filepath.FromSlash(c)))
}

// stream writes the file name of a folder output through write, buffered,
// without holding the whole file in memory.
func (o *Output) stream(name string, write func(io.Writer) error) error {
	c, err := cleanOutputPath(name)
	if err != nil {
		return err
	}
	var f io.WriteCloser
	if old, _, ok := o.previous(c); ok {
		f = &sameWriter{o: o, c: c, old: old}
	} else if f, err = o.create(c); err != nil {
		return err
	}
	w := streamWriters.Get().(*bufio.Writer)
	w.Reset(f)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	w.Reset(nil)
	streamWriters.Put(w)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// sameWriter writes the file c of a folder output whose previous output
// has a file c, old: it compares what it is given with old, and creates
// the file only at the first difference, copying old's matching start
// into it. A file that turns out the same is linked to old on Close.
type sameWriter struct {
	o   *Output
	c   string
	old *os.File
	n   int64    // bytes that matched so far
	f   *os.File // the new file, once it differs
}

// Write compares p with old, or writes it once the file differs.
func (w *sameWriter) Write(p []byte) (int, error) {
	if w.f == nil {
		if readsNext(w.old, p) {
			w.n += int64(len(p))
			return len(p), nil
		}
		if err := w.diverge(); err != nil {
			return 0, err
		}
	}
	return w.f.Write(p)
}

// diverge creates the new file with the start that matched.
func (w *sameWriter) diverge() error {
	f, err := w.o.create(w.c)
	if err != nil {
		return err
	}
	w.f = f
	if _, err := w.old.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err = io.CopyN(f, w.old, w.n)
	return err
}

// Close links the file to old when it came out the same, else closes it.
func (w *sameWriter) Close() error {
	defer w.old.Close()
	if w.f == nil {
		if sameContent(w.old, nil) && w.o.link(w.c) { // old ends here too
			return nil
		}
		if err := w.diverge(); err != nil { // longer than the new one, or not linked
			if w.f != nil {
				w.f.Close()
			}
			return err
		}
	}
	return w.f.Close()
}

// streamWriters are the 64 KB buffers of stream, reused from file to file.
var streamWriters = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 64<<10) }}

// mkdir creates folder d (slash-separated, clean) under o.dir, and the
// folders above it, once each.
func (o *Output) mkdir(d string) error {
	if d == "." {
		return nil
	}
	o.mu.Lock()
	f := o.folders[d]
	if f == nil {
		f = &folder{}
		o.folders[d] = f
	}
	o.mu.Unlock()
	f.once.Do(func() {
		if f.err = o.mkdir(path.Dir(d)); f.err != nil {
			return
		}
		// The parent is there: one system call.
		full := filepath.Join(o.dir, filepath.FromSlash(d))
		if f.err = os.Mkdir(full, 0o755); errors.Is(f.err, fs.ErrExist) {
			f.err = os.MkdirAll(full, 0o755) // accepts a folder, not a file
		}
	})
	return f.err
}

// mkdirs creates the folders holding the given files of a folder output
// ahead of them.
func (o *Output) mkdirs(names []string) error {
	if o.dir == "" {
		return nil
	}
	for _, name := range names {
		c, err := cleanOutputPath(name)
		if err != nil {
			return err
		}
		if err := o.mkdir(path.Dir(c)); err != nil {
			return err
		}
	}
	return nil
}

// File returns the bytes of one file.
func (o *Output) File(name string) ([]byte, bool) {
	o.mu.Lock()
	b, ok := o.files[name]
	dir := o.dir
	o.mu.Unlock()
	if !ok || dir == "" {
		return b, ok
	}
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	return b, err == nil
}

// Paths lists the files in lexical order.
func (o *Output) Paths() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	ps := make([]string, 0, len(o.files))
	for p := range o.files {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	return ps
}

// Len returns the number of files.
func (o *Output) Len() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.files)
}

// Write writes the output into dir atomically: everything goes into a
// fresh folder beside dir, which then replaces dir in two renames. On any
// error the previous dir is left as it was; dir never holds stale files.
// An output made by NewOutputIn (with its folder beside dir) is moved into
// place and from then on read from dir.
func (o *Output) Write(dir string) error {
	dir = filepath.Clean(dir)
	if o.dir != "" {
		if err := replaceDir(o.dir, dir); err != nil {
			return err
		}
		o.mu.Lock()
		o.dir = dir
		o.mu.Unlock()
		return nil
	}
	tmp, err := NewOutputDir(dir)
	if err != nil {
		return err
	}
	if err := o.writeFiles(tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := replaceDir(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	return nil
}

// NewOutputDir makes a fresh, empty folder beside dir, for building a new
// output that replaceDir then moves into place.
func NewOutputDir(dir string) (string, error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return "", err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	return tmp, nil
}

// replaceDir moves the complete folder tmp to dir in two renames, keeping
// the previous dir if anything fails.
func replaceDir(tmp, dir string) error {
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		old = dir + ".old"
		os.RemoveAll(old)
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("replace %s: %w", dir, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		return fmt.Errorf("replace %s: %w", dir, err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// writeWorkers bounds the files written at once: enough to overlap the
// system calls of small files, few enough not to exhaust file descriptors.
const writeWorkers = 8

// writeFiles writes every file under dir: the folders first, in lexical
// order, then the files concurrently. It returns the first error of the
// lexically first failing file.
func (o *Output) writeFiles(dir string) error {
	paths := o.Paths()
	made := map[string]bool{}
	for _, p := range paths {
		d := path.Dir(p)
		if d == "." || made[d] {
			continue
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
			return err
		}
		for ; d != "." && !made[d]; d = path.Dir(d) {
			made[d] = true
		}
	}
	errs := make([]error, len(paths))
	var g errgroup.Group
	g.SetLimit(writeWorkers)
	for i, p := range paths {
		g.Go(func() error {
			errs[i] = os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), o.files[p], 0o644)
			return nil
		})
	}
	g.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// copyStatic adds every file under static/ to the output, unchanged.
func copyStatic(fsys fs.FS, out *Output) error {
	return fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "static" && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return out.Add(strings.TrimPrefix(p, "static/"), b)
	})
}
