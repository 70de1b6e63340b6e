package rnn

import (
	"math"
	"runtime"

	"github.com/simdrnn/simdrnn/internal/team"
	"github.com/simdrnn/simdrnn/kernels"
)

// Training on several goroutines (Threads given to NewTrainer). A step of
// a batch runs as a sequence of runs of the trainer's team, each split
// among the workers so that every element is computed by exactly the
// operations a one-goroutine step uses, in the same order:
//
//   - products through kernels.GemmPart, GemmPackedPart and GerKPart (the
//     kernels' split of one product, bit for bit the whole product), and
//     the packed copies of W_hh through PackedB.PackPart; a product over a
//     layer's gates is cut into G*n parts, worker w taking part g*n+w of
//     each gate g, so that its columns (or rows) are those of its units;
//   - the cells' element-wise kernels over ranges of units that start at
//     multiples of 16, for every row of the step;
//   - row-wise work (input projections, losses) over ranges of rows, and
//     column-wise sums over the chunk's rows (bias gradients, token
//     gradients) over ranges of columns, each summing its rows in order;
//   - the optimizer over ranges of parameters that start at multiples of
//     normBlock, the clipping norm added up from the blocks' sums in order.
//
// What does not split (the carried state's copies, the output bias's
// gradient, the sum of the rows' losses) runs on the calling goroutine.

// The runs of a training step (trainThreads.phase).
const (
	tpClear    = iota // zero the gradients and every layer's dh
	tpProjInit        // layer's input projection rows: biases (and token columns)
	tpProjGemm        // layer's input projection products
	tpPack            // layer's W_hh packed (W^T for the forward pass, W for the backward)
	tpStepProd        // a step's recurrent products
	tpStepCell        // a step's cell
	tpOutInit         // the logits' rows set to the output bias
	tpOutGemm         // the logits' products
	tpOutLoss         // each row's loss and gradient w.r.t. its logits
	tpOutGrad         // the top layer's dh and dWhy
	tpBackCell        // a step's cell backward
	tpBackProd        // dh of the step before += d W_hh
	tpBackGrad        // a layer's weight and bias gradients and the layer below's dh
	tpClip            // the optimizer's clipping by value and the norm's block sums
	tpApply           // the optimizer's update
)

// trainThreads is a Trainer's team and the state of its current run.
type trainThreads struct {
	tm      *team.Team
	n       int
	ws      []kernels.Workspace // ws[w] is worker w's (w >= 1); worker 0 uses Trainer.ws
	phase   int
	layer   int
	step    int
	T       int
	c       Chunk     // the chunk of the current step (cleared after it)
	rowLoss []float64 // each loss row's loss
	blocks  []float64 // the sums of squares of the gradients' blocks of normBlock
	scale   float32   // the clipping factor of the current update (0: none)
}

// trainJob is a Trainer as its team's job: one part per worker.
type trainJob Trainer

// Parts returns 1: a worker's share of a run is one part.
func (j *trainJob) Parts(w int) int { return 1 }

// Do runs worker w's share of the current run.
func (j *trainJob) Do(w, _ int) { (*Trainer)(j).doShare(w) }

// startThreads splits the trainer's steps over n goroutines (0:
// automatic), for a batch of more than one stream.
func (t *Trainer) startThreads(n int) {
	if n == 0 {
		n = runtime.GOMAXPROCS(0)
	}
	if n < 2 || t.b < 2 {
		return
	}
	th := &trainThreads{n: n, ws: make([]kernels.Workspace, n)}
	th.rowLoss = make([]float64, t.cfg.Seq*t.b)
	th.blocks = make([]float64, blocks(len(t.m.params), normBlock))
	th.tm = team.New(n)
	team.Attach(t, th.tm)
	t.th = th
}

// Threads returns the number of goroutines the trainer's steps run on: 1
// without the Threads option, for a batch of one stream, or after Close.
func (t *Trainer) Threads() int {
	if t.th == nil || t.th.tm.Closed() {
		return 1
	}
	return t.th.n
}

// Close stops the goroutines of a trainer made with Threads and waits for
// them to exit. The trainer stays usable and its results do not change:
// later steps run on the calling goroutine. Close is idempotent; it must
// not run concurrently with a step.
func (t *Trainer) Close() {
	if t.th != nil {
		t.th.tm.Close()
	}
}

// run runs one phase on the team.
func (t *Trainer) run(phase, k, s int) {
	th := t.th
	th.phase, th.layer, th.step = phase, k, s
	th.tm.Run((*trainJob)(t))
}

