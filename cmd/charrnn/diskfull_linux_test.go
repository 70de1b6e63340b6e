package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// mountTmpfs mounts a tmpfs of the given size at a new directory, or
// skips the test where it cannot (mounting needs root and CAP_SYS_ADMIN).
func mountTmpfs(t *testing.T, size int64) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d", size)); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, 0) })
	return dir
}

// TestSaveDiskFull saves a checkpoint pair over an older one on a tmpfs
// too small for the new pair's pending files: the save fails with one
// line, and the old pair is left whole, loads and resumes; nothing else is
// left. A first save into a file system too small for one pair leaves
// nothing at all.
func TestSaveDiskFull(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	src := t.TempDir()
	data := writeTemp(t, src, "data.txt", testText(1500))
	args := func(extra ...string) []string {
		return append([]string{"train", "-sample-every", "0"}, extra...)
	}
	// The pair's sizes, from a run on the ordinary file system.
	ref := filepath.Join(src, "ref.safetensors")
	if code, _, errs := cli(t, args("-data", data, "-hidden", "64", "-seq", "10", "-iters", "10", "-out", ref)...); code != 0 {
		t.Fatalf("train: %d %s", code, errs)
	}
	page := int64(os.Getpagesize())
	pages := func(p string) int64 { return (int64(fileSize(p)) + page - 1) / page }
	pm, ps := pages(ref), pages(statePath(ref))
	for _, c := range []struct {
		name    string
		pages   int64  // the file system's size
		pending string // the pending file that does not fit
	}{
		{"the state's pending file does not fit", pm + ps + ps/2, ".m.state.safetensors.next"},
		{"the model's pending file does not fit", pm + 2*ps + pm/2, ".m.safetensors.next"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := mountTmpfs(t, c.pages*page)
			m := filepath.Join(dir, "m.safetensors")
			for _, p := range []string{m, statePath(m)} {
				b, err := os.ReadFile(filepath.Join(src, strings.Replace(filepath.Base(p), "m.", "ref.", 1)))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, b, 0o644); err != nil {
					t.Fatalf("the old pair does not fit: %v", err)
				}
			}
			old := [][]byte{mustRead(t, m), mustRead(t, statePath(m))}
			code, _, errs := cli(t, "train", "-resume", m, "-iters", "20", "-sample-every", "0")
			if code != 1 || !strings.Contains(errs, c.pending+": no space left on device") || strings.Count(errs, "\n") != 1 {
				t.Errorf("status %d, stderr %q; want 1 and one line about the full disk", code, errs)
			}
			if !bytes.Equal(mustRead(t, m), old[0]) || !bytes.Equal(mustRead(t, statePath(m)), old[1]) {
				t.Error("the old pair changed")
			}
			if names := listDir(t, dir); len(names) != 2 {
				t.Errorf("files %v, want the old pair only", names)
			}
			// The old pair resumes (once there is room: into another file).
			out := filepath.Join(src, "resumed.safetensors")
			if code, _, errs := cli(t, "train", "-resume", m, "-iters", "20", "-sample-every", "0", "-out", out, "-force"); code != 0 {
				t.Errorf("resuming the old pair: %d %s", code, errs)
			}
		})
	}
	t.Run("first save", func(t *testing.T) {
		dir := mountTmpfs(t, (pm+ps/2)*page)
		m := filepath.Join(dir, "m.safetensors")
		code, _, errs := cli(t, args("-data", data, "-hidden", "64", "-seq", "10", "-iters", "10", "-out", m)...)
		if code != 1 || !strings.Contains(errs, "no space left on device") {
			t.Errorf("status %d, stderr %q", code, errs)
		}
		if names := listDir(t, dir); len(names) != 0 {
			t.Errorf("files %v, want none", names)
		}
	})
}
