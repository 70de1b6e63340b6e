// Package team runs a job on a fixed team of n workers, one step at a
// time: the goroutine that calls Run is worker 0 and n-1 goroutines,
// started by New, are workers 1 to n-1; each step runs share w of the job
// (its parts, in order) on worker w, and Run returns when every share is
// done. A worker always gets the same share, so a job that splits its data
// by share gives each goroutine the same data at every step (and, while
// the scheduler keeps the goroutines on their cores, keeps each share in
// one core's caches). One exception keeps a step from waiting for a
// goroutine that is not running (descheduled by the operating system, or
// still waking): when the caller has finished share 0, it runs the parts
// of the other shares that their workers have not started, from the last
// one back. Each part runs exactly once per step either way.
//
// A step allocates nothing and, in the common case, makes no system call:
// Run publishes the job and increments a generation counter that the
// workers spin on; a worker that sees no new step for a while (about 100
// microseconds) parks on a channel, and Run wakes only the workers that
// parked. Run waits for the workers' completion the same way: it spins on
// a counter of pending shares, then parks until the last worker wakes it.
//
// Workers never hold the job between steps (Run clears it when the step
// ends), so a Team can belong to a value that the garbage collector frees:
// Attach closes the team when its owner becomes unreachable, and the
// workers exit.
package team

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// Job is the work of one step, in n shares of parts: share w (0 <= w < n)
// has Parts(w) parts (at most MaxParts), and Do(w, p) runs its part p. The
// parts of a step must be independent: any two may run concurrently, in
// any order. Do must not call runtime.Goexit (nor testing.T.FailNow): a
// worker that exits leaves the step unfinished.
type Job interface {
	Parts(w int) int
	Do(w, part int)
}

// MaxParts bounds the parts of a share.
const MaxParts = 1<<16 - 1

// Spinning: a waiting worker (or Run waiting for the workers) loads its
// counter spinIters times before it parks, yielding the processor with
// runtime.Gosched every yieldEvery loads, so that other goroutines run
// when there are more of them than processors: measured 105-210 µs from
// the end of a step to a worker parking (Ice Lake server, 2 vCPUs shared
// with other jobs, 2026-12-07), much longer than the serial work between
// two steps of a stream. A team of more workers than GOMAXPROCS, whose
// workers cannot all run at once, spins only overSpin loads, yielding at
// each.
const (
	spinIters  = 1 << 14
	yieldEvery = 1 << 8
	overSpin   = 64
)

// pad keeps the fields written by different goroutines on different cache
// lines (two lines: adjacent-line prefetchers fetch pairs).
type pad [128]byte

// worker is worker w's state (w >= 1): the parts of its share left in the
// current step, and its parking place. claim holds gen<<32 | front<<16 |
// back: parts [front, back) of step gen are unclaimed; the worker claims
// from the front, Run from the back.
type worker struct {
	claim atomic.Uint64
	parker
}

// claimFront claims the next part of the share from the front, for step
// g; ok is false when none is left (or g is not the current step).
func (wk *worker) claimFront(g uint32) (part int, ok bool) {
	for {
		v := wk.claim.Load()
		f, b := v>>16&MaxParts, v&MaxParts
		if uint32(v>>32) != g || f >= b {
			return 0, false
		}
		if wk.claim.CompareAndSwap(v, v+1<<16) {
			return int(f), true
		}
	}
}

// claimBack claims the last part left of the share, for step g.
func (wk *worker) claimBack(g uint32) (part int, ok bool) {
	for {
		v := wk.claim.Load()
		f, b := v>>16&MaxParts, v&MaxParts
		if uint32(v>>32) != g || f >= b {
			return 0, false
		}
		if wk.claim.CompareAndSwap(v, v-1) {
			return int(b - 1), true
		}
	}
}

// parker is one goroutine's parking place: flag is 1 while it is parked
// or about to park, and a waker that changes it to 0 sends one token on
// ch (capacity 1), which the parked goroutine receives.
type parker struct {
	flag atomic.Int32
	ch   chan struct{}
	_    pad
}

