package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/safetensors"
	"github.com/simdrnn/simdrnn/rnn"
)

// TestOptimizerDefaultsShared: -optim NAME with no other flag is the rnn
// package's default recipe for that method, the one definition both use.
func TestOptimizerDefaultsShared(t *testing.T) {
	for name, want := range map[string]rnn.Optimizer{"sgd": rnn.DefaultSGD(), "adagrad": rnn.DefaultAdagrad(), "adam": rnn.DefaultAdam()} {
		got, err := optimizer(name, &trainFlags{set: map[string]bool{}})
		if err != nil || got != want {
			t.Errorf("-optim %s: %+v, %v; want %+v", name, got, err, want)
		}
	}
	f := &trainFlags{lr: 0.5, clip: 2, clipNorm: 3, warmup: 7, set: map[string]bool{"lr": true, "clip": true, "clip-norm": true, "warmup": true}}
	got, err := optimizer("adam", f)
	want := rnn.DefaultAdam()
	want.LR, want.ClipValue, want.ClipNorm, want.Warmup = 0.5, 2, 3, 7
	if err != nil || got != want {
		t.Errorf("flags given: %+v, %v; want %+v", got, err, want)
	}
}

// stateMeta returns the metadata of the training state of model.
func stateMeta(t *testing.T, model string) map[string]string {
	t.Helper()
	md, err := safetensors.ReadMetadata(statePath(model))
	if err != nil {
		t.Fatal(err)
	}
	return md
}

// TestDefaultRecipeIsFresh fails if charrnn train's default recipe stops
// being the one that trains models to work from a fresh hidden state
// (rnn's "Training from a fresh state"): the restarts every
// DefaultResetEvery updates and the DefaultWarmup warm-up, as recorded in
// the state it saves; and the flags change them.
func TestDefaultRecipeIsFresh(t *testing.T) {
	dir := t.TempDir()
	data := writeTemp(t, dir, "data.txt", testText(1000))
	model := filepath.Join(dir, "m.safetensors")
	if code, _, errs := cli(t, "train", "-data", data, "-iters", "10", "-hidden", "8", "-seq", "10", "-out", model, "-sample-every", "0"); code != 0 {
		t.Fatalf("train: %d %s", code, errs)
	}
	md := stateMeta(t, model)
	if md["reset_every"] != strconv.Itoa(rnn.DefaultResetEvery) || md["warmup"] != strconv.Itoa(rnn.DefaultWarmup) || md["method"] != "adagrad" || md["clip_value"] != "5" || md["lr"] != "0.1" {
		t.Errorf("default recipe recorded as reset_every %s, warmup %s, %s lr %s clip %s; want %d, %d, adagrad 0.1 5",
			md["reset_every"], md["warmup"], md["method"], md["lr"], md["clip_value"], rnn.DefaultResetEvery, rnn.DefaultWarmup)
	}
	if code, _, errs := cli(t, "train", "-data", data, "-iters", "10", "-hidden", "8", "-seq", "10", "-out", model, "-force", "-sample-every", "0",
		"-reset-every", "-1", "-warmup", "0", "-optim", "sgd", "-clip-norm", "2"); code != 0 {
		t.Fatalf("train: %d %s", code, errs)
	}
	md = stateMeta(t, model)
	if md["reset_every"] != "-1" || md["warmup"] != "0" || md["method"] != "sgd" || md["clip_norm"] != "2" {
		t.Errorf("flags recorded as reset_every %s, warmup %s, %s clip_norm %s", md["reset_every"], md["warmup"], md["method"], md["clip_norm"])
	}
	// A resumed run keeps its recipe: a different flag is refused.
	code, _, errs := cli(t, "train", "-resume", model, "-iters", "20", "-warmup", "5")
	if code != 2 || !strings.Contains(errs, "-warmup 5: the resumed run has 0") {
		t.Errorf("resuming with another -warmup: %d %q", code, errs)
	}
}

// TestNoWorseThanUniform: a run past its warm-up whose loss is no better
// than a uniform guess's is refused as a diverged one: status 1, nothing
// saved, a hint naming the flags. (Momentum SGD clipped by element only,
// charrnn's sgd before it took the library's recipe, ends so: here at
// 4.5 nats/char against a uniform guess's 3.4.)
func TestNoWorseThanUniform(t *testing.T) {
	dir := t.TempDir()
	data := writeTemp(t, dir, "data.txt", testText(3000))
	model := filepath.Join(dir, "m.safetensors")
	code, _, errs := cli(t, "train", "-data", data, "-iters", "600", "-hidden", "32", "-seq", "25", "-out", model, "-sample-every", "0",
		"-optim", "sgd", "-lr", "0.02", "-clip", "5", "-clip-norm", "0", "-warmup", "100")
	if code != 1 || !strings.Contains(errs, "no better than a uniform guess") || !strings.Contains(errs, "nothing was saved") || !strings.Contains(errs, "-lr") {
		t.Errorf("status %d, stderr %q; want 1, the loss against a uniform guess's, nothing saved, and a hint", code, errs)
	}
	if names := listDir(t, dir); len(names) != 1 {
		t.Errorf("files %v, want the data only", names)
	}
}

