package rnn_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/simdrnn/simdrnn/kernels"
	"github.com/simdrnn/simdrnn/rnn"
)

// benchData returns n tokens of a fixed pseudo-random sequence over V
// symbols (the speed of a step does not depend on the values).
func benchData(n, V int) []int {
	d := make([]int, n)
	x := uint32(1)
	for i := range d {
		x = x*1664525 + 1013904223
		d[i] = int(x>>16) % V
	}
	return d
}

// benchCells runs f as sub-benchmarks cell=<cell>/H=<H>/impl=<tier> for
// every cell, size and tier this CPU runs, so that benchstat splits them
// (-col /impl, -row /H, -filter cell:lstm).
func benchCells(b *testing.B, sizes []int, f func(b *testing.B, cell rnn.Cell, H int)) {
	defer kernels.Use("")
	for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
		b.Run("cell="+cell.String(), func(b *testing.B) {
			for _, H := range sizes {
				b.Run(fmt.Sprintf("H=%d", H), func(b *testing.B) {
					for _, impl := range kernels.Implementations() {
						if err := kernels.Use(impl); err != nil {
							b.Fatal(err)
						}
						b.Run("impl="+impl, func(b *testing.B) {
							b.ReportAllocs()
							f(b, cell, H)
						})
					}
				})
			}
		})
	}
}

// BenchmarkTrainStep measures one min-char-rnn training iteration (forward,
// backward and Adagrad update over 25 characters, vocabulary 65, batch 1)
// of a one-layer model of hidden size H.
func BenchmarkTrainStep(b *testing.B) {
	benchCells(b, []int{100, 256, 512}, func(b *testing.B, cell rnn.Cell, H int) {
		const V, seq = 65, 25
		m, err := rnn.New(rnn.Config{Input: V, Hidden: H, Layers: 1, Output: V, Cell: cell})
		if err != nil {
			b.Fatal(err)
		}
		m.Randomize(1, 0.01)
		tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: seq, Optimizer: rnn.MinCharRNN()})
		if err != nil {
			b.Fatal(err)
		}
		data := benchData(100000, V)
		for b.Loop() {
			if _, err := tr.Next(data); err != nil {
				b.Fatal(err)
			}
		}
		s := b.Elapsed().Seconds()
		b.ReportMetric(float64(b.N)/s, "it/s")
		b.ReportMetric(float64(b.N*seq)/s, "chars/s")
	})
}

// BenchmarkStep measures one inference step of a one-layer character
// model (feed one token, get the 65 logits) of hidden size H.
func BenchmarkStep(b *testing.B) {
	benchCells(b, []int{100, 256, 512}, func(b *testing.B, cell rnn.Cell, H int) {
		const V = 65
		m, err := rnn.New(rnn.Config{Input: V, Hidden: H, Layers: 1, Output: V, Cell: cell})
		if err != nil {
			b.Fatal(err)
		}
		m.Randomize(1, 0.01)
		st := m.NewStream()
		data := benchData(4096, V)
		i := 0
		for b.Loop() {
			if _, err := st.StepToken(data[i&4095]); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "chars/s")
	})
}

// BenchmarkCellStep measures what PyTorch's nn.RNN, nn.LSTM and nn.GRU
// steps do at batch 1 (bench/compare/torch_step.py times them): one layer
// of hidden size H fed a dense input of size H, the state carried, no
// output layer (Stream.FeedVector).
func BenchmarkCellStep(b *testing.B) {
	benchCells(b, []int{64, 128, 256, 512, 1024}, func(b *testing.B, cell rnn.Cell, H int) {
		m, err := rnn.New(rnn.Config{Input: H, Hidden: H, Layers: 1, Output: 1, Cell: cell})
		if err != nil {
			b.Fatal(err)
		}
		m.Randomize(1, 0.05)
		st := m.NewStream()
		x := make([]float32, H)
		for i := range x {
			x[i] = float32(i%7) * 0.1
		}
		for b.Loop() {
			if err := st.FeedVector(x); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(4 * len(m.Params())))
	})
}

