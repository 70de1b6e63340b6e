package rnn_test

import (
	"fmt"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
	"github.com/simdrnn/simdrnn/rnn"
)

// streamMaker is a float32 Model or a HalfModel.
type streamMaker interface {
	NewStream(...rnn.Option) *rnn.Stream
	NewSampler(uint64, ...rnn.Option) *rnn.Sampler
}

// threadCase is a model shape for the split-step tests, with the number
// of goroutines its streams can use at most (the shares of its largest
// split matrix, see rnn.Threads).
type threadCase struct {
	cell           rnn.Cell
	in, hidden     int
	layers, output int
	most           int
}

// threadCases cover each way a layer splits: an RNN layer by units (724:
// two blocks of 362 rows; 600: 436 and 164 rows) with the output layer
// split too (Output 730: 362, 362 and 6 rows at 724; 436 and 294 at 600);
// LSTM and GRU layers at 724, where the 362-row blocks fall on gate
// boundaries so that two workers each take their units' rows of every gate
// (three or four split the gate rows, 8 and 6 blocks, and the cell's units
// in two runs), and at 320 and 384, where blocks and gates do not meet and
// the runs are always two; dense inputs of the hidden size (split with the
// layer) and of another size (layer 0 then runs on one goroutine).
func threadCases(short bool) []threadCase {
	c := []threadCase{
		{rnn.RNN, 65, 724, 1, 65, 2},
		{rnn.RNN, 724, 600, 2, 730, 2},
		{rnn.LSTM, 65, 320, 2, 65, 2},
		{rnn.GRU, 384, 384, 1, 65, 2},
		{rnn.RNN, 724, 724, 2, 730, 3},
		{rnn.LSTM, 724, 724, 1, 65, 8},
		{rnn.GRU, 30, 724, 2, 65, 6},
	}
	if short {
		c = c[:4]
	}
	return c
}

// stepTrace runs a fixed sequence of steps on st (tokens, dense vectors,
// output on demand, a state written through Hidden and CellState, a
// Reset) and returns every output and state it passes through.
func stepTrace(t *testing.T, st *rnn.Stream, c threadCase, dense bool) [][]float32 {
	t.Helper()
	var trace [][]float32
	record := func() {
		trace = append(trace, append([]float32(nil), st.Output()...))
		for k := range c.layers {
			h, err := st.Hidden(k)
			if err != nil {
				t.Fatal(err)
			}
			trace = append(trace, append([]float32(nil), h...))
			if c.cell == rnn.LSTM {
				cs, err := st.CellState(k)
				if err != nil {
					t.Fatal(err)
				}
				trace = append(trace, append([]float32(nil), cs...))
			}
		}
	}
	for s := range 6 {
		x := make([]float32, c.in)
		if dense {
			for i := range x {
				x[i] = float32(math.Sin(float64(3*s+i))) * 0.8
			}
			if s == 5 && c.in == c.hidden {
				// The input may be the stream's own state.
				h, _ := st.Hidden(0)
				x = h
			}
			if s%2 == 0 {
				if _, err := st.StepVector(x); err != nil {
					t.Fatal(err)
				}
			} else if err := st.FeedVector(x); err != nil {
				t.Fatal(err)
			}
		} else {
			tok := (s*17 + 3) % c.in
			if s%2 == 0 {
				if _, err := st.StepToken(tok); err != nil {
					t.Fatal(err)
				}
			} else if err := st.FeedToken(tok); err != nil {
				t.Fatal(err)
			}
		}
		record()
		if s == 3 {
			// A state written from outside is what the next step reads.
			h, _ := st.Hidden(c.layers - 1)
			for i := range h {
				h[i] = float32(i%7)*0.1 - 0.3
			}
			if c.cell == rnn.LSTM {
				cs, _ := st.CellState(0)
				cs[0] = 2
			}
		}
	}
	st.Reset()
	record()
	return trace
}

