package rnn_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/rnn"
)

// gradTol is the documented accuracy of the float32 gradients: for every
// tensor, max_i |g32[i] - g64[i]| <= gradTol * max_i |g64[i]|, where g64 is
// the float64 reference gradient (itself checked by finite differences) and
// the weights have standard deviation 0.5 (so that tanh is far from linear).
// It holds for every kernel tier.
const gradTol = 5e-5

// fdTol bounds the relative disagreement between the float64 reference's
// analytic gradient and central finite differences with step 1e-5.
const fdTol = 1e-7

type gradCase struct {
	layers int
	loss   rnn.Loss
	out    rnn.Output
	tokens bool
}

func (c gradCase) String() string {
	in := "dense"
	if c.tokens {
		in = "tokens"
	}
	return fmt.Sprintf("L=%d/%v/%v/%s", c.layers, c.loss, c.out, in)
}

func gradCases() []gradCase {
	var cs []gradCase
	for _, layers := range []int{1, 2} {
		for _, loss := range []rnn.Loss{rnn.CrossEntropy, rnn.MSE} {
			for _, out := range []rnn.Output{rnn.ManyToMany, rnn.ManyToOne} {
				for _, tokens := range []bool{true, false} {
					cs = append(cs, gradCase{layers, loss, out, tokens})
				}
			}
		}
	}
	return cs
}

// setup builds a model, a trainer whose carried hidden state is random, and
// a chunk, all from seed; it returns them with their float64 counterparts.
func setup(t *testing.T, gc gradCase, in, hidden, out, seq, T int, seed int) (*rnn.Model, *rnn.Trainer, rnn.Chunk, *ref, refChunk) {
	t.Helper()
	m, err := rnn.New(rnn.Config{Input: in, Hidden: hidden, Layers: gc.layers, Output: out})
	if err != nil {
		t.Fatal(err)
	}
	m.Randomize(uint64(seed), 0.5)
	r := testutil.Rand(seed, 7)
	for _, l := range m.Layers() {
		for i := range l.Bh {
			l.Bh[i] = float32(r.NormFloat64() * 0.3)
		}
	}
	for i := range m.By() {
		m.By()[i] = float32(r.NormFloat64() * 0.3)
	}
	opt := rnn.MinCharRNN()
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: seq, Loss: gc.loss, Output: gc.out, Optimizer: opt})
	if err != nil {
		t.Fatal(err)
	}
	rc := refChunk{}
	for k := range gc.layers {
		h := hiddenOf(t, tr, k)
		hv := make([]float64, hidden)
		for i := range h {
			h[i] = float32(r.Float64()*1.6 - 0.8)
			hv[i] = float64(h[i])
		}
		rc.h0 = append(rc.h0, hv)
	}
	var c rnn.Chunk
	nt := T
	if gc.out == rnn.ManyToOne {
		nt = 1
	}
	if gc.tokens {
		for range T {
			x := r.IntN(in)
			c.Tokens = append(c.Tokens, x)
		}
		rc.tokens = c.Tokens
	} else {
		for range T {
			row := make([]float64, in)
			for j := range row {
				v := float32(r.NormFloat64())
				c.Inputs = append(c.Inputs, v)
				row[j] = float64(v)
			}
			rc.inputs = append(rc.inputs, row)
		}
	}
	if gc.loss == rnn.CrossEntropy {
		for range nt {
			c.Targets = append(c.Targets, r.IntN(out))
		}
		rc.targets = c.Targets
	} else {
		for range nt {
			row := make([]float64, out)
			for j := range row {
				v := float32(r.NormFloat64())
				c.Values = append(c.Values, v)
				row[j] = float64(v)
			}
			rc.values = append(rc.values, row)
		}
	}
	return m, tr, c, newRef(m, gc.loss, gc.out, gc.tokens), rc
}

// TestReferenceFiniteDifferences checks the float64 reference's analytic
// gradient against central finite differences, for every case.
func TestReferenceFiniteDifferences(t *testing.T) {
	for _, gc := range gradCases() {
		t.Run(gc.String(), func(t *testing.T) {
			_, _, _, r, rc := setup(t, gc, 5, 6, 4, 8, 7, 1)
			_, g := r.lossGrad(rc)
			ps := r.params()
			if len(ps) != len(g) {
				t.Fatalf("%d params, %d gradients", len(ps), len(g))
			}
			const h = 1e-5
			var worst float64
			for i, p := range ps {
				v := *p
				*p = v + h
				lp, _, _ := r.forward(rc)
				*p = v - h
				lm, _, _ := r.forward(rc)
				*p = v
				fd := (lp - lm) / (2 * h)
				e := math.Abs(fd-g[i]) / math.Max(1, math.Abs(g[i]))
				worst = math.Max(worst, e)
				if e > fdTol {
					t.Errorf("param %d: analytic %g, finite difference %g", i, g[i], fd)
				}
			}
			t.Logf("worst relative error vs finite differences: %.2g", worst)
		})
	}
}

