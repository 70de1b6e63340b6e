package rnn_test

import (
	"sync"
	"testing"

	"github.com/simdrnn/simdrnn/rnn"
)

// TestConcurrentReaders checks the documented promise that Streams and
// Samplers over one model may run concurrently: for every cell, over the
// float32 model and its f16 copy, eight goroutines sample and evaluate at
// once, and each gets exactly what it gets alone (run with -race to check
// the shared model is only read).
func TestConcurrentReaders(t *testing.T) {
	for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
		m, err := rnn.New(rnn.Config{Input: 20, Hidden: 16, Layers: 2, Output: 20, Cell: cell})
		if err != nil {
			t.Fatal(err)
		}
		m.Randomize(5, 0.7)
		h, err := m.Half(rnn.F16)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(cell.String()+"/f32", func(t *testing.T) { concurrentReaders(t, m) })
		t.Run(cell.String()+"/f16", func(t *testing.T) { concurrentReaders(t, h) })
	}
}

// concurrentReaders is TestConcurrentReaders over one model.
func concurrentReaders(t *testing.T, m interface {
	NewStream(...rnn.Option) *rnn.Stream
	NewSampler(uint64, ...rnn.Option) *rnn.Sampler
}) {
	work := func(seed uint64) ([]int, float64) {
		sp := m.NewSampler(seed)
		if err := sp.Prime([]int{1, 2, 3}); err != nil {
			t.Error(err)
			return nil, 0
		}
		toks := make([]int, 300)
		if err := sp.Sample(toks); err != nil {
			t.Error(err)
			return nil, 0
		}
		ce, err := m.NewStream().CrossEntropySum(toks)
		if err != nil {
			t.Error(err)
		}
		return toks, ce
	}
	const n = 8
	var wantToks [n][]int
	var wantCE [n]float64
	for i := range n {
		wantToks[i], wantCE[i] = work(uint64(i))
	}
	var gotToks [n][]int
	var gotCE [n]float64
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			gotToks[i], gotCE[i] = work(uint64(i))
		}()
	}
	wg.Wait()
	for i := range n {
		if gotCE[i] != wantCE[i] {
			t.Errorf("goroutine %d: cross-entropy %v, alone %v", i, gotCE[i], wantCE[i])
		}
		for j := range wantToks[i] {
			if gotToks[i][j] != wantToks[i][j] {
				t.Errorf("goroutine %d: token %d is %d, alone %d", i, j, gotToks[i][j], wantToks[i][j])
				break
			}
		}
	}
}