// TestForce: train refuses to replace a model it does not continue,
// unless -force; -resume continues it in place.
func TestForce(t *testing.T) {
	dir := t.TempDir()
	data := writeTemp(t, dir, "data.txt", testText(1000))
	model := filepath.Join(dir, "m.safetensors")
	args := []string{"train", "-data", data, "-iters", "10", "-hidden", "8", "-seq", "10", "-out", model, "-sample-every", "0"}
	if code, _, errs := cli(t, args...); code != 0 {
		t.Fatalf("train: %d %s", code, errs)
	}
	m, s := mustRead(t, model), mustRead(t, statePath(model))
	code, _, errs := cli(t, args...)
	if code != 2 || !strings.Contains(errs, "-force") {
		t.Errorf("a second train onto the model: status %d, %q; want 2 and a hint at -force", code, errs)
	}
	if string(mustRead(t, model)) != string(m) || string(mustRead(t, statePath(model))) != string(s) {
		t.Error("a refused train changed the pair")
	}
	if code, _, errs := cli(t, "train", "-resume", model, "-iters", "20", "-sample-every", "0"); code != 0 {
		t.Errorf("-resume in place: %d %s", code, errs)
	}
	if code, _, errs := cli(t, append(args, "-force")...); code != 0 {
		t.Errorf("-force: %d %s", code, errs)
	}
	if md := stateMeta(t, model); md["iter"] != "10" {
		t.Errorf("after -force: iteration %s, want a new run of 10", md["iter"])
	}
}

// TestResumeNewDataPlace: a resumed run given -data (the same text in a new
// place) records the new place, so that the next resume needs no -data.
func TestResumeNewDataPlace(t *testing.T) {
	dir := t.TempDir()
	data := writeTemp(t, dir, "data.txt", testText(1000))
	model := filepath.Join(dir, "m.safetensors")
	if code, _, errs := cli(t, "train", "-data", data, "-iters", "10", "-hidden", "8", "-seq", "10", "-out", model, "-sample-every", "0"); code != 0 {
		t.Fatalf("train: %d %s", code, errs)
	}
	moved := filepath.Join(dir, "moved.txt")
	if err := os.Rename(data, moved); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := cli(t, "train", "-resume", model, "-iters", "20", "-sample-every", "0"); code != 2 || !strings.Contains(errs, "-data") {
		t.Errorf("resume after the text moved: %d %q; want 2 and a hint at -data", code, errs)
	}
	if code, _, errs := cli(t, "train", "-resume", model, "-data", moved, "-iters", "20", "-sample-every", "0"); code != 0 {
		t.Fatalf("resume with -data: %d %s", code, errs)
	}
	if code, _, errs := cli(t, "train", "-resume", model, "-iters", "30", "-sample-every", "0"); code != 0 {
		t.Errorf("the next resume, without -data: %d %s", code, errs)
	}
}

// TestSaveEveryFlag: -save-every takes iterations or an interval.
func TestSaveEveryFlag(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want saveEvery
		ok   bool
	}{{"100", saveEvery{iters: 100}, true}, {"0", saveEvery{}, true}, {"5m", saveEvery{every: 300e9}, true}, {"90s", saveEvery{every: 90e9}, true},
		{"-1", saveEvery{}, false}, {"10ms", saveEvery{}, false}, {"x", saveEvery{}, false}} {
		var s saveEvery
		err := s.Set(tc.v)
		if (err == nil) != tc.ok || (tc.ok && s != tc.want) {
			t.Errorf("-save-every %s: %+v, %v", tc.v, s, err)
		}
	}
	dir := t.TempDir()
	data := writeTemp(t, dir, "data.txt", testText(1000))
	if code, _, errs := cli(t, "train", "-data", data, "-save-every", "1ms", "-out", filepath.Join(dir, "m.safetensors")); code != 2 || !strings.Contains(errs, "-save-every") {
		t.Errorf("-save-every 1ms: %d %q", code, errs)
	}
}
