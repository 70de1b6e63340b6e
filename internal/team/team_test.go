package team

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// addJob adds, per step, w+1 to counts[w] for the worker index w it is
// given, and panics with value in worker panicW.
type addJob struct {
	counts []int64 // counts[w], written only by worker w
	panicW int     // the worker that panics at this step, or -1
	value  any
}

func (j *addJob) Parts(int) int { return 1 }

func (j *addJob) Do(w, _ int) {
	j.counts[w] += int64(w + 1)
	if w == j.panicW {
		panic(j.value)
	}
}

// goroutinesSettle waits (up to a deadline, running the GC so that
// cleanups run) until at most want goroutines exist, and fails listing
// them otherwise.
func goroutinesSettle(t *testing.T, want int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		if n := runtime.NumGoroutine(); n <= want {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("%d goroutines, want <= %d:\n%s", runtime.NumGoroutine(), want, buf)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestRunSteps runs many steps on teams of random sizes, some steps after
// pauses long enough for the workers to park, and checks that each worker
// ran its share exactly once per step; then Close leaves no goroutine.
func TestRunSteps(t *testing.T) {
	base := runtime.NumGoroutine()
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		n := 1 + r.IntN(6)
		tm := New(n)
		if tm.N() != n {
			t.Fatalf("N() = %d, want %d", tm.N(), n)
		}
		j := &addJob{counts: make([]int64, n), panicW: -1}
		steps := 200 + r.IntN(300)
		for s := range steps {
			if s%97 == 0 {
				time.Sleep(2 * time.Millisecond) // let the workers park
			}
			tm.Run(j)
			for w, c := range j.counts {
				if c != int64((s+1)*(w+1)) {
					t.Fatalf("n=%d step %d: worker %d count %d, want %d", n, s, w, c, (s+1)*(w+1))
				}
			}
		}
		tm.Close()
		tm.Close() // idempotent
		// After Close the shares run on the caller.
		tm.Run(j)
		for w, c := range j.counts {
			if c != int64((steps+1)*(w+1)) {
				t.Fatalf("n=%d after Close: worker %d count %d, want %d", n, w, c, (steps+1)*(w+1))
			}
		}
		goroutinesSettle(t, base)
	}
}

// TestAllocs checks that steps allocate nothing, back to back (the
// workers spinning) and after pauses (the workers parked).
func TestAllocs(t *testing.T) {
	for _, n := range []int{1, 2, 3} {
		tm := New(n)
		j := &addJob{counts: make([]int64, n), panicW: -1}
		var jj Job = j
		allocs := testing.AllocsPerRun(1000, func() { tm.Run(jj) })
		if allocs != 0 {
			t.Errorf("n=%d: %v allocations per step, want 0", n, allocs)
		}
		// Steps that park allocate nothing either.
		allocs = testing.AllocsPerRun(5, func() {
			time.Sleep(3 * time.Millisecond)
			tm.Run(jj)
		})
		if allocs != 0 {
			t.Errorf("n=%d: %v allocations per step after parking, want 0", n, allocs)
		}
		tm.Close()
	}
}

// TestPanic checks that a worker's panic reaches the caller after the
// step, wrapped in a *Panic naming the worker, that the team stays usable,
// and that worker 0's own panic propagates unchanged.
func TestPanic(t *testing.T) {
	base := runtime.NumGoroutine()
	for _, n := range []int{2, 3, 4} {
		tm := New(n)
		j := &addJob{counts: make([]int64, n), panicW: -1}
		errBoom := errors.New("boom")
		for pw := range n {
			j.panicW, j.value = pw, errBoom
			got := func() (r any) {
				defer func() { r = recover() }()
				tm.Run(j)
				return nil
			}()
			if pw == 0 {
				if got != errBoom {
					t.Fatalf("n=%d: worker 0's panic: recovered %v, want the value itself", n, got)
				}
			} else {
				p, ok := got.(*Panic)
				if !ok {
					t.Fatalf("n=%d worker %d: recovered %T %v, want *Panic", n, pw, got, got)
				}
				if p.Worker != pw || !errors.Is(p, errBoom) || !strings.Contains(p.Error(), "boom") {
					t.Fatalf("n=%d: Panic %+v, want worker %d and boom", n, p, pw)
				}
			}
			// Every worker ran its share, the panicking one included.
			j.panicW = -1
			before := append([]int64(nil), j.counts...)
			tm.Run(j)
			for w := range n {
				if j.counts[w] != before[w]+int64(w+1) {
					t.Fatalf("n=%d: after a panic, worker %d did not run", n, w)
				}
			}
		}
		tm.Close()
	}
	goroutinesSettle(t, base)
}

// owner is a value owning a team, as an rnn.Stream does.
type owner struct {
	tm *Team
	j  addJob
}

// TestAttach checks that the workers of a team whose owner is dropped
// without Close exit once the owner is collected, parked or not.
func TestAttach(t *testing.T) {
	base := runtime.NumGoroutine()
	var collected atomic.Int32
	for i := range 10 {
		o := &owner{tm: New(3)}
		o.j.counts = make([]int64, 3)
		o.j.panicW = -1
		Attach(o, o.tm)
		runtime.AddCleanup(o, func(*atomic.Int32) { collected.Add(1) }, &collected)
		for range 100 {
			o.tm.Run(&o.j) // the job references the owner during the step
		}
		if i%2 == 0 {
			time.Sleep(5 * time.Millisecond) // parked workers
		}
	}
	goroutinesSettle(t, base)
	if collected.Load() == 0 {
		t.Error("no owner was collected")
	}
}

// TestRace runs steps in which each worker writes its share of a slice
// that the caller then reads, for the race detector.
func TestRace(t *testing.T) {
	const n = 4
	tm := New(n)
	defer tm.Close()
	j := &sliceJob{data: make([]int, 64)}
	for s := range 300 {
		j.step = s
		tm.Run(j)
		for i, v := range j.data {
			if v != s+i {
				t.Fatalf("step %d: data[%d] = %d", s, i, v)
			}
		}
	}
}

type sliceJob struct {
	data []int
	step int
}

func (j *sliceJob) Parts(int) int { return 1 }

func (j *sliceJob) Do(w, _ int) {
	part := len(j.data) / n
	for i := w * part; i < (w+1)*part; i++ {
		j.data[i] = j.step + i
	}
}

const n = 4

type nopJob struct{}

func (nopJob) Parts(int) int { return 1 }

func (nopJob) Do(int, int) {}

// BenchmarkRun measures the cost of a step of an empty job: the
// synchronisation alone.
func BenchmarkRun(b *testing.B) {
	for _, n := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			tm := New(n)
			defer tm.Close()
			for b.Loop() {
				tm.Run(nopJob{})
			}
		})
	}
}

