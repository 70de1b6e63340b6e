package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/rnn"
)

// TestThreadsFlag checks that sample and eval with -threads 2 and 0 print
// what they print on one goroutine, for a model whose matrices split (an
// LSTM of hidden 320: two shares of its 1280 x 320 Whh), in float32 and
// bf16.
func TestThreadsFlag(t *testing.T) {
	dir := t.TempDir()
	data := writeTemp(t, dir, "data.txt", testText(2000))
	model := filepath.Join(dir, "m.safetensors")
	if code, _, errs := cli(t, "train", "-cell", "lstm", "-data", data, "-iters", "2", "-hidden", "320", "-seq", "10", "-out", model, "-sample-every", "0"); code != 0 {
		t.Fatalf("train: %d %s", code, errs)
	}
	c, err := rnn.LoadCheckpoint(model)
	if err != nil {
		t.Fatal(err)
	}
	st := c.Model.NewStream(rnn.Threads(2))
	if st.Threads() != 2 {
		t.Fatalf("the model's stream splits over %d goroutines, want 2", st.Threads())
	}
	st.Close()
	for _, w := range []string{"f32", "bf16"} {
		for _, cmd := range [][]string{
			{"sample", "-model", model, "-n", "200", "-prime", "the ", "-weights", w},
			{"eval", "-model", model, "-data", data, "-weights", w},
		} {
			code, want, errs := cli(t, cmd...)
			if code != 0 {
				t.Fatalf("%v: %d %s", cmd, code, errs)
			}
			for _, n := range []string{"2", "0"} {
				code, got, errs := cli(t, append(cmd, "-threads", n)...)
				if code != 0 || got != want {
					t.Errorf("%v -threads %s: %d %q %s, want %q", cmd, n, code, got, errs, want)
				}
			}
		}
	}
}

// TestTrainThreadsFlag checks that train -batch 4 -threads 2 (and 0)
// writes the model file of -threads 1 byte for byte, also
// when a run is resumed on another number of goroutines, and that a bad
// -threads is one line of bad input.
func TestTrainThreadsFlag(t *testing.T) {
	dir := t.TempDir()
	data := writeTemp(t, dir, "data.txt", testText(4000))
	train := func(out string, args ...string) {
		t.Helper()
		base := []string{"train", "-cell", "gru", "-data", data, "-hidden", "48", "-seq", "8", "-batch", "4", "-optim", "adam", "-out", out, "-sample-every", "0"}
		if code, _, errs := cli(t, append(base, args...)...); code != 0 {
			t.Fatalf("train %v: %d %s", args, code, errs)
		}
	}
	one := filepath.Join(dir, "one.safetensors")
	train(one, "-iters", "6")
	for _, n := range []string{"2", "0"} {
		out := filepath.Join(dir, "t"+n+".safetensors")
		train(out, "-iters", "3", "-threads", n)
		train(out, "-resume", out, "-iters", "6", "-threads", map[string]string{"2": "1", "0": "3"}[n])
		want, err1 := os.ReadFile(one)
		got, err2 := os.ReadFile(out)
		if err := errors.Join(err1, err2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("-threads %s: the model differs from -threads 1's", n)
		}
	}
	code, _, errs := cli(t, "train", "-data", data, "-threads", "-1", "-out", filepath.Join(dir, "x.safetensors"))
	if code != 2 || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, "-threads -1") {
		t.Errorf("-threads -1: status %d, %q; want 2 and one line naming the flag", code, errs)
	}
}