// refSteps returns what stepTrace records for its first two steps (from a
// zero state), computed in float64 from m's weights.
func refSteps(m *rnn.Model, c threadCase, dense bool) [][]float64 {
	layers := m.Layers()
	H := c.hidden
	hs, cs := make([][]float64, c.layers), make([][]float64, c.layers)
	for k := range hs {
		hs[k], cs[k] = make([]float64, H), make([]float64, H)
	}
	sig := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	// dot returns row i of W (cols columns) times x.
	dot := func(w []float32, i int, x []float64) float64 {
		var s float64
		for j, v := range x {
			s += float64(w[i*len(x)+j]) * v
		}
		return s
	}
	var trace [][]float64
	for s := range 2 {
		x := make([]float64, c.in)
		if dense {
			for i := range x {
				x[i] = float64(float32(math.Sin(float64(3*s+i))) * 0.8)
			}
		} else {
			x[(s*17+3)%c.in] = 1
		}
		for k, l := range layers {
			G := l.Cell.Gates()
			in, hp := make([]float64, G*H), make([]float64, G*H) // W_ih x + b_ih, W_hh h + b_hh
			for r := range G * H {
				in[r] = dot(l.Wxh, r, x) + float64(l.Bh[r])
				hp[r] = dot(l.Whh, r, hs[k])
				if l.Bhh != nil {
					hp[r] += float64(l.Bhh[r])
				}
			}
			for u := range H {
				switch l.Cell {
				case rnn.LSTM:
					a := func(g int) float64 { return in[g*H+u] + hp[g*H+u] }
					cs[k][u] = sig(a(1))*cs[k][u] + sig(a(0))*math.Tanh(a(2))
					hs[k][u] = sig(a(3)) * math.Tanh(cs[k][u])
				case rnn.GRU:
					r := sig(in[u] + hp[u])
					z := sig(in[H+u] + hp[H+u])
					n := math.Tanh(in[2*H+u] + r*hp[2*H+u])
					hs[k][u] = (1-z)*n + z*hs[k][u]
				default:
					hs[k][u] = math.Tanh(in[u] + hp[u])
				}
			}
			x = hs[k]
		}
		out := make([]float64, c.output)
		for i := range out {
			out[i] = dot(m.Why(), i, x) + float64(m.By()[i])
		}
		trace = append(trace, out)
		for k := range hs {
			trace = append(trace, append([]float64(nil), hs[k]...))
			if c.cell == rnn.LSTM {
				trace = append(trace, append([]float64(nil), cs[k]...))
			}
		}
	}
	return trace
}

// sameBits reports the first difference of two traces.
func sameBits(a, b [][]float32) error {
	if len(a) != len(b) {
		return fmt.Errorf("%d vectors, want %d", len(b), len(a))
	}
	for i := range a {
		for j := range a[i] {
			if math.Float32bits(a[i][j]) != math.Float32bits(b[i][j]) {
				return fmt.Errorf("vector %d [%d] = %v, want %v (one goroutine)", i, j, b[i][j], a[i][j])
			}
		}
	}
	return nil
}

// TestThreadsBitIdentical checks that a stream stepped on n = 1..4
// goroutines gives exactly the bits of the one-goroutine stream, outputs
// and states, for every cell, one and two layers, float32, F16 and BF16
// weights, token and dense inputs, in every tier; and that after Close
// the stream goes on with the same bits.
func TestThreadsBitIdentical(t *testing.T) {
	base := runtime.NumGoroutine()
	cases := threadCases(testing.Short())
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, c := range cases {
			m, err := rnn.New(rnn.Config{Input: c.in, Hidden: c.hidden, Layers: c.layers, Output: c.output, Cell: c.cell})
			if err != nil {
				t.Fatal(err)
			}
			m.Randomize(uint64(c.hidden), float32(1/math.Sqrt(float64(c.hidden))))
			makers := map[string]streamMaker{"f32": m}
			for _, f := range []rnn.Format{rnn.F16, rnn.BF16} {
				h, err := m.Half(f)
				if err != nil {
					t.Fatal(err)
				}
				makers[f.String()] = h
			}
			for _, format := range []string{"f32", "f16", "bf16"} {
				mk := makers[format]
				for _, dense := range []bool{false, true} {
					name := fmt.Sprintf("%v/in=%d/H=%d/L=%d/out=%d/%s/dense=%v", c.cell, c.in, c.hidden, c.layers, c.output, format, dense)
					want := stepTrace(t, mk.NewStream(), c, dense)
					// The one-goroutine stream against float64, loosely:
					// the kernels' own tests bound their errors; this
					// catches rows or units computed from the wrong data.
					ref := m
					if hm, ok := mk.(*rnn.HalfModel); ok {
						ref = hm.Float32()
					}
					for i, v := range refSteps(ref, c, dense) {
						for j := range v {
							if math.Abs(float64(want[i][j])-v[j]) > 1e-4*(1+math.Abs(v[j])) {
								t.Fatalf("%s: one goroutine: vector %d [%d] = %v, float64 %v", name, i, j, want[i][j], v[j])
							}
						}
					}
					for n := 1; n <= 4; n++ {
						st := mk.NewStream(rnn.Threads(n))
						if got, wantN := st.Threads(), min(n, c.most); got != wantN {
							t.Errorf("%s: Threads(%d): stream uses %d goroutines, want %d", name, n, got, wantN)
						}
						if err := sameBits(want, stepTrace(t, st, c, dense)); err != nil {
							t.Fatalf("%s, %d goroutines: %v", name, n, err)
						}
						st.Close()
						if st.Threads() != 1 {
							t.Errorf("%s: %d goroutines after Close", name, st.Threads())
						}
						st.Reset()
						if err := sameBits(want, stepTrace(t, st, c, dense)); err != nil {
							t.Fatalf("%s, %d goroutines, after Close: %v", name, n, err)
						}
					}
				}
			}
		}
	})
	goroutinesSettle(t, base)
}

