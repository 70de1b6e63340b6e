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
type Trainer struct {
	m, g *Model
	cfg  TrainConfig
	opt  Optimizer

	st1, st2 []float32 // optimizer state: momentum velocity / Adagrad memory / Adam m; Adam v
	iter     int       // updates applied
	every    int       // Step resets the carried state when iter is a positive multiple of every (0: never)
	pos      int       // Next's position in its data

	carry  [][]float32 // per layer: hidden state carried into the next chunk
	carryC [][]float32 // per layer: LSTM cell state carried into the next chunk (nil for other cells)
	hs     [][]float32 // per layer: (Seq+1) x H; row 0 is the carried state, row s+1 is h after step s
	dh     [][]float32 // per layer: Seq x H; gradient of the loss w.r.t. the layer's output h at each step
	dr     [][]float32 // per layer: Seq x G*H; gradient w.r.t. the pre-activations (GRU: of W_ih x + b_ih) at each step
	logits []float32   // Seq x Output; logits, then the gradient w.r.t. them

	// LSTM and GRU only, per layer (see forwardLSTM and forwardGRU).
	gates [][]float32 // Seq x G*H: pre-activations, then activations (GRU: of W_ih x + b_ih)
	cs    [][]float32 // LSTM: (Seq+1) x H cell states, row 0 the carried one
	hp    [][]float32 // GRU: Seq x 3H hidden parts W_hh h + b_hh
	dhp   [][]float32 // GRU: Seq x 3H gradient w.r.t. the hidden parts
	dc    []float32   // LSTM: H, gradient w.r.t. the cell state during the backward pass
	tmp   []float32   // GRU: H, the direct path of dL/dh_{t-1}
}

