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

// batchTol bounds the difference between a batch trainer's loss and
// gradients and the mean of B batch-1 trainers' over the same streams
// (that mean taken in float64), relative to the largest element of each
// tensor's mean gradient (the loss: relative to the loss). The batch-1
// trainer is the reference: TestGradients and TestCellGradients check it
// against float64 references to gradTol. The batch trainer computes the
// same sums over a chunk's T*B rows, grouped and ordered differently
// (products through Gemm rather than per-row MatVec and GerK); each is
// within gradTol of the exact gradient, so they agree to 2*gradTol. The
// worst difference measured is about 1e-6 (it is logged).
const batchTol = 2 * gradTol

type batchCase struct {
	cell   rnn.Cell
	layers int
	loss   rnn.Loss
	out    rnn.Output
	tokens bool
}

func (c batchCase) String() string {
	in := "dense"
	if c.tokens {
		in = "tokens"
	}
	return fmt.Sprintf("%v/L=%d/%v/%v/%s", c.cell, c.layers, c.loss, c.out, in)
}

// streamChunks returns a batched chunk of T steps for B streams and the B
// chunks of each stream alone, random from r.
func streamChunks(r *rand.Rand, bc batchCase, in, out, T, B int) (rnn.Chunk, []rnn.Chunk) {
	var c rnn.Chunk
	cs := make([]rnn.Chunk, B)
	for s := range T {
		for b := range B {
			if bc.tokens {
				x := r.IntN(in)
				c.Tokens = append(c.Tokens, x)
				cs[b].Tokens = append(cs[b].Tokens, x)
			} else {
				for range in {
					v := float32(r.NormFloat64())
					c.Inputs = append(c.Inputs, v)
					cs[b].Inputs = append(cs[b].Inputs, v)
				}
			}
		}
		if bc.out == rnn.ManyToOne && s < T-1 {
			continue
		}
		for b := range B {
			switch bc.loss {
			case rnn.CrossEntropy:
				y := r.IntN(out)
				c.Targets = append(c.Targets, y)
				cs[b].Targets = append(cs[b].Targets, y)
			case rnn.MSE:
				for range out {
					v := float32(r.NormFloat64())
					c.Values = append(c.Values, v)
					cs[b].Values = append(cs[b].Values, v)
				}
			}
		}
	}
	return c, cs
}

// TestBatchEqualsStreams checks that a batch of B streams trains as B
// batch-1 trainers do on the same streams: over two chunks (a full one and
// a shorter one, the state carried between them), the loss is the mean of
// theirs, every gradient the mean of theirs, and each stream's carried
// state theirs, for every cell, 1 and 2 layers, both losses and output
// types, tokens and dense inputs, B in {2, 3, 8} (B = 8 multiplies its
// steps through Gemm), in every kernel tier.
func TestBatchEqualsStreams(t *testing.T) {
	var cases []batchCase
	for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
		for _, layers := range []int{1, 2} {
			cases = append(cases,
				batchCase{cell, layers, rnn.CrossEntropy, rnn.ManyToMany, true},
				batchCase{cell, layers, rnn.MSE, rnn.ManyToOne, false},
				batchCase{cell, layers, rnn.CrossEntropy, rnn.ManyToOne, false},
				batchCase{cell, layers, rnn.MSE, rnn.ManyToMany, true})
		}
	}
	testutil.ForEachImpl(t, func(t *testing.T) {
		var worst float64
		for i, bc := range cases {
			for _, B := range []int{2, 3, 8} {
				w := batchEqualsStreams(t, bc, B, uint64(i*10+B))
				worst = math.Max(worst, w)
			}
		}
		t.Logf("worst difference from the mean of the batch-1 trainers, relative to the tensor's max |g|: %.3g (tolerance %g)", worst, batchTol)
	})
}

