package rnn_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/rnn"
)

// cellRef is a float64 reference of an LSTM or GRU model, written from
// PyTorch's equations in plain loops over the flat parameters (in Params
// order), independently of the package's code. Its gradients are central
// finite differences of its loss, so that it has no backward pass to get
// wrong.
type cellRef struct {
	cfg    rnn.Config
	p      []float64
	loss   rnn.Loss
	out    rnn.Output
	tokens bool
}

// cellChunk is a chunk with the state carried into it, in float64.
type cellChunk struct {
	tokens  []int
	inputs  [][]float64
	targets []int
	values  [][]float64
	h0, c0  [][]float64 // per layer
}

func sigmoid64(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// run returns the loss of the chunk and the state after it.
func (r *cellRef) run(c cellChunk) (float64, [][]float64, [][]float64) {
	cfg := r.cfg
	H, G := cfg.Hidden, cfg.Cell.Gates()
	p := r.p
	take := func(n int) []float64 { s := p[:n]; p = p[n:]; return s }
	T := len(c.tokens)
	if !r.tokens {
		T = len(c.inputs)
	}
	xs := make([][]float64, T) // the layer's inputs at each step
	for s := range T {
		if r.tokens {
			xs[s] = make([]float64, cfg.Input)
			xs[s][c.tokens[s]] = 1
		} else {
			xs[s] = c.inputs[s]
		}
	}
	var hT, cT [][]float64
	for k := 0; k < cfg.Layers; k++ {
		in := len(xs[0])
		wih, whh, bih, bhh := take(G*H*in), take(G*H*H), take(G*H), take(G*H)
		h := append([]float64(nil), c.h0[k]...)
		cc := append([]float64(nil), c.c0[k]...)
		outs := make([][]float64, T)
		for s := range T {
			gi := make([]float64, G*H) // W_ih x + b_ih
			gh := make([]float64, G*H) // W_hh h + b_hh
			for row := range G * H {
				gi[row], gh[row] = bih[row], bhh[row]
				for j := range in {
					gi[row] += wih[row*in+j] * xs[s][j]
				}
				for j := range H {
					gh[row] += whh[row*H+j] * h[j]
				}
			}
			nh := make([]float64, H)
			for u := range H {
				switch cfg.Cell {
				case rnn.LSTM:
					i := sigmoid64(gi[u] + gh[u])
					f := sigmoid64(gi[H+u] + gh[H+u])
					g := math.Tanh(gi[2*H+u] + gh[2*H+u])
					o := sigmoid64(gi[3*H+u] + gh[3*H+u])
					cc[u] = f*cc[u] + i*g
					nh[u] = o * math.Tanh(cc[u])
				case rnn.GRU:
					rr := sigmoid64(gi[u] + gh[u])
					z := sigmoid64(gi[H+u] + gh[H+u])
					n := math.Tanh(gi[2*H+u] + rr*gh[2*H+u])
					nh[u] = (1-z)*n + z*h[u]
				}
			}
			h = nh
			outs[s] = h
		}
		xs = outs
		hT = append(hT, h)
		cT = append(cT, cc)
	}
	why, by := take(cfg.Output*H), take(cfg.Output)
	first := 0
	if r.out == rnn.ManyToOne {
		first = T - 1
	}
	var loss float64
	for s := first; s < T; s++ {
		y := make([]float64, cfg.Output)
		for o := range y {
			y[o] = by[o]
			for j := range H {
				y[o] += why[o*H+j] * xs[s][j]
			}
		}
		switch r.loss {
		case rnn.CrossEntropy:
			mx := math.Inf(-1)
			for _, v := range y {
				mx = math.Max(mx, v)
			}
			var z float64
			for _, v := range y {
				z += math.Exp(v - mx)
			}
			loss += mx + math.Log(z) - y[c.targets[s-first]]
		case rnn.MSE:
			for o, v := range y {
				d := v - c.values[s-first][o]
				loss += d * d / float64(cfg.Output)
			}
		}
	}
	return loss, hT, cT
}

// grad returns the central finite-difference gradient of the loss.
func (r *cellRef) grad(c cellChunk) []float64 {
	g := make([]float64, len(r.p))
	for i := range r.p {
		x := r.p[i]
		step := 1e-6 * math.Max(1, math.Abs(x))
		r.p[i] = x + step
		lp, _, _ := r.run(c)
		r.p[i] = x - step
		lm, _, _ := r.run(c)
		r.p[i] = x
		g[i] = (lp - lm) / (2 * step)
	}
	return g
}

type cellCase struct {
	cell   rnn.Cell
	layers int
	loss   rnn.Loss
	out    rnn.Output
	tokens bool
}

func (c cellCase) String() string {
	in := "dense"
	if c.tokens {
		in = "tokens"
	}
	return fmt.Sprintf("%v/L=%d/%v/%v/%s", c.cell, c.layers, c.loss, c.out, in)
}

func cellCases() []cellCase {
	var cs []cellCase
	for _, cell := range []rnn.Cell{rnn.LSTM, rnn.GRU} {
		cs = append(cs,
			cellCase{cell, 1, rnn.CrossEntropy, rnn.ManyToMany, true},
			cellCase{cell, 2, rnn.CrossEntropy, rnn.ManyToMany, true},
			cellCase{cell, 2, rnn.MSE, rnn.ManyToOne, false},
			cellCase{cell, 1, rnn.CrossEntropy, rnn.ManyToOne, false},
			cellCase{cell, 2, rnn.MSE, rnn.ManyToMany, true},
		)
	}
	return cs
}

// cellSetup returns a model of the case with random weights (std 0.5, so
// that the gates are far from linear), a trainer whose carried state is
// random, a chunk of T steps, and the reference.
func cellSetup(t *testing.T, cc cellCase, in, hidden, out, T int, seed uint64) (*rnn.Model, *rnn.Trainer, rnn.Chunk, *cellRef, cellChunk) {
	t.Helper()
	m, err := rnn.New(rnn.Config{Input: in, Hidden: hidden, Layers: cc.layers, Output: out, Cell: cc.cell})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(seed, 99))
	for i := range m.Params() {
		m.Params()[i] = float32(r.NormFloat64() * 0.5)
	}
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: T + 2, Loss: cc.loss, Output: cc.out, Optimizer: rnn.DefaultAdam()})
	if err != nil {
		t.Fatal(err)
	}
	var c rnn.Chunk
	rc := cellChunk{}
	for k := range cc.layers {
		h := hiddenOf(t, tr, k)
		hv, cv := make([]float64, hidden), make([]float64, hidden)
		for i := range h {
			h[i] = float32(r.Float64()*1.6 - 0.8)
			hv[i] = float64(h[i])
		}
		if cc.cell == rnn.LSTM {
			cs, err := tr.CellState(k)
			if err != nil {
				t.Fatal(err)
			}
			for i := range cs {
				cs[i] = float32(r.NormFloat64())
				cv[i] = float64(cs[i])
			}
		}
		rc.h0, rc.c0 = append(rc.h0, hv), append(rc.c0, cv)
	}
	for s := range T {
		if cc.tokens {
			x := r.IntN(in)
			c.Tokens = append(c.Tokens, x)
			rc.tokens = append(rc.tokens, x)
		} else {
			row := make([]float64, in)
			for j := range row {
				v := float32(r.NormFloat64())
				c.Inputs = append(c.Inputs, v)
				row[j] = float64(v)
			}
			rc.inputs = append(rc.inputs, row)
		}
		if cc.out == rnn.ManyToOne && s < T-1 {
			continue
		}
		switch cc.loss {
		case rnn.CrossEntropy:
			y := r.IntN(out)
			c.Targets = append(c.Targets, y)
			rc.targets = append(rc.targets, y)
		case rnn.MSE:
			row := make([]float64, out)
			for j := range row {
				v := float32(r.NormFloat64())
				c.Values = append(c.Values, v)
				row[j] = float64(v)
			}
			rc.values = append(rc.values, row)
		}
	}
	ref := &cellRef{cfg: m.Config(), loss: cc.loss, out: cc.out, tokens: cc.tokens}
	for _, v := range m.Params() {
		ref.p = append(ref.p, float64(v))
	}
	return m, tr, c, ref, rc
}

