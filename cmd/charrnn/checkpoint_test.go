//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// faultFS is the OS file system with one fault injected at operation
// number at (counting from 0 every Create, Write, Sync, Close, Rename,
// Remove and SyncDir): the operation fails with an I/O error, a write
// stops half-way with "no space left on device", or the process kills
// itself (SIGKILL) just before or just after the operation.
type faultFS struct {
	at    int
	fault string // "error", "enospc", "kill-before", "kill-after"; "" counts only
	n     int
	ops   []string // the operations, for the fault matrix
}

func (f *faultFS) op(name, path string) (fail bool) {
	i := f.n
	f.n++
	if name == "syncdir" {
		path = "dir"
	}
	f.ops = append(f.ops, name+" "+filepath.Base(path))
	if i != f.at {
		return false
	}
	switch f.fault {
	case "kill-before":
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal is on its way
	case "error", "enospc":
		return true
	}
	return false
}

func (f *faultFS) after() {
	if f.n-1 == f.at && f.fault == "kill-after" {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	}
}

var errIO = errors.New("injected I/O error")

func (f *faultFS) Create(name string) (stagedFile, error) {
	if f.op("create", name) {
		return nil, errIO
	}
	defer f.after()
	h, err := osFS{}.Create(name)
	if err != nil {
		return nil, err
	}
	return &faultFile{fs: f, f: h, name: name}, nil
}

func (f *faultFS) Rename(o, n string) error {
	if f.op("rename", o) {
		return errIO
	}
	defer f.after()
	return os.Rename(o, n)
}

func (f *faultFS) Remove(name string) error {
	if f.op("remove", name) {
		return errIO
	}
	defer f.after()
	return os.Remove(name)
}

func (f *faultFS) SyncDir(dir string) error {
	if f.op("syncdir", dir) {
		return errIO
	}
	defer f.after()
	return osFS{}.SyncDir(dir)
}

type faultFile struct {
	fs   *faultFS
	f    stagedFile
	name string
}

func (f *faultFile) Write(p []byte) (int, error) {
	if f.fs.op("write", f.name) {
		if f.fs.fault == "enospc" {
			n, _ := f.f.Write(p[:len(p)/2])
			return n, syscall.ENOSPC
		}
		return 0, errIO
	}
	defer f.fs.after()
	return f.f.Write(p)
}

func (f *faultFile) Sync() error {
	if f.fs.op("sync", f.name) {
		return errIO
	}
	defer f.fs.after()
	return f.f.Sync()
}

func (f *faultFile) Close() error {
	if f.fs.op("close", f.name) {
		f.f.Close()
		return errIO
	}
	defer f.fs.after()
	return f.f.Close()
}

// useFS makes checkpoints go through fs for the rest of the test.
func useFS(t *testing.T, fs fileSystem) {
	old := fsys
	fsys = fs
	t.Cleanup(func() { fsys = old })
}

// reexec reports whether the test binary can run itself as a subprocess
// (not when it runs under an emulator such as qemu-user with go test -exec).
var reexec = sync.OnceValue(func() error {
	return exec.Command(os.Args[0], "-test.run=^$").Run()
})

// TestSaveFaultHelper is TestSaveFaults' subprocess: with
// CHARRNN_FAULT=at,fault it runs charrnn with CHARRNN_ARGS (split at
// U+001F) through a faultFS.
func TestSaveFaultHelper(t *testing.T) {
	spec := os.Getenv("CHARRNN_FAULT")
	if spec == "" {
		t.Skip("the subprocess of TestSaveFaults")
	}
	at, fault, _ := strings.Cut(spec, ",")
	n, err := strconv.Atoi(at)
	if err != nil {
		t.Fatal(err)
	}
	fsys = &faultFS{at: n, fault: fault}
	os.Exit(run(context.Background(), strings.Split(os.Getenv("CHARRNN_ARGS"), "\x1f"), io.Discard, os.Stderr))
}

