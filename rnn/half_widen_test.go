package rnn

import (
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
)

// TestHalfWidenRule checks, on every tier and for both formats, that a
// HalfModel multiplies its matrices widened to float32 exactly when the
// matrices of a token step hold fewer weights than kernels.HalfMinElems,
// that the widened values are the 16-bit ones, and that widening leaves
// Format, WeightBytes and Float32 as they were. Results on either side of
// the rule are checked against float64 by TestHalfModel.
func TestHalfWidenRule(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, f := range []Format{F16, BF16} {
			limit := kernels.HalfMinElems(f == BF16)
			for _, hidden := range []int{5, 37, 100, 300, 600} {
				cfg := Config{Input: 11, Hidden: hidden, Layers: 2, Output: 13}
				m, err := New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				m.Randomize(3, 0.3)
				h, err := m.Half(f)
				if err != nil {
					t.Fatal(err)
				}
				elems := 2*hidden*hidden + hidden*hidden + 13*hidden // Whh twice, layer 1's Wxh, Why
				if got := h.w.stepElems(); got != elems {
					t.Fatalf("H=%d: stepElems = %d, want %d", hidden, got, elems)
				}
				bytes, before := h.WeightBytes(), h.Float32().Params()
				h.NewStream()
				if wide := elems < limit; (h.sw != h.w) != wide {
					t.Fatalf("%v H=%d (%d weights, limit %d): streams read a widened copy = %v, want %v", f, hidden, elems, limit, h.sw != h.w, wide)
				}
				for _, w := range h.w.matrices() {
					if w.wide != nil {
						t.Fatalf("%v H=%d: the model's own weights were widened", f, hidden)
					}
				}
				for k, w := range h.sw.matrices() {
					if wide := elems < limit; (w.wide != nil) != wide {
						t.Fatalf("%v H=%d (%d weights, limit %d): matrix %d widened = %v, want %v", f, hidden, elems, limit, k, w.wide != nil, wide)
					}
					if w.wide == nil {
						continue
					}
					for i, v := range w.float32s() {
						if w.wide[i] != v {
							t.Fatalf("%v H=%d: matrix %d element %d widened to %v, want %v", f, hidden, k, i, w.wide[i], v)
						}
					}
				}
				if h.Format() != f || h.WeightBytes() != bytes {
					t.Fatalf("%v H=%d: after widening Format, WeightBytes = %v, %d, want %v, %d", f, hidden, h.Format(), h.WeightBytes(), f, bytes)
				}
				after := h.Float32().Params()
				for i := range before {
					if before[i] != after[i] {
						t.Fatalf("%v H=%d: Float32 changed at %d after widening", f, hidden, i)
					}
				}
			}
		}
	})
}

// TestHalfWidenConcurrent makes the first Streams of a HalfModel from
// several goroutines at once, while others read its weights (the widening
// runs once, before any stream; run with -race), and checks that every
// stream computes what a stream of a separately built HalfModel does.
func TestHalfWidenConcurrent(t *testing.T) {
	for _, hidden := range []int{30, 600} { // widened and not, on the measured tiers
		m, err := New(Config{Input: 9, Hidden: hidden, Layers: 1, Output: 9})
		if err != nil {
			t.Fatal(err)
		}
		m.Randomize(5, 0.05)
		steps := func(st *Stream) []float32 {
			var out []float32
			for i := range 10 {
				y, err := st.StepToken(i % 9)
				if err != nil {
					t.Error(err)
					return nil
				}
				out = append(out, y...)
			}
			return out
		}
		ref, err := m.Half(F16)
		if err != nil {
			t.Fatal(err)
		}
		want := steps(ref.NewStream())
		h, err := m.Half(F16)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan []float32)
		for i := range 8 {
			go func() {
				if i%2 == 1 {
					h.WeightBytes()
					h.Float32()
					done <- want
					return
				}
				done <- steps(h.NewStream())
			}()
		}
		for range 8 {
			got := <-done
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("H=%d: a concurrent first stream gives %v at %d, want %v", hidden, got[i], i, want[i])
				}
			}
		}
	}
}