// wsOf returns worker w's workspace.
func (t *Trainer) wsOf(w int) *kernels.Workspace {
	if w == 0 {
		return &t.ws
	}
	return &t.th.ws[w]
}

// partRange returns worker w's range of total items shared among n
// workers in blocks of q.
func partRange(total, q, w, n int) (lo, hi int) {
	nb := blocks(total, q)
	return min(w*nb/n*q, total), min((w+1)*nb/n*q, total)
}

// forwardBackwardThreads is forwardBackward on the team.
func (t *Trainer) forwardBackwardThreads(c Chunk, T int) float64 {
	th := t.th
	th.c, th.T = c, T
	defer func() { th.c = Chunk{} }()
	B := t.b
	for k := range t.m.layers {
		l := &t.m.layers[k]
		BH := B * l.Hidden
		copy(t.hs[k][:BH], t.carry[k])
		if l.Cell == LSTM {
			copy(t.cs[k][:BH], t.carryC[k])
		}
		t.run(tpProjInit, k, 0)
		if k > 0 || c.Tokens == nil {
			t.run(tpProjGemm, k, 0)
		}
		if rec := &t.rec[k]; rec.gemm {
			if rec.wt.Valid() && rec.wn.Valid() {
				t.run(tpPack, k, 0)
			} else {
				rec.packT()
				rec.packN()
			}
		}
		for s := range T {
			t.run(tpStepProd, k, s)
			t.run(tpStepCell, k, s)
		}
		copy(t.carry[k], t.hs[k][T*BH:(T+1)*BH])
		if l.Cell == LSTM {
			copy(t.carryC[k], t.cs[k][T*BH:(T+1)*BH])
		}
	}

	// The output layer.
	t.run(tpClear, 0, 0)
	t.run(tpOutInit, 0, 0)
	t.run(tpOutGemm, 0, 0)
	t.run(tpOutLoss, 0, 0)
	first, end := t.lossRows(T)
	O := t.m.cfg.Output
	var loss float64
	for r := range end - first {
		loss += th.rowLoss[r]
		kernels.Axpy(1, t.logits[(first+r)*O:(first+r+1)*O], t.g.by) // dBy += dy
	}
	if B > 1 {
		loss /= float64(B)
	}
	t.run(tpOutGrad, 0, 0)

	// The backward pass.
	for k := len(t.m.layers) - 1; k >= 0; k-- {
		if t.m.cfg.Cell == LSTM {
			clear(t.dc)
		}
		for s := T - 1; s >= 0; s-- {
			t.run(tpBackCell, k, s)
			if s > 0 {
				t.run(tpBackProd, k, s)
			}
		}
		t.run(tpBackGrad, k, 0)
		if gl := &t.g.layers[k]; t.m.cfg.Cell == LSTM {
			copy(gl.Bhh, gl.Bh) // the two biases have the same gradient
		}
	}
	return loss
}

// lossRows returns the rows of the chunk's T*B where the loss applies.
func (t *Trainer) lossRows(T int) (first, end int) {
	first, end = 0, T*t.b
	if t.cfg.Output == ManyToOne {
		first = (T - 1) * t.b
	}
	return first, end
}

// updateThreads is Update on the team.
func (t *Trainer) updateThreads() {
	t.iter++
	th := t.th
	o := &t.opt
	th.scale = 0
	if o.ClipValue > 0 || o.ClipNorm > 0 {
		t.run(tpClip, 0, 0)
	}
	if o.ClipNorm > 0 {
		var s float64
		for _, b := range th.blocks {
			s += b
		}
		th.scale = o.normScale(math.Sqrt(s))
	}
	t.run(tpApply, 0, 0)
}

