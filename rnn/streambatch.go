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
//
// A batch made with the option Threads(n) runs each step on n goroutines,
// the caller's and n-1 that the batch starts (n <= 0: GOMAXPROCS). The
// products through Gemm are split among them
// by the kernels (kernels.GemmPackedPart); the products row by row (a step
// of few streams, where a HalfModel's products read the 16-bit weights) by
// the step's streams or, for matrices of at least two of
// kernels.MatVecBlockRows' blocks, by the matrices' rows, as a Stream's
// threads split them, whichever gives the smaller share (so that a step of
// one stream splits too); and the cells by ranges of units. The results
// have exactly the bits of a step on one goroutine, whatever the number of
// streams stepped. Close stops the goroutines (a batch dropped without
// Close stops them once it is garbage collected); Threads reports how many
// a step uses.
type StreamBatch struct {
	w     *weights
	cap   int
	used  []bool
	free  []int // free slots, the next one last
	stamp []int // per slot: the step that last listed it (duplicate check)
	nstep int
	h, c  [][]float32 // per layer: Cap x Hidden states (c: LSTM only)
	out   []float32   // Cap x Output: each slot's output
	stale []bool      // per slot: out is not computed for its state
	tier  string      // the kernel tier the weights were packed for

	xh, hh []batchMat // per layer: W_ih and W_hh
	hy     batchMat   // W_hy

	// Work rows of the streams being stepped, n of Cap used.
	x    []float32   // Cap x Input: dense inputs
	hw   [][]float32 // per layer: Cap x Hidden
	cw   [][]float32 // per layer: Cap x Hidden (LSTM)
	a    []float32   // Cap x G*Hidden: pre-activations (GRU: the input part)
	hp   []float32   // Cap x 3*Hidden: GRU's hidden part
	y    []float32   // Cap x Output
	ws   kernels.Workspace
	slot []int // the slots being stepped

	th *sbThreads // the goroutines of a batch made with Threads (nil: one)
}

// NewStreamBatch returns a batch of up to capacity streams over m, all
// slots free. capacity must be at least 1.
//
// The option Threads(n) runs each step on n goroutines (see StreamBatch).
func (m *Model) NewStreamBatch(capacity int, opts ...Option) (*StreamBatch, error) {
	w, _ := weightsOf(m, F32) // no error for F32
	return newStreamBatch(w, capacity, opts)
}

// NewStreamBatch returns a batch of up to capacity streams over h, all
// slots free. The products of steps of several streams multiply float32
// copies of the 16-bit weights (exactly widened; twice their bytes), a
// step of one stream the 16-bit weights, as a Stream does. The option
// Threads(n) runs each step on n goroutines (see StreamBatch).
func (h *HalfModel) NewStreamBatch(capacity int, opts ...Option) (*StreamBatch, error) {
	return newStreamBatch(h.streamWeights(), capacity, opts)
}

func newStreamBatch(w *weights, capacity int, opts []Option) (*StreamBatch, error) {
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
		hy: newBatchMatrix(&w.why, c.Output, H, capacity),
	}
	for k := range w.layers {
		l := &w.layers[k]
		b.xh = append(b.xh, newBatchMatrix(&l.wxh, G*H, l.in, capacity))
		b.hh = append(b.hh, newBatchMatrix(&l.whh, G*H, H, capacity))
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
	b.Repack()
	b.startThreads(threadsOf(opts))
	return b, nil
}

// Repack copies the model's weights again into the packed matrices the
// products of a step multiply, after the Model's weights changed (or after
// kernels.Use changed the kernel tier, which steps also detect and repack
// for). Packing again allocates nothing.
func (b *StreamBatch) Repack() {
	b.tier = kernels.Implementation()
	for k := range b.xh {
		b.xh[k].packT()
		b.hh[k].packT()
	}
	b.hy.packT()
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
	if b.threaded() {
		b.stepThreads(tokens, nil)
		return nil
	}
	b.gather()
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
	if b.threaded() {
		b.stepThreads(nil, x)
		return nil
	}
	b.gather()
	n := len(slots)
	l := &b.w.layers[0]
	b.project(b.a, x, &b.xh[0], l.bh, n)
	b.layers(n)
	return nil
}

// begin checks the slots of a step (in use, distinct) and lists them in
// b.slot.
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
	if b.tier != kernels.Implementation() {
		b.Repack()
	}
	b.slot = append(b.slot[:0], slots...)
	return nil
}

// gather copies the states of the listed slots into the work rows.
func (b *StreamBatch) gather() {
	for r := range b.slot {
		b.gatherRow(r)
	}
}

// gatherRow copies every layer's state of slot b.slot[r] into work row r.
func (b *StreamBatch) gatherRow(r int) {
	H, s := b.w.cfg.Hidden, b.slot[r]
	for k := range b.h {
		copy(b.hw[k][r*H:(r+1)*H], b.h[k][s*H:(s+1)*H])
		if b.c != nil {
			copy(b.cw[k][r*H:(r+1)*H], b.c[k][s*H:(s+1)*H])
		}
	}
}

// project sets dst (n x len(bias)) to bias + x W^T for the n rows of x.
func (b *StreamBatch) project(dst, x []float32, w *batchMat, bias []float32, n int) {
	m := len(bias)
	for r := range n {
		copy(dst[r*m:(r+1)*m], bias)
	}
	w.mulAdd(dst, x, n, &b.ws)
}

// layers runs every layer's step over the n work rows, whose layer-0
// input projections are in b.a, and scatters the new states to the slots.
func (b *StreamBatch) layers(n int) {
	H := b.w.cfg.Hidden
	for k := range b.w.layers {
		l := &b.w.layers[k]
		GH := l.cell.Gates() * H
		if k > 0 {
			b.project(b.a, b.hw[k-1], &b.xh[k], l.bh, n)
		}
		if l.cell == LSTM {
			for r := range n {
				kernels.Axpy(1, l.bhh, b.a[r*GH:(r+1)*GH])
			}
		}
		var cw []float32
		if b.cw != nil {
			cw = b.cw[k]
		}
		// The state is updated in place: c = cPrev (LSTM), h = hPrev (GRU),
		// and the RNN's h is written from the pre-activations in a.
		stepLayer(l.cell, n, H, &b.hh[k], l.bhh, b.a, b.hp, b.hw[k], b.hw[k], cw, cw, &b.ws)
		for r, s := range b.slot {
			copy(b.h[k][s*H:(s+1)*H], b.hw[k][r*H:(r+1)*H])
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
	if b.threaded() {
		b.outputsThreads(n)
		return
	}
	V := b.w.cfg.Output
	b.project(b.y, b.hw[len(b.hw)-1], &b.hy, b.w.by, n)
	for r, s := range b.slot {
		copy(b.out[s*V:(s+1)*V], b.y[r*V:(r+1)*V])
		b.stale[s] = false
	}
}