// wake wakes the goroutine if it has parked or is about to.
func (p *parker) wake() {
	if p.flag.CompareAndSwap(1, 0) {
		p.ch <- struct{}{}
	}
}

// park blocks until ready reports true, after a goroutine that makes it
// true has called wake.
func (p *parker) park(ready func() bool) {
	for {
		p.flag.Store(1)
		if ready() {
			if !p.flag.CompareAndSwap(1, 0) {
				<-p.ch // a waker took the flag: take its token
			}
			return
		}
		<-p.ch
		if ready() {
			return
		}
	}
}

// Team is a fixed team of workers; see the package documentation. The
// zero value is not usable: call New.
type Team struct {
	n           int
	spin, yield int // loads before parking, loads between yields
	_           pad
	// gen is incremented by Run to start a step and by Close to stop the
	// workers.
	gen atomic.Uint32
	_   pad
	// pending counts the parts of shares 1..n-1 not done in the current
	// step.
	pending atomic.Int32
	_       pad
	caller  parker   // Run, waiting for pending to reach 0
	workers []worker // workers[w] for w >= 1 (workers[0] unused)

	job     Job         // the current step's job, nil between steps
	running atomic.Bool // a Run is in progress (to report concurrent use)
	closed  atomic.Bool
	done    sync.WaitGroup // the worker goroutines

	mu       sync.Mutex
	panicked *Panic // the first worker panic of the current step
}

// Panic is the value Run panics with when a share other than 0 panicked
// during the step: the share's index, the value it panicked with and the
// stack.
type Panic struct {
	Worker int
	Value  any
	Stack  []byte
}

// Error describes the panic.
func (p *Panic) Error() string {
	return fmt.Sprintf("team: worker %d panicked: %v\n\n%s", p.Worker, p.Value, p.Stack)
}

// Unwrap returns the panic value if it is an error.
func (p *Panic) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

// New returns a team of n workers (n < 1 counts as 1), starting n-1
// goroutines. Close stops them; see also Attach.
func New(n int) *Team {
	n = max(n, 1)
	t := &Team{n: n, spin: spinIters, yield: yieldEvery, workers: make([]worker, n)}
	if n > runtime.GOMAXPROCS(0) {
		t.spin, t.yield = overSpin, 1
	}
	t.caller.ch = make(chan struct{}, 1)
	t.done.Add(n - 1)
	for w := 1; w < n; w++ {
		t.workers[w].ch = make(chan struct{}, 1)
		go t.work(w, t.gen.Load())
	}
	return t
}

// Attach closes t when owner becomes unreachable (runtime.AddCleanup), so
// that a team owned by a value dropped without Close does not leak its
// goroutines. t must not reference owner, except through the job of a
// step in progress.
func Attach[T any](owner *T, t *Team) {
	runtime.AddCleanup(owner, func(t *Team) { t.close(false) }, t)
}

// Closed reports whether Close has been called (or the team closed by
// Attach).
func (t *Team) Closed() bool { return t.closed.Load() }

// N returns the number of workers, including the caller.
func (t *Team) N() int { return t.n }

