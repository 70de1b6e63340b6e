package rnn

import (
	"runtime"

	"github.com/simdrnn/simdrnn/internal/team"
	"github.com/simdrnn/simdrnn/kernels"
)

// A StreamBatch's steps on several goroutines (Threads given to
// NewStreamBatch). A step runs as a sequence of runs of the batch's team,
// each split among the workers so that every element is computed by
// exactly the operations a one-goroutine step uses, in the same order:
//
//   - products through Gemm as kernels.GemmPackedPart (the kernels' split
//     of one product, bit for bit the whole product); products row by row
//     (few rows, and every product of a HalfModel's 16-bit weights then)
//     over ranges of the step's rows, each row's product whole, or over
//     ranges of the matrix's rows for all the step's rows, split at
//     multiples of kernels.MatVecBlockRows as a Stream's are (splitRows
//     chooses), so that each worker reads only its share of the matrix;
//   - row-wise work (the states' gathers, bias copies, token columns, the
//     outputs' copies to their slots) over ranges of rows, except the
//     gathers of a step whose products split by the matrices' rows (every
//     worker reads every row's state), which run on the caller;
//   - the cells' element-wise kernels over ranges of units that start at
//     multiples of 16, for every row, each worker then copying its units of
//     the new states to their slots.
//
// The work of one row that needs nothing of the other rows (a row's input
// projection and recurrent product when both go row by row) runs in one
// run.

// The runs of a batch's step (sbThreads.phase).
const (
	sbRows     = iota // a layer's rows: states gathered (layer 0), projection initialized, row products
	sbProjGemm        // a layer's input projection through Gemm
	sbRowsMid         // the rows after a projection through Gemm: LSTM's b_hh, row-by-row recurrent products
	sbRecGemm         // a layer's recurrent product through Gemm
	sbCell            // a layer's cell, and its new states copied to their slots
	sbOutRows         // the outputs' rows: bias, row products, copies to the slots
	sbOutGemm         // the output layer's product through Gemm
	sbOutCopy         // the outputs after the product through Gemm, copied to their slots
)

// sbThreads is a StreamBatch's team and the state of its current run.
type sbThreads struct {
	tm     *team.Team
	n      int
	ws     []kernels.Workspace // ws[w] is worker w's (w >= 1); worker 0 uses StreamBatch.ws
	phase  int
	layer  int
	rows   int       // the rows of the current step
	byW    bool      // the current run's products row by row split by the matrices' rows (splitRows)
	q      int       // when byW, the matrices' rows split at multiples of q
	tokens []int     // layer 0's tokens of the current step (nil: x)
	x      []float32 // layer 0's dense inputs of the current step
}

// sbJob is a StreamBatch as its team's job: one part per worker with work
// in the current run.
type sbJob StreamBatch

// Parts returns 1, or 0 when worker w has no rows or units in the current
// run (a run of products through Gemm gives every worker a part).
func (j *sbJob) Parts(w int) int {
	b := (*StreamBatch)(j)
	th := b.th
	switch {
	case th.byW:
		total := b.w.cfg.Output
		if th.phase == sbRows {
			total = b.w.layers[th.layer].cell.Gates() * b.w.cfg.Hidden
		}
		if lo, hi := partRange(total, th.q, w, th.n); lo == hi {
			return 0
		}
	case th.phase == sbRows, th.phase == sbRowsMid, th.phase == sbOutRows, th.phase == sbOutCopy:
		r0, r1 := partRange(th.rows, 1, w, th.n)
		if r0 == r1 {
			return 0
		}
	case th.phase == sbCell:
		u0, u1 := partRange(b.w.cfg.Hidden, 16, w, th.n)
		if u0 == u1 {
			return 0
		}
	}
	return 1
}

// Do runs worker w's share of the current run.
func (j *sbJob) Do(w, _ int) { (*StreamBatch)(j).doShare(w) }

// startThreads splits the batch's steps over n goroutines (0:
// GOMAXPROCS).
func (b *StreamBatch) startThreads(n int) {
	if n == 0 {
		n = runtime.GOMAXPROCS(0)
	}
	if n < 2 {
		return
	}
	th := &sbThreads{n: n, ws: make([]kernels.Workspace, n)}
	th.tm = team.New(n)
	team.Attach(b, th.tm)
	b.th = th
}