// doShare runs worker w's share of the current run.
func (t *Trainer) doShare(w int) {
	th := t.th
	n, k, s, T, c := th.n, th.layer, th.step, th.T, th.c
	B := t.b
	ws := t.wsOf(w)
	m, g := t.m, t.g
	H, O := m.cfg.Hidden, m.cfg.Output
	var l *Layer
	var GH, BH, BG int
	if k < len(m.layers) {
		l = &m.layers[k]
		GH = len(l.Bh)
		BH, BG = B*H, B*GH
	}
	switch th.phase {
	case tpClear:
		lo, hi := partRange(len(g.params), normBlock, w, n)
		clear(g.params[lo:hi])
		// dh by units, the columns this worker's cells and products write.
		u0, u1 := partRange(H, 16, w, n)
		for _, dh := range t.dh {
			for r := range T * B {
				clear(dh[r*H+u0 : r*H+u1])
			}
		}

	case tpProjInit:
		// By units of every gate: the columns this worker's cell reads, so
		// that they stay in its core's caches.
		u0, u1 := partRange(H, 16, w, n)
		if u0 == u1 {
			return
		}
		a := t.projDst(k)
		var b2, hp []float32
		switch l.Cell {
		case LSTM:
			b2 = l.Bhh
		case GRU:
			hp = t.hp[k]
		}
		for r := range T * B {
			for gc := 0; gc < GH; gc += H {
				c0, c1 := gc+u0, gc+u1
				row := a[r*GH+c0 : r*GH+c1]
				if k == 0 && c.Tokens != nil {
					gatherCol(row, l.Wxh[c0*l.In:], l.Bh[c0:c1], c.Tokens[r], l.In)
				} else {
					copy(row, l.Bh[c0:c1])
				}
				if b2 != nil {
					kernels.Axpy(1, b2[c0:c1], row)
				}
				if hp != nil {
					copy(hp[r*GH+c0:r*GH+c1], l.Bhh[c0:c1])
				}
			}
		}

	case tpProjGemm:
		rows, In := T*B, l.In
		var x []float32
		if k == 0 {
			x = c.Inputs[:rows*In]
		} else {
			x = t.hs[k-1][B*In : (rows+B)*In]
		}
		G := l.Cell.Gates()
		for g := range G {
			kernels.GemmPart(g*n+w, G*n, false, true, rows, GH, In, x, In, l.Wxh[:GH*In], In, t.projDst(k)[:rows*GH], GH, ws)
		}

	case tpPack:
		rec := &t.rec[k]
		rec.wt.PackPart(w, n, true, rec.w, rec.k)
		rec.wn.PackPart(w, n, false, rec.w, rec.k)

	case tpStepProd:
		rec := &t.rec[k]
		hPrev := t.hs[k][s*BH : (s+1)*BH]
		dst := t.projDst(k)
		if l.Cell == GRU {
			dst = t.hp[k]
		}
		dst = dst[s*BG : (s+1)*BG]
		if rec.gemm && stepGemm(B, rec.n, rec.k) {
			G := l.Cell.Gates()
			for g := range G {
				kernels.GemmPackedPart(g*n+w, G*n, false, B, hPrev, H, &rec.wt, dst, GH, ws)
			}
			return
		}
		b0, b1 := partRange(B, 1, w, n)
		for b := b0; b < b1; b++ {
			kernels.MatVecAdd(dst[b*GH:(b+1)*GH], rec.w, hPrev[b*H:(b+1)*H])
		}

	case tpStepCell:
		u0, u1 := partRange(H, 16, w, n)
		if u0 == u1 {
			return
		}
		hPrev, h := t.hs[k][s*BH:(s+1)*BH], t.hs[k][(s+1)*BH:(s+2)*BH]
		for b := range B {
			o := b * H
			switch l.Cell {
			case LSTM:
				a := t.gates[k][(s*B+b)*GH:]
				cs := t.cs[k]
				kernels.LSTMForward(a[u0:u1], a[H+u0:H+u1], a[2*H+u0:2*H+u1], a[3*H+u0:3*H+u1],
					cs[s*BH+o+u0:s*BH+o+u1], cs[(s+1)*BH+o+u0:(s+1)*BH+o+u1], h[o+u0:o+u1])
			case GRU:
				a, p := t.gates[k][(s*B+b)*GH:], t.hp[k][(s*B+b)*GH:]
				kernels.GRUForward(a[u0:u1], a[H+u0:H+u1], a[2*H+u0:2*H+u1], p[u0:u1], p[H+u0:H+u1], p[2*H+u0:2*H+u1],
					hPrev[o+u0:o+u1], h[o+u0:o+u1])
			default:
				kernels.Tanh(h[o+u0:o+u1], h[o+u0:o+u1])
			}
		}

	case tpOutInit:
		first, end := t.lossRows(T)
		r0, r1 := partRange(end-first, 1, w, n)
		for r := first + r0; r < first+r1; r++ {
			copy(t.logits[r*O:(r+1)*O], m.by)
		}

	case tpOutGemm:
		first, end := t.lossRows(T)
		top := len(m.layers) - 1
		h := t.hs[top][(first+B)*H : (end+B)*H]
		kernels.GemmPart(w, n, false, true, end-first, O, H, h, H, m.why, H, t.logits[first*O:end*O], O, ws)

	case tpOutLoss:
		first, end := t.lossRows(T)
		r0, r1 := partRange(end-first, 1, w, n)
		ys := t.logits[first*O : end*O]
		for r := r0; r < r1; r++ {
			y := ys[r*O : (r+1)*O]
			switch t.cfg.Loss {
			case CrossEntropy:
				th.rowLoss[r] = float64(kernels.SoftmaxCrossEntropy(y, y, c.Targets[r]))
			case MSE:
				th.rowLoss[r] = mseGrad(y, c.Values[r*O:(r+1)*O])
			}
			kernels.Scale(1/float32(B), y)
		}

	case tpOutGrad:
		first, end := t.lossRows(T)
		rows := end - first
		top := len(m.layers) - 1
		h := t.hs[top][(first+B)*H : (end+B)*H]
		ys := t.logits[first*O : end*O]
		// dh = dy Why, and dWhy += sum_r dy_r h_r^T.
		kernels.GemmPart(w, n, false, false, rows, H, O, ys, O, m.why, H, t.dh[top][first*H:end*H], H, ws)
		accumOuterPart(w, n, g.why, ys, h, rows, O, H, ws)

	case tpBackCell:
		u0, u1 := partRange(H, 16, w, n)
		if u0 == u1 {
			return
		}
		hs, dh, dr := t.hs[k], t.dh[k], t.dr[k]
		for b := range B {
			r := s*B + b // the row of stream b at step s
			o := r * H
			switch l.Cell {
			case LSTM:
				a, d := t.gates[k][r*GH:], dr[r*GH:]
				cs, dc := t.cs[k], t.dc[b*H:]
				kernels.LSTMBackward(d[u0:u1], d[H+u0:H+u1], d[2*H+u0:2*H+u1], d[3*H+u0:3*H+u1],
					a[u0:u1], a[H+u0:H+u1], a[2*H+u0:2*H+u1], a[3*H+u0:3*H+u1],
					cs[o+u0:o+u1], cs[o+BH+u0:o+BH+u1], dh[o+u0:o+u1], dc[u0:u1])
			case GRU:
				a, p := t.gates[k][r*GH:], t.hp[k][r*GH:]
				d, dp := dr[r*GH:], t.dhp[k][r*GH:]
				tmp := t.tmp[b*H:]
				kernels.GRUBackward(d[u0:u1], d[H+u0:H+u1], d[2*H+u0:2*H+u1], dp[2*H+u0:2*H+u1], tmp[u0:u1],
					a[u0:u1], a[H+u0:H+u1], a[2*H+u0:2*H+u1], p[2*H+u0:2*H+u1], hs[o+u0:o+u1], dh[o+u0:o+u1])
				copy(dp[u0:u1], d[u0:u1]) // r and z: the same gradient on both sides
				copy(dp[H+u0:H+u1], d[H+u0:H+u1])
				if s > 0 {
					kernels.Axpy(1, tmp[u0:u1], dh[o-BH+u0:o-BH+u1])
				}
			default:
				kernels.TanhBackward(dr[o+u0:o+u1], hs[o+BH+u0:o+BH+u1], dh[o+u0:o+u1])
			}
		}

	case tpBackProd:
		rec := &t.rec[k]
		prev := t.dh[k][(s-1)*BH : s*BH]
		src := t.dr[k]
		if l.Cell == GRU {
			src = t.dhp[k]
		}
		src = src[s*BG : (s+1)*BG]
		if rec.gemm {
			kernels.GemmPackedPart(w, n, false, B, src, GH, &rec.wn, prev, H, ws)
			return
		}
		b0, b1 := partRange(B, 1, w, n)
		for b := b0; b < b1; b++ {
			kernels.MatVecTAdd(prev[b*H:(b+1)*H], rec.w, src[b*GH:(b+1)*GH])
		}

	case tpBackGrad:
		gl := &g.layers[k]
		rows := T * B
		src := t.dr[k]
		if l.Cell == GRU {
			src = t.dhp[k]
		}
		// dWhh += sum over the chunk's rows of d h_{prev}^T.
		for g := range l.Cell.Gates() {
			accumOuterPart(g*n+w, l.Cell.Gates()*n, gl.Whh, src[:rows*GH], t.hs[k][:rows*H], rows, GH, H, ws)
		}
		u0, u1 := partRange(H, 16, w, n)
		if l.Cell == GRU && u0 < u1 {
			for gc := 0; gc < GH; gc += H {
				c0, c1 := gc+u0, gc+u1
				for r := range rows {
					kernels.Axpy(1, src[r*GH+c0:r*GH+c1], gl.Bhh[c0:c1])
				}
			}
		}
		t.inputGradientsPart(w, k, T, c, t.dr[k], u0, u1)

	case tpClip:
		lo, hi := partRange(len(g.params), normBlock, w, n)
		o := &t.opt
		if o.ClipValue > 0 {
			kernels.Clip(g.params[lo:hi], o.ClipValue)
		}
		if o.ClipNorm > 0 {
			for i := lo; i < hi; i += normBlock {
				th.blocks[i/normBlock] = float64(kernels.SumSquares(g.params[i:min(i+normBlock, hi)]))
			}
		}

	case tpApply:
		lo, hi := partRange(len(g.params), normBlock, w, n)
		var v []float32
		if t.st2 != nil {
			v = t.st2[lo:hi]
		}
		t.opt.apply(m.params[lo:hi], g.params[lo:hi], t.st1[lo:hi], v, th.scale, t.iter)
	}
}

