package rnn_test

import (
	"fmt"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/rnn"
)

// trainRun trains a fresh model of the case for three updates (two full
// chunks and a shorter one, the state carried) on n goroutines, and
// returns everything a step leaves: the losses, the parameters, the last
// gradients, the optimizer state and the carried states.
func trainRun(t *testing.T, bc batchCase, H, B, n int, opt rnn.Optimizer) [][]float32 {
	t.Helper()
	const in, out, seq = 11, 7, 5
	m, err := rnn.New(rnn.Config{Input: in, Hidden: H, Layers: bc.layers, Output: out, Cell: bc.cell})
	if err != nil {
		t.Fatal(err)
	}
	m.Randomize(3, 0.3)
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: seq, Batch: B, Loss: bc.loss, Output: bc.out, Optimizer: opt}, rnn.Threads(n))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if want := min(n, 2); B > 1 && n > 1 && tr.Threads() < want {
		t.Fatalf("Threads(%d) at B = %d: %d goroutines", n, B, tr.Threads())
	}
	r := testutil.Rand(H, B, bc.layers)
	var got [][]float32
	for i, T := range []int{seq, seq, 3} {
		c, _ := streamChunks(r, bc, in, out, T, B)
		loss, err := tr.Step(c)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		got = append(got, []float32{float32(loss), float32(loss - float64(float32(loss)))})
	}
	got = append(got, m.Params(), tr.Grads().Params())
	v1, v2 := tr.OptimizerState()
	got = append(got, v1, v2)
	for k := range bc.layers {
		h, _ := tr.Hidden(k)
		got = append(got, h)
		if bc.cell == rnn.LSTM {
			c, _ := tr.CellState(k)
			got = append(got, c)
		}
	}
	for i := range got {
		got[i] = append([]float32(nil), got[i]...)
	}
	return got
}

// TestTrainThreadsBitIdentical checks that a batch trained on 2, 3 or 4
// goroutines leaves every bit of a one-goroutine trainer's losses,
// weights, gradients, optimizer state and carried state, for every cell,
// 1 and 2 layers, both losses and output types, tokens and dense inputs,
// hidden sizes off and on the kernels' tiles and units (20, 100, 160), B
// from 2 (products row by row) to 9 (through Gemm), Adam clipped by norm
// and SGD clipped by value, in every kernel tier.
func TestTrainThreadsBitIdentical(t *testing.T) {
	var cases []batchCase
	for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
		cases = append(cases,
			batchCase{cell, 1, rnn.CrossEntropy, rnn.ManyToMany, true},
			batchCase{cell, 2, rnn.MSE, rnn.ManyToMany, false},
			batchCase{cell, 2, rnn.CrossEntropy, rnn.ManyToOne, true},
			batchCase{cell, 1, rnn.MSE, rnn.ManyToOne, false})
	}
	adam := rnn.DefaultAdam()
	adam.ClipNorm = 0.5
	sgd := rnn.DefaultSGD()
	sgd.ClipNorm, sgd.ClipValue = 0, 0.01
	testutil.ForEachImpl(t, func(t *testing.T) {
		for i, bc := range cases {
			for j, H := range []int{20, 100, 160} {
				if testing.Short() && (i+j)%3 != 0 {
					continue
				}
				B := []int{2, 9, 3}[(i+j)%3]
				opt := adam
				if (i+j)%2 == 1 {
					opt = sgd
				}
				want := trainRun(t, bc, H, B, 1, opt)
				for n := 2; n <= 4; n++ {
					got := trainRun(t, bc, H, B, n, opt)
					if err := sameBits(got, want); err != nil {
						t.Fatalf("%v H=%d B=%d %v threads=%d: %v (values: losses 0-2, params, grads, optimizer state 1-2, carried states)", bc, H, B, opt.Method, n, err)
					}
				}
			}
		}
	})
}