// goid returns the current goroutine's id, from its stack header.
func goid() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	f := strings.Fields(string(buf))
	return f[1]
}

// whoJob records which goroutine ran each share, and keeps share 0 busy
// for a while without yielding.
type whoJob struct {
	who  []string
	runs []int
	busy time.Duration
}

func (j *whoJob) Parts(int) int { return 1 }

func (j *whoJob) Do(w, _ int) {
	j.runs[w]++
	if w == 0 {
		// Busy, without allocating (which could let the scheduler run
		// the worker on the one processor).
		for t0 := time.Now(); time.Since(t0) < j.busy; {
		}
		return
	}
	j.who[w] = goid()
}

// TestLateWorker checks that Run runs a share itself when its worker has
// not started it: with GOMAXPROCS 1 the worker cannot run while the caller
// busies itself with share 0, so the caller runs share 1 too, once; with
// more processors the worker runs it (unless the machine is busy, which
// is only logged).
func TestLateWorker(t *testing.T) {
	prev := runtime.GOMAXPROCS(1)
	tm := New(2)
	runtime.GOMAXPROCS(prev)
	defer tm.Close()
	j := &whoJob{who: make([]string, 2), runs: make([]int, 2), busy: 2 * time.Millisecond}
	runtime.GOMAXPROCS(1)
	caller := goid()
	byCaller := 0
	for s := range 5 {
		j.who[1] = ""
		tm.Run(j)
		if j.runs[0] != s+1 || j.runs[1] != s+1 {
			t.Fatalf("GOMAXPROCS 1, step %d: shares ran %v times", s, j.runs)
		}
		if j.who[1] == caller {
			byCaller++
		}
	}
	// The scheduler may still run the worker in the middle of share 0 (a
	// garbage collection, say), but not at every step.
	if byCaller < 3 {
		t.Errorf("GOMAXPROCS 1: the caller ran share 1 in %d of 5 steps, want most", byCaller)
	}
	runtime.GOMAXPROCS(prev)
	if prev < 2 {
		return
	}
	late := 0
	for s := range 20 {
		j.who[1] = ""
		tm.Run(j)
		if j.runs[0] != j.runs[1] || j.runs[0] != s+6 {
			t.Fatalf("step %d: shares ran %v times", s, j.runs)
		}
		if j.who[1] == caller {
			late++
		}
	}
	t.Logf("GOMAXPROCS %d: the caller ran share 1 in %d of 20 steps", prev, late)
}

// partsJob has a random number of parts per share and step, and counts
// the runs of each.
type partsJob struct {
	parts []int
	runs  [][]atomic.Int32
}

func (j *partsJob) Parts(w int) int { return j.parts[w] }

func (j *partsJob) Do(w, p int) {
	j.runs[w][p].Add(1)
	if p%3 == 0 {
		runtime.Gosched()
	}
}

// TestParts runs steps of random parts per share (none included) on teams
// of random sizes, with GOMAXPROCS 1 (the caller runs most parts of the
// other shares, from the back) and as it is, and checks that each part
// runs exactly once per step.
func TestParts(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, procs := range []int{1, runtime.GOMAXPROCS(0)} {
		prev := runtime.GOMAXPROCS(procs)
		for range 10 {
			n := 1 + r.IntN(5)
			tm := New(n)
			j := &partsJob{parts: make([]int, n), runs: make([][]atomic.Int32, n)}
			for w := range j.runs {
				j.runs[w] = make([]atomic.Int32, 8)
			}
			for s := range 200 {
				for w := range j.parts {
					j.parts[w] = r.IntN(9)
					if r.IntN(4) == 0 {
						j.parts[w] = 0
					}
				}
				tm.Run(j)
				for w, row := range j.runs {
					for p := range row {
						want := int32(0)
						if p < j.parts[w] {
							want = 1
						}
						if got := row[p].Swap(0); got != want {
							t.Fatalf("GOMAXPROCS %d, n=%d, step %d, parts %v: share %d part %d ran %d times", procs, n, s, j.parts, w, p, got)
						}
					}
				}
			}
			tm.Close()
		}
		runtime.GOMAXPROCS(prev)
	}
	tm := New(2)
	defer tm.Close()
	r2 := func() (r any) {
		defer func() { r = recover() }()
		tm.Run(&partsJob{parts: []int{1, MaxParts + 1}})
		return nil
	}()
	if r2 == nil || !strings.Contains(fmt.Sprint(r2), "65536 parts") {
		t.Errorf("a share of MaxParts+1 parts: recovered %v, want a panic naming them", r2)
	}
	tm.Run(nopJob{}) // still usable
}
