package rnn_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/rnn"
)

// noPanic fails the test if f panics.
func noPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v", what, r)
		}
	}()
	f()
}

func TestNilModelErrors(t *testing.T) {
	v, err := rnn.NewVocab("abc")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	noPanic(t, "Checkpoint{Vocab: v}.Save", func() {
		path := filepath.Join(dir, "m.safetensors")
		if err := (&rnn.Checkpoint{Vocab: v}).Save(path); err == nil || !strings.Contains(err.Error(), "no Model") {
			t.Errorf("Save of a checkpoint without a model: %v, want an error saying so", err)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a refused Save created %s", path)
		}
	})
	noPanic(t, "Checkpoint{Model: m}.Marshal", func() {
		m, _ := rnn.New(rnn.Config{Input: 3, Hidden: 2, Layers: 1, Output: 3})
		if _, err := (&rnn.Checkpoint{Model: m}).Marshal(); err == nil || !strings.Contains(err.Error(), "no Vocab") {
			t.Errorf("Marshal without a vocabulary: %v, want an error saying so", err)
		}
	})
	noPanic(t, "NewTrainer(nil)", func() {
		if _, err := rnn.NewTrainer(nil, rnn.TrainConfig{Seq: 5, Optimizer: rnn.MinCharRNN()}); err == nil {
			t.Error("NewTrainer(nil) returned no error")
		}
	})
	noPanic(t, "(*Model)(nil).Half", func() {
		var m *rnn.Model
		if _, err := m.Half(rnn.F16); err == nil {
			t.Error("Half of a nil model returned no error")
		}
	})
	noPanic(t, "CopyFrom(nil)", func() {
		m, _ := rnn.New(rnn.Config{Input: 3, Hidden: 2, Layers: 1, Output: 3})
		if err := m.CopyFrom(nil); err == nil {
			t.Error("CopyFrom(nil) returned no error")
		}
	})
}

func TestIndexErrors(t *testing.T) {
	v, _ := rnn.NewVocab("abc")
	noPanic(t, "Vocab.Rune", func() {
		for _, i := range []int{-1, 3, 9999} {
			if _, err := v.Rune(i); err == nil {
				t.Errorf("Rune(%d) returned no error", i)
			}
		}
		if r, err := v.Rune(2); err != nil || r != 'c' {
			t.Errorf("Rune(2) = %q, %v, want 'c'", r, err)
		}
	})
	noPanic(t, "Vocab.Decode", func() {
		b, err := v.Decode([]byte("x"), []int{0, 1, 3, 2})
		if err == nil || !strings.Contains(err.Error(), "tokens[2] = 3") {
			t.Errorf("Decode with token 3 of 3: %v, want an error naming tokens[2]", err)
		}
		if string(b) != "xab" {
			t.Errorf("Decode kept %q, want the characters before the bad token, %q", b, "xab")
		}
	})
	m, _ := rnn.New(rnn.Config{Input: 3, Hidden: 4, Layers: 2, Output: 3})
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 5, Optimizer: rnn.MinCharRNN()})
	if err != nil {
		t.Fatal(err)
	}
	st := m.NewStream()
	for _, k := range []int{-1, 2, 5} {
		noPanic(t, "Hidden", func() {
			if _, err := tr.Hidden(k); err == nil {
				t.Errorf("Trainer.Hidden(%d) of 2 layers returned no error", k)
			}
			if _, err := st.Hidden(k); err == nil {
				t.Errorf("Stream.Hidden(%d) of 2 layers returned no error", k)
			}
		})
	}
	if h, err := tr.Hidden(1); err != nil || len(h) != 4 {
		t.Errorf("Trainer.Hidden(1) = %v, %v", h, err)
	}
}

// TestModelViewsStayAttached: what the accessors return cannot detach the
// model's tensors from its parameters.
func TestModelViewsStayAttached(t *testing.T) {
	m, _ := rnn.New(rnn.Config{Input: 3, Hidden: 4, Layers: 2, Output: 5})
	ls := m.Layers()
	ls[0].Whh = make([]float32, 16) // reassigning a copy's field
	ls[1] = rnn.Layer{}
	m.Layers()[0].Whh[5] = 7 // writing through a view
	m.Why()[2] = 3
	m.By()[4] = -1
	p := m.Params()
	off := 4*3 + 4*4 + 4 + 4*4 // Layers[0].Wxh, Whh, Bh, Layers[1].Wxh
	if p[4*3+5] != 7 || p[off+4*4+4+2] != 3 || p[len(p)-1] != -1 {
		t.Fatal("writes through the accessors did not reach Params")
	}
	at := 0
	for _, ts := range m.Tensors() {
		if len(ts.Data) == 0 || &ts.Data[0] != &p[at] {
			t.Errorf("tensor %s is not the window of Params at %d", ts.Name, at)
		}
		at += len(ts.Data)
	}
	if got := m.Layers(); len(got) != 2 || len(got[1].Whh) != 16 || &got[0].Whh[0] != &p[12] {
		t.Error("a reassigned copy of the layers changed the model's layers")
	}
}

