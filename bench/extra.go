package bench

import (
	"github.com/simdrnn/simdrnn/rnn"
)

// The RNN's steps, as min-char-rnn runs them: a vocabulary of 65
// characters, one layer of H hidden units, chunks of 25 characters.
const (
	rnnVocab = 65
	rnnSeq   = 25
)

// rnnSizes are the hidden sizes the RNN steps run at.
var rnnSizes = []int{100, 256, 512}

// extraKernels returns the benchmark entries that live outside package
// kernels: the RNN's training step (forward, backward through time and
// Adagrad update over one chunk of rnnSeq characters; ns/elem is per
// character) and its inference step (one character in, the next
// character's logits out; ns/elem is per step).
func extraKernels() []Kernel {
	return []Kernel{
		{Name: "RNNTrainStep", Shape: Custom, SizeName: "H", Sizes: rnnSizes, Setup: rnnTrainSetup, Cost: rnnTrainCost},
		{Name: "RNNStep", Shape: Custom, SizeName: "H", Sizes: rnnSizes, Setup: rnnStepSetup, Cost: rnnStepCost},
	}
}

func rnnModel(h int) (*rnn.Model, error) {
	m, err := rnn.New(rnn.Config{Input: rnnVocab, Hidden: h, Layers: 1, Output: rnnVocab})
	if err != nil {
		return nil, err
	}
	m.Randomize(1, 0.01)
	return m, nil
}

// rnnTokens returns n tokens of a fixed pseudo-random text (the speed of a
// step does not depend on the characters).
func rnnTokens(n int) []int {
	d := make([]int, n)
	x := uint32(1)
	for i := range d {
		x = x*1664525 + 1013904223
		d[i] = int(x>>16) % rnnVocab
	}
	return d
}

func rnnTrainSetup(h int) (func(), error) {
	m, err := rnnModel(h)
	if err != nil {
		return nil, err
	}
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: rnnSeq, Optimizer: rnn.MinCharRNN()})
	if err != nil {
		return nil, err
	}
	data := rnnTokens(1 << 16)
	return func() {
		if _, err := tr.Next(data); err != nil {
			panic(err) // a diverging benchmark is a bug in rnn
		}
	}, nil
}

func rnnStepSetup(h int) (func(), error) {
	m, err := rnnModel(h)
	if err != nil {
		return nil, err
	}
	st := m.NewStream()
	data := rnnTokens(4096)
	i := 0
	return func() {
		if _, err := st.StepToken(data[i&4095]); err != nil {
			panic(err)
		}
		i++
	}, nil
}

// rnnParams is the parameter count of the one-layer model: Wxh, Whh, bh,
// Why, by.
func rnnParams(h int) float64 {
	H, V := float64(h), float64(rnnVocab)
	return H*V + H*H + H + V*H + V
}

// rnnTrainCost counts per chunk of T characters: forward 2(H^2 + VH)
// flops per character (Whh h and Why h; the input is a column gather),
// backward twice that (the transposed products and the two gradient
// updates). Traffic: the recurrence reads Whh forward and backward at every
// step (8 H^2 bytes per character); the output layer and the gradient
// updates can be done once per chunk (Why read forward and backward and its
// gradient read and written: 12 VH read, 4 VH written; dWhh read and
// written: 4 H^2 each), and Adagrad reads w, g, m and writes w, m (12 and 8
// bytes per parameter). The working set that sets the level is Whh, which
// every step reads.
func rnnTrainCost(h int) Cost {
	H, V, T := float64(h), float64(rnnVocab), float64(rnnSeq)
	return Cost{
		Elems:     T,
		Flops:     T * 6 * (H*H + V*H),
		Read:      T*8*H*H + 12*V*H + 4*H*H + 12*rnnParams(h),
		Written:   4*V*H + 4*H*H + 8*rnnParams(h),
		Footprint: 4 * H * H,
	}
}

// rnnStepCost counts one inference step: Whh h and Why h (2(H^2 + VH)
// flops), reading those weights and one column of Wxh.
func rnnStepCost(h int) Cost {
	H, V := float64(h), float64(rnnVocab)
	return Cost{
		Elems:     1,
		Flops:     2 * (H*H + V*H),
		Read:      4 * (H*H + V*H + H),
		Footprint: 4 * rnnParams(h),
	}
}