// TestGradients compares the float32 gradients (and loss and carried hidden
// state) with the float64 reference, for every kernel tier, both layer
// counts, both losses, both output types and both input kinds, with a chunk
// shorter than Seq and one of exactly Seq steps.
func TestGradients(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		var worst float64
		for _, gc := range gradCases() {
			for _, T := range []int{1, 5, 9} {
				name := fmt.Sprintf("%v/T=%d", gc, T)
				_, tr, c, r, rc := setup(t, gc, 11, 17, 9, 9, T, T+gc.layers)
				loss, err := tr.ForwardBackward(c)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				wantLoss, wantG := r.lossGrad(rc)
				if math.Abs(loss-wantLoss) > 1e-5*math.Max(1, math.Abs(wantLoss)) {
					t.Errorf("%s: loss %g, want %g", name, loss, wantLoss)
				}
				g := tr.Grads()
				off := 0
				for _, ts := range g.Tensors() {
					want := wantG[off : off+len(ts.Data)]
					off += len(ts.Data)
					var maxAbs, maxErr float64
					for i, v := range ts.Data {
						maxAbs = math.Max(maxAbs, math.Abs(want[i]))
						maxErr = math.Max(maxErr, math.Abs(float64(v)-want[i]))
					}
					rel := maxErr / math.Max(maxAbs, 1e-30)
					if maxAbs == 0 {
						rel = maxErr
					}
					worst = math.Max(worst, rel)
					if rel > gradTol {
						t.Errorf("%s: %s: max error %.3g relative to max |g| %.3g = %.3g > %g", name, ts.Name, maxErr, maxAbs, rel, gradTol)
					}
				}
				for k, h := range r.finalHidden(rc) {
					for i, v := range hiddenOf(t, tr, k) {
						if math.Abs(float64(v)-h[i]) > 1e-5 {
							t.Fatalf("%s: carried hidden state of layer %d differs at %d: %g, want %g", name, k, i, v, h[i])
						}
					}
				}
			}
		}
		t.Logf("worst gradient error relative to the tensor's max |g|: %.3g (tolerance %g)", worst, gradTol)
	})
}

// TestCarry checks that two consecutive chunks carry the hidden state: the
// second chunk's loss and gradients equal the reference started from the
// state the first chunk left.
func TestCarry(t *testing.T) {
	gc := gradCase{layers: 2, loss: rnn.CrossEntropy, out: rnn.ManyToMany, tokens: true}
	_, tr, c, r, rc := setup(t, gc, 7, 8, 7, 6, 6, 3)
	if _, err := tr.ForwardBackward(c); err != nil {
		t.Fatal(err)
	}
	rc.h0 = r.finalHidden(rc)
	c.Tokens = []int{3, 1, 4, 1, 5}
	c.Targets = []int{1, 4, 1, 5, 6}
	rc.tokens, rc.targets = c.Tokens, c.Targets
	loss, err := tr.ForwardBackward(c)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := r.lossGrad(rc)
	if math.Abs(loss-want) > 1e-5*want {
		t.Errorf("second chunk loss %g, want %g", loss, want)
	}
	tr.ResetHidden()
	for k := range 2 {
		for _, v := range hiddenOf(t, tr, k) {
			if v != 0 {
				t.Fatal("ResetHidden left a nonzero state")
			}
		}
	}
}

// TestStreamMatchesReference feeds a stream the inputs of a chunk and checks
// every step's output against the float64 reference's logits.
func TestStreamMatchesReference(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, tokens := range []bool{true, false} {
			for _, layers := range []int{1, 2} {
				gc := gradCase{layers: layers, loss: rnn.MSE, out: rnn.ManyToMany, tokens: tokens}
				m, _, c, r, rc := setup(t, gc, 10, 13, 10, 8, 8, 5)
				for k := range rc.h0 {
					clear(rc.h0[k])
				}
				_, hs, _ := r.forward(rc)
				st := m.NewStream()
				for s := range 8 {
					var y []float32
					var err error
					if tokens {
						y, err = st.StepToken(c.Tokens[s])
					} else {
						y, err = st.StepVector(c.Inputs[s*10 : (s+1)*10])
					}
					if err != nil {
						t.Fatal(err)
					}
					for i := range y {
						want := r.by[i]
						for j, h := range hs[layers-1][s+1] {
							want += r.why[i][j] * h
						}
						if math.Abs(float64(y[i])-want) > 1e-5*math.Max(1, math.Abs(want)) {
							t.Fatalf("%v step %d output %d: %g, want %g", gc, s, i, y[i], want)
						}
					}
				}
				st.Reset()
				for k := range layers {
					for _, v := range hiddenOf(t, st, k) {
						if v != 0 {
							t.Fatal("Reset left a nonzero state")
						}
					}
				}
			}
		}
	})
}

// TestStreamCrossEntropy checks Stream.CrossEntropy against the reference's
// loss over the same tokens.
func TestStreamCrossEntropy(t *testing.T) {
	gc := gradCase{layers: 2, loss: rnn.CrossEntropy, out: rnn.ManyToMany, tokens: true}
	m, _, c, r, rc := setup(t, gc, 9, 10, 9, 12, 12, 9)
	for k := range rc.h0 {
		clear(rc.h0[k])
	}
	toks := append(append([]int(nil), c.Tokens...), c.Targets[len(c.Targets)-1])
	// The reference predicts Targets from Tokens; make Targets the shifted tokens.
	rc.targets = toks[1:]
	want, _, _ := r.forward(rc)
	got, err := m.NewStream().CrossEntropySum(toks)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-want) > 1e-5*want {
		t.Errorf("CrossEntropy = %g, want %g", got, want)
	}
	if _, err := m.NewStream().CrossEntropySum([]int{1, 99}); err == nil {
		t.Error("target out of range: no error")
	}
}