// batchEqualsStreams is one case of TestBatchEqualsStreams; it returns the
// worst relative difference.
func batchEqualsStreams(t *testing.T, bc batchCase, B int, seed uint64) float64 {
	const in, hidden, out, seq = 7, 19, 9, 5
	name := fmt.Sprintf("%v/B=%d", bc, B)
	r := rand.New(rand.NewPCG(seed, 17))
	m, err := rnn.New(rnn.Config{Input: in, Hidden: hidden, Layers: bc.layers, Output: out, Cell: bc.cell})
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.Params() {
		m.Params()[i] = float32(r.NormFloat64() * 0.5)
	}
	cfg := rnn.TrainConfig{Seq: seq, Loss: bc.loss, Output: bc.out, Optimizer: rnn.DefaultAdam(), Batch: B}
	tr, err := rnn.NewTrainer(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Batch = 0
	one := make([]*rnn.Trainer, B)
	for b := range one {
		if one[b], err = rnn.NewTrainer(m.Clone(), cfg); err != nil {
			t.Fatal(err)
		}
	}
	// Random carried states, stream b's in row b.
	for k := range bc.layers {
		h := hiddenOf(t, tr, k)
		if len(h) != B*hidden {
			t.Fatalf("%s: Hidden(%d) has %d values, want B x H = %d", name, k, len(h), B*hidden)
		}
		for i := range h {
			h[i] = float32(r.Float64()*1.6 - 0.8)
		}
		for b, o := range one {
			copy(hiddenOf(t, o, k), h[b*hidden:(b+1)*hidden])
		}
		if bc.cell == rnn.LSTM {
			c, _ := tr.CellState(k)
			for i := range c {
				c[i] = float32(r.NormFloat64())
			}
			for b, o := range one {
				oc, _ := o.CellState(k)
				copy(oc, c[b*hidden:(b+1)*hidden])
			}
		}
	}
	var worst float64
	for chunk, T := range []int{seq, 3} {
		c, cs := streamChunks(r, bc, in, out, T, B)
		loss, err := tr.ForwardBackward(c)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var want float64
		mean := make([]float64, len(m.Params()))
		for b, o := range one {
			l, err := o.ForwardBackward(cs[b])
			if err != nil {
				t.Fatalf("%s: stream %d: %v", name, b, err)
			}
			want += l / float64(B)
			for i, g := range o.Grads().Params() {
				mean[i] += float64(g) / float64(B)
			}
		}
		if d := math.Abs(loss - want); d > batchTol*math.Max(1, math.Abs(want)) {
			t.Errorf("%s chunk %d: loss %.9g, want the streams' mean %.9g", name, chunk, loss, want)
		}
		off := 0
		for _, ts := range tr.Grads().Tensors() {
			wt := mean[off : off+len(ts.Data)]
			off += len(ts.Data)
			var maxAbs, maxErr float64
			for i, v := range ts.Data {
				maxAbs = math.Max(maxAbs, math.Abs(wt[i]))
				maxErr = math.Max(maxErr, math.Abs(float64(v)-wt[i]))
			}
			rel := maxErr / math.Max(maxAbs, 1e-30)
			worst = math.Max(worst, rel)
			if rel > batchTol {
				t.Errorf("%s chunk %d: %s: max difference %.3g relative to max |g| %.3g = %.3g > %g", name, chunk, ts.Name, maxErr, maxAbs, rel, batchTol)
			}
		}
		for k := range bc.layers {
			h := hiddenOf(t, tr, k)
			for b, o := range one {
				for i, v := range hiddenOf(t, o, k) {
					if d := math.Abs(float64(h[b*hidden+i]) - float64(v)); d > 1e-5 {
						t.Fatalf("%s chunk %d: layer %d stream %d: carried h[%d] = %g, the stream's %g", name, chunk, k, b, i, h[b*hidden+i], v)
					}
				}
			}
			if bc.cell == rnn.LSTM {
				c, _ := tr.CellState(k)
				for b, o := range one {
					oc, _ := o.CellState(k)
					for i, v := range oc {
						if d := math.Abs(float64(c[b*hidden+i]) - float64(v)); d > 1e-5*math.Max(1, math.Abs(float64(v))) {
							t.Fatalf("%s chunk %d: layer %d stream %d: carried c[%d] = %g, the stream's %g", name, chunk, k, b, i, c[b*hidden+i], v)
						}
					}
				}
			}
		}
	}
	return worst
}

// TestBatchNext checks Next's walk with a batch: B contiguous parts of the
// data, every stream at the same position, all restarted together when a
// part is used up, against Step on chunks built by hand.
func TestBatchNext(t *testing.T) {
	const V, seq, B = 7, 4, 3
	data := make([]int, 50) // parts of 16 tokens: 3 chunks of 4 (the 4th would need token 17)
	for i := range data {
		data[i] = (i*i + 3*i + 1) % V
	}
	for _, out := range []rnn.Output{rnn.ManyToMany, rnn.ManyToOne} {
		m, _ := rnn.New(rnn.Config{Input: V, Hidden: 6, Layers: 2, Output: V, Cell: rnn.GRU})
		m.Randomize(4, 0.3)
		ref := m.Clone()
		cfg := rnn.TrainConfig{Seq: seq, Output: out, Batch: B, Optimizer: rnn.DefaultAdam(), ResetEvery: rnn.NeverReset}
		tr, _ := rnn.NewTrainer(m, cfg)
		rt, _ := rnn.NewTrainer(ref, cfg)
		L := len(data) / B
		for step := range 8 {
			p := (step % 3) * seq
			if p == 0 {
				rt.ResetHidden()
			}
			var c rnn.Chunk
			for s := range seq {
				for b := range B {
					c.Tokens = append(c.Tokens, data[b*L+p+s])
					if out == rnn.ManyToMany {
						c.Targets = append(c.Targets, data[b*L+p+s+1])
					}
				}
			}
			if out == rnn.ManyToOne {
				for b := range B {
					c.Targets = append(c.Targets, data[b*L+p+seq])
				}
			}
			got, err := tr.Next(data)
			if err != nil {
				t.Fatal(err)
			}
			want, err := rt.Step(c)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Fatalf("%v step %d (position %d): Next's loss %v, Step's on the hand-built chunk %v", out, step, p, got, want)
			}
			if tr.Pos() != p+seq {
				t.Fatalf("%v step %d: Pos() = %d, want %d", out, step, tr.Pos(), p+seq)
			}
		}
		if _, err := tr.Next(data[:3*(seq+1)]); err == nil || !strings.Contains(err.Error(), "Batch = 3 parts of 5") {
			t.Errorf("Next with parts of Seq+1 tokens: err = %v", err)
		}
	}
}

