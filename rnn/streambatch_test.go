package rnn_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/rnn"
)

// stepRef is a float64 inference step of a model, written from PyTorch's
// equations in plain loops over the model's tensors: the reference the
// batched streams are checked against.
type stepRef struct {
	cfg    rnn.Config
	layers []rnn.Layer
	why    []float32
	by     []float32
	h, c   [][]float64 // per layer state
}

func newStepRef(m *rnn.Model) *stepRef {
	r := &stepRef{cfg: m.Config(), layers: m.Layers(), why: m.Why(), by: m.By()}
	r.reset()
	return r
}

func (r *stepRef) reset() {
	r.h, r.c = nil, nil
	for range r.layers {
		r.h = append(r.h, make([]float64, r.cfg.Hidden))
		r.c = append(r.c, make([]float64, r.cfg.Hidden))
	}
}

// step feeds x (a one-hot token when tok >= 0) and returns the output.
func (r *stepRef) step(tok int, x []float32) []float64 {
	H := r.cfg.Hidden
	in := make([]float64, r.cfg.Input)
	if tok >= 0 {
		in[tok] = 1
	} else {
		for i, v := range x {
			in[i] = float64(v)
		}
	}
	for k, l := range r.layers {
		G := l.Cell.Gates()
		gi, gh := make([]float64, G*H), make([]float64, G*H)
		for row := range G * H {
			gi[row] = float64(l.Bh[row])
			if l.Bhh != nil {
				gh[row] = float64(l.Bhh[row])
			}
			for j, v := range in {
				gi[row] += float64(l.Wxh[row*len(in)+j]) * v
			}
			for j, v := range r.h[k] {
				gh[row] += float64(l.Whh[row*H+j]) * v
			}
		}
		h := make([]float64, H)
		for u := range H {
			switch l.Cell {
			case rnn.LSTM:
				i, f := sigmoid64(gi[u]+gh[u]), sigmoid64(gi[H+u]+gh[H+u])
				g, o := math.Tanh(gi[2*H+u]+gh[2*H+u]), sigmoid64(gi[3*H+u]+gh[3*H+u])
				r.c[k][u] = f*r.c[k][u] + i*g
				h[u] = o * math.Tanh(r.c[k][u])
			case rnn.GRU:
				rr, z := sigmoid64(gi[u]+gh[u]), sigmoid64(gi[H+u]+gh[H+u])
				n := math.Tanh(gi[2*H+u] + rr*gh[2*H+u])
				h[u] = (1-z)*n + z*r.h[k][u]
			default:
				h[u] = math.Tanh(gi[u] + gh[u])
			}
		}
		r.h[k] = h
		in = h
	}
	y := make([]float64, r.cfg.Output)
	for o := range y {
		y[o] = float64(r.by[o])
		for j, v := range in {
			y[o] += float64(r.why[o*H+j]) * v
		}
	}
	return y
}

// streamBatchModel returns a model with weights of standard deviation 0.3 and
// nonzero biases.
func streamBatchModel(t *testing.T, cell rnn.Cell, layers, in, hidden, out int) *rnn.Model {
	t.Helper()
	m, err := rnn.New(rnn.Config{Input: in, Hidden: hidden, Layers: layers, Output: out, Cell: cell})
	if err != nil {
		t.Fatal(err)
	}
	m.Randomize(3, 0.3)
	for i := range m.Params() {
		if i%7 == 0 {
			m.Params()[i] += 0.02
		}
	}
	return m
}

// batchStepper is what the test drives: a StreamBatch, or the Streams it
// must match.
type streamBatchCase struct {
	cell   rnn.Cell
	layers int
	tokens bool
	format rnn.Format
}

func (c streamBatchCase) String() string {
	in := "vectors"
	if c.tokens {
		in = "tokens"
	}
	return fmt.Sprintf("%v/layers=%d/%s/%v", c.cell, c.layers, in, c.format)
}

// TestStreamBatch steps changing sets of slots of a StreamBatch (all of
// them, subsets with gaps, one, streams joining, resetting and leaving)
// and checks every output against a float64 reference of each stream, and
// against a Stream fed the same inputs: exactly for a stream whose every
// step had fewer than three streams (computed as a Stream computes), within
// a float32 summation-order difference otherwise.
func TestStreamBatch(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
			for _, layers := range []int{1, 2} {
				for _, tokens := range []bool{true, false} {
					for _, f := range []rnn.Format{rnn.F32, rnn.F16, rnn.BF16} {
						if f != rnn.F32 && layers == 2 {
							continue
						}
						testStreamBatch(t, streamBatchCase{cell, layers, tokens, f})
					}
				}
			}
		}
	})
}

