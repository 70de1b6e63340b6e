package main

import (
	"math/bits"
	"os"

	"github.com/simdrnn/simdrnn/internal/memlimit"
	"github.com/simdrnn/simdrnn/rnn"
)

// memAvailable returns the bound on the memory the process can still
// allocate (tests replace it).
var memAvailable = memlimit.Available

// checkMemory refuses a job, as bad input, whose estimated memory need
// exceeds what the process can still allocate: the machine's available
// memory, its cgroup's limit or its address-space limit (RLIMIT_AS).
func checkMemory(what string, need uint64) error {
	l, ok := memAvailable()
	if !ok || need <= l.Bytes {
		return nil
	}
	return badInput("%s needs about %s of memory, more than the %s this process can have (%s)", what, memlimit.FormatBytes(need), memlimit.FormatBytes(l.Bytes), l.Source)
}

// fileSize returns the size of the file at path, 0 if it cannot be known
// (opening it reports the problem).
func fileSize(path string) uint64 {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return 0
	}
	return uint64(st.Size())
}

// The estimates below count every buffer a command holds at its peak, in
// bytes; they saturate rather than overflow.

// textBytes is the memory of reading a text file of n bytes: the bytes,
// the string made of them and one int per character.
func textBytes(n uint64) uint64 { return mul(n, 2+8) }

// loadBytes is the memory of loading a model file of n bytes: the file,
// the model, and one tensor's decoded copy (at most the file's size).
func loadBytes(n uint64) uint64 { return mul(n, 3) }

// trainBytes is the memory of training a model of configuration cfg with
// optimizer slices (1 for adagrad and sgd, 2 for adam) on chunks of seq
// characters of batch streams: the weights, their gradients and the
// optimizer state; at the save, the model's and the state's tensors and
// encoded files; when resuming, the loaded state, kept until the save; and
// the trainer's per-chunk buffers (a row per stream and step), with the
// packed copies of the recurrent weights a batch multiplies.
func trainBytes(cfg rnn.Config, slices, seq, batch int, resumed bool) uint64 {
	p := mul(uint64(cfg.NumParams()), 4)
	k := uint64(slices)
	n := add(mul(p, 2+k), mul(p, 2+2*k))
	if resumed {
		n = add(n, mul(p, k))
	}
	h, l, v, b := uint64(cfg.Hidden), uint64(cfg.Layers), uint64(cfg.Output), uint64(batch)
	s := mul(uint64(seq), b) // rows of a chunk
	g := uint64(cfg.Cell.Gates())
	// Per layer: h, dh and the pre-activation gradients of G rows each per
	// row, and the carried state; an LSTM adds its gates and cell states, a
	// GRU its gates and two buffers of hidden parts.
	per := add(mul(s, 2+g), 2*b)
	switch cfg.Cell {
	case rnn.LSTM:
		per = add(per, add(mul(s, 5), 2*b))
	case rnn.GRU:
		per = add(per, mul(s, 9))
	}
	n = add(n, mul(mul(mul(l, per), h), 4))
	if batch > 1 {
		n = add(n, mul(mul(l, mul(2*g*h, h)), 4)) // W_hh packed twice per layer
	}
	n = add(n, mul(s, 16)) // Next's tokens and targets
	return add(n, mul(mul(s, v), 4))
}

func mul(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	if hi != 0 {
		return 1<<64 - 1
	}
	return lo
}

func add(a, b uint64) uint64 {
	s, c := bits.Add64(a, b, 0)
	if c != 0 {
		return 1<<64 - 1
	}
	return s
}

// optimSlices is the number of parameter-sized slices of an optimizer's
// state.
func optimSlices(m rnn.Method) int {
	if m == rnn.Adam {
		return 2
	}
	return 1
}
