package rnn_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/rnn"
)

// refUpdate applies clipping and one optimizer step in float64 to w, with
// state s1, s2, at step t; it is the reference for Trainer.Update.
func refUpdate(o rnn.Optimizer, w, g, s1, s2 []float64, t int) {
	if o.ClipValue > 0 {
		c := float64(o.ClipValue)
		for i := range g {
			g[i] = math.Max(-c, math.Min(c, g[i]))
		}
	}
	if o.ClipNorm > 0 {
		var ss float64
		for _, v := range g {
			ss += v * v
		}
		if n := math.Sqrt(ss); n > float64(o.ClipNorm) {
			for i := range g {
				g[i] *= float64(o.ClipNorm) / n
			}
		}
	}
	lr, eps := float64(o.LR), float64(o.Eps)
	if t < o.Warmup {
		lr *= float64(t) / float64(o.Warmup)
	}
	for i, gi := range g {
		switch o.Method {
		case rnn.SGD:
			s1[i] = float64(o.Momentum)*s1[i] - lr*gi
			w[i] += s1[i]
		case rnn.Adagrad:
			s1[i] += gi * gi
			w[i] -= lr * gi / math.Sqrt(s1[i]+eps)
		case rnn.Adam:
			b1, b2 := float64(o.Beta1), float64(o.Beta2)
			s1[i] = b1*s1[i] + (1-b1)*gi
			s2[i] = b2*s2[i] + (1-b2)*gi*gi
			mh := s1[i] / (1 - math.Pow(b1, float64(t)))
			vh := s2[i] / (1 - math.Pow(b2, float64(t)))
			w[i] -= lr * mh / (math.Sqrt(vh) + eps)
		}
	}
}

func f64(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}

// TestStepAppliesOptimizer runs three steps of every optimizer (with and
// without each clipping) and checks the weights against the float64 update
// applied to the float32 gradients of each step.
func TestStepAppliesOptimizer(t *testing.T) {
	sgd := rnn.DefaultSGD()
	sgd.ClipNorm = 0.05 // small enough to be active
	adam := rnn.DefaultAdam()
	adam.ClipValue = 0.01
	warm := rnn.MinCharRNN()
	warm.Warmup = 3 // updates 1 and 2 at a third and two thirds of LR, then LR
	warmAdam := adam
	warmAdam.Warmup = 2
	opts := map[string]rnn.Optimizer{"mincharrnn": rnn.MinCharRNN(), "sgd": sgd, "adam": adam, "adam-noclip": {Method: rnn.Adam, LR: 0.01, Beta1: 0.8, Beta2: 0.9, Eps: 1e-6},
		"mincharrnn-warmup": warm, "adam-warmup": warmAdam}
	testutil.ForEachImpl(t, func(t *testing.T) {
		for name, o := range opts {
			m, err := rnn.New(rnn.Config{Input: 6, Hidden: 10, Layers: 2, Output: 6})
			if err != nil {
				t.Fatal(err)
			}
			m.Randomize(3, 0.3)
			tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 5, Optimizer: o})
			if err != nil {
				t.Fatal(err)
			}
			w := f64(m.Params())
			s1 := make([]float64, len(w))
			s2 := make([]float64, len(w))
			for step := 1; step <= 3; step++ {
				c := rnn.Chunk{Tokens: []int{1, 2, 3, 4, 5}, Targets: []int{2, 3, 4, 5, 0}}
				if _, err := tr.ForwardBackward(c); err != nil {
					t.Fatal(err)
				}
				g := f64(tr.Grads().Params())
				tr.Update()
				refUpdate(o, w, g, s1, s2, step)
				for i, v := range m.Params() {
					if math.Abs(float64(v)-w[i]) > 1e-5*math.Max(1, math.Abs(w[i])) {
						t.Fatalf("%s step %d: param %d = %g, want %g", name, step, i, v, w[i])
					}
				}
				if tr.Iter() != step {
					t.Fatalf("Iter() = %d after %d steps", tr.Iter(), step)
				}
			}
		}
	})
}

