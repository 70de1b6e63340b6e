package rnn

import "github.com/simdrnn/simdrnn/kernels"

// The forward pass of every cell, the LSTM and GRU backward passes, and the
// input side every cell shares (inputProjection, inputGradients). A step
// of a layer works on a B x width block of rows, a row per stream
// (stepLayer): the recurrent product is one product over the block
// (batchMat), and the element-wise work runs through the fused kernels
// (kernels.LSTMForward, LSTMBackward, GRUForward, GRUBackward) row by row.
// The input projections, the output layer and the weight gradients are
// products over all the chunk's T*B rows (mulWT, mulW, accumOuter).

// stepLayer runs one step of a layer of the given cell and hidden size H
// for B rows (streams) at once; every buffer holds a row per stream, rows
// of G*H (a, hp) or H (hPrev, h, cPrev, c) values. On entry a holds each
// row's input projection, W_ih x + b_ih (LSTM: + b_hh), and hPrev (and
// cPrev) the state before the step. whh is the layer's W_hh, its W^T
// packed (batchMat.packT) when it multiplies through Gemm; bhh is b_hh
// (GRU only); ws is the products' workspace.
//
// It writes the new hidden state into h (and the cell state into c). The
// RNN leaves the pre-activations in a (h may be a itself); the LSTM leaves
// the gate activations in a and the GRU those of W_ih x + b_ih, with the
// hidden parts W_hh h + b_hh in hp (what the backward passes read). h may
// be hPrev and, for the LSTM, c may be cPrev (the state updated in place,
// as a StreamBatch does); otherwise the buffers must not overlap. hp is used by
// the GRU only and c, cPrev by the LSTM only.
//
// It is the step of the Trainer's forward pass and needs nothing of the
// Trainer: a StreamBatch steps its streams with it, with W_hh packed once
// for weights that do not change (newBatchMatrix, also for 16-bit
// weights).
func stepLayer(cell Cell, B, H int, whh *batchMat, bhh, a, hp, hPrev, h, cPrev, c []float32, ws *kernels.Workspace) {
	BH := B * H
	switch cell {
	case LSTM:
		whh.mulAdd(a, hPrev[:BH], B, ws)
		for b := range B {
			a := a[b*4*H : (b+1)*4*H]
			o, e := b*H, (b+1)*H
			kernels.LSTMForward(a[:H], a[H:2*H], a[2*H:3*H], a[3*H:], cPrev[o:e], c[o:e], h[o:e])
		}
	case GRU:
		for b := range B {
			copy(hp[b*3*H:(b+1)*3*H], bhh)
		}
		whh.mulAdd(hp, hPrev[:BH], B, ws)
		for b := range B {
			a, p := a[b*3*H:(b+1)*3*H], hp[b*3*H:(b+1)*3*H]
			o, e := b*H, (b+1)*H
			kernels.GRUForward(a[:H], a[H:2*H], a[2*H:], p[:H], p[H:2*H], p[2*H:], hPrev[o:e], h[o:e])
		}
	default:
		whh.mulAdd(a, hPrev[:BH], B, ws)
		kernels.Tanh(h[:BH], a[:BH])
	}
}

// forward computes the hidden states of every layer over T steps: the
// input projections of all the chunk's rows first (inputProjection), then
// the recurrence a step of B rows at a time (stepLayer). The RNN's
// pre-activations are its hidden states' rows (Tanh in place); the LSTM's
// and GRU's are in gates (and the GRU's hidden parts in hp).
func (t *Trainer) forward(c Chunk, T int) {
	B := t.b
	for k := range t.m.layers {
		l := &t.m.layers[k]
		H, GH := l.Hidden, len(l.Bh)
		BH, BG := B*H, B*GH
		hs := t.hs[k]
		copy(hs[:BH], t.carry[k])
		var a, hp, cs []float32
		switch l.Cell {
		case LSTM:
			a, cs = t.gates[k], t.cs[k]
			copy(cs[:BH], t.carryC[k])
			t.inputProjection(a, k, T, c, l.Bh, l.Bhh)
		case GRU:
			a, hp = t.gates[k], t.hp[k]
			t.inputProjection(a, k, T, c, l.Bh, nil)
		default:
			a = hs[BH:]
			t.inputProjection(a, k, T, c, l.Bh, nil)
		}
		rec := &t.rec[k]
		rec.packT()
		for s := range T {
			stepLayer(l.Cell, B, H, rec, l.Bhh, a[s*BG:(s+1)*BG], block(hp, s, BG), hs[s*BH:(s+1)*BH], hs[(s+1)*BH:(s+2)*BH],
				block(cs, s, BH), block(cs, s+1, BH), &t.ws)
		}
		copy(t.carry[k], hs[T*BH:(T+1)*BH])
		if cs != nil {
			copy(t.carryC[k], cs[T*BH:(T+1)*BH])
		}
	}
}

