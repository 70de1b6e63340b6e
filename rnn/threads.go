package rnn

import (
	"runtime"
	"sync"

	"github.com/simdrnn/simdrnn/internal/cpu"
	"github.com/simdrnn/simdrnn/internal/team"
	"github.com/simdrnn/simdrnn/kernels"
)

// An Option configures a Stream, a Sampler, a StreamBatch or a Trainer
// when it is made (Model.NewStream, Model.NewSampler, Model.NewStreamBatch
// and HalfModel's, NewTrainer, LoadTrainer, ResumeTrainer). When an option
// is given more than once, the last one counts.
type Option struct {
	threads int // 0: not set; n+1 for Threads(n)
}

// Threads runs each step of a stream, of a StreamBatch or of a trainer's
// batch, on up to n goroutines. For a Trainer, see NewTrainer and
// "Threads" in the package documentation, for a StreamBatch its type's
// documentation; n <= 0 there means GOMAXPROCS. A stream runs each step
// on up to n goroutines, the caller's and n-1 that the stream starts
// (stop them with Stream.Close or Sampler.Close; a stream dropped without
// Close stops them once it is garbage collected). For a stream, n <= 0
// chooses automatically: the stream's step
// weights (the matrices a step reads: every Whh, Wxh past layer 0, and Why)
// must take more bytes than one core's level-2 cache and GOMAXPROCS must
// be at least 2, and then the stream uses up to GOMAXPROCS goroutines;
// otherwise 1. Without the option a stream uses 1.
//
// Each weight matrix's rows are split into contiguous shares, one per
// goroutine, fixed for the stream's life, so that each goroutine reads the
// same rows at every step (and, on its own core, keeps them in its own
// caches); the results have exactly the bits of a one-goroutine step.
// That fixes where a matrix may be split: at multiples of
// kernels.MatVecBlockRows of its columns (2^18/columns rows). A matrix of
// fewer rows than two such blocks runs on one goroutine; so, for example,
// an RNN's Whh (Hidden x Hidden) splits from Hidden = 513 on (evenly in
// two from 724), an LSTM's (4 Hidden x Hidden) from 257, a GRU's from 296.
// Layer 0 fed dense vectors of a length other than Hidden splits only where
// the blocks of both of its matrices meet. Stream.Threads reports how many
// goroutines a stream uses: at most the number of shares its largest
// split matrix takes.
//
// The speed-up needs free cores. The shares are run in parts of one block
// of rows (of each gate, for a layer split by units), and the caller, once
// its own share is done, runs the parts that the other goroutines have not
// started (from the last one back), so that a step waits for a goroutine
// that is not running (descheduled by the operating system) only for the
// part it is in. A server stepping many streams at once should keep them at 1 (the
// default) and run the streams in parallel instead; Threads is for the
// latency of one stream over weights that one core's caches do not hold,
// on cores it has to itself.
//
// Threads(0)'s rule, from BenchmarkStepThreads (go test -bench
// 'StepThreads/.*/.*/.*/.*/impl=avx512' -count 3 ./rnn, a token step of
// one layer with 65 inputs and outputs, on a 2-vCPU Ice Lake server with 1.25 MiB of L2 per core,
// the other vCPU idle, 2026-12-07): above L2, two goroutines stepped an
// RNN of hidden 724 (2 MiB) in 25-31 against 77-84 µs (each 1 MiB share
// in its core's L2), of 1024 in 83-86 against 136-168 µs, of 2048 in
// 335-359 against 710-734 µs, an LSTM of 512 in 72-75 against 142-143 µs
// and of 1024 in 370-374 against 787-815 µs, an f16 LSTM of 1024 in
// 183-209 against 330-361 µs; below it, the models measured (RNN 256 and
// 512, LSTM 256) do not split. With the second vCPU busy with other
// programs, the same steps took 1.0 to 1.6 times the one-goroutine time.
func Threads(n int) Option { return Option{threads: max(n, 0) + 1} }

// threadsOf returns the number of goroutines opts ask for (0: automatic).
func threadsOf(opts []Option) int {
	n := 1
	for _, o := range opts {
		if o.threads > 0 {
			n = o.threads - 1
		}
	}
	return n
}

// l2Bytes is one core's level-2 cache size, 1 MiB when the CPU does not
// report it.
var l2Bytes = sync.OnceValue(func() int {
	if l2 := cpu.Describe().Cache.L2; l2 > 0 {
		return l2
	}
	return 1 << 20
})