// TestSaveFaults saves a checkpoint pair over an older one with each step
// failing in turn (an I/O error; a write that runs out of space half-way;
// the process killed just before and just after the step) and checks that
// after every fault the directory holds a complete pair, the old or the
// new, that the next run resumes from it to the same bytes as an
// uninterrupted run, and that no pending or lock file is left once that run
// ends. It does so for a save over a complete pair, and for a run that
// first completes a pair whose save stopped between its two renames (the
// model in place, its state still pending). With -v it logs the fault
// matrix.
func TestSaveFaults(t *testing.T) {
	ref := t.TempDir()
	data := writeTemp(t, ref, "data.txt", testText(1500))
	common := []string{"-sample-every", "0"}
	m := filepath.Join(ref, "m.safetensors")
	type pair struct{ m, s []byte }
	snap := func(p string) pair { return pair{mustRead(t, p), mustRead(t, statePath(p))} }
	// The reference pairs at iterations 20, 40, 60 and 80.
	refs := map[int]pair{}
	for _, it := range []int{20, 40, 60, 80} {
		args := []string{"train", "-resume", m, "-iters", strconv.Itoa(it)}
		if it == 20 {
			args = []string{"train", "-data", data, "-hidden", "8", "-seq", "10", "-iters", "20", "-out", m}
		}
		if code, _, errs := cli(t, append(args, common...)...); code != 0 {
			t.Fatalf("train to %d: %d %s", it, code, errs)
		}
		refs[it] = snap(m)
	}
	write := func(t *testing.T, p string, b []byte) {
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	scenarios := []struct {
		name     string
		setup    func(t *testing.T, p string)
		from, to int // the pair on disk before, the run's target
	}{
		{"save", func(t *testing.T, p string) {
			write(t, p, refs[20].m)
			write(t, statePath(p), refs[20].s)
		}, 20, 40},
		{"recover", func(t *testing.T, p string) {
			write(t, p, refs[40].m)
			write(t, statePath(p), refs[20].s)
			write(t, pendingPath(statePath(p)), refs[40].s)
		}, 40, 60},
	}
	var matrix []string
	for _, sc := range scenarios {
		newDir := func(t *testing.T) (string, string) {
			dir := t.TempDir()
			p := filepath.Join(dir, "m.safetensors")
			sc.setup(t, p)
			return dir, p
		}
		args := func(p string) []string {
			return append([]string{"train", "-resume", p, "-iters", strconv.Itoa(sc.to)}, common...)
		}
		// The run's file operations, counted on a clean run.
		count := &faultFS{at: -1}
		useFS(t, count)
		_, p := newDir(t)
		if code, _, errs := cli(t, args(p)...); code != 0 {
			t.Fatalf("%s: counting run: %d %s", sc.name, code, errs)
		}
		if got := snap(p); !bytes.Equal(got.m, refs[sc.to].m) || !bytes.Equal(got.s, refs[sc.to].s) {
			t.Fatalf("%s: the counting run saved other bytes than the reference run", sc.name)
		}
		fsys = osFS{}
		for i, op := range count.ops {
			for _, fault := range []string{"error", "enospc", "kill-before", "kill-after"} {
				if fault == "enospc" && !strings.HasPrefix(op, "write") {
					continue
				}
				name := fmt.Sprintf("%s/%d-%s-%s", sc.name, i, strings.ReplaceAll(op, " ", "-"), fault)
				t.Run(name, func(t *testing.T) {
					dir, p := newDir(t)
					var code int
					if strings.HasPrefix(fault, "kill") {
						if err := reexec(); err != nil {
							t.Skipf("cannot run the test binary as a subprocess here (an emulated GOARCH?): %v", err)
						}
						cmd := exec.Command(os.Args[0], "-test.run=^TestSaveFaultHelper$")
						cmd.Env = append(os.Environ(), fmt.Sprintf("CHARRNN_FAULT=%d,%s", i, fault), "CHARRNN_ARGS="+strings.Join(args(p), "\x1f"))
						var eb bytes.Buffer
						cmd.Stderr = &eb
						err := cmd.Run()
						var ee *exec.ExitError
						if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
							t.Fatalf("the subprocess was not killed: %v; stderr %q", err, eb.String())
						}
						code = -9
					} else {
						useFS(t, &faultFS{at: i, fault: fault})
						var errs string
						code, _, errs = cli(t, args(p)...)
						fsys = osFS{}
						if code != 1 || strings.Count(errs, "\n") != 1 {
							t.Errorf("status %d, stderr %q; want 1 and one line", code, errs)
						}
					}
					left := listDir(t, dir)
					// A complete pair is on disk: the old one or the new one.
					sum, err := fileSHA256(p)
					if err != nil {
						t.Fatal(err)
					}
					sp := stateOf(p, sum)
					if sp == "" {
						t.Fatalf("no state names the model; files: %v", left)
					}
					got := pair{mustRead(t, p), mustRead(t, sp)}
					which := "old"
					switch {
					case bytes.Equal(got.m, refs[sc.from].m) && bytes.Equal(got.s, refs[sc.from].s):
					case bytes.Equal(got.m, refs[sc.to].m) && bytes.Equal(got.s, refs[sc.to].s):
						which = "new"
					default:
						t.Fatalf("the pair on disk is neither the old nor the new one; files: %v", left)
					}
					extra := slices.DeleteFunc(left, func(s string) bool { return s == "m.safetensors" || s == "m.state.safetensors" })
					matrix = append(matrix, fmt.Sprintf("%-7s %-38s %-11s status %-2d  pair %-3s (state in %s)  also left: %s", sc.name, fmt.Sprintf("%2d %s", i, op), fault, code, which, filepath.Base(sp), strings.Join(extra, " ")))
					// The next run resumes from it, to the bit.
					if code, _, errs := cli(t, append([]string{"train", "-resume", p, "-iters", "80"}, common...)...); code != 0 {
						t.Fatalf("resuming after the fault: %d %s", code, errs)
					}
					if got := snap(p); !bytes.Equal(got.m, refs[80].m) || !bytes.Equal(got.s, refs[80].s) {
						t.Error("resuming after the fault ends on other bytes than the uninterrupted run")
					}
					if names := listDir(t, dir); len(names) != 2 {
						t.Errorf("files after the next run: %v, want m.safetensors and m.state.safetensors", names)
					}
				})
			}
		}
	}
	t.Logf("fault matrix (scenario, operation, fault, status, the pair that loads, other files left):\n%s", strings.Join(matrix, "\n"))
}