// TestBatchChunkErrors: a batched chunk that does not hold every stream's
// steps and targets is an error, never a panic, and changes nothing.
func TestBatchChunkErrors(t *testing.T) {
	m, _ := rnn.New(rnn.Config{Input: 3, Hidden: 4, Layers: 1, Output: 2})
	ce, _ := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 3, Batch: 2, Optimizer: rnn.MinCharRNN()})
	ceOne, _ := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 3, Batch: 2, Output: rnn.ManyToOne, Optimizer: rnn.MinCharRNN()})
	mse, _ := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 3, Batch: 3, Loss: rnn.MSE, Output: rnn.ManyToOne, Optimizer: rnn.MinCharRNN()})
	mseMany, _ := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 3, Batch: 3, Loss: rnn.MSE, Optimizer: rnn.MinCharRNN()})
	bad := []struct {
		tr   *rnn.Trainer
		c    rnn.Chunk
		want string
	}{
		{ce, rnn.Chunk{Tokens: []int{0, 1, 2}, Targets: []int{0, 1, 1}}, "not a multiple of Batch = 2"},
		{ce, rnn.Chunk{Tokens: []int{0, 1, 2, 0}, Targets: []int{0, 1}}, "want 4 Targets"},
		{ce, rnn.Chunk{Tokens: make([]int, 8), Targets: make([]int, 8)}, "4 steps per stream (Batch 2)"},
		{ceOne, rnn.Chunk{Tokens: []int{0, 1, 2, 0}, Targets: []int{0}}, "want 2 Targets"},
		{ceOne, rnn.Chunk{Tokens: []int{0, 1, 2, 0}, Targets: []int{0, 1, 0, 1}}, "want 2 Targets"},
		{mse, rnn.Chunk{Inputs: make([]float32, 3*4), Values: make([]float32, 6)}, "not a multiple of Batch = 3"},
		{mse, rnn.Chunk{Inputs: make([]float32, 3*6), Values: make([]float32, 2)}, "want 6 Values"},
		{mseMany, rnn.Chunk{Inputs: make([]float32, 3*6), Values: make([]float32, 6)}, "want 12 Values"},
		{mseMany, rnn.Chunk{}, "0 steps"},
	}
	for i, b := range bad {
		var err error
		noPanic(t, fmt.Sprintf("case %d", i), func() { _, err = b.tr.Step(b.c) })
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("case %d: err = %v, want one containing %q", i, err, b.want)
		}
	}
	if ce.Iter() != 0 || mse.Iter() != 0 {
		t.Error("a rejected chunk counted as a step")
	}
	if _, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 3, Batch: -1, Optimizer: rnn.MinCharRNN()}); err == nil {
		t.Error("NewTrainer with Batch -1 succeeded")
	}
	if _, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 1 << 20, Batch: 1 << 12, Optimizer: rnn.MinCharRNN()}); err == nil {
		t.Error("NewTrainer with Seq*Batch beyond the model's bounds succeeded")
	}
	if tr, _ := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 3, Optimizer: rnn.MinCharRNN()}); tr.Config().Batch != 1 {
		t.Errorf("a zero Batch resolves to %d, want 1", tr.Config().Batch)
	}
}

