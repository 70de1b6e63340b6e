package rnn

import "github.com/simdrnn/simdrnn/kernels"

// The LSTM and GRU passes of the Trainer, and the input side every cell
// shares (inputProjection, inputGradients). Each step works on whole rows
// of H units through the fused kernels (kernels.LSTMForward, LSTMBackward,
// GRUForward, GRUBackward), whose contracts let a caller split the units
// into ranges or loop over the rows of a batch; the matrix products are
// the same kernels the RNN uses.

// inputProjection sets row, a G*H vector, to b1 (+ b2 when not nil) + W x_s
// for layer k's input at step s: a column of W for a token of layer 0, a
// matrix-vector product otherwise.
func (t *Trainer) inputProjection(row []float32, k, s int, c Chunk, b1, b2 []float32) {
	l := &t.m.layers[k]
	In := l.In
	switch {
	case k == 0 && c.Tokens != nil:
		gatherCol(row, l.Wxh, b1, c.Tokens[s], In)
	case k == 0:
		copy(row, b1)
		kernels.MatVecAdd(row, l.Wxh, c.Inputs[s*In:(s+1)*In])
	default:
		copy(row, b1)
		kernels.MatVecAdd(row, l.Wxh, t.hs[k-1][(s+1)*In:(s+2)*In])
	}
	if b2 != nil {
		kernels.Axpy(1, b2, row)
	}
}

// inputGradients accumulates layer k's input-side gradients over T steps
// from d, the T x G*H gradient of its input projections: dWxh, dBh and
// the gradient of the layer below's outputs.
func (t *Trainer) inputGradients(k, T int, c Chunk, d []float32) {
	l, gl := &t.m.layers[k], &t.g.layers[k]
	In, GH := l.In, len(l.Bh)
	d = d[:T*GH]
	switch {
	case k == 0 && c.Tokens != nil:
		for s, x := range c.Tokens[:T] {
			scatterCol(gl.Wxh, d[s*GH:(s+1)*GH], x, In)
		}
	case k == 0:
		kernels.GerK(gl.Wxh, 1, d, c.Inputs[:T*In], T)
	default:
		kernels.GerK(gl.Wxh, 1, d, t.hs[k-1][In:(T+1)*In], T)
	}
	for s := range T {
		kernels.Axpy(1, d[s*GH:(s+1)*GH], gl.Bh)
		if k > 0 {
			kernels.MatVecT(t.dh[k-1][s*In:(s+1)*In], l.Wxh, d[s*GH:(s+1)*GH])
		}
	}
}

// forwardLSTM runs every LSTM layer over T steps: gates[s] = b_ih + b_hh +
// W_ih x_s + W_hh h_{s-1}, then the fused step leaves the activations in
// gates[s] and c_s, h_s in cs and hs.
func (t *Trainer) forwardLSTM(c Chunk, T int) {
	for k := range t.m.layers {
		l := &t.m.layers[k]
		H := l.Hidden
		hs, cs, gates := t.hs[k], t.cs[k], t.gates[k]
		copy(hs[:H], t.carry[k])
		copy(cs[:H], t.carryC[k])
		for s := range T {
			t.inputProjection(gates[s*4*H:(s+1)*4*H], k, s, c, l.Bh, l.Bhh)
		}
		for s := range T {
			a := gates[s*4*H : (s+1)*4*H]
			kernels.MatVecAdd(a, l.Whh, hs[s*H:(s+1)*H])
			kernels.LSTMForward(a[:H], a[H:2*H], a[2*H:3*H], a[3*H:], cs[s*H:(s+1)*H], cs[(s+1)*H:(s+2)*H], hs[(s+1)*H:(s+2)*H])
		}
		copy(t.carry[k], hs[T*H:(T+1)*H])
		copy(t.carryC[k], cs[T*H:(T+1)*H])
	}
}

