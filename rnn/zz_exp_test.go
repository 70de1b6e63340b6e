package rnn_test

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/simdrnn/simdrnn/rnn"
)

func TestZZCells(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	data, V := tinyShakespeare(t)
	train, held := data[:1000000], data[1000000:]
	iters, _ := strconv.Atoi(os.Getenv("ZZITERS"))
	seed, _ := strconv.ParseUint(os.Getenv("ZZSEED"), 10, 64)
	var wg sync.WaitGroup
	for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, _ := rnn.New(rnn.Config{Input: V, Hidden: 128, Layers: 1, Output: V, Cell: cell})
			m.Randomize(seed, 0.08)
			tr, _ := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 25, Optimizer: rnn.DefaultAdam()})
			smooth := 4.17 * 25
			t0 := time.Now()
			for it := 0; it < iters; it++ {
				l, err := tr.Next(train)
				if err != nil {
					fmt.Println(cell, err)
					return
				}
				smooth = 0.999*smooth + 0.001*l
			}
			el := time.Since(t0)
			fmt.Printf("%v seed %d: train %.4f held %.4f  %.0f chars/s\n", cell, seed, smooth/25, zeroStateLoss(m, held), float64(iters*25)/el.Seconds())
		}()
	}
	wg.Wait()
}
