package rnn

import (
	"errors"
	"fmt"
	"math"

	"github.com/simdrnn/simdrnn/kernels"
)

// Loss is the training loss.
type Loss int

const (
	// CrossEntropy is softmax cross-entropy over the Output classes, in
	// nats: -log softmax(y_t)[target_t].
	CrossEntropy Loss = iota
	// MSE is the mean squared error over the Output values:
	// sum_j (y_t[j] - target_t[j])^2 / Output.
	MSE
)

// String returns "cross-entropy" or "mse".
func (l Loss) String() string {
	switch l {
	case CrossEntropy:
		return "cross-entropy"
	case MSE:
		return "mse"
	}
	return fmt.Sprintf("Loss(%d)", int(l))
}

// Output says at which steps of a chunk the loss applies.
type Output int

const (
	// ManyToMany applies the loss at every step (e.g. next-character
	// prediction).
	ManyToMany Output = iota
	// ManyToOne applies the loss at the last step of the chunk only (e.g.
	// predicting the next value of a series from a window).
	ManyToOne
)

// String returns "many-to-many" or "many-to-one".
func (o Output) String() string {
	switch o {
	case ManyToMany:
		return "many-to-many"
	case ManyToOne:
		return "many-to-one"
	}
	return fmt.Sprintf("Output(%d)", int(o))
}

// TrainConfig configures a Trainer.
type TrainConfig struct {
	// Seq is the maximum number of steps of a chunk, the truncation length
	// of backpropagation through time (min-char-rnn: 25).
	Seq       int
	Loss      Loss      // the loss (zero value: CrossEntropy)
	Output    Output    // the steps the loss applies at (zero value: ManyToMany)
	Optimizer Optimizer // the parameter update, with its clipping
	// ResetEvery is how often Step restarts the carried hidden state from
	// zero: before every update that follows a positive multiple of
	// ResetEvery updates (Iter() = ResetEvery, 2*ResetEvery, ...), so that
	// the model keeps being trained from the zero state that Streams,
	// Samplers and evaluations start from. The zero value means
	// DefaultResetEvery; NeverReset (any negative value) carries the state
	// from chunk to chunk without restarting, min-char-rnn's exact recipe
	// (Next still restarts at the end of its data). See "Training from a
	// fresh state" in the package documentation.
	ResetEvery int
	// Batch is the number of streams B trained together at every step,
	// each with its own carried hidden (and LSTM cell) state; 0 means 1.
	// A step's loss is the mean over the streams of each stream's loss, and
	// its gradients the mean of theirs, so that a batch of one is exactly
	// the unbatched trainer. Chunks hold the B streams interleaved (see
	// Chunk), and Next splits its data into B contiguous parts. See
	// "Batches" in the package documentation.
	Batch int
}

const (
	// DefaultResetEvery is the ResetEvery of a zero TrainConfig: the
	// carried hidden state restarts from zero every 100 updates.
	DefaultResetEvery = 100
	// NeverReset, as TrainConfig.ResetEvery, never restarts the carried
	// hidden state from zero in Step.
	NeverReset = -1
)

// Chunk is one chunk of training data: the inputs of 1..Seq steps and their
// targets. Exactly one of Tokens and Inputs is set, and the one of Targets
// and Values that matches the loss.
//
// With a batch of B streams (TrainConfig.Batch), a chunk of T steps holds
// the streams interleaved, step-major: the input of step s of stream b is
// Tokens[s*B+b] (or row s*B+b of Inputs), and so are its ManyToMany target
// Targets[s*B+b] and target row s*B+b of Values; ManyToOne targets are one
// per stream, Targets[b] and row b of Values. So a chunk has T*B tokens
// (or rows), every stream the same number of steps T. With B = 1 this is
// the plain layout below.
type Chunk struct {
	Tokens  []int     // token inputs in [0, Input), one per step
	Inputs  []float32 // dense inputs, steps x Input, row-major
	Targets []int     // CrossEntropy targets in [0, Output): one per step (ManyToMany) or one (ManyToOne)
	Values  []float32 // MSE targets: steps x Output (ManyToMany) or Output values (ManyToOne)
}

// DivergedError reports a training step whose loss was NaN or infinite. The
// model's weights and the optimizer state are those before that step (the
// update was not applied); the carried hidden state is that after the
// failed chunk.
type DivergedError struct {
	Step int     // the 1-based number of the training step that diverged
	Loss float64 // the offending loss
}

