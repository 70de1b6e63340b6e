package rnn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/simdrnn/simdrnn/internal/team"
	"github.com/simdrnn/simdrnn/kernels"
)

// Stream runs a model one step at a time: feed one token or vector, get the
// output. It holds its own hidden state and buffers (a few kilobytes), so
// that many streams can serve from one model concurrently; see the package
// documentation. Steps allocate nothing.
type Stream struct {
	m     *Model      // nil for a stream over a HalfModel
	w     *weights    // what the steps read: m's weights, or a HalfModel's
	h     [][]float32 // per layer hidden state
	c     [][]float32 // per layer LSTM cell state (nil for other cells)
	a     []float32   // pre-activation scratch, G*Hidden (GRU: the input part)
	hp    []float32   // GRU: the hidden part W_hh h + b_hh, 3*Hidden
	out   []float32   // last output y = Why h + By, when !stale
	stale bool        // out is not yet computed for the current state
	g     []float32   // cross-entropy scratch

	// The input of the step in progress: token tok, or the vector x when
	// not nil.
	tok int
	x   []float32

	// A stream made with Threads: its team (nil for one goroutine), how its
	// steps are shared, and the run in progress (see stepJob).
	tm                *team.Team
	pl                *plan
	phase, phaseLayer int
}

// NewStream returns a stream over m with a zero hidden state. With
// Threads, its steps run on several goroutines.
func (m *Model) NewStream(opts ...Option) *Stream {
	w, _ := weightsOf(m, F32) // no error for F32
	return newStream(m, w, opts)
}

func newStream(m *Model, w *weights, opts []Option) *Stream {
	c := w.cfg
	s := &Stream{m: m, w: w, a: make([]float32, c.Cell.Gates()*c.Hidden), out: make([]float32, c.Output), g: make([]float32, c.Output)}
	for range w.layers {
		s.h = append(s.h, make([]float32, c.Hidden))
		if c.Cell == LSTM {
			s.c = append(s.c, make([]float32, c.Hidden))
		}
	}
	if c.Cell == GRU {
		s.hp = make([]float32, 3*c.Hidden)
	}
	copy(s.out, w.by)
	s.startThreads(threadsOf(opts))
	return s
}

// Model returns the stream's model, or nil for a stream over a HalfModel.
func (s *Stream) Model() *Model { return s.m }

// Config returns the shape of the stream's model.
func (s *Stream) Config() Config { return s.w.cfg }

// Reset sets the state (hidden, and an LSTM's cell state) to zero and the
// output to By (the output for a zero top hidden state).
func (s *Stream) Reset() {
	for _, h := range s.h {
		clear(h)
	}
	for _, c := range s.c {
		clear(c)
	}
	copy(s.out, s.w.by)
	s.stale = false
}

// Hidden returns layer k's hidden state. The slice is the stream's own:
// writing it sets the state (and Output follows). A layer outside
// [0, Layers) is an error.
func (s *Stream) Hidden(k int) ([]float32, error) {
	if k < 0 || k >= len(s.h) {
		return nil, fmt.Errorf("rnn: Stream.Hidden(%d): layer out of range [0, %d)", k, len(s.h))
	}
	s.stale = true
	return s.h[k], nil
}

// CellState returns an LSTM layer k's cell state, as Hidden does its
// hidden state. It is an error for another cell or a layer outside
// [0, Layers).
func (s *Stream) CellState(k int) ([]float32, error) {
	if s.c == nil {
		return nil, fmt.Errorf("rnn: Stream.CellState: a %v model has no cell state", s.w.cfg.Cell)
	}
	if k < 0 || k >= len(s.c) {
		return nil, fmt.Errorf("rnn: Stream.CellState(%d): layer out of range [0, %d)", k, len(s.c))
	}
	s.stale = true
	return s.c[k], nil
}

// Output returns the output for the current state, Why h + By (the logits
// of the next token for a cross-entropy model), computing it if the last
// step was a FeedToken or FeedVector. The slice is the stream's own and is
// overwritten by the next step.
func (s *Stream) Output() []float32 {
	if s.stale {
		if s.pl != nil && s.pl.out != nil {
			s.run(0, phaseOutput)
		} else {
			s.outputRows(0, len(s.out))
		}
		s.stale = false
	}
	return s.out
}