// Run runs one step of j: share 0's parts on the calling goroutine and
// share w's on worker w for w in 1..n-1 (or, for the parts worker w has
// not started when share 0 is done, on the calling goroutine), and returns
// when all are done. Run must not be called concurrently on one team, nor
// from within a job. A step whose shares 1..n-1 have no parts involves no
// other goroutine.
//
// If a part of share 0 panics, Run waits for the other workers and the
// panic goes on. Otherwise, if a part of a share w >= 1 panicked, Run
// panics with a *Panic holding the first such share's index, value and
// stack, once all parts are done; the team stays usable.
//
// After Close, Run runs every share on the calling goroutine, in order.
func (t *Team) Run(j Job) {
	if t.n == 1 || t.closed.Load() {
		for w := range t.n {
			for p := range j.Parts(w) {
				j.Do(w, p)
			}
		}
		return
	}
	if !t.running.CompareAndSwap(false, true) {
		panic("team: Run called concurrently on one team")
	}
	g := t.gen.Load() + 1
	total := 0
	for w := 1; w < t.n; w++ {
		parts := j.Parts(w)
		if parts < 0 || parts > MaxParts {
			t.running.Store(false)
			panic(fmt.Sprintf("team: share %d has %d parts, want 0..%d", w, parts, MaxParts))
		}
		t.workers[w].claim.Store(uint64(g)<<32 | uint64(parts))
		total += parts
	}
	if total == 0 {
		t.running.Store(false)
		for p := range j.Parts(0) {
			j.Do(0, p)
		}
		return
	}
	t.job = j
	t.pending.Store(int32(total))
	t.gen.Store(g)
	for w := 1; w < t.n; w++ {
		t.workers[w].wake()
	}
	ok := false
	defer t.finish(&ok)
	for p := range j.Parts(0) {
		j.Do(0, p)
	}
	ok = true
	// The parts whose workers have not started them yet (descheduled, or
	// still waking) run here, from the last: a step waits for no goroutine
	// that is not running.
	for w := 1; w < t.n; w++ {
		for {
			p, ok := t.workers[w].claimBack(g)
			if !ok {
				break
			}
			t.runPart(w, p)
		}
	}
}

// finish ends a step: it waits for the workers, clears the job and, when
// worker 0 returned normally (*ok), re-raises a worker's panic.
func (t *Team) finish(ok *bool) {
	t.waitPending()
	t.job = nil
	t.mu.Lock()
	p := t.panicked
	t.panicked = nil
	t.mu.Unlock()
	t.running.Store(false)
	if p != nil && *ok {
		panic(p)
	}
}

// waitPending returns when every worker is done with the step.
func (t *Team) waitPending() {
	for i := range t.spin {
		if t.pending.Load() == 0 {
			return
		}
		t.spinPause(i)
	}
	t.caller.park(t.noPending)
}

func (t *Team) noPending() bool { return t.pending.Load() == 0 }

// spinPause yields the processor now and then during a spin (see
// spinIters).
func (t *Team) spinPause(i int) {
	if i%t.yield == t.yield-1 {
		runtime.Gosched()
	}
}

// work is worker w's loop; seen is the generation before the first step.
func (t *Team) work(w int, seen uint32) {
	defer t.done.Done()
	p := &t.workers[w]
	for {
		seen = t.awaitStep(&p.parker, seen)
		if t.closed.Load() {
			return
		}
		for {
			part, ok := p.claimFront(seen)
			if !ok {
				break
			}
			t.runPart(w, part)
		}
	}
}

// runPart runs part p of share w, claimed, and counts it done.
func (t *Team) runPart(w, p int) {
	t.doPart(w, p)
	if t.pending.Add(-1) == 0 {
		t.caller.wake()
	}
}

// awaitStep returns the generation once it differs from seen, spinning,
// then parked on p.
func (t *Team) awaitStep(p *parker, seen uint32) uint32 {
	for i := range t.spin {
		if g := t.gen.Load(); g != seen {
			return g
		}
		t.spinPause(i)
	}
	p.park(func() bool { return t.gen.Load() != seen })
	return t.gen.Load()
}

// doPart runs part p of share w of the current job, recording a panic.
// The job is read here, in a frame that ends with the part, so that the
// worker's stack holds no reference to it between steps.
func (t *Team) doPart(w, p int) {
	defer func() {
		if r := recover(); r != nil {
			t.mu.Lock()
			if t.panicked == nil {
				t.panicked = &Panic{Worker: w, Value: r, Stack: debug.Stack()}
			}
			t.mu.Unlock()
		}
	}()
	t.job.Do(w, p)
}

// Close stops the worker goroutines and waits for them to exit; later Runs
// run every share on the caller. Close is idempotent; it must not be
// called concurrently with Run.
func (t *Team) Close() { t.close(true) }

// close is Close; wait says whether to wait for the goroutines to exit
// (a cleanup does not).
func (t *Team) close(wait bool) {
	if t.n == 1 || !t.closed.CompareAndSwap(false, true) {
		return
	}
	t.gen.Add(1)
	for w := 1; w < t.n; w++ {
		t.workers[w].wake()
	}
	if wait {
		t.done.Wait()
	}
}
