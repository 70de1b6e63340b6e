package main

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/safetensors"
	"github.com/simdrnn/simdrnn/rnn"
)

// fuzzPair returns a small model's file bytes and the bytes of valid
// training state files (adagrad and adam) that go with it.
func fuzzPair(f *testing.F) (*rnn.Model, []byte, [][]byte) {
	vocab, err := rnn.NewVocab("abc\n")
	if err != nil {
		f.Fatal(err)
	}
	m, err := rnn.New(rnn.Config{Input: vocab.Len(), Hidden: 3, Layers: 2, Output: vocab.Len()})
	if err != nil {
		f.Fatal(err)
	}
	m.Randomize(1, 0.1)
	mb, err := (&rnn.Checkpoint{Model: m, Vocab: vocab}).Marshal()
	if err != nil {
		f.Fatal(err)
	}
	info := runInfo{ModelSHA256: sha256hex(mb), Smooth: 7.5, Seed: 1, Target: 10, Data: "/x/data.txt", DataSHA256: strings.Repeat("0", 64)}
	var states [][]byte
	for _, o := range []rnn.Optimizer{rnn.DefaultAdagrad(), rnn.DefaultAdam()} {
		tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 5, Optimizer: o})
		if err != nil {
			f.Fatal(err)
		}
		tr.SetIter(4)
		tr.SetPos(20)
		h, _ := tr.Hidden(1)
		copy(h, []float32{-1, 0, 1})
		b, err := tr.MarshalState(info.meta())
		if err != nil {
			f.Fatal(err)
		}
		states = append(states, b)
	}
	// A state of format v1, as charrnn wrote it before rnn.StateFormat.
	n := m.Config().NumParams()
	md := info.meta()
	for k, v := range map[string]string{"format": stateFormatV1, "iter": "4", "pos": "20", "hidden": "3", "layers": "2", "seq": "5", "optim": "adagrad", "lr": "0.1", "clip": "5"} {
		md[k] = v
	}
	v1, err := safetensors.Marshal([]safetensors.Tensor{
		safetensors.F32Tensor("optim.v1", make([]float32, n), n),
		safetensors.F32Tensor("hidden.l0", []float32{0.1, 0.2, 0.3}, 3),
		safetensors.F32Tensor("hidden.l1", []float32{-1, 0, 1}, 3),
	}, md)
	if err != nil {
		f.Fatal(err)
	}
	states = append(states, v1)
	return m, mb, states
}

// FuzzState feeds arbitrary training state files (user data: -resume reads
// one) to the loader with a fixed model: each is loaded or rejected as bad
// input in one line of readable length, never a panic, and a loaded state
// has the model's sizes and finite values. The recovery rule's metadata
// reader (stateOf) must never accept what the loader rejects for its hash.
//
//	go test -run '^$' -fuzz FuzzState -fuzztime 20s ./cmd/charrnn
func FuzzState(f *testing.F) {
	m, mb, states := fuzzPair(f)
	for _, b := range states {
		f.Add(b)
		f.Add(b[:len(b)-3])
	}
	f.Add([]byte("not a state file"))
	dir := f.TempDir()
	model := filepath.Join(dir, "m.safetensors")
	if err := os.WriteFile(model, mb, 0o644); err != nil {
		f.Fatal(err)
	}
	path := statePath(model)
	sum := sha256hex(mb)
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		tr, _, _, err := loadState(path, mb, m)
		if err != nil {
			var ue usageError
			if !errors.As(err, &ue) {
				t.Fatalf("not bad input: %v", err)
			}
			if msg := err.Error(); len(msg) > maxMessage || strings.ContainsAny(msg, "\n\r") {
				t.Fatalf("a %d-byte or multi-line message: %.300q", len(msg), msg)
			}
			return
		}
		if stateOf(model, sum) != path {
			t.Fatal("loadState accepts a state that the recovery rule does not find")
		}
		v1, v2 := tr.OptimizerState()
		n := m.Config().NumParams()
		if len(v1) != n || (tr.Config().Optimizer.Method == rnn.Adam) != (len(v2) == n) {
			t.Fatalf("sizes: v1 %d, v2 %d", len(v1), len(v2))
		}
		for _, v := range [][]float32{v1, v2} {
			for _, x := range v {
				if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
					t.Fatalf("a non-finite value %v", x)
				}
			}
		}
		if _, err := safetensors.Parse(b); err != nil {
			t.Fatalf("loaded a file safetensors rejects: %v", err)
		}
	})
}
