package rnn_test

import (
	"math"
	"slices"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/kernels"
	"github.com/simdrnn/simdrnn/rnn"
)

func halfTestModel(t *testing.T, cfg rnn.Config) *rnn.Model {
	t.Helper()
	m, err := rnn.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Beyond 64 hidden units, weights scaled by sqrt(37/H) keep the
	// recurrence as it is at H = 37 (its rounding amplified no more).
	std := 0.3
	if cfg.Hidden > 64 {
		std *= math.Sqrt(37 / float64(cfg.Hidden))
	}
	m.Randomize(7, float32(std))
	for i := range m.Params() {
		if i%5 == 0 {
			m.Params()[i] += 0.01 // nonzero biases
		}
	}
	return m
}

// rounded returns m with every matrix element rounded to format f by the
// scalar conversions (the biases unchanged).
func rounded(m *rnn.Model, f rnn.Format) *rnn.Model {
	c := m.Clone()
	round := func(w []float32) {
		for i, v := range w {
			if f == rnn.F16 {
				w[i] = kernels.F16ToF32(kernels.F32ToF16(v))
			} else {
				w[i] = kernels.BF16ToF32(kernels.F32ToBF16(v))
			}
		}
	}
	for _, l := range c.Layers() {
		round(l.Wxh)
		round(l.Whh)
	}
	round(c.Why())
	return c
}

// halfBigHidden returns a hidden size at which a two-layer model with 11
// inputs and outputs has at least kernels.HalfMinElems weights in the
// matrices of a token step (3H^2 + 11H), for either format, on the tier in
// use: its HalfModel multiplies 16-bit matrices, where H = 37 multiplies
// them widened to float32 (see HalfModel).
func halfBigHidden() int {
	n := max(kernels.HalfMinElems(false), kernels.HalfMinElems(true))
	h := 38
	for 3*h*h+11*h < n {
		h++
	}
	return h
}

// TestHalfModel checks a HalfModel against the float64 reference of the
// model with rounded weights, step by step, for token and dense inputs, on
// every tier, at a size below and one above the tier's kernels.HalfMinElems
// (the matrices multiplied widened to float32, and in 16 bits); and that
// Float32 returns exactly the rounded weights.
func TestHalfModel(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, hidden := range []int{37, halfBigHidden()} {
			testHalfModel(t, hidden)
		}
	})
}

func testHalfModel(t *testing.T, hidden int) {
	for _, f := range []rnn.Format{rnn.F16, rnn.BF16} {
		for _, tokens := range []bool{true, false} {
			cfg := rnn.Config{Input: 11, Hidden: hidden, Layers: 2, Output: 11}
			m := halfTestModel(t, cfg)
			h, err := m.Half(f)
			if err != nil {
				t.Fatal(err)
			}
			if h.Format() != f || h.Config() != cfg {
				t.Fatalf("Format, Config = %v, %+v", h.Format(), h.Config())
			}
			want := rounded(m, f)
			if got := h.Float32().Params(); !slices.Equal(got, want.Params()) {
				t.Fatalf("%v: Float32 differs from the rounded weights", f)
			}
			m.Params()[0] += 1 // the HalfModel is a copy
			if got := h.Float32().Params(); !slices.Equal(got, want.Params()) {
				t.Fatalf("%v: the HalfModel changed with its source", f)
			}
			r := newRef(want, rnn.CrossEntropy, rnn.ManyToMany, tokens)
			c := refChunk{h0: [][]float64{make([]float64, hidden), make([]float64, hidden)}}
			st := h.NewStream()
			if st.Model() != nil || st.Config() != cfg {
				t.Fatalf("Stream over a HalfModel: Model() = %v, Config() = %+v", st.Model(), st.Config())
			}
			var outs [][]float32
			for s := range 20 {
				var y []float32
				if tokens {
					tok := (s*7 + 3) % 11
					c.tokens = append(c.tokens, tok)
					c.targets = append(c.targets, 0)
					y, err = st.StepToken(tok)
				} else {
					x := make([]float32, 11)
					for j := range x {
						x[j] = float32(math.Sin(float64(s*11 + j)))
					}
					c.inputs = append(c.inputs, vec(x))
					c.targets = append(c.targets, 0)
					y, err = st.StepVector(x)
				}
				if err != nil {
					t.Fatal(err)
				}
				outs = append(outs, slices.Clone(y))
			}
			_, hs, _ := r.forward(c)
			for s, y := range outs {
				for i := range y {
					want, sa := r.by[i], math.Abs(r.by[i])
					for j, v := range hs[1][s+1] {
						want += r.why[i][j] * v
						sa += math.Abs(r.why[i][j] * v)
					}
					// 1e-4 at H = 37 (sa about 5), in proportion to the
					// sum of magnitudes beyond.
					if math.Abs(float64(y[i])-want) > 2e-5*max(5, sa) {
						t.Fatalf("%v H=%d tokens=%v step %d: y[%d] = %v, want %v", f, hidden, tokens, s, i, y[i], want)
					}
				}
			}
		}
	}
}