// StepToken feeds token tok (in [0, Input)) and returns the output, as
// Output does.
func (s *Stream) StepToken(tok int) ([]float32, error) {
	if err := s.FeedToken(tok); err != nil {
		return nil, err
	}
	return s.Output(), nil
}

// StepVector feeds the dense input x (len(x) == Input) and returns the
// output, as Output does.
func (s *Stream) StepVector(x []float32) ([]float32, error) {
	if err := s.FeedVector(x); err != nil {
		return nil, err
	}
	return s.Output(), nil
}

// FeedToken feeds token tok (in [0, Input)) and updates the hidden state
// without computing the output layer, for prompts whose intermediate
// outputs are not needed; Output computes it on demand.
func (s *Stream) FeedToken(tok int) error {
	l := &s.w.layers[0]
	if tok < 0 || tok >= l.in {
		return fmt.Errorf("rnn: token %d out of range [0, %d)", tok, l.in)
	}
	s.tok = tok
	s.finish()
	return nil
}

// FeedVector feeds the dense input x (len(x) == Input) without computing the
// output layer, as FeedToken does.
func (s *Stream) FeedVector(x []float32) error {
	l := &s.w.layers[0]
	if len(x) != l.in {
		return fmt.Errorf("rnn: input of length %d, want %d", len(x), l.in)
	}
	if s.pl != nil {
		// The workers read x while others write the state, which x
		// may be (Hidden's slice): they read a copy.
		x = append(s.pl.x[:0], x...)
	}
	s.x = x
	s.finish()
	return nil
}

// CrossEntropySum feeds tokens[0..n-2] in order, from the stream's current
// state, and returns the cross-entropy (in nats) of predicting each next
// token tokens[1..n-1], summed over those n-1 predictions (see
// MeanCrossEntropy for the mean). The stream is left after tokens[n-2],
// ready to continue (feed tokens[n-1] next), so that a long text can be
// evaluated in pieces that overlap by one token. Tokens must be in
// [0, min(Input, Output)), and there must be at least two of them.
func (s *Stream) CrossEntropySum(tokens []int) (float64, error) {
	if len(tokens) < 2 {
		return 0, fmt.Errorf("rnn: cross-entropy of %d tokens: want at least 2 (an input and the target after it)", len(tokens))
	}
	var sum float64
	for i := 0; i+1 < len(tokens); i++ {
		if _, err := s.StepToken(tokens[i]); err != nil {
			return sum, err
		}
		y := tokens[i+1]
		if y < 0 || y >= len(s.out) {
			return sum, fmt.Errorf("rnn: target token %d out of range [0, %d)", y, len(s.out))
		}
		sum += float64(kernels.SoftmaxCrossEntropy(s.g, s.out, y))
	}
	return sum, nil
}

// MeanCrossEntropy is CrossEntropySum divided by the number of
// predictions, len(tokens)-1: the loss in nats per token.
func (s *Stream) MeanCrossEntropy(tokens []int) (float64, error) {
	sum, err := s.CrossEntropySum(tokens)
	if err != nil {
		return 0, err
	}
	return sum / float64(len(tokens)-1), nil
}

// finish runs a step whose input is s.tok, or s.x when not nil; the output
// becomes stale.
func (s *Stream) finish() {
	for k := range s.w.layers {
		var lp *layerPlan
		if s.pl != nil {
			lp = s.layerPlan(k)
		}
		switch {
		case lp == nil || lp.mode == layerSerial:
			s.products(k, 0, len(s.a), s.h[k])
			s.cell(k, 0, len(s.h[k]))
		case lp.mode == layerFused:
			copy(s.pl.hold[k], s.h[k])
			s.run(k, phaseFused)
		default:
			s.run(k, phaseProducts)
			s.run(k, phaseCell)
		}
	}
	s.x = nil
	s.stale = true
}