// TestThreadsSampler checks that samplers on several goroutines draw the
// tokens of the one-goroutine sampler, also when GOMAXPROCS is 1.
func TestThreadsSampler(t *testing.T) {
	m, err := rnn.New(rnn.Config{Input: 65, Hidden: 724, Layers: 1, Output: 65, Cell: rnn.LSTM})
	if err != nil {
		t.Fatal(err)
	}
	m.Randomize(3, 0.05)
	h, err := m.Half(rnn.BF16)
	if err != nil {
		t.Fatal(err)
	}
	for _, mk := range []streamMaker{m, h} {
		draw := func(opts ...rnn.Option) []int {
			sp := mk.NewSampler(9, opts...)
			defer sp.Close()
			sp.Temperature = 0.9
			if err := sp.Prime([]int{1, 2, 3}); err != nil {
				t.Fatal(err)
			}
			toks := make([]int, 50)
			if err := sp.Sample(toks); err != nil {
				t.Fatal(err)
			}
			return toks
		}
		want := draw()
		for n := 2; n <= 3; n++ {
			if got := draw(rnn.Threads(n)); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%d goroutines: %v, want %v", n, got, want)
			}
		}
		// With one processor the caller runs most shares itself (the
		// workers have not started them): the same tokens.
		prev := runtime.GOMAXPROCS(1)
		got := draw(rnn.Threads(2))
		runtime.GOMAXPROCS(prev)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("2 goroutines, GOMAXPROCS 1: %v, want %v", got, want)
		}
	}
}

// TestCellKernelsSplit checks the claim the split steps rest on for the
// cell kernels: LSTMForward, GRUForward and Tanh compute each unit alone,
// so that any split of the units gives the bits of the whole call, in
// every tier.
func TestCellKernelsSplit(t *testing.T) {
	const H = 203
	r := testutil.Rand(7)
	vec := func() []float32 {
		v := make([]float32, H)
		for i := range v {
			v[i] = float32(r.NormFloat64() * 3)
		}
		return v
	}
	in := make([][]float32, 8)
	for i := range in {
		in[i] = vec()
	}
	// run runs the kernels on units [lo, hi) of a copy of the inputs in v
	// (which the kernels overwrite with the gate activations) and out.
	run := func(lo, hi int, v, out [][]float32) {
		l, gr := v[:8], v[8:]
		kernels.LSTMForward(l[0][lo:hi], l[1][lo:hi], l[2][lo:hi], l[3][lo:hi], l[4][lo:hi], out[0][lo:hi], out[1][lo:hi])
		kernels.GRUForward(gr[0][lo:hi], gr[1][lo:hi], gr[2][lo:hi], gr[5][lo:hi], gr[6][lo:hi], gr[7][lo:hi], gr[4][lo:hi], out[2][lo:hi])
		kernels.Tanh(out[3][lo:hi], in[5][lo:hi])
	}
	fresh := func() (v, out [][]float32) {
		for range 2 {
			for _, x := range in {
				v = append(v, append([]float32(nil), x...))
			}
		}
		for range 4 {
			out = append(out, make([]float32, H))
		}
		return v, out
	}
	testutil.ForEachImpl(t, func(t *testing.T) {
		wv, whole := fresh()
		run(0, H, wv, whole)
		whole = append(whole, wv...) // the activations left in the inputs too
		// Against float64: tanh and the LSTM's h within a few ULP.
		for u := range H {
			if want := math.Tanh(float64(in[5][u])); !testutil.Close(whole[3][u], want, 4*math.Abs(want)*0x1p-23) {
				t.Fatalf("Tanh(%v) = %v, want %v", in[5][u], whole[3][u], want)
			}
		}
		for _, step := range []int{1, 3, 7, 13, 16, 17, 31, 100} {
			pv, parts := fresh()
			for lo := 0; lo < H; lo += step {
				run(lo, min(lo+step, H), pv, parts)
			}
			parts = append(parts, pv...)
			if err := sameBits(whole, parts); err != nil {
				t.Fatalf("units in pieces of %d: %v", step, err)
			}
		}
	})
}