// TestBatchZeroAllocs: training steps with a batch of 1 and of 8 allocate
// nothing once the trainer has run a step, for every cell and tier (B = 8
// multiplies through Gemm, with the trainer's workspace and packed
// weights).
func TestBatchZeroAllocs(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
			for _, layers := range []int{1, 2} {
				for _, B := range []int{1, 8} {
					m, _ := rnn.New(rnn.Config{Input: 65, Hidden: 40, Layers: layers, Output: 65, Cell: cell})
					m.Randomize(1, 0.01)
					data := make([]int, 2000)
					for i := range data {
						data[i] = (i * 7) % 65
					}
					tr, _ := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 25, Batch: B, Optimizer: rnn.DefaultAdam()})
					if a := testing.AllocsPerRun(10, func() {
						if _, err := tr.Next(data); err != nil {
							t.Fatal(err)
						}
					}); a != 0 {
						t.Errorf("%v L=%d B=%d: Trainer.Next allocates %v times per step", cell, layers, B, a)
					}
					dm, _ := rnn.New(rnn.Config{Input: 3, Hidden: 32, Layers: layers, Output: 2, Cell: cell})
					dt, _ := rnn.NewTrainer(dm, rnn.TrainConfig{Seq: 10, Batch: B, Loss: rnn.MSE, Optimizer: rnn.DefaultAdam()})
					c := rnn.Chunk{Inputs: make([]float32, 10*B*3), Values: make([]float32, 10*B*2)}
					if a := testing.AllocsPerRun(10, func() {
						if _, err := dt.Step(c); err != nil {
							t.Fatal(err)
						}
					}); a != 0 {
						t.Errorf("%v L=%d B=%d: dense MSE Trainer.Step allocates %v times per step", cell, layers, B, a)
					}
				}
			}
		}
	})
}

