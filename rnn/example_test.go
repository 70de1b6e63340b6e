package rnn_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/simdrnn/simdrnn/rnn"
)

// A time series: learn to predict the next value of a noisy sine wave from
// a window of the 20 previous values (dense inputs, mean squared error,
// many-to-one), and watch the error on held-out windows fall.
func Example_timeSeries() {
	r := rand.New(rand.NewPCG(1, 2))
	series := make([]float32, 5000)
	for i := range series {
		series[i] = float32(math.Sin(0.2*float64(i)) + 0.05*r.NormFloat64())
	}
	const window = 20
	m, _ := rnn.New(rnn.Config{Input: 1, Hidden: 24, Layers: 1, Output: 1})
	m.Randomize(7, 0.1)
	tr, _ := rnn.NewTrainer(m, rnn.TrainConfig{
		Seq: window, Loss: rnn.MSE, Output: rnn.ManyToOne,
		Optimizer: rnn.Optimizer{Method: rnn.Adam, LR: 0.003, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, ClipNorm: 1},
	})
	// testMSE is the mean squared error of the next-value prediction over
	// windows from the last 1000 values, never trained on.
	st := m.NewStream()
	testMSE := func() float64 {
		var sum float64
		n := 0
		for p := 4000; p+window < len(series); p += 7 {
			st.Reset()
			var y []float32
			for _, v := range series[p : p+window] {
				y, _ = st.StepVector([]float32{v})
			}
			d := float64(y[0] - series[p+window])
			sum += d * d
			n++
		}
		return sum / float64(n)
	}
	fmt.Printf("before training: test error %.2f\n", testMSE())
	for step := 1; step <= 3000; step++ {
		p := r.IntN(4000 - window - 1)
		tr.ResetHidden() // windows are independent
		_, err := tr.Step(rnn.Chunk{Inputs: series[p : p+window], Values: series[p+window : p+window+1]})
		if err != nil {
			fmt.Println(err)
			return
		}
		if step%1000 == 0 {
			// The exact error depends on the kernel implementation's
			// rounding (it is about 0.007 here); the noise alone
			// contributes 0.0025.
			fmt.Printf("step %d: test error below 0.02: %v\n", step, testMSE() < 0.02)
		}
	}
	// Output:
	// before training: test error 0.36
	// step 1000: test error below 0.02: true
	// step 2000: test error below 0.02: true
	// step 3000: test error below 0.02: true
}

// A character-level model, as in min-char-rnn: learn a text one character
// at a time with truncated BPTT, then generate from a prompt.
func Example_charLevel() {
	text := strings.Repeat("hello recurrent world. ", 60)
	// The vocabulary: character i is token i.
	var vocab []rune
	index := map[rune]int{}
	for _, c := range text {
		if _, ok := index[c]; !ok {
			index[c] = len(vocab)
			vocab = append(vocab, c)
		}
	}
	data := make([]int, 0, len(text))
	for _, c := range text {
		data = append(data, index[c])
	}
	V := len(vocab)
	m, _ := rnn.New(rnn.Config{Input: V, Hidden: 64, Layers: 1, Output: V})
	m.Randomize(1, 0.01)
	tr, _ := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 25, Optimizer: rnn.MinCharRNN()})
	smooth := -math.Log(1/float64(V)) * 25
	for i := 0; i < 1500; i++ {
		loss, err := tr.Next(data)
		if err != nil {
			fmt.Println(err)
			return
		}
		smooth = 0.999*smooth + 0.001*loss
	}
	fmt.Println("smooth loss fell below half its start:", smooth < -math.Log(1/float64(V))*25/2)

	sp := m.NewSampler(42)
	sp.TopK = 1 // greedy: the most likely next character
	prompt := "hel"
	for _, c := range prompt {
		sp.Prime([]int{index[c]})
	}
	out := make([]int, 41)
	sp.Sample(out)
	var b strings.Builder
	for _, tok := range out {
		b.WriteRune(vocab[tok])
	}
	fmt.Printf("%s%s\n", prompt, b.String())
	// Output:
	// smooth loss fell below half its start: true
	// hello recurrent world. hello recurrent world
}
