package rnn

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/safetensors"
)

func testCheckpoint(t testing.TB, vocab string, hidden, layers int) *Checkpoint {
	v, err := NewVocab(vocab)
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(Config{Input: v.Len(), Hidden: hidden, Layers: layers, Output: v.Len()})
	if err != nil {
		t.Fatal(err)
	}
	m.Randomize(7, 0.5)
	for i := range m.Params() {
		m.Params()[i] += float32(i%7) * 0.01 // non-zero biases too
	}
	return &Checkpoint{Model: m, Vocab: v, Metadata: map[string]string{"note": "x"}}
}

func TestCheckpointRoundTrip(t *testing.T) {
	for _, layers := range []int{1, 2, 3} {
		c := testCheckpoint(t, "ab\ncé\t\x00", 5, layers)
		path := filepath.Join(t.TempDir(), "m.safetensors")
		if err := c.Save(path); err != nil {
			t.Fatal(err)
		}
		d, err := LoadCheckpoint(path)
		if err != nil {
			t.Fatal(err)
		}
		if d.Model.Config() != c.Model.Config() {
			t.Fatalf("config %+v, want %+v", d.Model.Config(), c.Model.Config())
		}
		for i, x := range c.Model.Params() {
			if math.Float32bits(x) != math.Float32bits(d.Model.Params()[i]) {
				t.Fatalf("layers=%d: param %d = %v, want %v", layers, i, d.Model.Params()[i], x)
			}
		}
		if d.Vocab.String() != c.Vocab.String() || d.Metadata["note"] != "x" || len(d.Metadata) != 1 {
			t.Errorf("vocab %q metadata %q", d.Vocab, d.Metadata)
		}
		// Names and shapes are PyTorch's.
		f, err := safetensors.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]int{"fc.weight": {7, 5}, "fc.bias": {7}, "rnn.weight_ih_l0": {5, 7}}
		for k := range layers {
			want["rnn.weight_hh_l"+itoa(k)] = []int{5, 5}
			want["rnn.bias_ih_l"+itoa(k)] = []int{5}
			want["rnn.bias_hh_l"+itoa(k)] = []int{5}
			if k > 0 {
				want["rnn.weight_ih_l"+itoa(k)] = []int{5, 5}
			}
		}
		if len(f.Tensors) != len(want) {
			t.Errorf("%d tensors, want %d", len(f.Tensors), len(want))
		}
		for _, ts := range f.Tensors {
			if w, ok := want[ts.Name]; !ok || !equalShape(w, ts.Shape) || ts.DType != safetensors.F32 {
				t.Errorf("tensor %s %v %s unexpected", ts.Name, ts.Shape, ts.DType)
			}
			if strings.HasPrefix(ts.Name, "rnn.bias_hh") && !bytes.Equal(ts.Data, make([]byte, len(ts.Data))) {
				t.Errorf("%s is not zero", ts.Name)
			}
		}
		if f.Metadata["format"] != CheckpointFormat {
			t.Errorf("format %q", f.Metadata["format"])
		}
	}
}

func itoa(k int) string { return string(rune('0' + k)) }

func equalShape(a, b []int) bool { return slices.Equal(a, b) }

// pyTorchLike returns the tensors of a 1-layer model as PyTorch would save
// them: two non-zero hidden biases.
func pyTorchLike(V, H int) ([]safetensors.Tensor, []float32, []float32) {
	seq := func(n int, s float32) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = s * float32(i+1)
		}
		return v
	}
	bih, bhh := seq(H, 0.25), seq(H, -0.125)
	return []safetensors.Tensor{
		safetensors.F32Tensor("fc.bias", seq(V, 1), V),
		safetensors.F32Tensor("fc.weight", seq(V*H, 2), V, H),
		safetensors.F32Tensor("rnn.bias_hh_l0", bhh, H),
		safetensors.F32Tensor("rnn.bias_ih_l0", bih, H),
		safetensors.F32Tensor("rnn.weight_hh_l0", seq(H*H, 3), H, H),
		safetensors.F32Tensor("rnn.weight_ih_l0", seq(H*V, 4), H, V),
	}, bih, bhh
}