// products computes rows [lo, hi) of layer k's gate pre-activations from
// the layer's input and hPrev, the previous hidden state: b_ih + W_ih x
// (+ b_hh) + W_hh hPrev in s.a for the RNN and the LSTM; b_ih + W_ih x in
// s.a and b_hh + W_hh hPrev in s.hp for the GRU. Each row's operations are
// the same whatever the range, so that ranges starting at multiples of
// kernels.MatVecBlockRows give the bits of the whole.
func (s *Stream) products(k, lo, hi int, hPrev []float32) {
	if lo >= hi {
		return
	}
	l := &s.w.layers[k]
	a := s.a[lo:hi]
	wxh := l.wxh.rows(lo, hi, l.in)
	switch {
	case k > 0:
		copy(a, l.bh[lo:hi])
		wxh.mulAdd(a, s.h[k-1])
	case s.x == nil:
		wxh.gatherCol(a, l.bh[lo:hi], s.tok, l.in)
	default:
		copy(a, l.bh[lo:hi])
		wxh.mulAdd(a, s.x)
	}
	whh := l.whh.rows(lo, hi, len(hPrev))
	switch l.cell {
	case LSTM:
		kernels.Axpy(1, l.bhh[lo:hi], a)
		whh.mulAdd(a, hPrev)
	case GRU:
		p := s.hp[lo:hi]
		copy(p, l.bhh[lo:hi])
		whh.mulAdd(p, hPrev)
	default:
		whh.mulAdd(a, hPrev)
	}
}

// cell runs layer k's cell kernel on units [lo, hi), from the gate
// pre-activations products left, updating the hidden (and cell) state.
func (s *Stream) cell(k, lo, hi int) {
	if lo >= hi {
		return
	}
	H := len(s.h[k])
	a, h := s.a, s.h[k][lo:hi]
	switch s.w.layers[k].cell {
	case LSTM:
		c := s.c[k][lo:hi]
		kernels.LSTMForward(a[lo:hi], a[H+lo:H+hi], a[2*H+lo:2*H+hi], a[3*H+lo:3*H+hi], c, c, h)
	case GRU:
		p := s.hp
		kernels.GRUForward(a[lo:hi], a[H+lo:H+hi], a[2*H+lo:2*H+hi], p[lo:hi], p[H+lo:H+hi], p[2*H+lo:2*H+hi], h, h)
	default:
		kernels.Tanh(h, a[lo:hi])
	}
}

// outputRows computes rows [lo, hi) of the output, By + Why h.
func (s *Stream) outputRows(lo, hi int) {
	if lo >= hi {
		return
	}
	h := s.h[len(s.h)-1]
	copy(s.out[lo:hi], s.w.by[lo:hi])
	why := s.w.why.rows(lo, hi, len(h))
	why.mulAdd(s.out[lo:hi], h)
}

// Sampler generates tokens from a cross-entropy model: it draws the next
// token from softmax(logits / Temperature), restricted to the TopK most
// likely tokens when TopK > 0, feeds it back, and so on. It is reproducible
// from its seed. Next allocates nothing.
type Sampler struct {
	// Temperature divides the logits before the softmax: below 1 the
	// samples are more conservative, above 1 more diverse. Must be > 0.
	Temperature float32
	// TopK, when positive, restricts sampling to the TopK tokens with the
	// largest logits; 0 draws from all of them. Negative values are an
	// error.
	TopK int

	st    *Stream
	rng   *rand.Rand
	probs []float32
	idx   []int
}

// NewSampler returns a sampler over m with temperature 1, no top-k
// restriction, a zero hidden state and a random generator seeded by seed.
// Before any token is fed, the next-token distribution is softmax(By).
// The options are its stream's (see NewStream).
func (m *Model) NewSampler(seed uint64, opts ...Option) *Sampler {
	return newSampler(m.NewStream(opts...), seed)
}

func newSampler(st *Stream, seed uint64) *Sampler {
	return &Sampler{
		Temperature: 1,
		st:          st,
		rng:         rand.New(rand.NewPCG(seed, seed^0xda942042e4dd58b5)),
		probs:       make([]float32, st.w.cfg.Output),
		idx:         make([]int, st.w.cfg.Output),
	}
}