// BenchmarkTrainBatch measures a training iteration with a batch of B
// streams (TrainConfig.Batch; forward, backward and Adagrad update over 25
// characters of each stream, vocabulary 65) of a one-layer model of hidden
// size H, in the kernel tier in use (SIMDRNN_KERNELS selects another). Its
// chars/s count every stream's characters, so that B = 32 against B = 1 is
// the speed-up of batching.
func BenchmarkTrainBatch(b *testing.B) {
	for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
		b.Run("cell="+cell.String(), func(b *testing.B) {
			for _, H := range []int{128, 512, 1024} {
				if H == 1024 && cell != rnn.RNN {
					continue
				}
				b.Run(fmt.Sprintf("H=%d", H), func(b *testing.B) {
					for _, B := range []int{1, 8, 32} {
						b.Run(fmt.Sprintf("B=%d", B), func(b *testing.B) {
							b.ReportAllocs()
							trainBatch(b, cell, H, B)
						})
					}
				})
			}
		})
	}
}

func trainBatch(b *testing.B, cell rnn.Cell, H, B int, opts ...rnn.Option) {
	const V, seq = 65, 25
	m, err := rnn.New(rnn.Config{Input: V, Hidden: H, Layers: 1, Output: V, Cell: cell})
	if err != nil {
		b.Fatal(err)
	}
	m.Randomize(1, 0.01)
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: seq, Batch: B, Optimizer: rnn.MinCharRNN()}, opts...)
	if err != nil {
		b.Fatal(err)
	}
	defer tr.Close()
	data := benchData(200000, V)
	for b.Loop() {
		if _, err := tr.Next(data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*seq*B)/b.Elapsed().Seconds(), "chars/s")
}

// BenchmarkStepBatch measures one step of B streams stepped together by a
// StreamBatch, as bench/compare/torch_step.py's -batch times PyTorch's
// batched nn.RNN, nn.LSTM and nn.GRU: one layer of hidden size H, each
// stream fed a dense input of size H, the states carried, no output layer
// (FeedVectors). B = 1 is a Stream's step (FeedVector).
func BenchmarkStepBatch(b *testing.B) {
	for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
		for _, H := range []int{128, 512, 1024} {
			for _, B := range []int{1, 8, 32} {
				b.Run(fmt.Sprintf("cell=%v/H=%d/B=%d", cell, H, B), func(b *testing.B) {
					defer kernels.Use("")
					for _, impl := range kernels.Implementations() {
						if err := kernels.Use(impl); err != nil {
							b.Fatal(err)
						}
						b.Run("impl="+impl, func(b *testing.B) {
							b.ReportAllocs()
							benchStepBatch(b, cell, H, B)
						})
					}
				})
			}
		}
	}
}

func benchStepBatch(b *testing.B, cell rnn.Cell, H, B int, opts ...rnn.Option) {
	benchStepBatchOf(b, cell, H, B, rnn.F32, opts...)
}

// benchStepBatchOf is benchStepBatch with weights w (f32, or a HalfModel's
// 16 bits) and the batch's options.
func benchStepBatchOf(b *testing.B, cell rnn.Cell, H, B int, w rnn.Format, opts ...rnn.Option) {
	m, err := rnn.New(rnn.Config{Input: H, Hidden: H, Layers: 1, Output: 1, Cell: cell})
	if err != nil {
		b.Fatal(err)
	}
	m.Randomize(1, 0.05)
	x := make([]float32, B*H)
	for i := range x {
		x[i] = float32(i%7) * 0.1
	}
	var sb *rnn.StreamBatch
	if w == rnn.F32 {
		sb, err = m.NewStreamBatch(B, opts...)
	} else {
		var hm *rnn.HalfModel
		if hm, err = m.Half(w); err != nil {
			b.Fatal(err)
		}
		sb, err = hm.NewStreamBatch(B, opts...)
	}
	if err != nil {
		b.Fatal(err)
	}
	defer sb.Close()
	slots := make([]int, B)
	for i := range slots {
		slots[i], _ = sb.Join()
	}
	for b.Loop() {
		if err := sb.FeedVectors(slots, x); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*B)/b.Elapsed().Seconds(), "steps/s")
	b.ReportMetric(float64(sb.Threads()), "goroutines")
}

