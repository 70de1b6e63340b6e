package rnn_test

import (
	"fmt"
	"slices"

	"github.com/simdrnn/simdrnn/rnn"
)

// A batch of streams trained on two goroutines: every product of a step is
// split between them, and the model comes out bit for bit as one
// goroutine trains it.
func ExampleNewTrainer_threads() {
	data := make([]int, 5000)
	for i := range data {
		data[i] = (i*i + i/7) % 40
	}
	train := func(opts ...rnn.Option) []float32 {
		m, _ := rnn.New(rnn.Config{Input: 40, Hidden: 128, Layers: 1, Output: 40, Cell: rnn.LSTM})
		m.Randomize(1, 0.05)
		cfg := rnn.TrainConfig{Seq: 25, Batch: 16, Optimizer: rnn.DefaultAdam()}
		tr, err := rnn.NewTrainer(m, cfg, opts...)
		if err != nil {
			fmt.Println(err)
			return nil
		}
		defer tr.Close() // stops the trainer's goroutines
		for range 10 {
			if _, err := tr.Next(data); err != nil {
				fmt.Println(err)
				return nil
			}
		}
		return m.Params()
	}
	one := train()
	two := train(rnn.Threads(2))
	fmt.Println("the same model:", slices.Equal(one, two))
	// Output:
	// the same model: true
}