// Error names the step and the loss.
func (e *DivergedError) Error() string {
	return fmt.Sprintf("rnn: training diverged at step %d: loss is %v", e.Step, e.Loss)
}

// Trainer trains a Model in place by truncated BPTT. It owns the gradients,
// the optimizer state, the hidden state carried from chunk to chunk and every
// buffer of a step, so that steps allocate nothing. See the package
// documentation for concurrency.
//
// With a batch of B streams every activation buffer holds, for each step,
// a B x width block with a row per stream (row s*B+b of a chunk-long
// buffer is step s of stream b), so that a step's rows are one matrix and
// the chunk's rows another; see "Batches" in the package documentation.
type Trainer struct {
	m, g *Model
	cfg  TrainConfig
	opt  Optimizer
	b    int // the batch B, streams per step

	st1, st2 []float32 // optimizer state: momentum velocity / Adagrad memory / Adam m; Adam v
	iter     int       // updates applied
	every    int       // Step resets the carried state when iter is a positive multiple of every (0: never)
	pos      int       // Next's position in each part of its data

	carry  [][]float32 // per layer: B x H hidden state carried into the next chunk
	carryC [][]float32 // per layer: B x H LSTM cell state carried into the next chunk (nil for other cells)
	hs     [][]float32 // per layer: (Seq+1)*B x H; block 0 is the carried state, block s+1 is h after step s
	dh     [][]float32 // per layer: Seq*B x H; gradient of the loss w.r.t. the layer's output h at each step
	dr     [][]float32 // per layer: Seq*B x G*H; gradient w.r.t. the pre-activations (GRU: of W_ih x + b_ih) at each step
	logits []float32   // Seq*B x Output; logits, then the gradient w.r.t. them

	// LSTM and GRU only, per layer (see forward and backwardLSTM, backwardGRU).
	gates [][]float32 // Seq*B x G*H: pre-activations, then activations (GRU: of W_ih x + b_ih)
	cs    [][]float32 // LSTM: (Seq+1)*B x H cell states, block 0 the carried one
	hp    [][]float32 // GRU: Seq*B x 3H hidden parts W_hh h + b_hh
	dhp   [][]float32 // GRU: Seq*B x 3H gradient w.r.t. the hidden parts
	dc    []float32   // LSTM: B x H, gradient w.r.t. the cell state during the backward pass
	tmp   []float32   // GRU: B x H, the direct path of dL/dh_{t-1}

	// The products over a batch (batch.go).
	rec     []batchMat        // per layer: W_hh for the step's B rows
	ws      kernels.Workspace // Gemm's packed operands
	perRow  bool              // products over the chunk's T*B rows go row by row (B = 1), not through Gemm
	tok, tg []int             // Next's chunk: Seq*B inputs and targets
	dxT     []float32         // Input x G*H: layer 0's token gradients by token (B > 1, nil for a large Input)

	th *trainThreads // the goroutines of a trainer made with Threads (nil: one)
}