func testStreamBatch(t *testing.T, bc streamBatchCase) {
	const in, hidden, out, capacity = 11, 37, 13, 9
	m := streamBatchModel(t, bc.cell, bc.layers, in, hidden, out)
	refModel := m
	var sb *rnn.StreamBatch
	var newStream func(...rnn.Option) *rnn.Stream
	var err error
	if bc.format == rnn.F32 {
		sb, err = m.NewStreamBatch(capacity)
		newStream = m.NewStream
	} else {
		hm, herr := m.Half(bc.format)
		if herr != nil {
			t.Fatal(herr)
		}
		refModel = rounded(m, bc.format)
		sb, err = hm.NewStreamBatch(capacity)
		newStream = hm.NewStream
	}
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(uint64(bc.cell), uint64(bc.layers)))
	streams := make([]*rnn.Stream, capacity)
	refs := make([]*stepRef, capacity)
	small := make([]bool, capacity) // every step of the slot's stream had < 3 slots
	join := func() int {
		s, err := sb.Join()
		if err != nil {
			t.Fatal(err)
		}
		streams[s], refs[s], small[s] = newStream(), newStepRef(refModel), true
		return s
	}
	for range 7 {
		join()
	}
	all := []int{0, 1, 2, 3, 4, 5, 6}
	plan := [][]int{all, all, {6, 0, 3, 2, 5}, {1}, {4, 2}, all, {5, 4, 3, 2, 1, 0, 6}, {0, 1, 2, 3}}
	for step, slots := range plan {
		switch step {
		case 3: // slot 2 leaves, a new stream joins (reusing it), slot 5 resets
			if err := sb.Leave(2); err != nil {
				t.Fatal(err)
			}
			if s := join(); s != 2 {
				t.Fatalf("Join after Leave(2) gave slot %d", s)
			}
			if err := sb.Reset(5); err != nil {
				t.Fatal(err)
			}
			streams[5].Reset()
			refs[5].reset()
			small[5] = true
		case 5: // two more join
			all = append(all, join(), join())
			plan[5] = all
			slots = all
		}
		toks := make([]int, len(slots))
		x := make([]float32, len(slots)*in)
		for i := range slots {
			toks[i] = r.IntN(in)
			for j := range in {
				x[i*in+j] = float32(r.NormFloat64())
			}
		}
		if bc.tokens {
			err = sb.StepTokens(slots, toks)
		} else {
			err = sb.StepVectors(slots, x)
		}
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range slots {
			small[s] = small[s] && len(slots) < 3
			var want []float32
			var wref []float64
			if bc.tokens {
				want, err = streams[s].StepToken(toks[i])
				wref = refs[s].step(toks[i], nil)
			} else {
				want, err = streams[s].StepVector(x[i*in : (i+1)*in])
				wref = refs[s].step(-1, x[i*in:(i+1)*in])
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := sb.Output(s)
			if err != nil {
				t.Fatal(err)
			}
			for o := range got {
				if math.Abs(float64(got[o])-wref[o]) > 1e-4*(1+math.Abs(wref[o])) {
					t.Fatalf("%v step %d slot %d: output %d = %v, float64 reference %v", bc, step, s, o, got[o], wref[o])
				}
				d := math.Abs(float64(got[o] - want[o]))
				if small[s] && d != 0 || d > 1e-5*(1+math.Abs(float64(want[o]))) {
					t.Fatalf("%v step %d (%d slots) slot %d: output %d = %v, Stream %v (exact: %v)", bc, step, len(slots), s, o, got[o], want[o], small[s])
				}
			}
		}
	}
}