// autoThreads is Threads(0)'s number of goroutines for streams over w.
func autoThreads(w *weights) int {
	p := runtime.GOMAXPROCS(0)
	if p < 2 || w.stepBytes() <= l2Bytes() {
		return 1
	}
	return p
}

// stepBytes returns the bytes of the matrices a token step multiplies (see
// stepElems).
func (w *weights) stepBytes() int {
	size := 4
	if w.why.format != F32 && w.why.wide == nil {
		size = 2
	}
	return size * w.stepElems()
}

// span is a range [lo, hi) of rows or units.
type span struct{ lo, hi int }

// How a layer's step is split (layerPlan.mode).
const (
	layerSerial = iota // worker 0 runs the whole layer, as a one-goroutine step does
	layerFused         // each worker runs its units' rows of every product, then the cell on them
	layerSplit         // the products' rows in one run, then the cell's units in another
)

// layerPlan is how a layer's step is shared among the workers. A share
// runs in parts of q units (fused: their rows of every gate, then their
// cell) or of q rows (split: the products' run), each part independent of
// the others; a split layer's cell runs a share in one part.
type layerPlan struct {
	mode  int
	q     int
	rows  []span // rows[w]: worker w's range of the layer's G*Hidden gate rows (split)
	units []span // units[w]: the units worker w runs the cell kernel on
}

// plan is how a stream's step is shared among its workers.
type plan struct {
	layers []layerPlan // for token input at layer 0, and every layer above
	vec0   layerPlan   // layer 0 fed a dense vector
	out    []span      // out[w]: worker w's rows of Why; nil: worker 0 runs the output layer
	outQ   int         // the rows of a part of an out share
	hold   [][]float32 // a fused layer's previous hidden state, which its products read
	x      []float32   // a copy of the dense input
	n      int         // the number of workers
}

// shares splits [0, total) into n ranges whose bounds are multiples of q
// (or total), balanced in blocks of q; some are empty when there are fewer
// than n blocks.
func shares(total, q, n int) []span {
	nb := (total + q - 1) / q
	s := make([]span, n)
	for w := range s {
		s[w] = span{min(w*nb/n*q, total), min((w+1)*nb/n*q, total)}
	}
	return s
}

// blocks returns the number of blocks of q in total.
func blocks(total, q int) int { return (total + q - 1) / q }

// gcd returns the greatest common divisor of a and b.
func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// layerSplitFor returns how layer l of hidden size H splits over n workers
// when its input products have cols columns (0: a gathered token column),
// and the number of workers that get a share. The products' rows split at
// multiples of q, the least common multiple of their matrices'
// kernels.MatVecBlockRows. A layer is fused when every gate's rows start at
// a multiple of q (G = 1, or H a multiple of q) and its units take at
// least as many blocks of q as there are workers (or as many as the split
// layer would give); otherwise it is split, its cell kernel's units in
// multiples of 16.
func layerSplitFor(l *wlayer, H, cols, n int) (layerPlan, int) {
	G := l.cell.Gates()
	q := kernels.MatVecBlockRows(H)
	if cols > 0 {
		qi := kernels.MatVecBlockRows(cols)
		q = q / gcd(q, qi) * qi
	}
	fused, split := 0, blocks(G*H, q)
	if G == 1 || H%q == 0 {
		fused = blocks(H, q)
	}
	switch {
	case fused >= 2 && fused >= min(n, split):
		return layerPlan{mode: layerFused, q: q, units: shares(H, q, n)}, min(n, fused)
	case split >= 2:
		return layerPlan{mode: layerSplit, q: q, rows: shares(G*H, q, n), units: shares(H, 16, n)}, min(n, split)
	}
	return layerPlan{mode: layerSerial}, 1
}

// newPlan returns the plan of a stream over w on up to n workers, or nil
// when nothing splits.
func newPlan(w *weights, n int) *plan {
	H := w.cfg.Hidden
	p := &plan{hold: make([][]float32, len(w.layers))}
	used := 1 // the most workers any run gives a share
	for k := range w.layers {
		cols := H
		if k == 0 {
			cols = 0 // tokens; dense vectors are vec0
		}
		lp, m := layerSplitFor(&w.layers[k], H, cols, n)
		p.layers = append(p.layers, lp)
		used = max(used, m)
	}
	var m int
	p.vec0, m = layerSplitFor(&w.layers[0], H, w.layers[0].in, n)
	used = max(used, m)
	if q := kernels.MatVecBlockRows(H); blocks(w.cfg.Output, q) >= 2 {
		p.out, p.outQ = shares(w.cfg.Output, q, n), q
		used = max(used, min(n, blocks(w.cfg.Output, q)))
	}
	if used < 2 {
		return nil
	}
	if used < n {
		return newPlan(w, used)
	}
	p.n = n
	p.x = make([]float32, 0, w.layers[0].in)
	for k, lp := range p.layers {
		if lp.mode == layerFused || k == 0 && p.vec0.mode == layerFused {
			p.hold[k] = make([]float32, H)
		}
	}
	return p
}