// TestCellGradients checks the LSTM and GRU losses, gradients and carried
// states against the float64 reference, in every kernel tier: every
// tensor's gradient within gradTol of its largest element.
func TestCellGradients(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		var worst float64
		for _, cc := range cellCases() {
			for _, T := range []int{1, 4} {
				name := fmt.Sprintf("%v/T=%d", cc, T)
				_, tr, c, ref, rc := cellSetup(t, cc, 5, 6, 4, T, uint64(T*10+cc.layers))
				loss, err := tr.ForwardBackward(c)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				wantLoss, hT, cT := ref.run(rc)
				if math.Abs(loss-wantLoss) > 1e-5*math.Max(1, math.Abs(wantLoss)) {
					t.Errorf("%s: loss %.9g, want %.9g", name, loss, wantLoss)
				}
				wantG := ref.grad(rc)
				off := 0
				for _, ts := range tr.Grads().Tensors() {
					want := wantG[off : off+len(ts.Data)]
					off += len(ts.Data)
					var maxAbs, maxErr float64
					for i, v := range ts.Data {
						maxAbs = math.Max(maxAbs, math.Abs(want[i]))
						maxErr = math.Max(maxErr, math.Abs(float64(v)-want[i]))
					}
					rel := maxErr / math.Max(maxAbs, 1e-30)
					worst = math.Max(worst, rel)
					if rel > gradTol {
						t.Errorf("%s: %s: max error %.3g relative to max |g| %.3g = %.3g > %g", name, ts.Name, maxErr, maxAbs, rel, gradTol)
					}
				}
				for k := range hT {
					for i, v := range hiddenOf(t, tr, k) {
						if math.Abs(float64(v)-hT[k][i]) > 1e-5 {
							t.Fatalf("%s: carried h of layer %d differs at %d: %g, want %g", name, k, i, v, hT[k][i])
						}
					}
					if cc.cell == rnn.LSTM {
						cs, _ := tr.CellState(k)
						for i, v := range cs {
							if math.Abs(float64(v)-cT[k][i]) > 1e-5*math.Max(1, math.Abs(cT[k][i])) {
								t.Fatalf("%s: carried c of layer %d differs at %d: %g, want %g", name, k, i, v, cT[k][i])
							}
						}
					}
				}
			}
		}
		t.Logf("worst gradient error relative to the tensor's max |g|: %.3g (tolerance %g)", worst, gradTol)
	})
}