// TestStreamBatchFeed checks that FeedTokens leaves outputs to be computed
// on demand, equal to StepTokens', and that Hidden reads a slot's state.
func TestStreamBatchFeed(t *testing.T) {
	m := streamBatchModel(t, rnn.LSTM, 2, 7, 20, 7)
	a, _ := m.NewStreamBatch(6)
	b, _ := m.NewStreamBatch(6)
	slots := []int{}
	for range 6 {
		s, _ := a.Join()
		b.Join()
		slots = append(slots, s)
	}
	toks := []int{1, 2, 3, 4, 5, 6}
	for range 3 {
		if err := a.FeedTokens(slots, toks); err != nil {
			t.Fatal(err)
		}
		if err := b.StepTokens(slots, toks); err != nil {
			t.Fatal(err)
		}
	}
	ha, hb := make([]float32, 20), make([]float32, 20)
	for _, s := range slots {
		ya, _ := a.Output(s)
		yb, _ := b.Output(s)
		for o := range ya {
			if math.Abs(float64(ya[o]-yb[o])) > 1e-5*(1+math.Abs(float64(yb[o]))) {
				t.Fatalf("slot %d: fed output %v, stepped %v", s, ya, yb)
			}
		}
		for k := range 2 {
			if err := a.Hidden(ha, s, k); err != nil {
				t.Fatal(err)
			}
			b.Hidden(hb, s, k)
			for i := range ha {
				if ha[i] != hb[i] {
					t.Fatalf("slot %d layer %d: hidden states differ", s, k)
				}
			}
		}
	}
}

// TestStreamBatchErrors checks that bad slots, inputs and capacities are
// errors that change nothing.
func TestStreamBatchErrors(t *testing.T) {
	m := streamBatchModel(t, rnn.GRU, 1, 5, 8, 5)
	if _, err := m.NewStreamBatch(0); err == nil {
		t.Fatal("capacity 0 accepted")
	}
	sb, err := m.NewStreamBatch(4)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		sb.Join()
	}
	if err := sb.StepTokens([]int{0, 1, 2}, []int{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	before := make([][]float32, 3)
	for s := range 3 {
		y, _ := sb.Output(s)
		before[s] = append([]float32(nil), y...)
	}
	for _, tc := range []struct {
		name string
		f    func() error
		want string
	}{
		{"unused slot", func() error { return sb.StepTokens([]int{0, 3}, []int{1, 1}) }, "slot 3 is not in use"},
		{"out of range", func() error { return sb.StepTokens([]int{0, 4}, []int{1, 1}) }, "slot 4 out of range"},
		{"twice", func() error { return sb.StepTokens([]int{1, 0, 1}, []int{1, 1, 1}) }, "slot 1 listed twice"},
		{"token", func() error { return sb.StepTokens([]int{0, 1}, []int{1, 5}) }, "token 5 (slot 1) out of range"},
		{"count", func() error { return sb.StepTokens([]int{0, 1}, []int{1}) }, "1 tokens for 2 slots"},
		{"vectors", func() error { return sb.StepVectors([]int{0, 1}, make([]float32, 9)) }, "len(x) = 9"},
		{"leave", func() error { return sb.Leave(3) }, "slot 3 is not in use"},
		{"reset", func() error { return sb.Reset(-1) }, "slot -1 out of range"},
		{"hidden", func() error { return sb.Hidden(make([]float32, 8), 0, 1) }, "layer 1 of [0, 1)"},
	} {
		err := tc.f()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	for s := range 3 {
		y, _ := sb.Output(s)
		for o := range y {
			if y[o] != before[s][o] {
				t.Fatalf("a refused step changed slot %d", s)
			}
		}
	}
	sb.Join()
	if _, err := sb.Join(); err == nil || !strings.Contains(err.Error(), "all 4 slots are in use") {
		t.Fatalf("Join on a full batch: %v", err)
	}
}

// TestStreamBatchAllocs checks that steps, joins, leaves and resets
// allocate nothing, for every cell, above and below the product threshold.
func TestStreamBatchAllocs(t *testing.T) {
	for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
		m := streamBatchModel(t, cell, 2, 9, 24, 9)
		sb, err := m.NewStreamBatch(16)
		if err != nil {
			t.Fatal(err)
		}
		slots, toks := []int{}, []int{}
		for i := range 12 {
			s, _ := sb.Join()
			slots, toks = append(slots, s), append(toks, i%9)
		}
		x := make([]float32, 12*9)
		run := func() {
			sb.StepTokens(slots, toks)
			sb.StepTokens(slots[:2], toks[:2])
			sb.StepVectors(slots, x)
			sb.FeedTokens(slots[3:], toks[3:])
			sb.Output(5)
			sb.Leave(7)
			sb.Join()
			sb.Reset(3)
		}
		run()
		if got := testing.AllocsPerRun(20, run); got != 0 {
			t.Errorf("%v: %v allocations per run, want 0", cell, got)
		}
	}
}
