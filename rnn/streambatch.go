package rnn

import (
	"fmt"

	"github.com/simdrnn/simdrnn/kernels"
)

// StreamBatch steps many streams over one model together: a server's
// users, or the continuations of one prompt. Each stream lives in a slot
// with its own state, as a Stream does, and a step advances any set of
// slots by one input each. The matrix products of a step then multiply
// each weight matrix by all of the stepped streams at once
// (kernels.GemmPacked), so that the weights are read once per step instead
// of once per stream: from a few streams on, a step of n streams costs far
// less than n Stream steps.
//
// Slots are numbered 0 to Cap()-1. Join takes a free slot (its state zero,
// as a new Stream's), Leave frees it, Reset zeroes it; none of them, and no
// step, allocates. The results are those of separate Streams over the same
// model, up to the order of the float32 sums in the products (each output
// within the float32 summation bound of the exact step); a step of one
// stream is computed as a Stream computes it.
//
// A StreamBatch packs the weights it multiplies when it is made (float32
// copies, also for a HalfModel's 16-bit weights, in the layout of the
// kernel tier in use): later changes to a Model's weights are seen only
// after Repack. It is not safe for concurrent use; the Model may serve
// other Streams and StreamBatches at the same time.
type StreamBatch struct {
	w      *weights
	cap    int
	used   []bool
	free   []int // free slots, the next one last
	stamp  []int // per slot: the step that last listed it (duplicate check)
	nstep  int
	h, c   [][]float32 // per layer: Cap x Hidden states (c: LSTM only)
	out    []float32   // Cap x Output: each slot's output
	stale  []bool      // per slot: out is not computed for its state
	packed bool        // the products go through the packed weights
	tier   string      // the kernel tier the weights were packed for

	pxh []kernels.PackedB // per layer: W_ih^T (layer 0 only for dense inputs)
	phh []kernels.PackedB // per layer: W_hh^T
	pwy kernels.PackedB   // W_hy^T

	// Work rows of the streams being stepped, n of Cap used.
	x    []float32   // Cap x Input: dense inputs
	hw   [][]float32 // per layer: Cap x Hidden
	cw   [][]float32 // per layer: Cap x Hidden (LSTM)
	a    []float32   // Cap x G*Hidden: pre-activations (GRU: the input part)
	hp   []float32   // Cap x 3*Hidden: GRU's hidden part
	y    []float32   // Cap x Output
	ws   kernels.Workspace
	slot []int // the slots being stepped
}

// batchGemmRows is the number of streams from which a step's products go
// through kernels.GemmPacked; fewer streams multiply each row with the
// matrix-vector kernels, as a Stream does.
const batchGemmRows = 4

// NewStreamBatch returns a batch of up to capacity streams over m, all
// slots free. capacity must be at least 1.
func (m *Model) NewStreamBatch(capacity int) (*StreamBatch, error) {
	w, _ := weightsOf(m, F32) // no error for F32
	return newStreamBatch(w, capacity)
}

// NewStreamBatch returns a batch of up to capacity streams over h, all
// slots free. The products of steps of several streams multiply float32
// copies of the 16-bit weights (exactly widened; twice their bytes), a
// step of one stream the 16-bit weights, as a Stream does.
func (h *HalfModel) NewStreamBatch(capacity int) (*StreamBatch, error) {
	return newStreamBatch(h.streamWeights(), capacity)
}