// TestCellStreams: a Stream over an LSTM or GRU model, and over its 16-bit
// copies, follows the float64 reference step by step from a zero state.
func TestCellStreams(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, cell := range []rnn.Cell{rnn.LSTM, rnn.GRU} {
			for _, tokens := range []bool{true, false} {
				cc := cellCase{cell, 2, rnn.CrossEntropy, rnn.ManyToOne, tokens}
				m, _, _, ref, rc := cellSetup(t, cc, 7, 9, 7, 6, 5)
				for k := range rc.h0 {
					clear(rc.h0[k])
					clear(rc.c0[k])
				}
				streams := map[string]*rnn.Stream{"f32": m.NewStream()}
				for _, f := range []rnn.Format{rnn.F16, rnn.BF16} {
					hm, err := m.Half(f)
					if err != nil {
						t.Fatal(err)
					}
					streams[f.String()] = hm.NewStream()
				}
				tol := map[string]float64{"f32": 1e-5, "f16": 2e-2, "bf16": 1e-1}
				for name, st := range streams {
					for s := range 6 {
						var y []float32
						var err error
						if tokens {
							y, err = st.StepToken(rc.tokens[s])
						} else {
							x := make([]float32, 7)
							for j, v := range rc.inputs[s] {
								x[j] = float32(v)
							}
							y, err = st.StepVector(x)
						}
						if err != nil {
							t.Fatal(err)
						}
						// The reference's logits after step s: fc applied to
						// its top hidden state after the first s+1 steps.
						sub := rc
						if tokens {
							sub.tokens = rc.tokens[:s+1]
						} else {
							sub.inputs = rc.inputs[:s+1]
						}
						_, hT, _ := ref.run(withTargets(sub, 7))
						top := hT[len(hT)-1]
						by := ref.p[len(ref.p)-7:]
						why := ref.p[len(ref.p)-7-7*9 : len(ref.p)-7]
						for o := range y {
							want := by[o]
							for j, v := range top {
								want += why[o*9+j] * v
							}
							if math.Abs(float64(y[o])-want) > tol[name]*math.Max(1, math.Abs(want)) {
								t.Fatalf("%v tokens=%v %s: step %d output %d = %g, want %g", cell, tokens, name, s, o, y[o], want)
							}
						}
					}
				}
			}
		}
	})
}

// withTargets gives a reference chunk the one ManyToOne target run needs.
func withTargets(c cellChunk, out int) cellChunk {
	c.targets = []int{0}
	c.values = [][]float64{make([]float64, out)}
	return c
}