// NewTrainer returns a trainer that updates m. The hidden state starts at
// zero and the optimizer state is zero.
//
// The option Threads(n) runs the steps of a batch (TrainConfig.Batch of 2
// or more) on n goroutines, with the results of one goroutine bit for
// bit; see "Threads" in the package documentation. Stop them with Close.
func NewTrainer(m *Model, cfg TrainConfig, opts ...Option) (*Trainer, error) {
	if m == nil {
		return nil, fmt.Errorf("rnn: NewTrainer: %w", errNilModel)
	}
	if cfg.Seq < 1 {
		return nil, fmt.Errorf("rnn: TrainConfig.Seq = %d, want >= 1", cfg.Seq)
	}
	if cfg.Batch < 0 {
		return nil, fmt.Errorf("rnn: TrainConfig.Batch = %d, want >= 1 (0 means 1)", cfg.Batch)
	}
	if cfg.Batch == 0 {
		cfg.Batch = 1
	}
	if cfg.Loss != CrossEntropy && cfg.Loss != MSE {
		return nil, fmt.Errorf("rnn: unknown loss %d", int(cfg.Loss))
	}
	if cfg.Output != ManyToMany && cfg.Output != ManyToOne {
		return nil, fmt.Errorf("rnn: unknown output type %d", int(cfg.Output))
	}
	if err := cfg.Optimizer.Validate(); err != nil {
		return nil, err
	}
	B := cfg.Batch
	if rows := uint64(min(cfg.Seq, maxElems)+1) * uint64(min(B, maxElems)); rows > maxElems || rows*uint64(max(m.cfg.Cell.Gates()*m.cfg.Hidden, m.cfg.Output)) > maxElems {
		return nil, errors.New("rnn: TrainConfig.Seq times Batch too large for the model")
	}
	g, err := New(m.cfg)
	if err != nil {
		return nil, err
	}
	t := &Trainer{m: m, g: g, cfg: cfg, opt: cfg.Optimizer, every: cfg.ResetEvery, b: B, perRow: B == 1}
	switch {
	case cfg.ResetEvery == 0:
		t.every = DefaultResetEvery
	case cfg.ResetEvery < 0:
		t.every = 0
	}
	n := len(m.params)
	t.st1 = make([]float32, n)
	if cfg.Optimizer.Method == Adam {
		t.st2 = make([]float32, n)
	}
	H, L, cell := m.cfg.Hidden, m.cfg.Layers, m.cfg.Cell
	GH := cell.Gates() * H
	S := cfg.Seq * B // rows of a chunk
	for k := range L {
		t.carry = append(t.carry, make([]float32, B*H))
		t.hs = append(t.hs, make([]float32, (S+B)*H))
		t.dh = append(t.dh, make([]float32, S*H))
		t.dr = append(t.dr, make([]float32, S*GH))
		switch cell {
		case LSTM:
			t.carryC = append(t.carryC, make([]float32, B*H))
			t.gates = append(t.gates, make([]float32, S*GH))
			t.cs = append(t.cs, make([]float32, (S+B)*H))
		case GRU:
			t.gates = append(t.gates, make([]float32, S*GH))
			t.hp = append(t.hp, make([]float32, S*GH))
			t.dhp = append(t.dhp, make([]float32, S*GH))
		}
		t.rec = append(t.rec, newBatchMat(m.layers[k].Whh, GH, H, B))
	}
	t.dc = make([]float32, B*H)
	t.tmp = make([]float32, B*H)
	t.logits = make([]float32, S*m.cfg.Output)
	t.tok, t.tg = make([]int, S), make([]int, S)
	if B > 1 && m.cfg.Input*GH <= maxTokenGrads && m.cfg.Input < S {
		t.dxT = make([]float32, m.cfg.Input*GH)
	}
	t.startThreads(threadsOf(opts))
	return t, nil
}

// maxTokenGrads bounds the size of Trainer.dxT (16 MiB): beyond, the
// gradient of token inputs goes to dWxh's columns a row at a time.
const maxTokenGrads = 1 << 22

// Model returns the model being trained.
func (t *Trainer) Model() *Model { return t.m }

// Config returns the trainer's configuration, with a zero Batch resolved
// to 1.
func (t *Trainer) Config() TrainConfig { return t.cfg }

// Grads returns the gradients of the last ForwardBackward (after clipping,
// once Update has run). The returned model is owned by the trainer.
func (t *Trainer) Grads() *Model { return t.g }

// Hidden returns layer k's hidden state as carried into the next chunk:
// Batch x Hidden values, stream b's state in row b. The slice is the
// trainer's own: writing it sets the state. A layer outside [0, Layers) is
// an error.
func (t *Trainer) Hidden(k int) ([]float32, error) {
	if k < 0 || k >= len(t.carry) {
		return nil, fmt.Errorf("rnn: Trainer.Hidden(%d): layer out of range [0, %d)", k, len(t.carry))
	}
	return t.carry[k], nil
}

// CellState returns an LSTM layer k's cell state as carried into the next
// chunk (Batch x Hidden), as Hidden does its hidden state. It is an error for another cell
// or a layer outside [0, Layers).
func (t *Trainer) CellState(k int) ([]float32, error) {
	if t.carryC == nil {
		return nil, fmt.Errorf("rnn: Trainer.CellState: a %v model has no cell state", t.m.cfg.Cell)
	}
	if k < 0 || k >= len(t.carryC) {
		return nil, fmt.Errorf("rnn: Trainer.CellState(%d): layer out of range [0, %d)", k, len(t.carryC))
	}
	return t.carryC[k], nil
}

// ResetHidden sets the carried state of every layer and stream to zero (the
// hidden state, and an LSTM's cell state).
func (t *Trainer) ResetHidden() {
	for _, c := range t.carry {
		clear(c)
	}
	for _, c := range t.carryC {
		clear(c)
	}
}

