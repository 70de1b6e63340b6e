package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/safetensors"
)

// TestBatch trains with -batch: the state file records the batch and its
// streams' states, a run resumed without -batch continues exactly as the
// uninterrupted run, and -resume with another -batch is refused, as are a
// bad -batch and a text too short for its parts.
func TestBatch(t *testing.T) {
	dir := t.TempDir()
	data := writeTemp(t, dir, "data.txt", testText(1500)) // 4 parts of 375: each wraps every 23 iterations
	common := []string{"-hidden", "12", "-layers", "2", "-seq", "16", "-batch", "4", "-cell", "gru", "-optim", "adam", "-sample-every", "0", "-seed", "5"}
	straight := filepath.Join(dir, "straight.safetensors")
	code, out, errs := cli(t, append([]string{"train", "-data", data, "-iters", "60", "-out", straight}, common...)...)
	if code != 0 {
		t.Fatalf("straight run: %d %s", code, errs)
	}
	if !strings.Contains(out, "seq 16, batch 4,") {
		t.Errorf("the run's description does not name its batch: %s", out)
	}
	f, err := safetensors.ReadFile(statePath(straight))
	if err != nil {
		t.Fatal(err)
	}
	if f.Metadata["batch"] != "4" {
		t.Errorf("state metadata batch = %q, want 4", f.Metadata["batch"])
	}
	for _, ts := range f.Tensors {
		if strings.HasPrefix(ts.Name, "hidden.") && (len(ts.Shape) != 1 || ts.Shape[0] != 4*12) {
			t.Errorf("tensor %s has shape %v, want [48] (4 streams x 12)", ts.Name, ts.Shape)
		}
	}
	half := filepath.Join(dir, "half.safetensors")
	if code, _, errs := cli(t, append([]string{"train", "-data", data, "-iters", "30", "-out", half}, common...)...); code != 0 {
		t.Fatalf("first half: %d %s", code, errs)
	}
	if code, _, errs := cli(t, "train", "-resume", half, "-iters", "60", "-batch", "2"); code != 2 || !strings.Contains(errs, "-batch 2: the resumed run has 4") {
		t.Errorf("resume with another -batch: %d %q", code, errs)
	}
	if code, _, errs := cli(t, "train", "-resume", half, "-iters", "60"); code != 0 {
		t.Fatalf("resume: %d %s", code, errs)
	}
	compareFiles(t, straight, half)
	compareFiles(t, statePath(straight), statePath(half))

	out2 := filepath.Join(dir, "o.safetensors")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-batch", "0"}, "-batch 0: want 1..4096"},
		{[]string{"-batch", "5000"}, "-batch 5000: want 1..4096"},
		{[]string{"-batch", "100", "-seq", "16"}, "training needs more than -batch × (-seq+1) = 100 × 17"},
	} {
		code, _, errs := cli(t, append([]string{"train", "-data", data, "-out", out2}, c.args...)...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%q: %d %q, want status 2 and %q", c.args, code, errs, c.want)
		}
	}
}