// TestSaveFaultFresh fails each step of a first save (no earlier pair): the
// run leaves either nothing or a complete pair, and no pending file after
// an error.
func TestSaveFaultFresh(t *testing.T) {
	ref := t.TempDir()
	data := writeTemp(t, ref, "data.txt", testText(1500))
	args := func(out string) []string {
		return []string{"train", "-data", data, "-hidden", "8", "-seq", "10", "-iters", "5", "-sample-every", "0", "-out", out}
	}
	count := &faultFS{at: -1}
	useFS(t, count)
	if code, _, errs := cli(t, args(filepath.Join(t.TempDir(), "m.safetensors"))...); code != 0 {
		t.Fatalf("counting run: %d %s", code, errs)
	}
	for i := range count.ops {
		dir := t.TempDir()
		p := filepath.Join(dir, "m.safetensors")
		useFS(t, &faultFS{at: i, fault: "error"})
		code, _, errs := cli(t, args(p)...)
		if code != 1 {
			t.Errorf("fault at %s: status %d, want 1 (%s)", count.ops[i], code, errs)
		}
		left := listDir(t, dir)
		if !exists(p) {
			if len(left) != 0 {
				t.Errorf("fault at %s: no model but files %v", count.ops[i], left)
			}
			continue
		}
		sum, err := fileSHA256(p)
		if err != nil {
			t.Fatal(err)
		}
		if stateOf(p, sum) == "" {
			t.Errorf("fault at %s: a model without its state; files %v", count.ops[i], left)
		}
	}
}

// TestPendingFilesReused checks the files an interrupted save leaves: a
// pending model and state that belong to no pair, and the temporary files
// of killed atomic writes, are removed by the next run, and a lock file
// left by a killed run does not stop the next one.
func TestPendingFilesReused(t *testing.T) {
	dir := t.TempDir()
	data := writeTemp(t, dir, "data.txt", testText(1500))
	p := filepath.Join(dir, "m.safetensors")
	for _, f := range []string{pendingPath(p), pendingPath(statePath(p)), lockPath(p), filepath.Join(dir, ".m.safetensors.tmp-123"), filepath.Join(dir, ".m.state.safetensors.tmp-456")} {
		writeTemp(t, dir, filepath.Base(f), "left by a killed save")
	}
	if code, _, errs := cli(t, "train", "-data", data, "-hidden", "8", "-seq", "10", "-iters", "5", "-sample-every", "0", "-out", p); code != 0 {
		t.Fatalf("train: %d %s", code, errs)
	}
	if names := listDir(t, dir); !slices.Equal(names, []string{"data.txt", "m.safetensors", "m.state.safetensors"}) {
		t.Errorf("files %v, want data.txt and the pair", names)
	}
}

// TestOutputLocked checks that a run refuses an output another run holds.
func TestOutputLocked(t *testing.T) {
	dir := t.TempDir()
	data := writeTemp(t, dir, "data.txt", testText(1500))
	p := filepath.Join(dir, "m.safetensors")
	unlock, err := lockOutput(p)
	if err != nil {
		t.Fatal(err)
	}
	code, _, errs := cli(t, "train", "-data", data, "-hidden", "8", "-seq", "10", "-iters", "5", "-out", p)
	unlock()
	if code != 2 || !strings.Contains(errs, "being written by another charrnn train") || strings.Count(errs, "\n") != 1 {
		t.Errorf("status %d, stderr %q", code, errs)
	}
	if exists(p) {
		t.Error("the refused run wrote the model")
	}
}
