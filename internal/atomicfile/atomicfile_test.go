package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
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

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.txt")
	for _, c := range []struct {
		data string
		perm os.FileMode
	}{{"first", 0o644}, {"second, longer content", 0o600}, {"", 0o640}} {
		if err := WriteFile(path, []byte(c.data), c.perm); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != c.data {
			t.Errorf("content %q, want %q", b, c.data)
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != c.perm {
			t.Errorf("mode %v, want %v", st.Mode().Perm(), c.perm)
		}
		if names := entries(t, dir); len(names) != 1 || names[0] != "f.txt" {
			t.Errorf("directory holds %q after a write, want only f.txt", names)
		}
	}
}

func TestWriteFileRelative(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := WriteFile("rel.txt", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile("rel.txt"); err != nil || string(b) != "x" {
		t.Errorf("read %q, %v; want x", b, err)
	}
	if names := entries(t, "."); len(names) != 1 {
		t.Errorf("directory holds %q, want only rel.txt", names)
	}
}

// TestWriteFailure checks that a write failing half-way leaves the old
// file intact and no temporary file.
func TestWriteFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.txt")
	if err := WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(path, 0o644, func(w io.Writer) error {
		if _, err := w.Write([]byte("partial new content")); err != nil {
			t.Fatal(err)
		}
		return boom
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v, want boom naming %s", err, path)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("failed write changed the file to %q", b)
	}
	if names := entries(t, dir); len(names) != 1 || names[0] != "f.txt" {
		t.Errorf("directory holds %q after a failed write, want only f.txt", names)
	}
}

// requireUnprivilegedEnv, set (to anything), makes TestUnwritableDir fail
// rather than skip as root: CI, which runs as root, runs this test's binary
// again as an unprivileged user with it set, so that the test cannot pass by
// skipping everywhere.
const requireUnprivilegedEnv = "SIMDRNN_REQUIRE_UNPRIVILEGED"

// TestUnwritableDir checks a directory where the temporary file cannot be
// created: an error naming the path, the old file intact, nothing left.
func TestUnwritableDir(t *testing.T) {
	if os.Geteuid() == 0 {
		msg := "running as root: directory permissions do not stop root"
		if os.Getenv(requireUnprivilegedEnv) != "" {
			t.Fatal(msg + "; " + requireUnprivilegedEnv + " requires this test to run: run it as another user")
		}
		t.Skip(msg)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "f.txt")
	if err := WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	err := WriteFile(path, []byte("new"), 0o644)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v, want one naming %s", err, path)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("failed write changed the file to %q", b)
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("directory holds %q after a failed write, want only f.txt", names)
	}
}

func TestWriteFileErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		sub,                              // a directory
		filepath.Join(dir, "no", "x"),    // a missing directory
		filepath.Join(file, "x"),         // below a regular file
		dir + string(filepath.Separator), // no file name
	} {
		err := WriteFile(path, []byte("new"), 0o644)
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("WriteFile(%s): error %v, want one naming the path", path, err)
		}
	}
	if b, _ := os.ReadFile(file); string(b) != "old" {
		t.Errorf("file changed to %q", b)
	}
	if names := entries(t, dir); len(names) != 2 {
		t.Errorf("directory holds %q, want file and sub", names)
	}
	if names := entries(t, sub); len(names) != 0 {
		t.Errorf("sub holds %q, want nothing", names)
	}
}

func TestSyncDirError(t *testing.T) {
	if err := SyncDir(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("syncDir of a missing directory: no error")
	}
}
