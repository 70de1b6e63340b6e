package rnn_test

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/simdrnn/simdrnn/rnn"
)

// TestCellQuality trains the RNN, the LSTM and the GRU on the first
// 1,000,000 characters of tinyshakespeare with one recipe (hidden 128, seq
// 25, DefaultAdam: lr 2e-3, norm clipped to 5, warmed up over 1,000
// updates; restarts every 100 updates; weights randn * 0.08, about
// PyTorch's default scale; 20,000 updates) for the seeds of
// SIMDRNN_QUALITY_SEEDS (as SIMDRNN_FRESH_SEEDS), and reports each
// model's loss from a zero state on the rest of the text, which it never
// saw, with its training speed (bench/compare/torch_train.py runs the same
// recipe in PyTorch). Each of the LSTM and the GRU must score at least
// 0.15 nats/char below the RNN of the same seed.
func TestCellQuality(t *testing.T) {
	spec := os.Getenv("SIMDRNN_QUALITY_SEEDS")
	if spec == "" {
		t.Skip("set SIMDRNN_QUALITY_SEEDS=1-5 (or a list) to train each cell 20,000 iterations per seed")
	}
	seeds, err := parseSeeds(spec)
	if err != nil {
		t.Fatalf("SIMDRNN_QUALITY_SEEDS=%q: %v", spec, err)
	}
	data, V := tinyShakespeare(t)
	train, held := data[:1000000], data[1000000:]
	cells := []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU}
	type result struct{ held, rate float64 }
	res := map[rnn.Cell][]result{}
	for _, c := range cells {
		res[c] = make([]result, len(seeds))
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for _, cell := range cells {
		for i, seed := range seeds {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				m, err := rnn.New(rnn.Config{Input: V, Hidden: 128, Layers: 1, Output: V, Cell: cell})
				if err != nil {
					t.Error(err)
					return
				}
				m.Randomize(seed, 0.08)
				tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 25, Optimizer: rnn.DefaultAdam()})
				if err != nil {
					t.Error(err)
					return
				}
				start := time.Now()
				for range 20000 {
					if _, err := tr.Next(train); err != nil {
						t.Errorf("%v seed %d: %v", cell, seed, err)
						return
					}
				}
				rate := 20000 * 25 / time.Since(start).Seconds()
				res[cell][i] = result{zeroStateLoss(m, held), rate}
			}()
		}
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "seed  rnn     lstm    gru     (held-out nats/char from a zero state; training chars/s, two runs at a time)\n")
	for i, seed := range seeds {
		r, l, g := res[rnn.RNN][i], res[rnn.LSTM][i], res[rnn.GRU][i]
		fmt.Fprintf(&b, "%4d  %.4f  %.4f  %.4f  (%.0f, %.0f, %.0f chars/s)\n", seed, r.held, l.held, g.held, r.rate, l.rate, g.rate)
		for _, c := range []rnn.Cell{rnn.LSTM, rnn.GRU} {
			if d := r.held - res[c][i].held; !(d >= 0.15) {
				t.Errorf("seed %d: %v %.4f is only %.4f below the RNN's %.4f (want 0.15)", seed, c, res[c][i].held, d, r.held)
			}
		}
	}
	t.Logf("\n%s", b.String())
}