// Threads returns the number of goroutines the batch's steps run on: 1
// without the Threads option or after Close.
func (b *StreamBatch) Threads() int {
	if b.th == nil || b.th.tm.Closed() {
		return 1
	}
	return b.th.n
}

// Close stops the goroutines of a batch made with Threads and waits for
// them to exit. The batch stays usable and its results do not change:
// later steps run on the calling goroutine. Close is idempotent; it must
// not run concurrently with a step.
func (b *StreamBatch) Close() {
	if b.th != nil {
		b.th.tm.Close()
	}
}

// threaded reports whether steps run on the team.
func (b *StreamBatch) threaded() bool { return b.th != nil && !b.th.tm.Closed() }

// run runs one phase of layer k on the team.
func (b *StreamBatch) run(phase, k int) {
	th := b.th
	th.phase, th.layer = phase, k
	th.tm.Run((*sbJob)(b))
}

// wsOf returns worker w's workspace.
func (b *StreamBatch) wsOf(w int) *kernels.Workspace {
	if w == 0 {
		return &b.ws
	}
	return &b.th.ws[w]
}

// byGemm reports whether m's product over rows rows goes through Gemm
// (batchMat.mulAdd's choice); otherwise each row's is m.rows.mulAdd (a
// StreamBatch's matrices all have rows).
func byGemm(m *batchMat, rows int) bool { return m.gemm && stepGemm(rows, m.n, m.k) }

// projRow reports whether layer k's input projection over the current
// step's rows goes row by row (a gathered token column at layer 0).
func (b *StreamBatch) projRow(k int) bool {
	return k == 0 && b.th.tokens != nil || !byGemm(&b.xh[k], b.th.rows)
}

// layerInput returns layer k's dense inputs over the current step's rows.
func (b *StreamBatch) layerInput(k int) []float32 {
	if k == 0 {
		return b.th.x
	}
	return b.hw[k-1][:b.th.rows*b.xh[k].k]
}

// recDst returns the rows layer k's recurrent product adds to: the
// pre-activations, or the GRU's hidden parts.
func (b *StreamBatch) recDst(k int) []float32 {
	if b.w.layers[k].cell == GRU {
		return b.hp
	}
	return b.a
}

// splitRows reports whether the products row by row of rows rows with an
// m-row matrix split among the workers by the matrix's rows, at multiples
// of q (each worker then reads only its rows of the matrix, for every row
// of the step), rather than by the step's rows (each worker a whole
// product per row): when the matrix has at least two blocks of q rows and
// the largest share of the work is not larger that way.
func (b *StreamBatch) splitRows(m, q, rows int) bool {
	n := b.th.n
	return blocks(m, q) >= 2 && blocks(blocks(m, q), n)*q*rows <= blocks(rows, n)*m
}

// layerQ returns the multiple of rows at which layer k's matrices split
// with the bits of their whole products (kernels.MatVecBlockRows of both
// matrices, or of W_hh alone when layer 0 gathers token columns).
func (b *StreamBatch) layerQ(k int) int {
	q := kernels.MatVecBlockRows(b.w.cfg.Hidden)
	if k > 0 || b.th.tokens == nil {
		qi := kernels.MatVecBlockRows(b.xh[k].k)
		q = q / gcd(q, qi) * qi
	}
	return q
}

// stepThreads runs the layers of a step of the listed slots on the team,
// layer 0 fed tokens (when not nil) or the dense inputs x: what the
// gathers, FeedTokens' token columns or FeedVectors' projection and layers
// do on one goroutine.
func (b *StreamBatch) stepThreads(tokens []int, x []float32) {
	th := b.th
	th.rows, th.tokens, th.x = len(b.slot), tokens, x
	defer func() { th.tokens, th.x = nil, nil }()
	for k := range b.w.layers {
		l := &b.w.layers[k]
		projRow, recRow := b.projRow(k), !byGemm(&b.hh[k], th.rows)
		th.byW, th.q = false, b.layerQ(k)
		if projRow && recRow && b.splitRows(l.cell.Gates()*b.w.cfg.Hidden, th.q, th.rows) {
			th.byW = true
			if k == 0 {
				b.gather() // every worker reads every row's state
			}
		}
		b.run(sbRows, k)
		th.byW = false
		if !projRow {
			b.run(sbProjGemm, k)
			if l.cell == LSTM || recRow {
				b.run(sbRowsMid, k)
			}
		}
		if !recRow {
			b.run(sbRecGemm, k)
		}
		b.run(sbCell, k)
	}
	for _, s := range b.slot {
		b.stale[s] = true
	}
}

