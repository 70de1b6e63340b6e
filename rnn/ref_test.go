package rnn_test

import (
	"math"

	"github.com/simdrnn/simdrnn/rnn"
)

// ref is the float64 reference implementation of the model, in plain loops
// over [][]float64 matrices, written independently of the package's code
// (it shares only the parameter order, which TestNewLayout checks).
type ref struct {
	cfg            rnn.Config
	wxh, whh       [][][]float64 // per layer: Hidden x In, Hidden x Hidden
	bh             [][]float64
	why            [][]float64 // Output x Hidden
	by             []float64
	loss           rnn.Loss
	out            rnn.Output
	tokens         bool
	inputsPerLayer []int
}

func mat(d []float32, rows, cols int) [][]float64 {
	m := make([][]float64, rows)
	for i := range m {
		m[i] = make([]float64, cols)
		for j := range m[i] {
			m[i][j] = float64(d[i*cols+j])
		}
	}
	return m
}

func vec(d []float32) []float64 {
	v := make([]float64, len(d))
	for i, x := range d {
		v[i] = float64(x)
	}
	return v
}

func newRef(m *rnn.Model, loss rnn.Loss, out rnn.Output, tokens bool) *ref {
	r := &ref{cfg: m.Config(), loss: loss, out: out, tokens: tokens}
	for _, l := range m.Layers() {
		r.wxh = append(r.wxh, mat(l.Wxh, l.Hidden, l.In))
		r.whh = append(r.whh, mat(l.Whh, l.Hidden, l.Hidden))
		r.bh = append(r.bh, vec(l.Bh))
		r.inputsPerLayer = append(r.inputsPerLayer, l.In)
	}
	r.why = mat(m.Why(), m.Config().Output, m.Config().Hidden)
	r.by = vec(m.By())
	return r
}

// params returns pointers to every parameter in Params order, for finite
// differences and for flattening the gradient.
func (r *ref) params() []*float64 {
	var ps []*float64
	addM := func(m [][]float64) {
		for i := range m {
			for j := range m[i] {
				ps = append(ps, &m[i][j])
			}
		}
	}
	addV := func(v []float64) {
		for i := range v {
			ps = append(ps, &v[i])
		}
	}
	for k := range r.wxh {
		addM(r.wxh[k])
		addM(r.whh[k])
		addV(r.bh[k])
	}
	addM(r.why)
	addV(r.by)
	return ps
}

// refChunk is a chunk in float64 form.
type refChunk struct {
	tokens  []int
	inputs  [][]float64 // steps x Input
	targets []int
	values  [][]float64 // per loss step: Output values
	h0      [][]float64 // per layer initial hidden state
}

// forward returns the loss and the states (hs[k][s], s = 0..T) and output
// gradients needed by backward.
func (r *ref) forward(c refChunk) (loss float64, hs [][][]float64, dys [][]float64) {
	T := len(c.tokens)
	if !r.tokens {
		T = len(c.inputs)
	}
	L, H, O := r.cfg.Layers, r.cfg.Hidden, r.cfg.Output
	hs = make([][][]float64, L)
	for k := range L {
		hs[k] = make([][]float64, T+1)
		hs[k][0] = append([]float64(nil), c.h0[k]...)
		for s := range T {
			h := make([]float64, H)
			for i := range H {
				a := r.bh[k][i]
				switch {
				case k == 0 && r.tokens:
					a += r.wxh[k][i][c.tokens[s]]
				case k == 0:
					for j, x := range c.inputs[s] {
						a += r.wxh[k][i][j] * x
					}
				default:
					for j, x := range hs[k-1][s+1] {
						a += r.wxh[k][i][j] * x
					}
				}
				for j, x := range hs[k][s] {
					a += r.whh[k][i][j] * x
				}
				h[i] = math.Tanh(a)
			}
			hs[k][s+1] = h
		}
	}
	dys = make([][]float64, T)
	first := 0
	if r.out == rnn.ManyToOne {
		first = T - 1
	}
	for s := first; s < T; s++ {
		y := make([]float64, O)
		for i := range O {
			y[i] = r.by[i]
			for j, x := range hs[L-1][s+1] {
				y[i] += r.why[i][j] * x
			}
		}
		dy := make([]float64, O)
		switch r.loss {
		case rnn.CrossEntropy:
			tgt := c.targets[s-first]
			mx := math.Inf(-1)
			for _, v := range y {
				mx = math.Max(mx, v)
			}
			var z float64
			for _, v := range y {
				z += math.Exp(v - mx)
			}
			loss += math.Log(z) + mx - y[tgt]
			for i, v := range y {
				dy[i] = math.Exp(v-mx) / z
			}
			dy[tgt] -= 1
		case rnn.MSE:
			for i, v := range y {
				d := v - c.values[s-first][i]
				loss += d * d / float64(O)
				dy[i] = 2 * d / float64(O)
			}
		}
		dys[s] = dy
	}
	return loss, hs, dys
}