func newStreamBatch(w *weights, capacity int) (*StreamBatch, error) {
	c := w.cfg
	if capacity < 1 {
		return nil, fmt.Errorf("rnn: NewStreamBatch: capacity %d, want >= 1", capacity)
	}
	H, G := c.Hidden, c.Cell.Gates()
	width := max(c.Input, H)
	if uint64(capacity)*uint64(max(G*H, c.Output, width)) > maxElems {
		return nil, fmt.Errorf("rnn: NewStreamBatch: capacity %d too large for the model", capacity)
	}
	b := &StreamBatch{
		w: w, cap: capacity,
		used: make([]bool, capacity), stamp: make([]int, capacity), stale: make([]bool, capacity),
		out: make([]float32, capacity*c.Output),
		x:   make([]float32, capacity*c.Input), a: make([]float32, capacity*G*H),
		y: make([]float32, capacity*c.Output), slot: make([]int, 0, capacity),
		pxh: make([]kernels.PackedB, len(w.layers)), phh: make([]kernels.PackedB, len(w.layers)),
	}
	for i := range capacity {
		b.free = append(b.free, capacity-1-i)
		copy(b.out[i*c.Output:], w.by)
	}
	for range w.layers {
		b.h = append(b.h, make([]float32, capacity*H))
		b.hw = append(b.hw, make([]float32, capacity*H))
		if c.Cell == LSTM {
			b.c = append(b.c, make([]float32, capacity*H))
			b.cw = append(b.cw, make([]float32, capacity*H))
		}
	}
	if c.Cell == GRU {
		b.hp = make([]float32, capacity*G*H)
	}
	b.packed = capacity >= batchGemmRows
	b.Repack()
	return b, nil
}

// Repack copies the model's weights again into the packed matrices the
// products of a step multiply, after the Model's weights changed (or after
// kernels.Use changed the kernel tier, which steps also detect and repack
// for). It allocates only when the batch has never been packed.
func (b *StreamBatch) Repack() {
	b.tier = kernels.Implementation()
	if !b.packed {
		return
	}
	for k := range b.w.layers {
		l := &b.w.layers[k]
		H, G := b.w.cfg.Hidden, l.cell.Gates()
		packT(&b.phh[k], &l.whh, H, G*H)
		packT(&b.pxh[k], &l.wxh, l.in, G*H)
	}
	packT(&b.pwy, &b.w.why, b.w.cfg.Hidden, b.w.cfg.Output)
}

// packT packs W^T, the k x n transpose of the n x k weight matrix w, into
// p, widening 16-bit weights to float32 first.
func packT(p *kernels.PackedB, w *matrix, k, n int) {
	v := w.wide
	if v == nil {
		if w.format == F32 {
			v = w.f32
		} else {
			v = w.float32s()
		}
	}
	p.Pack(true, k, n, v, k)
}

// Cap returns the number of slots.
func (b *StreamBatch) Cap() int { return b.cap }

// Len returns the number of slots in use.
func (b *StreamBatch) Len() int { return b.cap - len(b.free) }

// Config returns the shape of the batch's model.
func (b *StreamBatch) Config() Config { return b.w.cfg }

// Join takes a free slot for a new stream, with a zero state and the
// output of a zero state (By), and returns its number. A full batch is an
// error.
func (b *StreamBatch) Join() (int, error) {
	if len(b.free) == 0 {
		return -1, fmt.Errorf("rnn: StreamBatch.Join: all %d slots are in use", b.cap)
	}
	s := b.free[len(b.free)-1]
	b.free = b.free[:len(b.free)-1]
	b.used[s] = true
	b.reset(s)
	return s, nil
}

// Leave frees slot s. A slot not in use is an error.
func (b *StreamBatch) Leave(s int) error {
	if err := b.check("Leave", s); err != nil {
		return err
	}
	b.used[s] = false
	b.free = append(b.free, s)
	return nil
}

// Reset sets slot s's state to zero, as Stream.Reset does.
func (b *StreamBatch) Reset(s int) error {
	if err := b.check("Reset", s); err != nil {
		return err
	}
	b.reset(s)
	return nil
}

func (b *StreamBatch) reset(s int) {
	H, V := b.w.cfg.Hidden, b.w.cfg.Output
	for k := range b.h {
		clear(b.h[k][s*H : (s+1)*H])
		if b.c != nil {
			clear(b.c[k][s*H : (s+1)*H])
		}
	}
	copy(b.out[s*V:(s+1)*V], b.w.by)
	b.stale[s] = false
}

// check returns an error naming op when s is not a slot in use.
func (b *StreamBatch) check(op string, s int) error {
	if s < 0 || s >= b.cap {
		return fmt.Errorf("rnn: StreamBatch.%s: slot %d out of range [0, %d)", op, s, b.cap)
	}
	if !b.used[s] {
		return fmt.Errorf("rnn: StreamBatch.%s: slot %d is not in use (Join first)", op, s)
	}
	return nil
}