// projDst returns the buffer of layer k's input projections: the RNN's
// hidden states' rows (from block 1), the LSTM's and GRU's gates.
func (t *Trainer) projDst(k int) []float32 {
	if t.m.cfg.Cell == RNN {
		return t.hs[k][t.b*t.m.cfg.Hidden:]
	}
	return t.gates[k]
}

// inputGradientsPart is worker w's share of inputGradients: its part of
// dWxh's products (or its units' columns u0..u1 of every gate of the token
// gradients), its units' columns of dBh, and its part of the layer below's
// dh.
func (t *Trainer) inputGradientsPart(w, k, T int, c Chunk, d []float32, u0, u1 int) {
	l, gl := &t.m.layers[k], &t.g.layers[k]
	In, GH, rows, H := l.In, len(l.Bh), T*t.b, l.Hidden
	n, ws := t.th.n, t.wsOf(w)
	d = d[:rows*GH]
	tokens := k == 0 && c.Tokens != nil
	G := l.Cell.Gates()
	for g := range G {
		switch {
		case k == 0 && c.Tokens == nil:
			accumOuterPart(g*n+w, G*n, gl.Wxh, d, c.Inputs[:rows*In], rows, GH, In, ws)
		case k > 0:
			accumOuterPart(g*n+w, G*n, gl.Wxh, d, t.hs[k-1][t.b*In:(rows+t.b)*In], rows, GH, In, ws)
		}
	}
	for gc := 0; u0 < u1 && gc < GH; gc += H {
		c0, c1 := gc+u0, gc+u1
		switch {
		case tokens && t.dxT != nil:
			for x := range In {
				clear(t.dxT[x*GH+c0 : x*GH+c1])
			}
			for r, x := range c.Tokens[:rows] {
				kernels.Axpy(1, d[r*GH+c0:r*GH+c1], t.dxT[x*GH+c0:x*GH+c1])
			}
			for x := range In {
				scatterCol(gl.Wxh[c0*In:], t.dxT[x*GH+c0:x*GH+c1], x, In)
			}
		case tokens:
			for r, x := range c.Tokens[:rows] {
				scatterCol(gl.Wxh[c0*In:], d[r*GH+c0:r*GH+c1], x, In)
			}
		}
		for r := range rows {
			kernels.Axpy(1, d[r*GH+c0:r*GH+c1], gl.Bh[c0:c1])
		}
	}
	if k > 0 {
		below := t.dh[k-1][:rows*In] // dL/dh of the layer below = d W_ih
		kernels.GemmPart(w, n, false, false, rows, In, GH, d, GH, l.Wxh[:GH*In], In, below, In, ws)
	}
}

// accumOuterPart is part w of n of accumOuter(false, ...): the same
// product, split by the kernels.
func accumOuterPart(w, n int, wm, a, x []float32, rows, nn, k int, ws *kernels.Workspace) {
	if nn*k <= l2Elems {
		kernels.GerKPart(w, n, wm[:nn*k], 1, a[:rows*nn], x[:rows*k], rows)
		return
	}
	kernels.GemmPart(w, n, true, false, nn, k, rows, a[:rows*nn], nn, x[:rows*k], k, wm[:nn*k], k, ws)
}
