package main

import (
	"path/filepath"
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