// OptimizerState returns the optimizer's state slices, in Params layout:
// for SGD the velocity (v2 nil), for Adagrad the sum of squared gradients
// (v2 nil), for Adam the first and second moments. They are the trainer's
// own: writing them sets the state (to resume a run).
func (t *Trainer) OptimizerState() (v1, v2 []float32) { return t.st1, t.st2 }

// Iter returns the number of updates applied so far (Adam's step count).
func (t *Trainer) Iter() int { return t.iter }

// SetIter sets the number of updates applied, to resume a run.
func (t *Trainer) SetIter(n int) { t.iter = max(n, 0) }

// Pos returns Next's position in its data: the index of the next chunk's
// first input (in each of the Batch parts of the data, counted from the
// part's start).
func (t *Trainer) Pos() int { return t.pos }

// SetPos sets Next's position, to resume a run.
func (t *Trainer) SetPos(p int) { t.pos = max(p, 0) }

// steps validates c and returns its number of steps per stream.
func (t *Trainer) steps(c Chunk) (int, error) {
	cfg := t.m.cfg
	B := t.b
	var n int // inputs: T*B
	switch {
	case c.Tokens != nil && c.Inputs != nil:
		return 0, errors.New("rnn: Chunk has both Tokens and Inputs")
	case c.Tokens != nil:
		n = len(c.Tokens)
		for s, x := range c.Tokens {
			if x < 0 || x >= cfg.Input {
				return 0, fmt.Errorf("rnn: Chunk.Tokens[%d] = %d out of range [0, %d)", s, x, cfg.Input)
			}
		}
		if n%B != 0 {
			return 0, fmt.Errorf("rnn: Chunk has %d Tokens, not a multiple of Batch = %d (Tokens[s*Batch+b] is step s of stream b)", n, B)
		}
	default:
		if len(c.Inputs)%cfg.Input != 0 {
			return 0, fmt.Errorf("rnn: len(Chunk.Inputs) = %d is not a multiple of Input = %d", len(c.Inputs), cfg.Input)
		}
		n = len(c.Inputs) / cfg.Input
		if n%B != 0 {
			return 0, fmt.Errorf("rnn: Chunk has %d Inputs rows, not a multiple of Batch = %d (row s*Batch+b is step s of stream b)", n, B)
		}
	}
	T := n / B
	if T < 1 || T > t.cfg.Seq {
		if B > 1 {
			return 0, fmt.Errorf("rnn: Chunk has %d steps per stream (Batch %d), want 1..%d (Seq)", T, B, t.cfg.Seq)
		}
		return 0, fmt.Errorf("rnn: Chunk has %d steps, want 1..%d (Seq)", T, t.cfg.Seq)
	}
	nt := T * B
	if t.cfg.Output == ManyToOne {
		nt = B
	}
	switch t.cfg.Loss {
	case CrossEntropy:
		if len(c.Targets) != nt || c.Values != nil {
			return 0, fmt.Errorf("rnn: Chunk has %d Targets and %d Values, want %d Targets for %v %v over %d steps%s", len(c.Targets), len(c.Values), nt, t.cfg.Output, t.cfg.Loss, T, batchOf(B))
		}
		for s, y := range c.Targets {
			if y < 0 || y >= cfg.Output {
				return 0, fmt.Errorf("rnn: Chunk.Targets[%d] = %d out of range [0, %d)", s, y, cfg.Output)
			}
		}
	case MSE:
		if len(c.Values) != nt*cfg.Output || c.Targets != nil {
			return 0, fmt.Errorf("rnn: Chunk has %d Targets and %d Values, want %d Values for %v %v over %d steps%s", len(c.Targets), len(c.Values), nt*cfg.Output, t.cfg.Output, t.cfg.Loss, T, batchOf(B))
		}
	}
	return T, nil
}

// batchOf describes a batch of B streams for an error message: "" for 1.
func batchOf(B int) string {
	if B == 1 {
		return ""
	}
	return fmt.Sprintf(" of %d streams", B)
}

// ForwardBackward runs the model over the chunk, starting from the carried
// hidden state, and returns the loss summed over the steps where it applies
// (with a batch, the mean over the streams of each stream's sum). It leaves
// the gradients of that loss in Grads and carries the hidden state after
// the chunk's last step into the next chunk. It does not update the model.
// Invalid chunks are errors.
func (t *Trainer) ForwardBackward(c Chunk) (float64, error) {
	T, err := t.steps(c)
	if err != nil {
		return 0, err
	}
	return t.forwardBackward(c, T), nil
}

