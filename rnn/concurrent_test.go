package rnn_test

import (
	"sync"
	"testing"
)

// TestConcurrentReaders checks the documented promise that Streams and
// Samplers over one model may run concurrently: eight goroutines sample and
// evaluate at once, and each gets exactly what it gets alone (run with
// -race to check the shared model is only read).
func TestConcurrentReaders(t *testing.T) {
	m := sampleModel(t)
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
