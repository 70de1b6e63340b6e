package rnn_test

import (
	"testing"

	"github.com/simdrnn/simdrnn/rnn"
)

func TestNewLayout(t *testing.T) {
	cfg := rnn.Config{Input: 7, Hidden: 5, Layers: 2, Output: 3}
	m, err := rnn.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := 5*7 + 5*5 + 5 + 5*5 + 5*5 + 5 + 3*5 + 3
	if len(m.Params()) != want || cfg.NumParams() != want {
		t.Fatalf("len(Params) = %d, NumParams = %d, want %d", len(m.Params()), cfg.NumParams(), want)
	}
	// Tensors must tile Params in order, with PyTorch's shapes.
	names := []string{"rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0",
		"rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "fc.weight", "fc.bias"}
	shapes := [][]int{{5, 7}, {5, 5}, {5}, {5, 5}, {5, 5}, {5}, {3, 5}, {3}}
	ts := m.Tensors()
	if len(ts) != len(names) {
		t.Fatalf("%d tensors, want %d", len(ts), len(names))
	}
	p := m.Params()
	off := 0
	for i, ts := range ts {
		n := 1
		for _, d := range ts.Shape {
			n *= d
		}
		if ts.Name != names[i] || len(ts.Shape) != len(shapes[i]) || n != len(ts.Data) {
			t.Errorf("tensor %d: %s %v (%d elements), want %s %v", i, ts.Name, ts.Shape, len(ts.Data), names[i], shapes[i])
		}
		if &ts.Data[0] != &p[off] {
			t.Errorf("tensor %s does not start at Params[%d]", ts.Name, off)
		}
		off += n
	}
	if off != len(p) {
		t.Errorf("tensors cover %d of %d parameters", off, len(p))
	}
	for _, bad := range []rnn.Config{{0, 1, 1, 1, 0}, {1, 0, 1, 1, 0}, {1, 1, 0, 1, 0}, {1, 1, 1, 0, 0}, {1 << 20, 1 << 20, 1, 1, 0}, {1, 1, 1, 1, 3}, {1 << 14, 1 << 14, 1, 1, rnn.LSTM}} {
		if _, err := rnn.New(bad); err == nil {
			t.Errorf("New(%+v) succeeded", bad)
		}
	}
}

func TestRandomizeReproducible(t *testing.T) {
	cfg := rnn.Config{Input: 11, Hidden: 9, Layers: 1, Output: 11}
	a, _ := rnn.New(cfg)
	b, _ := rnn.New(cfg)
	a.Randomize(42, 0.01)
	b.Randomize(42, 0.01)
	for i, v := range a.Params() {
		if v != b.Params()[i] {
			t.Fatalf("same seed, different parameter %d", i)
		}
	}
	b.Randomize(43, 0.01)
	same := 0
	for i, v := range a.Params() {
		if v == b.Params()[i] {
			same++
		}
	}
	if same > len(a.Layers()[0].Bh)+len(a.By())+5 {
		t.Errorf("seeds 42 and 43 share %d parameters", same)
	}
}

// hidden returns layer k's hidden state of a Trainer or Stream, failing the
// test on an error.
func hiddenOf(t testing.TB, s interface{ Hidden(int) ([]float32, error) }, k int) []float32 {
	t.Helper()
	h, err := s.Hidden(k)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