// backwardLSTM propagates the top layer's dh back through time and down
// the LSTM layers, accumulating the weight gradients.
func (t *Trainer) backwardLSTM(c Chunk, T int) {
	for k := len(t.m.layers) - 1; k >= 0; k-- {
		l, gl := &t.m.layers[k], &t.g.layers[k]
		H := l.Hidden
		hs, cs, gates, dh, dr := t.hs[k], t.cs[k], t.gates[k], t.dh[k], t.dr[k]
		dc := t.dc
		clear(dc)
		for s := T - 1; s >= 0; s-- {
			a, d := gates[s*4*H:(s+1)*4*H], dr[s*4*H:(s+1)*4*H]
			kernels.LSTMBackward(d[:H], d[H:2*H], d[2*H:3*H], d[3*H:], a[:H], a[H:2*H], a[2*H:3*H], a[3*H:],
				cs[s*H:(s+1)*H], cs[(s+1)*H:(s+2)*H], dh[s*H:(s+1)*H], dc)
			if s > 0 {
				kernels.MatVecTAdd(dh[(s-1)*H:s*H], l.Whh, d)
			}
		}
		kernels.GerK(gl.Whh, 1, dr[:T*4*H], hs[:T*H], T)
		t.inputGradients(k, T, c, dr)
		copy(gl.Bhh, gl.Bh) // the two biases have the same gradient
	}
}

// forwardGRU runs every GRU layer over T steps: gates[s] = b_ih + W_ih x_s
// and hp[s] = b_hh + W_hh h_{s-1}, then the fused step leaves the
// activations in gates[s] and h_s in hs (hp[s] keeps W_hn h + b_hn for the
// backward pass).
func (t *Trainer) forwardGRU(c Chunk, T int) {
	for k := range t.m.layers {
		l := &t.m.layers[k]
		H := l.Hidden
		hs, gates, hp := t.hs[k], t.gates[k], t.hp[k]
		copy(hs[:H], t.carry[k])
		for s := range T {
			t.inputProjection(gates[s*3*H:(s+1)*3*H], k, s, c, l.Bh, nil)
		}
		for s := range T {
			a, p := gates[s*3*H:(s+1)*3*H], hp[s*3*H:(s+1)*3*H]
			copy(p, l.Bhh)
			kernels.MatVecAdd(p, l.Whh, hs[s*H:(s+1)*H])
			kernels.GRUForward(a[:H], a[H:2*H], a[2*H:], p[:H], p[H:2*H], p[2*H:], hs[s*H:(s+1)*H], hs[(s+1)*H:(s+2)*H])
		}
		copy(t.carry[k], hs[T*H:(T+1)*H])
	}
}

// backwardGRU propagates the top layer's dh back through time and down the
// GRU layers, accumulating the weight gradients.
func (t *Trainer) backwardGRU(c Chunk, T int) {
	for k := len(t.m.layers) - 1; k >= 0; k-- {
		l, gl := &t.m.layers[k], &t.g.layers[k]
		H := l.Hidden
		hs, gates, hp, dh, dr, dhp := t.hs[k], t.gates[k], t.hp[k], t.dh[k], t.dr[k], t.dhp[k]
		for s := T - 1; s >= 0; s-- {
			a, p := gates[s*3*H:(s+1)*3*H], hp[s*3*H:(s+1)*3*H]
			d, dp := dr[s*3*H:(s+1)*3*H], dhp[s*3*H:(s+1)*3*H]
			kernels.GRUBackward(d[:H], d[H:2*H], d[2*H:], dp[2*H:], t.tmp, a[:H], a[H:2*H], a[2*H:], p[2*H:], hs[s*H:(s+1)*H], dh[s*H:(s+1)*H])
			copy(dp[:2*H], d[:2*H]) // r and z: the same gradient on both sides
			if s > 0 {
				prev := dh[(s-1)*H : s*H]
				kernels.Axpy(1, t.tmp, prev)
				kernels.MatVecTAdd(prev, l.Whh, dp)
			}
		}
		kernels.GerK(gl.Whh, 1, dhp[:T*3*H], hs[:T*H], T)
		for s := range T {
			kernels.Axpy(1, dhp[s*3*H:(s+1)*3*H], gl.Bhh)
		}
		t.inputGradients(k, T, c, dr)
	}
}