func TestDivergence(t *testing.T) {
	m, _ := rnn.New(rnn.Config{Input: 5, Hidden: 8, Layers: 1, Output: 5})
	m.Randomize(1, 0.1)
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 4, Optimizer: rnn.MinCharRNN()})
	if err != nil {
		t.Fatal(err)
	}
	data := []int{0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3}
	for range 3 {
		if _, err := tr.Next(data); err != nil {
			t.Fatal(err)
		}
	}
	m.By()[2] = float32(math.Inf(1))
	before := append([]float32(nil), m.Params()...)
	_, err = tr.Next(data)
	var de *rnn.DivergedError
	if !errors.As(err, &de) || de.Step != 4 || !strings.Contains(err.Error(), "step 4") {
		t.Fatalf("Next with an infinite bias: err = %v, want a DivergedError at step 4", err)
	}
	for i, v := range m.Params() {
		if math.Float32bits(v) != math.Float32bits(before[i]) {
			t.Fatalf("diverged step changed parameter %d", i)
		}
	}
	// MSE with a NaN target value.
	m2, _ := rnn.New(rnn.Config{Input: 2, Hidden: 3, Layers: 1, Output: 1})
	tr2, _ := rnn.NewTrainer(m2, rnn.TrainConfig{Seq: 2, Loss: rnn.MSE, Output: rnn.ManyToOne, Optimizer: rnn.DefaultAdam()})
	_, err = tr2.Step(rnn.Chunk{Inputs: []float32{1, 2, 3, 4}, Values: []float32{float32(math.NaN())}})
	if !errors.As(err, &de) || de.Step != 1 {
		t.Fatalf("NaN target: err = %v, want a DivergedError at step 1", err)
	}
}

func TestNextWalk(t *testing.T) {
	m, _ := rnn.New(rnn.Config{Input: 4, Hidden: 6, Layers: 1, Output: 4})
	m.Randomize(1, 0.1)
	tr, _ := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 25, Optimizer: rnn.MinCharRNN()})
	data := make([]int, 60)
	for i := range data {
		data[i] = i % 4
	}
	tr.SetPos(30) // ignored before the first update: min-char-rnn starts at 0
	wantPos := []int{25, 50, 25, 50, 25}
	for i, want := range wantPos {
		if _, err := tr.Next(data); err != nil {
			t.Fatal(err)
		}
		if tr.Pos() != want {
			t.Fatalf("after step %d Pos() = %d, want %d", i+1, tr.Pos(), want)
		}
	}
	// A position past the data (a resumed run on shorter data, or any value
	// given to SetPos) starts over at 0, even near MaxInt.
	for _, p := range []int{36, 60, 1 << 40, math.MaxInt - 25, math.MaxInt} {
		tr.SetPos(p)
		if _, err := tr.Next(data); err != nil {
			t.Fatal(err)
		}
		if tr.Pos() != 25 {
			t.Errorf("SetPos(%d), Next: Pos() = %d, want 25 (restarted at 0)", p, tr.Pos())
		}
	}
	if _, err := tr.Next(data[:26]); err == nil {
		t.Error("Next with len(data) = Seq+1: no error")
	}
	if _, err := tr.Next([]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7}); err == nil {
		t.Error("Next with tokens out of range: no error")
	}
}