// lossGrad returns the loss and its analytic gradient in Params order.
func (r *ref) lossGrad(c refChunk) (float64, []float64) {
	loss, hs, dys := r.forward(c)
	T := len(dys)
	L, H, O := r.cfg.Layers, r.cfg.Hidden, r.cfg.Output
	g := &ref{cfg: r.cfg}
	for k := range L {
		g.wxh = append(g.wxh, zeros(H, r.inputsPerLayer[k]))
		g.whh = append(g.whh, zeros(H, H))
		g.bh = append(g.bh, make([]float64, H))
	}
	g.why = zeros(O, H)
	g.by = make([]float64, O)
	// dh[s] is dL/dh_{s+1} of the current layer from above.
	dh := make([][]float64, T)
	for s := range T {
		dh[s] = make([]float64, H)
		if dys[s] == nil {
			continue
		}
		for i := range O {
			g.by[i] += dys[s][i]
			for j := range H {
				g.why[i][j] += dys[s][i] * hs[L-1][s+1][j]
				dh[s][j] += r.why[i][j] * dys[s][i]
			}
		}
	}
	for k := L - 1; k >= 0; k-- {
		below := make([][]float64, T)
		next := make([]float64, H) // dL/dh_s from step s+1
		for s := T - 1; s >= 0; s-- {
			d := make([]float64, H)
			for i := range H {
				h := hs[k][s+1][i]
				d[i] = (dh[s][i] + next[i]) * (1 - h*h)
			}
			next = make([]float64, H)
			for i := range H {
				g.bh[k][i] += d[i]
				for j := range H {
					g.whh[k][i][j] += d[i] * hs[k][s][j]
					next[j] += r.whh[k][i][j] * d[i]
				}
				switch {
				case k == 0 && r.tokens:
					g.wxh[k][i][c.tokens[s]] += d[i]
				case k == 0:
					for j, x := range c.inputs[s] {
						g.wxh[k][i][j] += d[i] * x
					}
				default:
					for j, x := range hs[k-1][s+1] {
						g.wxh[k][i][j] += d[i] * x
					}
				}
			}
			if k > 0 {
				below[s] = make([]float64, H)
				for i := range H {
					for j := range H {
						below[s][j] += r.wxh[k][i][j] * d[i]
					}
				}
			}
		}
		dh = below
	}
	var flat []float64
	for _, p := range g.params() {
		flat = append(flat, *p)
	}
	return loss, flat
}

func zeros(r, c int) [][]float64 {
	m := make([][]float64, r)
	for i := range m {
		m[i] = make([]float64, c)
	}
	return m
}

// finalHidden returns the top... every layer's hidden state after the chunk.
func (r *ref) finalHidden(c refChunk) [][]float64 {
	_, hs, _ := r.forward(c)
	out := make([][]float64, len(hs))
	for k := range hs {
		out[k] = hs[k][len(hs[k])-1]
	}
	return out
}