// The runs of a split step (Stream.phase).
const (
	phaseFused    = iota // a fused layer: products on the worker's rows, then the cell on its units
	phaseProducts        // a split layer's products
	phaseCell            // a split layer's cell kernel
	phaseOutput          // the output layer
)

// stepJob is a Stream as the team's job: its parts are those of the run
// the stream's phase and phaseLayer name.
type stepJob Stream

// Parts returns the number of parts of worker w's share of the current
// phase.
func (j *stepJob) Parts(w int) int {
	s := (*Stream)(j)
	if s.phase == phaseOutput {
		r := s.pl.out[w]
		return blocks(r.hi-r.lo, s.pl.outQ)
	}
	lp := s.layerPlan(s.phaseLayer)
	switch s.phase {
	case phaseFused:
		u := lp.units[w]
		return blocks(u.hi-u.lo, lp.q)
	case phaseProducts:
		r := lp.rows[w]
		return blocks(r.hi-r.lo, lp.q)
	}
	if u := lp.units[w]; u.lo < u.hi {
		return 1
	}
	return 0
}

// Do runs part p of worker w's share of the current phase.
func (j *stepJob) Do(w, p int) {
	s := (*Stream)(j)
	if s.phase == phaseOutput {
		r := s.pl.out[w]
		lo := r.lo + p*s.pl.outQ
		s.outputRows(lo, min(lo+s.pl.outQ, r.hi))
		return
	}
	k := s.phaseLayer
	lp := s.layerPlan(k)
	switch s.phase {
	case phaseFused:
		// Units [lo, hi): their rows of every gate, then the cell.
		lo := lp.units[w].lo + p*lp.q
		hi := min(lo+lp.q, lp.units[w].hi)
		H := len(s.h[k])
		for g := range s.w.layers[k].cell.Gates() {
			s.products(k, g*H+lo, g*H+hi, s.pl.hold[k])
		}
		s.cell(k, lo, hi)
	case phaseProducts:
		lo := lp.rows[w].lo + p*lp.q
		s.products(k, lo, min(lo+lp.q, lp.rows[w].hi), s.h[k])
	default:
		s.cell(k, lp.units[w].lo, lp.units[w].hi)
	}
}

// run runs one phase of layer k on the stream's team.
func (s *Stream) run(k, phase int) {
	s.phaseLayer, s.phase = k, phase
	s.tm.Run((*stepJob)(s))
}

// layerPlan returns layer k's plan for the current input.
func (s *Stream) layerPlan(k int) *layerPlan {
	if k == 0 && s.x != nil {
		return &s.pl.vec0
	}
	return &s.pl.layers[k]
}

// Threads returns the number of goroutines the stream's steps run on: 1
// without the Threads option, when nothing in the model splits (see
// Threads), or after Close.
func (s *Stream) Threads() int {
	if s.tm == nil || s.tm.Closed() {
		return 1
	}
	return s.tm.N()
}

// Close stops the goroutines of a stream made with Threads and waits for
// them to exit. The stream stays usable and its results do not change:
// later steps run every share on the calling goroutine. Close is
// idempotent, and does nothing for a stream of one goroutine; it must not
// run concurrently with a step.
func (s *Stream) Close() {
	if s.tm != nil {
		s.tm.Close()
	}
}

// Close stops the goroutines of the sampler's stream (see Stream.Close).
func (sp *Sampler) Close() { sp.st.Close() }

// startThreads splits s's steps over up to n goroutines (0: automatic).
func (s *Stream) startThreads(n int) {
	if n == 0 {
		n = autoThreads(s.w)
	}
	if n < 2 {
		return
	}
	if s.pl = newPlan(s.w, n); s.pl == nil {
		return
	}
	s.tm = team.New(s.pl.n)
	team.Attach(s, s.tm)
}
