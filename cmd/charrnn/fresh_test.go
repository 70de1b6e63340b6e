package main

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/rnn"
)

// TestFreshCheck checks the zero-state report at the end of train on a
// model built to work only from the state carried in training: one hidden
// unit that holds its sign (h = tanh(20 h - 0.5)), latched at +1 in the
// carried state, where it predicts token 0, the only token of the text;
// from zero it falls to -1 and predicts token 1. The losses are checked
// against values computed here in float64.
func TestFreshCheck(t *testing.T) {
	m, _ := rnn.New(rnn.Config{Input: 2, Hidden: 1, Layers: 1, Output: 2})
	m.Layers()[0].Whh[0] = 20
	m.Layers()[0].Bh[0] = -0.5
	m.Why()[0], m.Why()[1] = 5, -5
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 4, Optimizer: rnn.MinCharRNN()})
	if err != nil {
		t.Fatal(err)
	}
	toks := make([]int, 50)
	for _, tc := range []struct {
		carry float32
		warn  bool
	}{{1, true}, {-1, false}} {
		h, _ := tr.Hidden(0)
		h[0] = tc.carry
		var b bytes.Buffer
		freshCheck(newProgress(&b, 0, 1, 4), tr, toks, 1.5)
		out := b.String()
		// float64 reference: from zero, h0 = tanh(-0.5), then h = tanh(20h - 0.5).
		ref := func(h float64) float64 {
			var sum float64
			for range len(toks) - 1 {
				h = math.Tanh(20*h - 0.5)
				// logits 5h, -5h; target 0: -log softmax = log(1 + exp(-10h))
				sum += math.Log1p(math.Exp(-10 * h))
			}
			return sum / float64(len(toks)-1)
		}
		zero, carried := ref(0), ref(float64(tc.carry))
		var gz, gc, gt float64
		var n int
		if _, err := fmt.Sscanf(out, "from a zero hidden state (as eval and sample start): loss %g nats/char on %d characters of the training text; from the state carried in training %g; training loss %g",
			&gz, &n, &gc, &gt); err != nil {
			t.Fatalf("carry %v: report %q: %v", tc.carry, out, err)
		}
		if math.Abs(gz-zero) > 1e-4 || math.Abs(gc-carried) > 1e-4 || n != len(toks) || gt != 1.5 {
			t.Errorf("carry %v: report %q, want zero-state loss %.4f, carried %.4f on %d characters", tc.carry, out, zero, carried, len(toks))
		}
		if got := strings.Contains(out, "warning:"); got != tc.warn {
			t.Errorf("carry %v: warning %v, want %v: %q", tc.carry, got, tc.warn, out)
		}
	}
}

// TestTrainReportsFreshState checks that train prints the zero-state report
// without a warning for an ordinary run, and that a run split at a restart
// of the hidden state (every rnn.DefaultResetEvery updates) resumes exactly.
func TestTrainReportsFreshState(t *testing.T) {
	dir := t.TempDir()
	data := writeTemp(t, dir, "data.txt", testText(3000))
	common := []string{"-hidden", "16", "-seq", "10", "-sample-every", "0", "-seed", "2"}
	straight := filepath.Join(dir, "straight.safetensors")
	iters := fmt.Sprint(rnn.DefaultResetEvery + 30)
	code, out, errs := cli(t, append([]string{"train", "-data", data, "-iters", iters, "-out", straight}, common...)...)
	if code != 0 {
		t.Fatalf("train: %d %s", code, errs)
	}
	if !strings.Contains(out, "from a zero hidden state (as eval and sample start): loss ") || strings.Contains(out, "warning:") {
		t.Errorf("train output lacks the zero-state report or warns:\n%s", out)
	}
	half := filepath.Join(dir, "half.safetensors")
	if code, _, errs := cli(t, append([]string{"train", "-data", data, "-iters", fmt.Sprint(rnn.DefaultResetEvery), "-out", half}, common...)...); code != 0 {
		t.Fatalf("first part: %d %s", code, errs)
	}
	if code, _, errs := cli(t, "train", "-resume", half, "-iters", iters); code != 0 {
		t.Fatalf("resume: %d %s", code, errs)
	}
	compareFiles(t, straight, half)
	compareFiles(t, statePath(straight), statePath(half))
}