// Hidden copies layer k's hidden state of slot s into dst (len(dst) ==
// Hidden).
func (b *StreamBatch) Hidden(dst []float32, s, k int) error {
	if err := b.check("Hidden", s); err != nil {
		return err
	}
	H := b.w.cfg.Hidden
	if k < 0 || k >= len(b.h) || len(dst) != H {
		return fmt.Errorf("rnn: StreamBatch.Hidden: layer %d of [0, %d), len(dst) = %d, want %d", k, len(b.h), len(dst), H)
	}
	copy(dst, b.h[k][s*H:(s+1)*H])
	return nil
}

// Output returns slot s's output for its current state, Why h + By,
// computing it if its last step was a FeedTokens or FeedVectors. The
// slice is the batch's own and is overwritten by the slot's next step.
func (b *StreamBatch) Output(s int) ([]float32, error) {
	if err := b.check("Output", s); err != nil {
		return nil, err
	}
	V, H := b.w.cfg.Output, b.w.cfg.Hidden
	o := b.out[s*V : (s+1)*V]
	if b.stale[s] {
		copy(o, b.w.by)
		top := b.h[len(b.h)-1]
		b.w.why.mulAdd(o, top[s*H:(s+1)*H])
		b.stale[s] = false
	}
	return o, nil
}

// StepTokens advances slot slots[i] by token tokens[i], for every i, and
// computes their outputs (Output). The slots must be distinct and in use,
// and the tokens in [0, Input); otherwise nothing changes and the error
// says why. Slots not listed keep their state.
func (b *StreamBatch) StepTokens(slots, tokens []int) error {
	if err := b.FeedTokens(slots, tokens); err != nil {
		return err
	}
	b.outputs(len(slots))
	return nil
}

// FeedTokens is StepTokens without the output layer, for prompts whose
// intermediate outputs are not needed; Output computes a slot's output on
// demand.
func (b *StreamBatch) FeedTokens(slots, tokens []int) error {
	if len(tokens) != len(slots) {
		return fmt.Errorf("rnn: StreamBatch: %d tokens for %d slots", len(tokens), len(slots))
	}
	in := b.w.cfg.Input
	for i, t := range tokens {
		if t < 0 || t >= in {
			return fmt.Errorf("rnn: StreamBatch: token %d (slot %d) out of range [0, %d)", t, slots[i], in)
		}
	}
	if err := b.begin(slots); err != nil {
		return err
	}
	l := &b.w.layers[0]
	GH := len(l.bh)
	for r, t := range tokens {
		l.wxh.gatherCol(b.a[r*GH:(r+1)*GH], l.bh, t, l.in)
	}
	b.layers(len(slots))
	return nil
}

// StepVectors advances slot slots[i] by the dense input x[i*Input :
// (i+1)*Input], for every i, and computes their outputs, as StepTokens
// does.
func (b *StreamBatch) StepVectors(slots []int, x []float32) error {
	if err := b.FeedVectors(slots, x); err != nil {
		return err
	}
	b.outputs(len(slots))
	return nil
}

// FeedVectors is StepVectors without the output layer, as FeedTokens is
// StepTokens without it.
func (b *StreamBatch) FeedVectors(slots []int, x []float32) error {
	in := b.w.cfg.Input
	if len(x) != len(slots)*in {
		return fmt.Errorf("rnn: StreamBatch: len(x) = %d, want %d slots x Input %d", len(x), len(slots), in)
	}
	if err := b.begin(slots); err != nil {
		return err
	}
	n := len(slots)
	l := &b.w.layers[0]
	b.project(b.a, x, &l.wxh, &b.pxh[0], l.bh, n, l.in)
	b.layers(n)
	return nil
}

