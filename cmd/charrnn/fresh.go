package main

import (
	"errors"
	"fmt"

	"github.com/simdrnn/simdrnn/rnn"
)

const (
	// freshChars is the number of characters of training text on which
	// the end of train compares the model's loss from a zero hidden state
	// with its loss from the state carried in training.
	freshChars = 10000
	// freshMargin is how much worse (in nats/char) the loss from a zero
	// state may be before train warns. On tinyshakespeare the two differ by
	// less than 0.003 for models that work from a fresh state, while models
	// that depend on the carried state do 0.06 to 15 worse from zero.
	freshMargin = 0.05
)

// freshCheck reports, after training, how the model does from a zero hidden
// state, where eval, sample and a Stream start: its loss on the training
// characters that follow the run's position (from the start of the text if
// fewer than freshChars remain), from a zero state and from the state
// carried by training, next to the training loss. It warns when the
// zero-state loss exceeds the carried-state one by more than freshMargin.
// With a batch it follows the first stream, which walks the first part of
// the text (the position is the same in every part) and whose carried
// state is the first row of each layer's.
func freshCheck(p *progress, tr *rnn.Trainer, tokens []int, trainLoss float64) {
	m := tr.Model()
	n := min(freshChars, len(tokens))
	start := tr.Pos()
	if start > len(tokens)-n {
		start = 0
	}
	text := tokens[start : start+n]
	zero, err := meanLoss(m.NewStream(), text)
	if err != nil {
		p.logf("no check from a zero hidden state: %v", err)
		return
	}
	s := m.NewStream()
	for k := range m.Layers() {
		sh, err1 := s.Hidden(k)
		th, err2 := tr.Hidden(k)
		if err := errors.Join(err1, err2); err != nil {
			p.logf("no check from a zero hidden state: %v", err)
			return
		}
		copy(sh, th) // the first stream's row
	}
	carried, err := meanLoss(s, text)
	if err != nil {
		p.logf("no check from a zero hidden state: %v", err)
		return
	}
	p.logf("from a zero hidden state (as eval and sample start): loss %.4f nats/char on %d characters of the training text; from the state carried in training %.4f; training loss %.4f",
		zero, n, carried, trainLoss)
	if zero > carried+freshMargin {
		p.logf("warning: the model does %.2f nats/char worse from a zero hidden state than from the state carried in training: it depends on a state that eval, sample and a fresh Stream never reach; train again (another -seed)",
			zero-carried)
	}
}

// meanLoss returns the mean cross-entropy of predicting each token of toks
// from those before it, from s's state.
func meanLoss(s *rnn.Stream, toks []int) (float64, error) {
	if len(toks) < 2 {
		return 0, fmt.Errorf("%d characters of training text, want at least 2", len(toks))
	}
	return s.MeanCrossEntropy(toks)
}