// block returns block i of n elements of x, or nil when x is nil.
func block(x []float32, i, n int) []float32 {
	if x == nil {
		return nil
	}
	return x[i*n : (i+1)*n]
}

// inputProjection sets dst, T*B rows of G*H, to b1 (+ b2 when not nil) +
// W_ih x for layer k's input at each row of the chunk: a column of W_ih
// for a token of layer 0, otherwise one product over all the rows (a
// matrix-vector product per row at B = 1).
func (t *Trainer) inputProjection(dst []float32, k, T int, c Chunk, b1, b2 []float32) {
	l := &t.m.layers[k]
	In, GH, n := l.In, len(b1), T*t.b
	var x []float32 // the layer's dense inputs, n x In
	switch {
	case k == 0 && c.Tokens != nil:
		for r, tok := range c.Tokens[:n] {
			row := dst[r*GH : (r+1)*GH]
			gatherCol(row, l.Wxh, b1, tok, In)
			if b2 != nil {
				kernels.Axpy(1, b2, row)
			}
		}
		return
	case k == 0:
		x = c.Inputs[:n*In]
	default:
		x = t.hs[k-1][t.b*In : (n+t.b)*In]
	}
	if t.perRow {
		for r := range n {
			row := dst[r*GH : (r+1)*GH]
			copy(row, b1)
			kernels.MatVecAdd(row, l.Wxh, x[r*In:(r+1)*In])
			if b2 != nil {
				kernels.Axpy(1, b2, row)
			}
		}
		return
	}
	for r := range n {
		row := dst[r*GH : (r+1)*GH]
		copy(row, b1)
		if b2 != nil {
			kernels.Axpy(1, b2, row)
		}
	}
	mulWT(dst[:n*GH], x, l.Wxh, n, GH, In, &t.ws)
}

// inputGradients accumulates layer k's input-side gradients over the T*B
// rows of the chunk from d, the T*B x G*H gradient of its input
// projections: dWxh, dBh and the gradient of the layer below's outputs.
func (t *Trainer) inputGradients(k, T int, c Chunk, d []float32) {
	l, gl := &t.m.layers[k], &t.g.layers[k]
	In, GH, n := l.In, len(l.Bh), T*t.b
	d = d[:n*GH]
	switch {
	case k == 0 && c.Tokens != nil && t.dxT != nil:
		// Rows of the same token summed contiguously (dxT is In x GH),
		// then added to their column of dWxh once.
		clear(t.dxT)
		for r, x := range c.Tokens[:n] {
			kernels.Axpy(1, d[r*GH:(r+1)*GH], t.dxT[x*GH:(x+1)*GH])
		}
		for x := range In {
			scatterCol(gl.Wxh, t.dxT[x*GH:(x+1)*GH], x, In)
		}
	case k == 0 && c.Tokens != nil:
		for r, x := range c.Tokens[:n] {
			scatterCol(gl.Wxh, d[r*GH:(r+1)*GH], x, In)
		}
	case k == 0:
		accumOuter(t.perRow, gl.Wxh, d, c.Inputs[:n*In], n, GH, In, &t.ws)
	default:
		accumOuter(t.perRow, gl.Wxh, d, t.hs[k-1][t.b*In:(n+t.b)*In], n, GH, In, &t.ws)
	}
	for r := range n {
		kernels.Axpy(1, d[r*GH:(r+1)*GH], gl.Bh)
	}
	if k == 0 {
		return
	}
	below := t.dh[k-1][:n*In] // dL/dh of the layer below = d W_ih
	if t.perRow {
		for r := range n {
			kernels.MatVecT(below[r*In:(r+1)*In], l.Wxh, d[r*GH:(r+1)*GH])
		}
		return
	}
	clear(below)
	mulW(below, d, l.Wxh, n, GH, In, &t.ws)
}