// Stream returns the sampler's stream (to reset it or read its state).
func (sp *Sampler) Stream() *Stream { return sp.st }

// Prime feeds the tokens in order, as a prompt; the next token drawn
// continues them. Only the hidden state is updated (the output layer runs
// once, for the next draw).
func (sp *Sampler) Prime(tokens []int) error {
	for _, x := range tokens {
		if err := sp.st.FeedToken(x); err != nil {
			return err
		}
	}
	return nil
}

// Distribution writes into p (len(p) == Output) the distribution the next
// token is drawn from, after temperature and top-k.
func (sp *Sampler) Distribution(p []float32) error {
	if len(p) != len(sp.probs) {
		return fmt.Errorf("rnn: Distribution: len(p) = %d, want %d", len(p), len(sp.probs))
	}
	if err := sp.dist(); err != nil {
		return err
	}
	copy(p, sp.probs)
	return nil
}

// dist computes the next-token distribution in sp.probs.
func (sp *Sampler) dist() error {
	temp := sp.Temperature
	if !(temp > 0) || math.IsInf(float64(temp), 0) {
		return fmt.Errorf("rnn: sampling temperature %v, want a finite value > 0", temp)
	}
	if sp.TopK < 0 {
		return fmt.Errorf("rnn: sampling TopK = %d, want >= 0 (0: no restriction)", sp.TopK)
	}
	if c := sp.st.w.cfg; c.Input != c.Output {
		return errors.New("rnn: sampling needs Input == Output (tokens fed back as inputs)")
	}
	p := sp.probs
	copy(p, sp.st.Output())
	kernels.Scale(1/temp, p)
	if k := sp.TopK; k > 0 && k < len(p) {
		thr := kthLargest(p, sp.idx, k)
		// Keep exactly k entries: those above the threshold and then the
		// first ones equal to it.
		keep := 0
		for _, v := range p {
			if v > thr {
				keep++
			}
		}
		for i, v := range p {
			switch {
			case v > thr:
			case v == thr && keep < k:
				keep++
			default:
				p[i] = float32(math.Inf(-1))
			}
		}
	}
	kernels.Softmax(p, p)
	return nil
}

// Next draws the next token, feeds it to the model, and returns it.
func (sp *Sampler) Next() (int, error) {
	if err := sp.dist(); err != nil {
		return 0, err
	}
	var total float64
	for _, v := range sp.probs {
		total += float64(v)
	}
	u := sp.rng.Float64() * total
	tok := -1
	var c float64
	for i, v := range sp.probs {
		if v > 0 {
			tok = i // the last token with p > 0, in case rounding leaves u >= c
		}
		c += float64(v)
		if u < c && v > 0 {
			break
		}
	}
	if tok < 0 {
		return 0, errors.New("rnn: sampling distribution is not finite (diverged model?)")
	}
	if err := sp.st.FeedToken(tok); err != nil {
		return 0, err
	}
	return tok, nil
}

// Sample fills dst with successive tokens drawn by Next.
func (sp *Sampler) Sample(dst []int) error {
	for i := range dst {
		tok, err := sp.Next()
		if err != nil {
			return err
		}
		dst[i] = tok
	}
	return nil
}

// kthLargest returns the k-th largest value of x (1 <= k <= len(x)), using
// idx (len(idx) >= len(x)) as scratch; x is not modified.
func kthLargest(x []float32, idx []int, k int) float32 {
	idx = idx[:len(x)]
	for i := range idx {
		idx[i] = i
	}
	// Quickselect on indices, descending by value; deterministic pivots.
	lo, hi, want := 0, len(idx)-1, k-1
	for lo < hi {
		pv := x[idx[(lo+hi)/2]]
		i, j := lo, hi
		for i <= j {
			for x[idx[i]] > pv {
				i++
			}
			for x[idx[j]] < pv {
				j--
			}
			if i <= j {
				idx[i], idx[j] = idx[j], idx[i]
				i++
				j--
			}
		}
		switch {
		case want <= j:
			hi = j
		case want >= i:
			lo = i
		default:
			return x[idx[want]]
		}
	}
	return x[idx[want]]
}