// BenchmarkStepBatchThreads measures a StreamBatch's step as
// BenchmarkStepBatch does (FeedVectors, one layer, no output layer), on 1
// and 2 goroutines (NewStreamBatch's Threads option), in the kernel tier
// in use: float32 weights through Gemm (B = 8, 32) and row by row (B = 2),
// and a HalfModel's F16 weights row by row (B = 2) and through Gemm on
// their float32 copies (B = 32). The goroutines metric is what the batch
// uses (StreamBatch.Threads).
func BenchmarkStepBatchThreads(b *testing.B) {
	type shape struct {
		cell rnn.Cell
		H, B int
		w    rnn.Format
	}
	shapes := []shape{
		{rnn.LSTM, 512, 32, rnn.F32}, {rnn.LSTM, 512, 8, rnn.F32}, {rnn.LSTM, 512, 2, rnn.F32},
		{rnn.LSTM, 1024, 32, rnn.F32}, {rnn.GRU, 512, 32, rnn.F32}, {rnn.RNN, 1024, 32, rnn.F32},
		{rnn.LSTM, 1024, 2, rnn.F16}, {rnn.LSTM, 1024, 32, rnn.F16},
	}
	for _, sh := range shapes {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("cell=%v/H=%d/B=%d/w=%v/threads=%d", sh.cell, sh.H, sh.B, sh.w, threads), func(b *testing.B) {
				b.ReportAllocs()
				benchStepBatchOf(b, sh.cell, sh.H, sh.B, sh.w, rnn.Threads(threads))
			})
		}
	}
}

// BenchmarkStepThreads measures one inference step of a one-layer
// character model (StepToken: feed one token, get the 65 logits) of hidden
// size H, with weights w (f32, or f16 through a HalfModel), on 1 and 2
// goroutines (rnn.Threads). The goroutines metric is what the stream uses
// (Stream.Threads): 1 where no matrix splits.
func BenchmarkStepThreads(b *testing.B) {
	defer kernels.Use("")
	type shape struct {
		cell rnn.Cell
		H    int
		w    rnn.Format
	}
	var shapes []shape
	for _, H := range []int{256, 512, 724, 1024, 2048} {
		shapes = append(shapes, shape{rnn.RNN, H, rnn.F32})
	}
	for _, H := range []int{256, 512, 1024} {
		shapes = append(shapes, shape{rnn.LSTM, H, rnn.F32})
	}
	shapes = append(shapes, shape{rnn.LSTM, 512, rnn.F16}, shape{rnn.LSTM, 1024, rnn.F16})
	for _, sh := range shapes {
		const V = 65
		m, err := rnn.New(rnn.Config{Input: V, Hidden: sh.H, Layers: 1, Output: V, Cell: sh.cell})
		if err != nil {
			b.Fatal(err)
		}
		m.Randomize(1, 0.01)
		var mk interface {
			NewStream(...rnn.Option) *rnn.Stream
		} = m
		if sh.w != rnn.F32 {
			if mk, err = m.Half(sh.w); err != nil {
				b.Fatal(err)
			}
		}
		for _, threads := range []int{1, 2} {
			name := fmt.Sprintf("cell=%v/H=%d/w=%v/threads=%d", sh.cell, sh.H, sh.w, threads)
			b.Run(name, func(b *testing.B) {
				for _, impl := range kernels.Implementations() {
					if err := kernels.Use(impl); err != nil {
						b.Fatal(err)
					}
					b.Run("impl="+impl, func(b *testing.B) {
						b.ReportAllocs()
						st := mk.NewStream(rnn.Threads(threads))
						defer st.Close()
						data := benchData(4096, V)
						i := 0
						for b.Loop() {
							if _, err := st.StepToken(data[i&4095]); err != nil {
								b.Fatal(err)
							}
							i++
						}
						b.ReportMetric(float64(st.Threads()), "goroutines")
					})
				}
			})
		}
	}
}

// BenchmarkTrainThreads measures a training iteration of a batch of B
// streams as BenchmarkTrainBatch does, on 1 to GOMAXPROCS goroutines
// (NewTrainer's Threads option): chars/s on threads = n against threads
// = 1 is the speed-up of the cores.
func BenchmarkTrainThreads(b *testing.B) {
	for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
		for _, H := range []int{128, 512, 1024} {
			if H == 1024 && cell != rnn.RNN {
				continue
			}
			for _, B := range []int{8, 32} {
				for n := 1; n <= runtime.GOMAXPROCS(0); n *= 2 {
					b.Run(fmt.Sprintf("cell=%v/H=%d/B=%d/threads=%d", cell, H, B, n), func(b *testing.B) {
						b.ReportAllocs()
						trainBatch(b, cell, H, B, rnn.Threads(n))
					})
				}
			}
		}
	}
}