// outputsThreads is outputs on the team.
func (b *StreamBatch) outputsThreads(n int) {
	th := b.th
	th.rows, th.q = n, kernels.MatVecBlockRows(b.w.cfg.Hidden)
	th.byW = !byGemm(&b.hy, n) && b.splitRows(b.w.cfg.Output, th.q, n)
	b.run(sbOutRows, 0)
	th.byW = false
	if byGemm(&b.hy, n) {
		b.run(sbOutGemm, 0)
		b.run(sbOutCopy, 0)
	}
	for _, s := range b.slot {
		b.stale[s] = false
	}
}

// doShare runs worker w's share of the current run.
func (b *StreamBatch) doShare(w int) {
	th := b.th
	n, k, rows := th.n, th.layer, th.rows
	ws := b.wsOf(w)
	H, V := b.w.cfg.Hidden, b.w.cfg.Output
	l := &b.w.layers[k]
	GH := l.cell.Gates() * H
	r0, r1 := partRange(rows, 1, w, n)
	switch {
	case th.byW && th.phase == sbRows:
		b.layerByW(w, k)
		return
	case th.byW:
		b.outputsByW(w)
		return
	}
	switch th.phase {
	case sbRows:
		projRow, recRow := b.projRow(k), !byGemm(&b.hh[k], rows)
		x, In := b.layerInput(k), b.xh[k].k // x: nil for tokens
		for r := r0; r < r1; r++ {
			if k == 0 {
				b.gatherRow(r)
			}
			a := b.a[r*GH : (r+1)*GH]
			if k == 0 && th.tokens != nil {
				l.wxh.gatherCol(a, l.bh, th.tokens[r], l.in)
			} else {
				copy(a, l.bh)
			}
			if l.cell == GRU {
				copy(b.hp[r*GH:(r+1)*GH], l.bhh)
			}
			if !projRow {
				continue
			}
			if x != nil {
				b.xh[k].rows.mulAdd(a, x[r*In:(r+1)*In])
			}
			if l.cell == LSTM {
				kernels.Axpy(1, l.bhh, a)
			}
			if recRow {
				b.hh[k].rows.mulAdd(b.recDst(k)[r*GH:(r+1)*GH], b.hw[k][r*H:(r+1)*H])
			}
		}

	case sbProjGemm:
		xh := &b.xh[k]
		kernels.GemmPackedPart(w, n, false, rows, b.layerInput(k), xh.k, &xh.wt, b.a[:rows*GH], GH, ws)

	case sbRowsMid:
		recRow := !byGemm(&b.hh[k], rows)
		for r := r0; r < r1; r++ {
			a := b.a[r*GH : (r+1)*GH]
			if l.cell == LSTM {
				kernels.Axpy(1, l.bhh, a)
			}
			if recRow {
				b.hh[k].rows.mulAdd(b.recDst(k)[r*GH:(r+1)*GH], b.hw[k][r*H:(r+1)*H])
			}
		}

	case sbRecGemm:
		hh := &b.hh[k]
		kernels.GemmPackedPart(w, n, false, rows, b.hw[k][:rows*H], H, &hh.wt, b.recDst(k)[:rows*GH], GH, ws)

	case sbCell:
		u0, u1 := partRange(H, 16, w, n)
		hw := b.hw[k]
		for r := range rows {
			o := r * H
			a := b.a[r*GH:]
			switch l.cell {
			case LSTM:
				cw := b.cw[k]
				kernels.LSTMForward(a[u0:u1], a[H+u0:H+u1], a[2*H+u0:2*H+u1], a[3*H+u0:3*H+u1],
					cw[o+u0:o+u1], cw[o+u0:o+u1], hw[o+u0:o+u1])
			case GRU:
				p := b.hp[r*GH:]
				kernels.GRUForward(a[u0:u1], a[H+u0:H+u1], a[2*H+u0:2*H+u1], p[u0:u1], p[H+u0:H+u1], p[2*H+u0:2*H+u1],
					hw[o+u0:o+u1], hw[o+u0:o+u1])
			default:
				kernels.Tanh(hw[o+u0:o+u1], a[u0:u1])
			}
		}
		for r, s := range b.slot[:rows] {
			copy(b.h[k][s*H+u0:s*H+u1], hw[r*H+u0:r*H+u1])
			if b.c != nil {
				copy(b.c[k][s*H+u0:s*H+u1], b.cw[k][r*H+u0:r*H+u1])
			}
		}

	case sbOutRows:
		top := b.hw[len(b.hw)-1]
		gemm := byGemm(&b.hy, rows)
		for r := r0; r < r1; r++ {
			y := b.y[r*V : (r+1)*V]
			copy(y, b.w.by)
			if gemm {
				continue
			}
			b.hy.rows.mulAdd(y, top[r*H:(r+1)*H])
			s := b.slot[r]
			copy(b.out[s*V:(s+1)*V], y)
		}

	case sbOutGemm:
		top := b.hw[len(b.hw)-1]
		kernels.GemmPackedPart(w, n, false, rows, top[:rows*H], H, &b.hy.wt, b.y[:rows*V], V, ws)

	case sbOutCopy:
		for r := r0; r < r1; r++ {
			s := b.slot[r]
			copy(b.out[s*V:(s+1)*V], b.y[r*V:(r+1)*V])
		}
	}
}