// TestNoUnloadableFiles: a model holding a NaN or an infinity is refused
// by Marshal and Save (the file could not be loaded back) and by Half.
func TestNoUnloadableFiles(t *testing.T) {
	v, _ := rnn.NewVocab("abc")
	inf := float32(math.Inf(1))
	nan := float32(math.NaN())
	for _, tc := range []struct {
		tensor string
		set    func(m *rnn.Model, x float32)
	}{
		{"rnn.weight_hh_l0", func(m *rnn.Model, x float32) { m.Layers()[0].Whh[3] = x }},
		{"rnn.bias_ih_l1", func(m *rnn.Model, x float32) { m.Layers()[1].Bh[1] = x }},
		{"fc.weight", func(m *rnn.Model, x float32) { m.Why()[0] = x }},
		{"fc.bias", func(m *rnn.Model, x float32) { m.By()[2] = x }},
	} {
		for _, x := range []float32{inf, -inf, nan} {
			m, _ := rnn.New(rnn.Config{Input: 3, Hidden: 4, Layers: 2, Output: 3})
			m.Randomize(1, 0.1)
			tc.set(m, x)
			path := filepath.Join(t.TempDir(), "m.safetensors")
			err := (&rnn.Checkpoint{Model: m, Vocab: v}).Save(path)
			if err == nil || !strings.Contains(err.Error(), tc.tensor) {
				t.Errorf("Save with %s = %v: %v, want an error naming the tensor", tc.tensor, x, err)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a refused Save created %s", path)
			}
			for _, f := range []rnn.Format{rnn.F16, rnn.BF16} {
				if _, err := m.Half(f); err == nil || !strings.Contains(err.Error(), tc.tensor) {
					t.Errorf("Half(%v) with %s = %v: %v, want an error naming the tensor", f, tc.tensor, x, err)
				}
			}
		}
	}
}

func TestCrossEntropySumAndMean(t *testing.T) {
	m, _ := rnn.New(rnn.Config{Input: 4, Hidden: 5, Layers: 1, Output: 4})
	m.Randomize(3, 0.5)
	for _, toks := range [][]int{nil, {1}} {
		if _, err := m.NewStream().CrossEntropySum(toks); err == nil {
			t.Errorf("CrossEntropySum(%v): no error for fewer than 2 tokens", toks)
		}
		if _, err := m.NewStream().MeanCrossEntropy(toks); err == nil {
			t.Errorf("MeanCrossEntropy(%v): no error for fewer than 2 tokens", toks)
		}
	}
	toks := []int{0, 1, 2, 3, 2, 1}
	sum, err := m.NewStream().CrossEntropySum(toks)
	if err != nil {
		t.Fatal(err)
	}
	mean, err := m.NewStream().MeanCrossEntropy(toks)
	if err != nil {
		t.Fatal(err)
	}
	if mean != sum/5 {
		t.Errorf("MeanCrossEntropy = %v, want the sum %v / 5 predictions", mean, sum)
	}
}

func TestZeroOptimizerRejected(t *testing.T) {
	err := rnn.Optimizer{}.Validate()
	if err == nil || !strings.Contains(err.Error(), "DefaultSGD()") {
		t.Errorf("Optimizer{}.Validate() = %v, want an error pointing at the defaults", err)
	}
	m, _ := rnn.New(rnn.Config{Input: 3, Hidden: 2, Layers: 1, Output: 3})
	if _, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 4}); err == nil {
		t.Error("NewTrainer with a zero TrainConfig.Optimizer returned no error")
	}
}

func TestNegativeTopK(t *testing.T) {
	m, _ := rnn.New(rnn.Config{Input: 3, Hidden: 2, Layers: 1, Output: 3})
	sp := m.NewSampler(1)
	sp.TopK = -1
	if _, err := sp.Next(); err == nil || !strings.Contains(err.Error(), "TopK") {
		t.Errorf("Next with TopK -1: %v, want an error naming TopK", err)
	}
	if err := sp.Distribution(make([]float32, 3)); err == nil {
		t.Error("Distribution with TopK -1 returned no error")
	}
}