// begin checks the slots of a step (in use, distinct) and gathers their
// states into the work rows.
func (b *StreamBatch) begin(slots []int) error {
	b.nstep++
	for _, s := range slots {
		if err := b.check("step", s); err != nil {
			return err
		}
		if b.stamp[s] == b.nstep {
			return fmt.Errorf("rnn: StreamBatch: slot %d listed twice in one step", s)
		}
		b.stamp[s] = b.nstep
	}
	if b.packed && b.tier != kernels.Implementation() {
		b.Repack()
	}
	H := b.w.cfg.Hidden
	b.slot = append(b.slot[:0], slots...)
	for k := range b.h {
		for r, s := range slots {
			copy(b.hw[k][r*H:(r+1)*H], b.h[k][s*H:(s+1)*H])
			if b.c != nil {
				copy(b.cw[k][r*H:(r+1)*H], b.c[k][s*H:(s+1)*H])
			}
		}
	}
	return nil
}

// gemmRows reports whether a product over n rows goes through GemmPacked.
func (b *StreamBatch) gemmRows(n int) bool { return b.packed && n >= batchGemmRows }

// project sets dst (n x len(bias)) to bias + x W^T for the n x k rows of x,
// through the packed W^T p or row by row with w.
func (b *StreamBatch) project(dst, x []float32, w *matrix, p *kernels.PackedB, bias []float32, n, k int) {
	m := len(bias)
	for r := range n {
		copy(dst[r*m:(r+1)*m], bias)
	}
	b.mulAdd(dst, x, w, p, n, k, m)
}

// mulAdd computes dst (n x m) += x W^T for the n x k rows of x.
func (b *StreamBatch) mulAdd(dst, x []float32, w *matrix, p *kernels.PackedB, n, k, m int) {
	if b.gemmRows(n) {
		kernels.GemmPacked(false, n, x[:n*k], k, p, dst[:n*m], m, &b.ws)
		return
	}
	for r := range n {
		w.mulAdd(dst[r*m:(r+1)*m], x[r*k:(r+1)*k])
	}
}

// layers runs every layer's step over the n work rows, whose layer-0
// input projections are in b.a, and scatters the new states to the slots.
func (b *StreamBatch) layers(n int) {
	H := b.w.cfg.Hidden
	for k := range b.w.layers {
		l := &b.w.layers[k]
		GH := l.cell.Gates() * H
		hw := b.hw[k]
		if k > 0 {
			b.project(b.a, b.hw[k-1], &l.wxh, &b.pxh[k], l.bh, n, l.in)
		}
		a := b.a[:n*GH]
		switch l.cell {
		case LSTM:
			cw := b.cw[k]
			for r := range n {
				kernels.Axpy(1, l.bhh, a[r*GH:(r+1)*GH])
			}
			b.mulAdd(a, hw, &l.whh, &b.phh[k], n, H, GH)
			for r := range n {
				g := a[r*GH : (r+1)*GH]
				c, h := cw[r*H:(r+1)*H], hw[r*H:(r+1)*H]
				kernels.LSTMForward(g[:H], g[H:2*H], g[2*H:3*H], g[3*H:], c, c, h)
			}
		case GRU:
			b.project(b.hp, hw, &l.whh, &b.phh[k], l.bhh, n, H)
			for r := range n {
				g, p := a[r*GH:(r+1)*GH], b.hp[r*GH:(r+1)*GH]
				h := hw[r*H : (r+1)*H]
				kernels.GRUForward(g[:H], g[H:2*H], g[2*H:], p[:H], p[H:2*H], p[2*H:], h, h)
			}
		default:
			b.mulAdd(a, hw, &l.whh, &b.phh[k], n, H, GH)
			kernels.Tanh(hw[:n*H], a)
		}
		for r, s := range b.slot {
			copy(b.h[k][s*H:(s+1)*H], hw[r*H:(r+1)*H])
			if b.c != nil {
				copy(b.c[k][s*H:(s+1)*H], b.cw[k][r*H:(r+1)*H])
			}
		}
	}
	for _, s := range b.slot {
		b.stale[s] = true
	}
}

// outputs computes the outputs of the n slots just stepped.
func (b *StreamBatch) outputs(n int) {
	V, H := b.w.cfg.Output, b.w.cfg.Hidden
	b.project(b.y, b.hw[len(b.hw)-1], &b.w.why, &b.pwy, b.w.by, n, H)
	for r, s := range b.slot {
		copy(b.out[s*V:(s+1)*V], b.y[r*V:(r+1)*V])
		b.stale[s] = false
	}
}