// NewTrainer returns a trainer that updates m. The hidden state starts at
// zero and the optimizer state is zero.
func NewTrainer(m *Model, cfg TrainConfig) (*Trainer, error) {
	if m == nil {
		return nil, fmt.Errorf("rnn: NewTrainer: %w", errNilModel)
	}
	if cfg.Seq < 1 {
		return nil, fmt.Errorf("rnn: TrainConfig.Seq = %d, want >= 1", cfg.Seq)
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
	if uint64(cfg.Seq+1)*uint64(max(m.cfg.Cell.Gates()*m.cfg.Hidden, m.cfg.Output)) > maxElems {
		return nil, errors.New("rnn: TrainConfig.Seq too large for the model")
	}
	g, err := New(m.cfg)
	if err != nil {
		return nil, err
	}
	t := &Trainer{m: m, g: g, cfg: cfg, opt: cfg.Optimizer, every: cfg.ResetEvery}
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
	for range L {
		t.carry = append(t.carry, make([]float32, H))
		t.hs = append(t.hs, make([]float32, (cfg.Seq+1)*H))
		t.dh = append(t.dh, make([]float32, cfg.Seq*H))
		t.dr = append(t.dr, make([]float32, cfg.Seq*GH))
		switch cell {
		case LSTM:
			t.carryC = append(t.carryC, make([]float32, H))
			t.gates = append(t.gates, make([]float32, cfg.Seq*GH))
			t.cs = append(t.cs, make([]float32, (cfg.Seq+1)*H))
		case GRU:
			t.gates = append(t.gates, make([]float32, cfg.Seq*GH))
			t.hp = append(t.hp, make([]float32, cfg.Seq*GH))
			t.dhp = append(t.dhp, make([]float32, cfg.Seq*GH))
		}
	}
	t.dc = make([]float32, H)
	t.tmp = make([]float32, H)
	t.logits = make([]float32, cfg.Seq*m.cfg.Output)
	return t, nil
}

// Model returns the model being trained.
func (t *Trainer) Model() *Model { return t.m }

// Config returns the trainer's configuration.
func (t *Trainer) Config() TrainConfig { return t.cfg }

// Grads returns the gradients of the last ForwardBackward (after clipping,
// once Update has run). The returned model is owned by the trainer.
func (t *Trainer) Grads() *Model { return t.g }

// Hidden returns layer k's hidden state as carried into the next chunk. The
// slice is the trainer's own: writing it sets the state. A layer outside
// [0, Layers) is an error.
func (t *Trainer) Hidden(k int) ([]float32, error) {
	if k < 0 || k >= len(t.carry) {
		return nil, fmt.Errorf("rnn: Trainer.Hidden(%d): layer out of range [0, %d)", k, len(t.carry))
	}
	return t.carry[k], nil
}

// CellState returns an LSTM layer k's cell state as carried into the next
// chunk, as Hidden does its hidden state. It is an error for another cell
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

// ResetHidden sets the carried state of every layer to zero (the hidden
// state, and an LSTM's cell state).
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
// first input.
func (t *Trainer) Pos() int { return t.pos }

// SetPos sets Next's position, to resume a run.
func (t *Trainer) SetPos(p int) { t.pos = max(p, 0) }

// steps validates c and returns its number of steps.
func (t *Trainer) steps(c Chunk) (int, error) {
	cfg := t.m.cfg
	var T int
	switch {
	case c.Tokens != nil && c.Inputs != nil:
		return 0, errors.New("rnn: Chunk has both Tokens and Inputs")
	case c.Tokens != nil:
		T = len(c.Tokens)
		for s, x := range c.Tokens {
			if x < 0 || x >= cfg.Input {
				return 0, fmt.Errorf("rnn: Chunk.Tokens[%d] = %d out of range [0, %d)", s, x, cfg.Input)
			}
		}
	default:
		if len(c.Inputs)%cfg.Input != 0 {
			return 0, fmt.Errorf("rnn: len(Chunk.Inputs) = %d is not a multiple of Input = %d", len(c.Inputs), cfg.Input)
		}
		T = len(c.Inputs) / cfg.Input
	}
	if T < 1 || T > t.cfg.Seq {
		return 0, fmt.Errorf("rnn: Chunk has %d steps, want 1..%d (Seq)", T, t.cfg.Seq)
	}
	nt := T
	if t.cfg.Output == ManyToOne {
		nt = 1
	}
	switch t.cfg.Loss {
	case CrossEntropy:
		if len(c.Targets) != nt || c.Values != nil {
			return 0, fmt.Errorf("rnn: Chunk has %d Targets and %d Values, want %d Targets for %v %v over %d steps", len(c.Targets), len(c.Values), nt, t.cfg.Output, t.cfg.Loss, T)
		}
		for s, y := range c.Targets {
			if y < 0 || y >= cfg.Output {
				return 0, fmt.Errorf("rnn: Chunk.Targets[%d] = %d out of range [0, %d)", s, y, cfg.Output)
			}
		}
	case MSE:
		if len(c.Values) != nt*cfg.Output || c.Targets != nil {
			return 0, fmt.Errorf("rnn: Chunk has %d Targets and %d Values, want %d Values for %v %v over %d steps", len(c.Targets), len(c.Values), nt*cfg.Output, t.cfg.Output, t.cfg.Loss, T)
		}
	}
	return T, nil
}

// ForwardBackward runs the model over the chunk, starting from the carried
// hidden state, and returns the loss summed over the steps where it applies.
// It leaves the gradients of that loss in Grads and carries the hidden
// state after the chunk's last step into the next chunk. It does not update
// the model. Invalid chunks are errors.
func (t *Trainer) ForwardBackward(c Chunk) (float64, error) {
	T, err := t.steps(c)
	if err != nil {
		return 0, err
	}
	return t.forwardBackward(c, T), nil
}

// forwardBackward is ForwardBackward over a validated chunk of T steps.
func (t *Trainer) forwardBackward(c Chunk, T int) float64 {
	t.forward(c, T)
	loss := t.outputLayer(c, T)
	t.backward(c, T)
	return loss
}

// Update clips the gradients in Grads and applies one optimizer step to the
// model.
func (t *Trainer) Update() {
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
func (t *Trainer) Next(data []int) (float64, error) {
	seq := t.cfg.Seq
	if t.cfg.Loss != CrossEntropy {
		return 0, errors.New("rnn: Next needs the CrossEntropy loss")
	}
	if len(data) <= seq+1 {
		return 0, fmt.Errorf("rnn: Next: %d tokens of data, want more than Seq+1 = %d", len(data), seq+1)
	}
	if t.pos >= len(data)-seq-1 || t.iter == 0 { // (t.pos+seq+1 could overflow)
		t.ResetHidden()
		t.pos = 0
	}
	p := t.pos
	c := Chunk{Tokens: data[p : p+seq], Targets: data[p+1 : p+seq+1]}
	if t.cfg.Output == ManyToOne {
		c.Targets = data[p+seq : p+seq+1]
	}
	loss, err := t.Step(c)
	if err != nil {
		return loss, err
	}
	t.pos += seq
	return loss, nil
}

// forward computes the hidden states of every layer over T steps.
func (t *Trainer) forward(c Chunk, T int) {
	switch t.m.cfg.Cell {
	case LSTM:
		t.forwardLSTM(c, T)
		return
	case GRU:
		t.forwardGRU(c, T)
		return
	}
	for k := range t.m.layers {
		l := &t.m.layers[k]
		H := l.Hidden
		hs := t.hs[k]
		copy(hs[:H], t.carry[k])
		// Input projections of all steps: row s+1 = Bh + Wxh x_s.
		for s := range T {
			t.inputProjection(hs[(s+1)*H:(s+2)*H], k, s, c, l.Bh, nil)
		}
		// The recurrence: h_s = tanh(row + Whh h_{s-1}).
		for s := range T {
			row := hs[(s+1)*H : (s+2)*H]
			kernels.MatVecAdd(row, l.Whh, hs[s*H:(s+1)*H])
			kernels.Tanh(row, row)
		}
		copy(t.carry[k], hs[T*H:(T+1)*H])
	}
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
// output layer's gradients and the top layer's dh.
func (t *Trainer) outputLayer(c Chunk, T int) float64 {
	m, g := t.m, t.g
	clear(g.params)
	H, O := m.cfg.Hidden, m.cfg.Output
	top := len(m.layers) - 1
	hs, dh := t.hs[top], t.dh[top]
	clear(dh[:T*H])
	first := 0
	if t.cfg.Output == ManyToOne {
		first = T - 1
	}
	var loss float64
	for s := first; s < T; s++ {
		y := t.logits[s*O : (s+1)*O]
		copy(y, m.by)
		kernels.MatVecAdd(y, m.why, hs[(s+1)*H:(s+2)*H])
		i := s - first // index of this step's target
		switch t.cfg.Loss {
		case CrossEntropy:
			loss += float64(kernels.SoftmaxCrossEntropy(y, y, c.Targets[i]))
		case MSE:
			loss += mseGrad(y, c.Values[i*O:(i+1)*O])
		}
		// y now holds dL/dy: dBy += dy, dh = Why^T dy.
		kernels.Axpy(1, y, g.by)
		kernels.MatVecT(dh[s*H:(s+1)*H], m.why, y)
	}
	// dWhy += sum_s dy_s h_s^T, one rank-(T-first) update.
	kernels.GerK(g.why, 1, t.logits[first*O:T*O], hs[(first+1)*H:(T+1)*H], T-first)
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
	for k := len(t.m.layers) - 1; k >= 0; k-- {
		l, gl := &t.m.layers[k], &t.g.layers[k]
		H := l.Hidden
		hs, dh, dr := t.hs[k], t.dh[k], t.dr[k]
		for s := T - 1; s >= 0; s-- {
			d := dr[s*H : (s+1)*H]
			kernels.TanhBackward(d, hs[(s+1)*H:(s+2)*H], dh[s*H:(s+1)*H])
			if s > 0 {
				kernels.MatVecTAdd(dh[(s-1)*H:s*H], l.Whh, d)
			}
		}
		// The weight gradients over the chunk: rank-T updates.
		kernels.GerK(gl.Whh, 1, dr[:T*H], hs[:T*H], T)
		t.inputGradients(k, T, c, dr)
	}
}