// backwardLSTM propagates the top layer's dh back through time and down
// the LSTM layers, accumulating the weight gradients.
func (t *Trainer) backwardLSTM(c Chunk, T int) {
	B := t.b
	for k := len(t.m.layers) - 1; k >= 0; k-- {
		l, gl := &t.m.layers[k], &t.g.layers[k]
		H := l.Hidden
		BH, BG := B*H, B*4*H
		hs, cs, gates, dh, dr, rec := t.hs[k], t.cs[k], t.gates[k], t.dh[k], t.dr[k], &t.rec[k]
		rec.packN()
		dc := t.dc
		clear(dc)
		for s := T - 1; s >= 0; s-- {
			for b := range B {
				r := s*B + b // the row of stream b at step s
				a, d := gates[r*4*H:(r+1)*4*H], dr[r*4*H:(r+1)*4*H]
				kernels.LSTMBackward(d[:H], d[H:2*H], d[2*H:3*H], d[3*H:], a[:H], a[H:2*H], a[2*H:3*H], a[3*H:],
					cs[r*H:(r+1)*H], cs[(r+B)*H:(r+B+1)*H], dh[r*H:(r+1)*H], dc[b*H:(b+1)*H])
			}
			if s > 0 {
				rec.mulTAdd(dh[(s-1)*BH:s*BH], dr[s*BG:(s+1)*BG], B, &t.ws)
			}
		}
		accumOuter(t.perRow, gl.Whh, dr[:T*BG], hs[:T*BH], T*B, 4*H, H, &t.ws)
		t.inputGradients(k, T, c, dr)
		copy(gl.Bhh, gl.Bh) // the two biases have the same gradient
	}
}

// backwardGRU propagates the top layer's dh back through time and down the
// GRU layers, accumulating the weight gradients.
func (t *Trainer) backwardGRU(c Chunk, T int) {
	B := t.b
	for k := len(t.m.layers) - 1; k >= 0; k-- {
		l, gl := &t.m.layers[k], &t.g.layers[k]
		H := l.Hidden
		BH, BG := B*H, B*3*H
		hs, gates, hp, dh, dr, dhp, rec := t.hs[k], t.gates[k], t.hp[k], t.dh[k], t.dr[k], t.dhp[k], &t.rec[k]
		rec.packN()
		for s := T - 1; s >= 0; s-- {
			for b := range B {
				r := s*B + b
				a, p := gates[r*3*H:(r+1)*3*H], hp[r*3*H:(r+1)*3*H]
				d, dp := dr[r*3*H:(r+1)*3*H], dhp[r*3*H:(r+1)*3*H]
				kernels.GRUBackward(d[:H], d[H:2*H], d[2*H:], dp[2*H:], t.tmp[b*H:(b+1)*H], a[:H], a[H:2*H], a[2*H:], p[2*H:], hs[r*H:(r+1)*H], dh[r*H:(r+1)*H])
				copy(dp[:2*H], d[:2*H]) // r and z: the same gradient on both sides
			}
			if s > 0 {
				prev := dh[(s-1)*BH : s*BH]
				kernels.Axpy(1, t.tmp[:BH], prev)
				rec.mulTAdd(prev, dhp[s*BG:(s+1)*BG], B, &t.ws)
			}
		}
		accumOuter(t.perRow, gl.Whh, dhp[:T*BG], hs[:T*BH], T*B, 3*H, H, &t.ws)
		for r := range T * B {
			kernels.Axpy(1, dhp[r*3*H:(r+1)*3*H], gl.Bhh)
		}
		t.inputGradients(k, T, c, dr)
	}
}