func TestChunkErrors(t *testing.T) {
	m, _ := rnn.New(rnn.Config{Input: 3, Hidden: 4, Layers: 1, Output: 2})
	ce, _ := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 3, Optimizer: rnn.MinCharRNN()})
	mse, _ := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 3, Loss: rnn.MSE, Output: rnn.ManyToOne, Optimizer: rnn.MinCharRNN()})
	bad := []struct {
		tr   *rnn.Trainer
		c    rnn.Chunk
		want string
	}{
		{ce, rnn.Chunk{Tokens: []int{0, 3}, Targets: []int{0, 1}}, "Tokens[1] = 3"},
		{ce, rnn.Chunk{Tokens: []int{0, 1}, Targets: []int{0, 2}}, "Targets[1] = 2"},
		{ce, rnn.Chunk{Tokens: []int{0, 1}, Targets: []int{0}}, "want 2 Targets"},
		{ce, rnn.Chunk{Tokens: []int{0, 1, 2, 0}, Targets: []int{0, 1, 1, 1}}, "4 steps"},
		{ce, rnn.Chunk{}, "0 steps"},
		{ce, rnn.Chunk{Tokens: []int{0}, Inputs: []float32{1, 2, 3}, Targets: []int{0}}, "both"},
		{mse, rnn.Chunk{Inputs: []float32{1, 2}, Values: []float32{0, 0}}, "multiple"},
		{mse, rnn.Chunk{Inputs: []float32{1, 2, 3}, Values: []float32{0}}, "want 2 Values"},
		{mse, rnn.Chunk{Inputs: []float32{1, 2, 3}, Targets: []int{0}, Values: []float32{0, 0}}, "want 2 Values"},
	}
	for i, b := range bad {
		_, err := b.tr.Step(b.c)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("case %d: err = %v, want one containing %q", i, err, b.want)
		}
	}
	if ce.Iter() != 0 {
		t.Error("a rejected chunk counted as a step")
	}
	for _, cfg := range []rnn.TrainConfig{{Seq: 0, Optimizer: rnn.MinCharRNN()}, {Seq: 2}, {Seq: 2, Loss: 7, Optimizer: rnn.MinCharRNN()},
		{Seq: 2, Optimizer: rnn.Optimizer{Method: rnn.Adagrad, LR: 0.1}}, {Seq: 2, Optimizer: rnn.Optimizer{Method: rnn.SGD, LR: 0.1, Momentum: 1}},
		{Seq: 2, Optimizer: rnn.Optimizer{Method: rnn.SGD, LR: 0.1, Warmup: -1}}} {
		if _, err := rnn.NewTrainer(m, cfg); err == nil {
			t.Errorf("NewTrainer(%+v) succeeded", cfg)
		}
	}
}

// TestZeroAllocs asserts that training and inference steps allocate nothing
// once built, for every cell and kernel tier.
func TestZeroAllocs(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, cl := range []struct {
			cell   rnn.Cell
			layers int
		}{{rnn.RNN, 1}, {rnn.RNN, 2}, {rnn.LSTM, 1}, {rnn.LSTM, 2}, {rnn.GRU, 1}, {rnn.GRU, 2}} {
			cell, layers := cl.cell, cl.layers
			m, _ := rnn.New(rnn.Config{Input: 65, Hidden: 40, Layers: layers, Output: 65, Cell: cell})
			m.Randomize(1, 0.01)
			data := make([]int, 1000)
			for i := range data {
				data[i] = (i * 7) % 65
			}
			for _, o := range []rnn.Optimizer{rnn.MinCharRNN(), rnn.DefaultAdam(), rnn.DefaultSGD()} {
				tr, _ := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 25, Optimizer: o})
				if a := testing.AllocsPerRun(20, func() {
					if _, err := tr.Next(data); err != nil {
						t.Fatal(err)
					}
				}); a != 0 {
					t.Errorf("%v L=%d %v: Trainer.Next allocates %v times per step", cell, layers, o.Method, a)
				}
			}
			dm, _ := rnn.New(rnn.Config{Input: 3, Hidden: 32, Layers: layers, Output: 2, Cell: cell})
			tr, _ := rnn.NewTrainer(dm, rnn.TrainConfig{Seq: 10, Loss: rnn.MSE, Output: rnn.ManyToOne, Optimizer: rnn.DefaultAdam()})
			c := rnn.Chunk{Inputs: make([]float32, 30), Values: []float32{1, 2}}
			if a := testing.AllocsPerRun(20, func() {
				if _, err := tr.Step(c); err != nil {
					t.Fatal(err)
				}
			}); a != 0 {
				t.Errorf("%v L=%d: dense MSE Trainer.Step allocates %v times per step", cell, layers, a)
			}
			st := m.NewStream()
			if a := testing.AllocsPerRun(100, func() { st.StepToken(7) }); a != 0 {
				t.Errorf("%v L=%d: Stream.StepToken allocates %v times", cell, layers, a)
			}
			ds := dm.NewStream()
			x := []float32{1, 2, 3}
			if a := testing.AllocsPerRun(100, func() { ds.StepVector(x) }); a != 0 {
				t.Errorf("%v L=%d: Stream.StepVector allocates %v times", cell, layers, a)
			}
			sp := m.NewSampler(1)
			sp.TopK = 10
			if a := testing.AllocsPerRun(100, func() { sp.Next() }); a != 0 {
				t.Errorf("%v L=%d: Sampler.Next allocates %v times", cell, layers, a)
			}
		}
	})
}