// forwardBackward is ForwardBackward over a validated chunk of T steps.
func (t *Trainer) forwardBackward(c Chunk, T int) float64 {
	if t.th != nil {
		return t.forwardBackwardThreads(c, T)
	}
	t.forward(c, T)
	loss := t.outputLayer(c, T)
	t.backward(c, T)
	return loss
}

// Update clips the gradients in Grads and applies one optimizer step to the
// model.
func (t *Trainer) Update() {
	if t.th != nil {
		t.updateThreads()
		return
	}
	t.iter++
	t.opt.clipAndUpdate(t.m.params, t.g.params, t.st1, t.st2, t.iter)
}

// Step is one training step: ForwardBackward then Update. When Iter() is a
// positive multiple of the configured ResetEvery, the carried hidden state
// is first reset to zero (not for an invalid chunk, which is an error that
// changes nothing). A NaN or infinite loss is a *DivergedError and leaves
// the model unchanged.
func (t *Trainer) Step(c Chunk) (float64, error) {
	T, err := t.steps(c)
	if err != nil {
		return 0, err
	}
	if t.every > 0 && t.iter > 0 && t.iter%t.every == 0 {
		t.ResetHidden()
	}
	loss := t.forwardBackward(c, T)
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, &DivergedError{Step: t.iter + 1, Loss: loss}
	}
	t.Update()
	return loss, nil
}

// Next is one step of min-char-rnn's walk over a token sequence: when the
// next chunk would run past the end of data, or before the first update, the
// hidden state is reset and the position returns to 0; then the chunk of
// Seq inputs data[p:p+Seq] is trained with targets data[p+1:p+Seq+1]
// (ManyToMany) or data[p+Seq] (ManyToOne) by Step (which also restarts the
// hidden state every ResetEvery updates), and the position moves on by Seq.
// It needs the CrossEntropy loss and len(data) > Seq+1.
//
// With a batch of B streams, as char-rnn does, data is split into B
// contiguous parts of L = len(data)/B tokens (part b is data[b*L:(b+1)*L];
// the last len(data) mod B tokens are not used), stream b walks part b, and
// all streams move together: the chunk is made of each part's inputs and
// targets at the same position p, and the walk restarts (every stream's
// state reset, p = 0) when the next chunk would run past the end of a part.
// Each part must be longer than Seq+1.
func (t *Trainer) Next(data []int) (float64, error) {
	seq, B := t.cfg.Seq, t.b
	if t.cfg.Loss != CrossEntropy {
		return 0, errors.New("rnn: Next needs the CrossEntropy loss")
	}
	L := len(data) / B
	if L <= seq+1 {
		if B > 1 {
			return 0, fmt.Errorf("rnn: Next: %d tokens of data split into Batch = %d parts of %d, want parts of more than Seq+1 = %d", len(data), B, L, seq+1)
		}
		return 0, fmt.Errorf("rnn: Next: %d tokens of data, want more than Seq+1 = %d", len(data), seq+1)
	}
	if t.pos >= L-seq-1 || t.iter == 0 { // (t.pos+seq+1 could overflow)
		t.ResetHidden()
		t.pos = 0
	}
	p := t.pos
	var c Chunk
	if B == 1 {
		c = Chunk{Tokens: data[p : p+seq], Targets: data[p+1 : p+seq+1]}
		if t.cfg.Output == ManyToOne {
			c.Targets = data[p+seq : p+seq+1]
		}
	} else {
		for b := range B {
			part := data[b*L+p : b*L+p+seq+1]
			for s := range seq {
				t.tok[s*B+b] = part[s]
				t.tg[s*B+b] = part[s+1]
			}
		}
		c = Chunk{Tokens: t.tok[:seq*B], Targets: t.tg[:seq*B]}
		if t.cfg.Output == ManyToOne {
			c.Targets = t.tg[(seq-1)*B : seq*B]
		}
	}
	loss, err := t.Step(c)
	if err != nil {
		return loss, err
	}
	t.pos += seq
	return loss, nil
}

// gatherCol sets dst = b + column j of the len(dst) x n matrix w: the
// product of w with the one-hot vector e_j.
func gatherCol(dst, w, b []float32, j, n int) {
	w = w[j:]
	b = b[:len(dst)]
	for i := range dst {
		dst[i] = b[i] + w[i*n]
	}
}