func TestCheckpointSumsBiases(t *testing.T) {
	ts, bih, bhh := pyTorchLike(3, 4)
	b, err := safetensors.Marshal(ts, map[string]string{"format": CheckpointFormat, "vocab": "xyz"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCheckpoint(b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range bih {
		if got, want := c.Model.Layers()[0].Bh[i], bih[i]+bhh[i]; got != want {
			t.Errorf("Bh[%d] = %v, want %v", i, got, want)
		}
	}
	if c.Model.Layers()[0].Wxh[5] != 4*6 || c.Model.Why()[1] != 4 || c.Model.By()[2] != 3 {
		t.Errorf("weights not copied in row-major order")
	}
}

// badCheckpoints are edits of a good checkpoint (from pyTorchLike(3, 4),
// vocabulary "xyz") and the error each must give.
func badCheckpoints() []badCheckpoint {
	return []badCheckpoint{
		{"no format", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor {
			delete(m, "format")
			return ts
		}, `no "format"`},
		{"other format", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor { m["format"] = "pt"; return ts }, `format is "pt"`},
		{"tokens", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor {
			m["tokens"] = "bpe"
			return ts
		}, `tokenization "bpe"`},
		{"no vocab", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor { delete(m, "vocab"); return ts }, `no "vocab"`},
		{"empty vocab", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor { m["vocab"] = ""; return ts }, `empty vocabulary`},
		{"dup vocab", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor { m["vocab"] = "xyx"; return ts }, `'x' (U+0078) appears twice`},
		{"vocab size", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor {
			m["vocab"] = "xyzw"
			return ts
		}, `"rnn.weight_ih_l0" has shape [4 3], want [4 4]`},
		{"missing", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor { return ts[1:] }, `missing tensor "fc.bias"`},
		{"missing hh", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor { return ts[:4] }, `missing tensor "rnn.weight_hh_l0"`},
		{"extra", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor {
			return append(ts, safetensors.F32Tensor("rnn.weight_ih_l0_reverse", make([]float32, 12), 4, 3))
		}, `unexpected tensor "rnn.weight_ih_l0_reverse"`},
		{"layer gap", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor {
			return append(ts, safetensors.F32Tensor("rnn.weight_hh_l2", make([]float32, 16), 4, 4))
		}, `unexpected tensor "rnn.weight_hh_l2"`},
		{"missing layer 1 part", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor {
			return append(ts, safetensors.F32Tensor("rnn.weight_hh_l1", make([]float32, 16), 4, 4))
		}, `missing tensor "rnn.weight_ih_l1"`},
		{"f64", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor {
			ts[0] = safetensors.Tensor{Name: "fc.bias", DType: safetensors.F64, Shape: []int{3}, Data: make([]byte, 24)}
			return ts
		}, `"fc.bias" has dtype F64, want F32, F16 or BF16`},
		{"f16 inf", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor {
			ts[0] = safetensors.Uint16Tensor("fc.bias", safetensors.F16, []uint16{0, 0, 0xfc00}, 3)
			return ts
		}, `"fc.bias" holds -Inf at index 2`},
		{"nan", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor {
			ts[0] = safetensors.F32Tensor("fc.bias", []float32{0, float32(math.NaN()), 0}, 3)
			return ts
		}, `"fc.bias" holds NaN at index 1`},
		{"hh not square", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor {
			ts[4] = safetensors.F32Tensor("rnn.weight_hh_l0", make([]float32, 12), 4, 3)
			return ts
		}, `want [G*H, H]`},
		{"hh of two gates", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor {
			ts[4] = safetensors.F32Tensor("rnn.weight_hh_l0", make([]float32, 18), 6, 3)
			return ts
		}, `want [G*H, H] with G = 1 (RNN), 4 (LSTM) or 3 (GRU)`},
		{"cell disagrees with the shapes", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor {
			m["cell"] = "lstm"
			return ts
		}, `metadata cell is "lstm", but tensor "rnn.weight_hh_l0" has the shape [4 4] of a rnn cell`},
		{"bias shape", func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor {
			ts[2] = safetensors.F32Tensor("rnn.bias_hh_l0", make([]float32, 3), 3)
			return ts
		}, `"rnn.bias_hh_l0" has shape [3], want [4]`},
	}
}

type badCheckpoint struct {
	name string
	edit func(ts []safetensors.Tensor, m map[string]string) []safetensors.Tensor
	want string
}

// encode applies the edit to a good checkpoint and encodes it.
func (c badCheckpoint) encode(t testing.TB) []byte {
	ts, _, _ := pyTorchLike(3, 4)
	m := map[string]string{"format": CheckpointFormat, "vocab": "xyz"}
	b, err := safetensors.Marshal(c.edit(ts, m), m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCheckpointErrors(t *testing.T) {
	for _, c := range badCheckpoints() {
		_, err := ParseCheckpoint(c.encode(t))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	// Files: missing, directory, garbage; errors name the file.
	dir := t.TempDir()
	if _, err := LoadCheckpoint(filepath.Join(dir, "none")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := LoadCheckpoint(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("directory: %v", err)
	}
	p := filepath.Join(dir, "text.safetensors")
	os.WriteFile(p, []byte("hello, world\n"), 0o644)
	if _, err := LoadCheckpoint(p); err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("garbage: %v", err)
	}
}

func TestVocab(t *testing.T) {
	v, err := VocabOf("hello\nwörld")
	if err != nil {
		t.Fatal(err)
	}
	if v.String() != "\ndehlorwö" {
		t.Errorf("VocabOf = %q", v.String())
	}
	toks, err := v.Encode("low\nö")
	if dec, derr := v.Decode(nil, toks); err != nil || derr != nil || string(dec) != "low\nö" || toks[0] != 4 {
		t.Errorf("Encode = %v, %v", toks, err)
	}
	_, err = v.Encode("hello\nwoXld")
	var ce *CharError
	if !errors.As(err, &ce) || ce.Rune != 'X' || ce.Line != 2 || ce.Column != 3 || ce.Index != 8 || ce.Offset != 8 {
		t.Errorf("Encode OOV: %#v", err)
	}
	if !strings.Contains(err.Error(), "2:3: character 'X' (U+0058) is not in the model's vocabulary") {
		t.Errorf("message %q", err)
	}
	_, err = v.Encode("wö\xffh")
	if !errors.As(err, &ce) || ce.Offset != 3 || ce.Index != 2 || !strings.Contains(err.Error(), "invalid UTF-8") {
		t.Errorf("Encode invalid UTF-8: %v", err)
	}
	if _, err := VocabOf("a\xc3"); err == nil {
		t.Error("VocabOf(invalid UTF-8): no error")
	}
	if _, err := NewVocab("a\xc3"); err == nil {
		t.Error("NewVocab(invalid UTF-8): no error")
	}
}

// FuzzParseCheckpoint checks that any input either loads as a checkpoint
// that re-encodes to the same model, or is an error; never a panic.
func FuzzParseCheckpoint(f *testing.F) {
	c := testCheckpoint(f, "abc", 3, 2)
	b, err := c.Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	ts, _, _ := pyTorchLike(3, 4)
	b2, _ := safetensors.Marshal(ts, map[string]string{"format": CheckpointFormat, "vocab": "xyz"})
	f.Add(b2)
	for _, c := range badCheckpoints() {
		f.Add(c.encode(f))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseCheckpoint(b)
		if err != nil {
			return
		}
		again, err := c.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		d, err := ParseCheckpoint(again)
		if err != nil {
			t.Fatal(err)
		}
		if d.Model.Config() != c.Model.Config() || d.Vocab.String() != c.Vocab.String() {
			t.Fatal("round trip changed the model")
		}
		for i, x := range c.Model.Params() {
			if math.Float32bits(x) != math.Float32bits(d.Model.Params()[i]) {
				t.Fatalf("param %d changed", i)
			}
		}
	})
}