// TestTrainThreadsNext checks Next and the options' edge cases: a batch
// of one runs on one goroutine, Close keeps the results, and the team's
// goroutines end with Close or with a trainer dropped without it.
func TestTrainThreadsNext(t *testing.T) {
	const V = 13
	data := make([]int, 4000)
	r := testutil.Rand(5)
	for i := range data {
		data[i] = r.IntN(V)
	}
	run := func(n, B int, closeAt int) []float32 {
		m, err := rnn.New(rnn.Config{Input: V, Hidden: 96, Layers: 1, Output: V, Cell: rnn.LSTM})
		if err != nil {
			t.Fatal(err)
		}
		m.Randomize(1, 0.1)
		tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 7, Batch: B, Optimizer: rnn.DefaultAdam()}, rnn.Threads(n))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 12 {
			if i == closeAt {
				tr.Close()
				if tr.Threads() != 1 {
					t.Fatalf("after Close: Threads() = %d", tr.Threads())
				}
			}
			if _, err := tr.Next(data); err != nil {
				t.Fatal(err)
			}
		}
		tr.Close()
		return append([]float32(nil), m.Params()...)
	}
	runtime.GC()
	time.Sleep(20 * time.Millisecond)
	base := runtime.NumGoroutine()
	want := run(1, 8, -1)
	for _, n := range []int{2, 3} {
		if err := sameBits([][]float32{run(n, 8, 5)}, [][]float32{want}); err != nil {
			t.Fatalf("threads %d, closed after 5 updates: %v", n, err)
		}
	}
	m, _ := rnn.New(rnn.Config{Input: V, Hidden: 16, Layers: 1, Output: V})
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 7, Batch: 1, Optimizer: rnn.DefaultAdam()}, rnn.Threads(4))
	if err != nil {
		t.Fatal(err)
	}
	if tr.Threads() != 1 {
		t.Fatalf("batch of one: Threads() = %d, want 1", tr.Threads())
	}
	for i := range 3 {
		tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 7, Batch: 4, Optimizer: rnn.DefaultAdam()}, rnn.Threads(2+i))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Next(data); err != nil {
			t.Fatal(err)
		}
		// dropped without Close
	}
	goroutinesSettle(t, base)
}

// TestTrainThreadsAllocs checks that a warm step on several goroutines
// allocates nothing.
func TestTrainThreadsAllocs(t *testing.T) {
	for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
		m, err := rnn.New(rnn.Config{Input: 30, Hidden: 64, Layers: 2, Output: 30, Cell: cell})
		if err != nil {
			t.Fatal(err)
		}
		m.Randomize(1, 0.1)
		tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 10, Batch: 8, Optimizer: rnn.DefaultAdam()}, rnn.Threads(2))
		if err != nil {
			t.Fatal(err)
		}
		data := make([]int, 2000)
		for i := range data {
			data[i] = i * 7 % 30
		}
		step := func() {
			if _, err := tr.Next(data); err != nil {
				t.Fatal(err)
			}
		}
		step()
		if a := testing.AllocsPerRun(10, step); a != 0 {
			t.Errorf("%v: %v allocations per step, want 0", cell, a)
		}
		tr.Close()
	}
}

// TestTrainThreadsLoss checks that the loss of a threaded step is finite
// and matches one goroutine's bits when the chunk is reported as an error.
func TestTrainThreadsDiverged(t *testing.T) {
	m, _ := rnn.New(rnn.Config{Input: 5, Hidden: 32, Layers: 1, Output: 5})
	m.Randomize(1, 0.1)
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 3, Batch: 4, Loss: rnn.MSE, Optimizer: rnn.DefaultSGD()}, rnn.Threads(2))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	before := append([]float32(nil), m.Params()...)
	c := rnn.Chunk{Inputs: make([]float32, 3*4*5), Values: make([]float32, 3*4*5)}
	c.Values[7] = float32(math.Inf(1))
	_, err = tr.Step(c)
	if err == nil {
		t.Fatal("infinite target: no error")
	}
	if err := sameBits([][]float32{m.Params()}, [][]float32{before}); err != nil {
		t.Fatalf("a diverged step changed the model: %v", err)
	}
	_ = fmt.Sprint()
}