// TestThreadsGoroutines checks that Close stops a stream's goroutines,
// and that the goroutines of streams and samplers dropped without Close
// (stepped or not, their workers spinning or parked) exit once they are
// garbage collected.
func TestThreadsGoroutines(t *testing.T) {
	m, err := rnn.New(rnn.Config{Input: 65, Hidden: 724, Layers: 1, Output: 65})
	if err != nil {
		t.Fatal(err)
	}
	m.Randomize(1, 0.05)
	// Let the cleanups of streams dropped by earlier tests run first: the
	// runtime's cleanup goroutine counts while it runs them.
	runtime.GC()
	time.Sleep(20 * time.Millisecond)
	base := runtime.NumGoroutine()
	st := m.NewStream(rnn.Threads(2))
	if st.Threads() != 2 || runtime.NumGoroutine() != base+1 {
		t.Fatalf("Threads(2): %d goroutines, %d started, want 2 and 1", st.Threads(), runtime.NumGoroutine()-base)
	}
	if _, err := st.StepToken(1); err != nil {
		t.Fatal(err)
	}
	st.Close()
	// Close waits for its workers; the runtime's cleanup goroutine counts
	// in NumGoroutine while it runs the cleanups of earlier dropped
	// streams, so the count may take a moment to come back to base.
	goroutinesSettle(t, base)
	for i := range 6 {
		if i%2 == 0 {
			st := m.NewStream(rnn.Threads(3))
			for tok := range 20 {
				if _, err := st.StepToken(tok); err != nil {
					t.Fatal(err)
				}
			}
		} else {
			sp := m.NewSampler(uint64(i), rnn.Threads(2))
			if _, err := sp.Next(); err != nil {
				t.Fatal(err)
			}
		}
		if i%3 == 0 {
			time.Sleep(5 * time.Millisecond) // parked workers
		}
	}
	goroutinesSettle(t, base)
}

// TestThreadsAllocs checks that split steps allocate nothing.
func TestThreadsAllocs(t *testing.T) {
	for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
		m, err := rnn.New(rnn.Config{Input: 724, Hidden: 724, Layers: 2, Output: 724, Cell: cell})
		if err != nil {
			t.Fatal(err)
		}
		m.Randomize(1, 0.03)
		st := m.NewStream(rnn.Threads(2))
		x := make([]float32, 724)
		tok := 0
		if a := testing.AllocsPerRun(50, func() {
			tok = (tok + 7) % 724
			if _, err := st.StepToken(tok); err != nil {
				t.Fatal(err)
			}
			if _, err := st.StepVector(x); err != nil {
				t.Fatal(err)
			}
		}); a != 0 {
			t.Errorf("%v: %v allocations per step on 2 goroutines", cell, a)
		}
		sp := m.NewSampler(1, rnn.Threads(2))
		if a := testing.AllocsPerRun(50, func() {
			if _, err := sp.Next(); err != nil {
				t.Fatal(err)
			}
		}); a != 0 {
			t.Errorf("%v: %v allocations per sampler step on 2 goroutines", cell, a)
		}
		st.Close()
		sp.Close()
	}
}

// TestThreadsAuto checks Threads(0)'s rule: one goroutine for a model
// whose step weights fit in one core's level-2 cache or when GOMAXPROCS
// is 1; otherwise up to GOMAXPROCS.
func TestThreadsAuto(t *testing.T) {
	small, err := rnn.New(rnn.Config{Input: 65, Hidden: 100, Layers: 1, Output: 65})
	if err != nil {
		t.Fatal(err)
	}
	if st := small.NewStream(rnn.Threads(0)); st.Threads() != 1 {
		t.Errorf("H=100: Threads(0) uses %d goroutines, want 1", st.Threads())
	}
	big, err := rnn.New(rnn.Config{Input: 65, Hidden: 2048, Layers: 1, Output: 65}) // 16 MiB of Whh
	if err != nil {
		t.Fatal(err)
	}
	st := big.NewStream(rnn.Threads(0))
	defer st.Close()
	if want := min(runtime.GOMAXPROCS(0), 16); st.Threads() != want {
		t.Errorf("H=2048: Threads(0) uses %d goroutines, want %d (GOMAXPROCS)", st.Threads(), want)
	}
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	if st := big.NewStream(rnn.Threads(0)); st.Threads() != 1 {
		t.Errorf("GOMAXPROCS 1: Threads(0) uses %d goroutines, want 1", st.Threads())
	}
	if st := big.NewStream(); st.Threads() != 1 {
		t.Errorf("no option: %d goroutines, want 1", st.Threads())
	}
}

// goroutinesSettle waits (up to a deadline, running the garbage collector
// so that cleanups run) until at most want goroutines exist, and fails
// listing them otherwise.
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