func TestHalfModelAllocs(t *testing.T) {
	m := halfTestModel(t, rnn.Config{Input: 11, Hidden: 40, Layers: 2, Output: 11})
	for _, f := range []rnn.Format{rnn.F16, rnn.BF16} {
		h, err := m.Half(f)
		if err != nil {
			t.Fatal(err)
		}
		st := h.NewStream()
		x := make([]float32, 11)
		sp := h.NewSampler(1)
		for name, fn := range map[string]func(){
			"StepToken":  func() { st.StepToken(3) },
			"StepVector": func() { st.StepVector(x) },
			"Next":       func() { sp.Next() },
		} {
			if n := testing.AllocsPerRun(50, fn); n != 0 {
				t.Errorf("%v %s allocates %v times", f, name, n)
			}
		}
	}
}

func TestHalfSamplerReproducible(t *testing.T) {
	m := halfTestModel(t, rnn.Config{Input: 9, Hidden: 20, Layers: 1, Output: 9})
	h, err := m.Half(rnn.BF16)
	if err != nil {
		t.Fatal(err)
	}
	a, b := make([]int, 50), make([]int, 50)
	for _, d := range [][]int{a, b} {
		sp := h.NewSampler(42)
		sp.Temperature = 0.8
		if err := sp.Prime([]int{1, 2}); err != nil {
			t.Fatal(err)
		}
		if err := sp.Sample(d); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(a, b) {
		t.Fatalf("same seed, different samples: %v, %v", a, b)
	}
}

func TestHalfFormat(t *testing.T) {
	cfg := rnn.Config{Input: 7, Hidden: 10, Layers: 2, Output: 5}
	m := halfTestModel(t, cfg)
	if _, err := m.Half(rnn.F32); err == nil {
		t.Error("Half(F32): no error")
	}
	h, err := m.Half(rnn.F16)
	if err != nil {
		t.Fatal(err)
	}
	mats := 10*7 + 10*10 + 10*10 + 10*10 + 5*10
	biases := 10 + 10 + 5
	if got, want := h.WeightBytes(), 2*mats+4*biases; got != want {
		t.Errorf("WeightBytes = %d, want %d", got, want)
	}
	for _, f := range []rnn.Format{rnn.F32, rnn.F16, rnn.BF16} {
		g, err := rnn.ParseFormat(f.String())
		if err != nil || g != f {
			t.Errorf("ParseFormat(%q) = %v, %v", f.String(), g, err)
		}
	}
	if _, err := rnn.ParseFormat("fp16"); err == nil {
		t.Error("ParseFormat(fp16): no error")
	}
}

// TestHalfConcurrentReaders runs samplers over one HalfModel in several
// goroutines at once (run with -race): each gets what it gets alone.
func TestHalfConcurrentReaders(t *testing.T) {
	m := halfTestModel(t, rnn.Config{Input: 9, Hidden: 33, Layers: 2, Output: 9})
	h, err := m.Half(rnn.F16)
	if err != nil {
		t.Fatal(err)
	}
	work := func(seed uint64) []int {
		sp := h.NewSampler(seed)
		toks := make([]int, 200)
		if err := sp.Sample(toks); err != nil {
			t.Error(err)
		}
		return toks
	}
	want := make([][]int, 6)
	for i := range want {
		want[i] = work(uint64(i))
	}
	got := make([][]int, len(want))
	done := make(chan int)
	for i := range got {
		go func() {
			got[i] = work(uint64(i))
			done <- i
		}()
	}
	for range got {
		<-done
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("seed %d: concurrent sample differs from the sequential one", i)
		}
	}
}