// TestBatchReference checks a batch trainer directly against the float64
// references (ref for the RNN, cellRef for the LSTM and GRU): the loss and
// every gradient are the mean over the streams of the references', within
// gradTol of each tensor's largest gradient, and each stream's carried
// state is the reference's, for every cell, 1 and 2 layers, both kinds of
// chunk, a batch of 3 (steps row by row) and of 8 (steps through Gemm), in
// every kernel tier.
func TestBatchReference(t *testing.T) {
	const in, hidden, out, T = 4, 5, 3, 4
	type refCase struct {
		bc    batchCase
		B     int
		m     *rnn.Model
		c     rnn.Chunk
		h0    [][]float32 // per layer B x H
		c0    [][]float32
		loss  float64
		g     []float64
		hT    [][]float64 // per layer, B x H
		cT    [][]float64
		label string
	}
	var cases []*refCase
	seed := uint64(1)
	for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
		for _, layers := range []int{1, 2} {
			for _, kind := range []batchCase{{loss: rnn.CrossEntropy, out: rnn.ManyToMany, tokens: true}, {loss: rnn.MSE, out: rnn.ManyToOne}} {
				for _, B := range []int{3, 8} {
					seed++
					bc := batchCase{cell, layers, kind.loss, kind.out, kind.tokens}
					rc := &refCase{bc: bc, B: B, label: fmt.Sprintf("%v/B=%d", bc, B)}
					r := rand.New(rand.NewPCG(seed, 5))
					rc.m, _ = rnn.New(rnn.Config{Input: in, Hidden: hidden, Layers: layers, Output: out, Cell: cell})
					for i := range rc.m.Params() {
						rc.m.Params()[i] = float32(r.NormFloat64() * 0.5)
					}
					var cs []rnn.Chunk
					rc.c, cs = streamChunks(r, bc, in, out, T, B)
					for range layers {
						h, c := make([]float32, B*hidden), make([]float32, B*hidden)
						for i := range h {
							h[i] = float32(r.Float64()*1.6 - 0.8)
							c[i] = float32(r.NormFloat64())
						}
						rc.h0, rc.c0 = append(rc.h0, h), append(rc.c0, c)
						rc.hT, rc.cT = append(rc.hT, make([]float64, B*hidden)), append(rc.cT, make([]float64, B*hidden))
					}
					rc.g = make([]float64, len(rc.m.Params()))
					for b := range B {
						l, g, hT, cT := streamReference(rc.m, bc, cs[b], rc.h0, rc.c0, b, in, out)
						rc.loss += l / float64(B)
						for i, v := range g {
							rc.g[i] += v / float64(B)
						}
						for k := range layers {
							copy(rc.hT[k][b*hidden:], hT[k])
							if cT != nil {
								copy(rc.cT[k][b*hidden:], cT[k])
							}
						}
					}
					cases = append(cases, rc)
				}
			}
		}
	}
	testutil.ForEachImpl(t, func(t *testing.T) {
		var worst float64
		for _, rc := range cases {
			tr, err := rnn.NewTrainer(rc.m, rnn.TrainConfig{Seq: T, Loss: rc.bc.loss, Output: rc.bc.out, Batch: rc.B, Optimizer: rnn.DefaultAdam()})
			if err != nil {
				t.Fatal(err)
			}
			for k := range rc.bc.layers {
				copy(hiddenOf(t, tr, k), rc.h0[k])
				if rc.bc.cell == rnn.LSTM {
					c, _ := tr.CellState(k)
					copy(c, rc.c0[k])
				}
			}
			loss, err := tr.ForwardBackward(rc.c)
			if err != nil {
				t.Fatalf("%s: %v", rc.label, err)
			}
			if math.Abs(loss-rc.loss) > 1e-5*math.Max(1, math.Abs(rc.loss)) {
				t.Errorf("%s: loss %.9g, want %.9g", rc.label, loss, rc.loss)
			}
			off := 0
			for _, ts := range tr.Grads().Tensors() {
				want := rc.g[off : off+len(ts.Data)]
				off += len(ts.Data)
				var maxAbs, maxErr float64
				for i, v := range ts.Data {
					maxAbs = math.Max(maxAbs, math.Abs(want[i]))
					maxErr = math.Max(maxErr, math.Abs(float64(v)-want[i]))
				}
				rel := maxErr / math.Max(maxAbs, 1e-30)
				worst = math.Max(worst, rel)
				if rel > gradTol {
					t.Errorf("%s: %s: max error %.3g relative to max |g| %.3g = %.3g > %g", rc.label, ts.Name, maxErr, maxAbs, rel, gradTol)
				}
			}
			for k := range rc.bc.layers {
				for i, v := range hiddenOf(t, tr, k) {
					if math.Abs(float64(v)-rc.hT[k][i]) > 1e-5 {
						t.Fatalf("%s: carried h of layer %d differs at %d (stream %d): %g, want %g", rc.label, k, i, i/hidden, v, rc.hT[k][i])
					}
				}
				if rc.bc.cell == rnn.LSTM {
					c, _ := tr.CellState(k)
					for i, v := range c {
						if math.Abs(float64(v)-rc.cT[k][i]) > 1e-5*math.Max(1, math.Abs(rc.cT[k][i])) {
							t.Fatalf("%s: carried c of layer %d differs at %d: %g, want %g", rc.label, k, i, v, rc.cT[k][i])
						}
					}
				}
			}
		}
		t.Logf("worst gradient error relative to the tensor's max |g|: %.3g (tolerance %g)", worst, gradTol)
	})
}

// streamReference returns the float64 reference's loss, gradient and final
// states for stream b alone: chunk c from row b of the states h0, c0.
func streamReference(m *rnn.Model, bc batchCase, c rnn.Chunk, h0, c0 [][]float32, b, in, out int) (float64, []float64, [][]float64, [][]float64) {
	H := m.Config().Hidden
	rows := func(v []float32, n int) [][]float64 {
		var rs [][]float64
		for i := 0; i < len(v); i += n {
			rs = append(rs, f64(v[i:i+n]))
		}
		return rs
	}
	var hs, cs [][]float64
	for k := range h0 {
		hs = append(hs, f64(h0[k][b*H:(b+1)*H]))
		cs = append(cs, f64(c0[k][b*H:(b+1)*H]))
	}
	if bc.cell == rnn.RNN {
		r := newRef(m, bc.loss, bc.out, bc.tokens)
		rc := refChunk{tokens: c.Tokens, inputs: rows(c.Inputs, in), targets: c.Targets, values: rows(c.Values, out), h0: hs}
		loss, g := r.lossGrad(rc)
		return loss, g, r.finalHidden(rc), nil
	}
	r := &cellRef{cfg: m.Config(), p: f64(m.Params()), loss: bc.loss, out: bc.out, tokens: bc.tokens}
	cc := cellChunk{tokens: c.Tokens, inputs: rows(c.Inputs, in), targets: c.Targets, values: rows(c.Values, out), h0: hs, c0: cs}
	loss, hT, cT := r.run(cc)
	return loss, r.grad(cc), hT, cT
}
