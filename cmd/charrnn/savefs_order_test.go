package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// recordFS is the operating system's file system, recording every
// operation of a save (the file's base name, or "DIR" for the directory),
// with consecutive writes to one file recorded once.
type recordFS struct {
	dir     string
	ops     []string
	written map[string][]byte
}

func (r *recordFS) rel(p string) string {
	if filepath.Clean(p) == filepath.Clean(r.dir) {
		return "DIR"
	}
	if filepath.Dir(p) != filepath.Clean(r.dir) {
		return "elsewhere:" + p
	}
	return filepath.Base(p)
}

func (r *recordFS) record(op string, paths ...string) {
	for _, p := range paths {
		op += " " + r.rel(p)
	}
	if n := len(r.ops); n > 0 && strings.HasPrefix(op, "write ") && r.ops[n-1] == op {
		return
	}
	r.ops = append(r.ops, op)
}

func (r *recordFS) Create(name string) (stagedFile, error) {
	r.record("create", name)
	f, err := osFS{}.Create(name)
	if err != nil {
		return nil, err
	}
	return &recordFile{r: r, f: f, name: name}, nil
}

func (r *recordFS) Rename(oldpath, newpath string) error {
	r.record("rename", oldpath, newpath)
	return osFS{}.Rename(oldpath, newpath)
}

func (r *recordFS) Remove(name string) error {
	r.record("remove", name)
	return osFS{}.Remove(name)
}

func (r *recordFS) SyncDir(dir string) error {
	r.record("syncdir", dir)
	return osFS{}.SyncDir(dir)
}

type recordFile struct {
	r    *recordFS
	f    stagedFile
	name string
}

func (f *recordFile) Write(p []byte) (int, error) {
	f.r.record("write", f.name)
	f.r.written[f.name] = append(f.r.written[f.name], p...)
	return f.f.Write(p)
}

func (f *recordFile) Sync() error {
	f.r.record("sync", f.name)
	return f.f.Sync()
}

func (f *recordFile) Close() error {
	f.r.record("close", f.name)
	return f.f.Close()
}

// TestSavePairOrder checks the exact sequence of file operations of a
// checkpoint save (the steps in checkpoint.go), which the fault tests
// cannot see whole: a missing flush of a file or of the directory leaves
// every file right until a crash. Each pending file is created, written,
// flushed and closed, the state's first; the directory is flushed; the
// model renamed over the old one (the commit point); the directory
// flushed; the state renamed; the directory flushed. It checks it for a
// first save and for one over an older pair, and that the pair holds the
// bytes given.
func TestSavePairOrder(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "m.safetensors")
	want := []string{
		"create .m.state.safetensors.next",
		"write .m.state.safetensors.next",
		"sync .m.state.safetensors.next",
		"close .m.state.safetensors.next",
		"create .m.safetensors.next",
		"write .m.safetensors.next",
		"sync .m.safetensors.next",
		"close .m.safetensors.next",
		"syncdir DIR",
		"rename .m.safetensors.next m.safetensors",
		"syncdir DIR",
		"rename .m.state.safetensors.next m.state.safetensors",
		"syncdir DIR",
	}
	for i, c := range []struct{ model, state string }{{"model one", "state one"}, {"model two, longer", "state two, longer"}} {
		r := &recordFS{dir: dir, written: map[string][]byte{}}
		useFS(t, r)
		if err := savePair(out, []byte(c.model), []byte(c.state)); err != nil {
			t.Fatalf("save %d: %v", i+1, err)
		}
		if !slices.Equal(r.ops, want) {
			t.Errorf("save %d: operations\n\t%s\nwant\n\t%s", i+1, strings.Join(r.ops, "\n\t"), strings.Join(want, "\n\t"))
		}
		for p, b := range map[string]string{out: c.model, statePath(out): c.state} {
			if got, err := os.ReadFile(p); err != nil || string(got) != b {
				t.Errorf("save %d: %s holds %q (%v), want %q", i+1, p, got, err, b)
			}
			if w := r.written[pendingPath(p)]; !bytes.Equal(w, []byte(b)) {
				t.Errorf("save %d: wrote %q to %s, want %q", i+1, w, pendingPath(p), b)
			}
		}
		if names := entryNames(t, dir); !slices.Equal(names, []string{"m.safetensors", "m.state.safetensors"}) {
			t.Errorf("save %d: directory holds %q", i+1, names)
		}
	}
}

// entryNames lists the names in dir, sorted.
func entryNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}
