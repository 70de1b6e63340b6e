package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/memlimit"
)

// withMemLimit makes the process look limited to n bytes for the rest of
// the test.
func withMemLimit(t *testing.T, n uint64) {
	old := memAvailable
	memAvailable = func() (memlimit.Limit, bool) { return memlimit.Limit{Bytes: n, Source: "a test's limit"}, true }
	t.Cleanup(func() { memAvailable = old })
}

// TestMemoryRefused checks that a job whose memory exceeds the limit is
// refused before anything large is allocated: one line naming the estimate
// and the limit, status 2, no file written.
func TestMemoryRefused(t *testing.T) {
	dir := t.TempDir()
	data := writeTemp(t, dir, "data.txt", testText(2000))
	long := writeTemp(t, dir, "long.txt", testText(150000))
	model := filepath.Join(dir, "m.safetensors")
	if code, _, errs := cli(t, "train", "-data", data, "-hidden", "64", "-seq", "10", "-iters", "5", "-out", model); code != 0 {
		t.Fatalf("train: %d %s", code, errs)
	}
	before := listDir(t, dir)
	size := fileSize(model) // about 4 bytes per parameter
	out := filepath.Join(dir, "out.safetensors")
	for _, c := range []struct {
		limit uint64
		args  []string
		want  string
	}{
		// hidden 4096: 16.8 M parameters, 64 MiB each copy.
		{100 << 20, []string{"train", "-data", data, "-hidden", "4096", "-out", out}, "training a 1-layer RNN of hidden size 4096 ("},
		{100 << 20, []string{"train", "-data", long, "-hidden", "100", "-seq", "100000", "-out", out}, "with -seq 100000 needs about"},
		{1000, []string{"train", "-data", data, "-out", out}, "reading -data " + data + " needs about 19.5 KiB"},
		{2 * size, []string{"train", "-resume", model, "-iters", "10", "-out", out}, "loading -resume " + model},
		{5 * size, []string{"train", "-resume", model, "-iters", "10", "-out", out}, "training a 1-layer RNN of hidden size 64"},
		{2 * size, []string{"sample", "-model", model}, "loading -model " + model},
		{3 * size, []string{"eval", "-model", model, "-data", data}, "evaluating -model " + model},
	} {
		withMemLimit(t, c.limit)
		var ms0, ms1 runtime.MemStats
		runtime.ReadMemStats(&ms0)
		code, stdout, errs := cli(t, c.args...)
		runtime.ReadMemStats(&ms1)
		if code != 2 || !strings.Contains(errs, c.want) || !strings.Contains(errs, "more than the "+memlimit.FormatBytes(c.limit)+" this process can have (a test's limit)") || strings.Count(errs, "\n") != 1 {
			t.Errorf("%q under %d bytes: status %d, stderr %q; want 2 and one line with %q", c.args, c.limit, code, errs, c.want)
		}
		if stdout != "" && !strings.HasPrefix(c.args[0], "train") {
			t.Errorf("%q: stdout %q", c.args, stdout)
		}
		if a := ms1.TotalAlloc - ms0.TotalAlloc; a > 4<<20 {
			t.Errorf("%q: allocated %d KiB before refusing", c.args, a>>10)
		}
	}
	if names := listDir(t, dir); len(names) != len(before) {
		t.Errorf("files %v after refused jobs, want %v", names, before)
	}
	// Within the limit, the same jobs run.
	withMemLimit(t, 1<<30)
	if code, _, errs := cli(t, "eval", "-model", model, "-data", data); code != 0 {
		t.Errorf("eval under 1 GiB: %d %s", code, errs)
	}
}

// TestMemoryRLimitAS runs the program under an address-space limit
// (prlimit --as) with a model too large for it: the run must be refused
// with one line naming RLIMIT_AS, not die in the Go runtime.
func TestMemoryRLimitAS(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" {
		t.Skip("builds the program and needs Linux's prlimit; skipped with -short")
	}
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Skip("no prlimit")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "charrnn")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Skipf("cannot build the program here: %v\n%s", err, out)
	}
	data := writeTemp(t, dir, "data.txt", testText(2000))
	// The model alone is 3.2 GB; training it needs about 7 times that.
	cmd := exec.Command(prlimit, "--as=6000000000", bin, "train", "-data", data, "-hidden", "16384", "-layers", "2", "-out", filepath.Join(dir, "m.safetensors"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("exit %v, want status 2; stderr (%d bytes): %.500s", err, stderr.Len(), stderr.String())
	}
	if s := stderr.String(); strings.Count(s, "\n") != 1 || !strings.Contains(s, "needs about") || !strings.Contains(s, "RLIMIT_AS") {
		t.Errorf("stderr %q, want one line naming the estimate and RLIMIT_AS", s)
	}
	if _, err := os.Stat(filepath.Join(dir, "m.safetensors")); err == nil {
		t.Error("a model was written")
	}
}
