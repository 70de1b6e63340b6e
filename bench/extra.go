package bench

import (
	"strings"

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
// kernels: for each cell (RNN, LSTM, GRU), the training step (forward,
// backward through time and Adagrad update over one chunk of rnnSeq
// characters; ns/elem is per character) and the inference step (one
// character in, the next character's logits out; ns/elem is per step).
func extraKernels() []Kernel {
	var ks []Kernel
	for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
		name := strings.ToUpper(cell.String())
		ks = append(ks,
			Kernel{Name: name + "TrainStep", Shape: Custom, SizeName: "H", Sizes: rnnSizes,
				Setup: func(h int) (func(), error) { return rnnTrainSetup(cell, h) }, Cost: func(h int) Cost { return rnnTrainCost(cell, h) }},
			Kernel{Name: name + "Step", Shape: Custom, SizeName: "H", Sizes: rnnSizes,
				Setup: func(h int) (func(), error) { return rnnStepSetup(cell, h) }, Cost: func(h int) Cost { return rnnStepCost(cell, h) }},
			Kernel{Name: name + "StepBatch32", Shape: Custom, SizeName: "H", Sizes: rnnSizes,
				Setup: func(h int) (func(), error) { return rnnStepBatchSetup(cell, h) }, Cost: func(h int) Cost { return rnnStepBatchCost(cell, h) }},
		)
	}
	return ks
}

func rnnModel(cell rnn.Cell, h int) (*rnn.Model, error) {
	m, err := rnn.New(rnn.Config{Input: rnnVocab, Hidden: h, Layers: 1, Output: rnnVocab, Cell: cell})
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

func rnnTrainSetup(cell rnn.Cell, h int) (func(), error) {
	m, err := rnnModel(cell, h)
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

func rnnStepSetup(cell rnn.Cell, h int) (func(), error) {
	m, err := rnnModel(cell, h)
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

// rnnBatch is the number of streams of the batched inference step.
const rnnBatch = 32

// rnnStepBatchSetup returns one step of rnnBatch streams of a StreamBatch,
// each fed a token and returning its logits.
func rnnStepBatchSetup(cell rnn.Cell, h int) (func(), error) {
	m, err := rnnModel(cell, h)
	if err != nil {
		return nil, err
	}
	sb, err := m.NewStreamBatch(rnnBatch)
	if err != nil {
		return nil, err
	}
	slots := make([]int, rnnBatch)
	for i := range slots {
		if slots[i], err = sb.Join(); err != nil {
			return nil, err
		}
	}
	data := rnnTokens(4096 + rnnBatch)
	toks := make([]int, rnnBatch)
	i := 0
	return func() {
		copy(toks, data[i&4095:])
		if err := sb.StepTokens(slots, toks); err != nil {
			panic(err)
		}
		i++
	}, nil
}

// rnnStepBatchCost counts one step of rnnBatch streams: rnnBatch times a
// step's flops, the weights read once (ns/elem is per stream step).
func rnnStepBatchCost(cell rnn.Cell, h int) Cost {
	c := rnnStepCost(cell, h)
	c.Elems = rnnBatch
	c.Flops *= rnnBatch
	return c
}

// rnnParams is the parameter count of the one-layer model: Wxh, Whh, the
// biases, Why, by.
func rnnParams(cell rnn.Cell, h int) float64 {
	c := rnn.Config{Input: rnnVocab, Hidden: h, Layers: 1, Output: rnnVocab, Cell: cell}
	return float64(c.NumParams())
}

// rnnTrainCost counts per chunk of T characters, with G the cell's gates:
// forward 2(G H^2 + VH) flops per character (Whh h and Why h; the input is
// a column gather), backward twice that (the transposed products and the
// two gradient updates); the element-wise cell work is not counted.
// Traffic: the recurrence reads Whh forward and backward at every step
// (8 G H^2 bytes per character); the output layer and the gradient updates
// can be done once per chunk (Why read forward and backward and its
// gradient read and written: 12 VH read, 4 VH written; dWhh read and
// written: 4 G H^2 each), and Adagrad reads w, g, m and writes w, m (12
// and 8 bytes per parameter). The working set that sets the level is Whh,
// which every step reads.
func rnnTrainCost(cell rnn.Cell, h int) Cost {
	H, V, T, G := float64(h), float64(rnnVocab), float64(rnnSeq), float64(cell.Gates())
	return Cost{
		Elems:     T,
		Flops:     T * 6 * (G*H*H + V*H),
		Read:      T*8*G*H*H + 12*V*H + 4*G*H*H + 12*rnnParams(cell, h),
		Written:   4*V*H + 4*G*H*H + 8*rnnParams(cell, h),
		Footprint: 4 * G * H * H,
	}
}

// rnnStepCost counts one inference step: Whh h and Why h (2(G H^2 + VH)
// flops), reading those weights and one column of Wxh.
func rnnStepCost(cell rnn.Cell, h int) Cost {
	H, V, G := float64(h), float64(rnnVocab), float64(cell.Gates())
	return Cost{
		Elems:     1,
		Flops:     2 * (G*H*H + V*H),
		Read:      4 * (G*H*H + V*H + G*H),
		Footprint: 4 * rnnParams(cell, h),
	}
}
