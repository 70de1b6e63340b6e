package rnn_test

import (
	"fmt"
	"testing"

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

// BenchmarkTrainStep measures one min-char-rnn training iteration (forward,
// backward and Adagrad update over 25 characters, vocabulary 65, batch 1) at
// hidden size H, with the kernel tier in use (SIMDRNN_KERNELS selects one).
func BenchmarkTrainStep(b *testing.B) {
	for _, H := range []int{100, 256, 512} {
		b.Run(fmt.Sprintf("H=%d", H), func(b *testing.B) {
			const V, seq = 65, 25
			m, err := rnn.New(rnn.Config{Input: V, Hidden: H, Layers: 1, Output: V})
			if err != nil {
				b.Fatal(err)
			}
			m.Randomize(1, 0.01)
			tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: seq, Optimizer: rnn.MinCharRNN()})
			if err != nil {
				b.Fatal(err)
			}
			data := benchData(100000, V)
			b.ReportAllocs()
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
}

// BenchmarkStep measures one inference step (feed one token, get the 65
// logits) of a one-layer model at hidden size H.
func BenchmarkStep(b *testing.B) {
	for _, H := range []int{100, 256, 512} {
		b.Run(fmt.Sprintf("H=%d", H), func(b *testing.B) {
			const V = 65
			m, err := rnn.New(rnn.Config{Input: V, Hidden: H, Layers: 1, Output: V})
			if err != nil {
				b.Fatal(err)
			}
			m.Randomize(1, 0.01)
			st := m.NewStream()
			data := benchData(4096, V)
			b.ReportAllocs()
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
}