// layerByW is worker w's share of layer k's products row by row split by
// the matrices' rows: its rows [lo, hi) of the gates' pre-activations (and
// the GRU's hidden parts) for every row of the step, computed as the whole
// rows' products compute them.
func (b *StreamBatch) layerByW(w, k int) {
	th := b.th
	l := &b.w.layers[k]
	H := b.w.cfg.Hidden
	GH := l.cell.Gates() * H
	lo, hi := partRange(GH, th.q, w, th.n)
	x, In := b.layerInput(k), b.xh[k].k // x: nil for tokens
	wxh, whh := l.wxh.rows(lo, hi, In), l.whh.rows(lo, hi, H)
	hw := b.hw[k]
	for r := range th.rows {
		a := b.a[r*GH+lo : r*GH+hi]
		if th.tokens != nil && k == 0 {
			wxh.gatherCol(a, l.bh[lo:hi], th.tokens[r], In)
		} else {
			copy(a, l.bh[lo:hi])
			wxh.mulAdd(a, x[r*In:(r+1)*In])
		}
		hPrev := hw[r*H : (r+1)*H]
		switch l.cell {
		case LSTM:
			kernels.Axpy(1, l.bhh[lo:hi], a)
			whh.mulAdd(a, hPrev)
		case GRU:
			p := b.hp[r*GH+lo : r*GH+hi]
			copy(p, l.bhh[lo:hi])
			whh.mulAdd(p, hPrev)
		default:
			whh.mulAdd(a, hPrev)
		}
	}
}

// outputsByW is worker w's share of the output layer's products row by
// row split by Why's rows: its outputs [lo, hi) of every row of the step,
// copied to their slots.
func (b *StreamBatch) outputsByW(w int) {
	th := b.th
	H, V := b.w.cfg.Hidden, b.w.cfg.Output
	lo, hi := partRange(V, th.q, w, th.n)
	why := b.w.why.rows(lo, hi, H)
	top := b.hw[len(b.hw)-1]
	for r, s := range b.slot[:th.rows] {
		y := b.y[r*V+lo : r*V+hi]
		copy(y, b.w.by[lo:hi])
		why.mulAdd(y, top[r*H:(r+1)*H])
		copy(b.out[s*V+lo:s*V+hi], y)
	}
}