// scatterCol adds src to column j of the len(src) x n matrix w.
func scatterCol(w, src []float32, j, n int) {
	w = w[j:]
	for i, v := range src {
		w[i*n] += v
	}
}

// outputLayer computes the logits and the loss at the steps where it
// applies, and starts the backward pass: it zeroes the gradients, sets the
// output layer's gradients and the top layer's dh. The logits of all the
// rows are one product; with a batch each row's gradient is divided by B,
// so that the gradients are the mean over the streams.
func (t *Trainer) outputLayer(c Chunk, T int) float64 {
	m, g := t.m, t.g
	clear(g.params)
	B := t.b
	H, O := m.cfg.Hidden, m.cfg.Output
	top := len(m.layers) - 1
	hs, dh := t.hs[top], t.dh[top]
	clear(dh[:T*B*H])
	first, end := 0, T*B // the rows where the loss applies
	if t.cfg.Output == ManyToOne {
		first = (T - 1) * B
	}
	n := end - first
	ys, h := t.logits[first*O:end*O], hs[(first+B)*H:(end+B)*H]
	// rowLoss replaces row r of ys by dL/dy and returns its loss.
	rowLoss := func(r int) float64 {
		y := ys[r*O : (r+1)*O]
		var l float64
		switch t.cfg.Loss {
		case CrossEntropy:
			l = float64(kernels.SoftmaxCrossEntropy(y, y, c.Targets[r]))
		case MSE:
			l = mseGrad(y, c.Values[r*O:(r+1)*O])
		}
		if B > 1 {
			kernels.Scale(1/float32(B), y)
		}
		kernels.Axpy(1, y, g.by) // dBy += dy
		return l
	}
	var loss float64
	if t.perRow {
		for r := range n {
			y := ys[r*O : (r+1)*O]
			copy(y, m.by)
			kernels.MatVecAdd(y, m.why, h[r*H:(r+1)*H])
			loss += rowLoss(r)
			kernels.MatVecT(dh[(first+r)*H:(first+r+1)*H], m.why, y) // dh = Why^T dy
		}
	} else {
		for r := range n {
			copy(ys[r*O:(r+1)*O], m.by)
		}
		mulWT(ys, h, m.why, n, O, H, &t.ws)
		for r := range n {
			loss += rowLoss(r)
		}
		mulW(dh[first*H:end*H], ys, m.why, n, O, H, &t.ws)
	}
	// dWhy += sum_r dy_r h_r^T.
	accumOuter(t.perRow, g.why, ys, h, n, O, H, &t.ws)
	if B > 1 {
		loss /= float64(B)
	}
	return loss
}

// mseGrad replaces y by the gradient of sum_j (y[j]-want[j])^2 / len(y) and
// returns that loss.
func mseGrad(y, want []float32) float64 {
	var l float64
	scale := 2 / float32(len(y))
	want = want[:len(y)]
	for j, v := range y {
		d := v - want[j]
		l += float64(d) * float64(d)
		y[j] = scale * d
	}
	return l / float64(len(y))
}

// backward propagates the top layer's dh back through time and down the
// layers, accumulating the weight gradients.
func (t *Trainer) backward(c Chunk, T int) {
	switch t.m.cfg.Cell {
	case LSTM:
		t.backwardLSTM(c, T)
		return
	case GRU:
		t.backwardGRU(c, T)
		return
	}
	B := t.b
	for k := len(t.m.layers) - 1; k >= 0; k-- {
		gl := &t.g.layers[k]
		BH := B * t.m.layers[k].Hidden
		hs, dh, dr, rec := t.hs[k], t.dh[k], t.dr[k], &t.rec[k]
		rec.packN()
		for s := T - 1; s >= 0; s-- {
			d := dr[s*BH : (s+1)*BH]
			kernels.TanhBackward(d, hs[(s+1)*BH:(s+2)*BH], dh[s*BH:(s+1)*BH])
			if s > 0 {
				rec.mulTAdd(dh[(s-1)*BH:s*BH], d, B, &t.ws) // dh_{s-1} += d Whh
			}
		}
		// dWhh += sum over the chunk's rows of d h_{prev}^T.
		accumOuter(t.perRow, gl.Whh, dr[:T*BH], hs[:T*BH], T*B, rec.n, rec.k, &t.ws)
		t.inputGradients(k, T, c, dr)
	}
}
