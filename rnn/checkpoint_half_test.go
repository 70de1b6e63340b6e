package rnn

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/internal/safetensors"
	"github.com/simdrnn/simdrnn/kernels"
)

// TestCheckpointHalf saves a checkpoint with F16 and BF16 matrices and
// loads it back: the matrices are the rounded values, exactly, the biases
// exact F32, the dtypes in the file as asked, and Weights is the file's.
func TestCheckpointHalf(t *testing.T) {
	for _, f := range []Format{F16, BF16} {
		c := testCheckpoint(t, "abcdefg", 6, 2)
		c.Weights = f
		path := filepath.Join(t.TempDir(), "m.safetensors")
		if err := c.Save(path); err != nil {
			t.Fatal(err)
		}
		d, err := LoadCheckpoint(path)
		if err != nil {
			t.Fatal(err)
		}
		if d.Weights != f {
			t.Errorf("loaded Weights = %v, want %v", d.Weights, f)
		}
		ts, dts := c.Model.Tensors(), d.Model.Tensors()
		for i, tn := range ts {
			matrix := len(tn.Shape) == 2
			for j, x := range tn.Data {
				want := x
				if matrix && f == F16 {
					want = kernels.F16ToF32(kernels.F32ToF16(x))
				} else if matrix {
					want = kernels.BF16ToF32(kernels.F32ToBF16(x))
				}
				if got := dts[i].Data[j]; math.Float32bits(got) != math.Float32bits(want) {
					t.Fatalf("%v %s[%d] = %v, want %v", f, tn.Name, j, got, want)
				}
			}
		}
		sf, err := safetensors.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, tn := range sf.Tensors {
			want := safetensors.F32
			if len(tn.Shape) == 2 {
				want = safetensors.DType(strings.ToUpper(f.String()))
			}
			if tn.DType != want {
				t.Errorf("%v: tensor %s has dtype %s, want %s", f, tn.Name, tn.DType, want)
			}
		}
		// A half model built from the loaded checkpoint holds the file's
		// values: converting them again changes nothing.
		h, err := d.Model.Half(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, x := range h.Float32().Params() {
			if x != d.Model.Params()[i] {
				t.Fatalf("%v: Half of the loaded model changed param %d: %v -> %v", f, i, d.Model.Params()[i], x)
			}
		}
	}
}

// TestCheckpointAllHalf loads a file whose every tensor, biases included,
// is F16, as PyTorch writes the state_dict of model.half().
func TestCheckpointAllHalf(t *testing.T) {
	c := testCheckpoint(t, "xyz", 4, 1)
	var ts []safetensors.Tensor
	var want []float32
	for _, tn := range c.Model.Tensors() {
		bits := make([]uint16, len(tn.Data))
		for i, x := range tn.Data {
			bits[i] = uint16(kernels.F32ToF16(x))
			want = append(want, kernels.F16ToF32(kernels.F16(bits[i])))
		}
		ts = append(ts, safetensors.Uint16Tensor(tn.Name, safetensors.F16, bits, tn.Shape...))
	}
	b, err := safetensors.Marshal(ts, map[string]string{"format": CheckpointFormat, "vocab": "xyz"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := ParseCheckpoint(b)
	if err != nil {
		t.Fatal(err)
	}
	if d.Weights != F16 {
		t.Errorf("Weights = %v, want f16", d.Weights)
	}
	for i, x := range d.Model.Params() {
		if x != want[i] {
			t.Fatalf("param %d = %v, want %v", i, x, want[i])
		}
	}
}

// TestCheckpointHalfOverflow checks that a weight beyond the F16 range is
// an error naming it, both when saving and for Model.Half, while BF16
// takes it.
func TestCheckpointHalfOverflow(t *testing.T) {
	c := testCheckpoint(t, "ab", 3, 1)
	c.Model.Why()[4] = 70000
	c.Weights = F16
	if _, err := c.Marshal(); err == nil || !strings.Contains(err.Error(), "fc.weight[4] = 70000 is beyond the range of f16") {
		t.Errorf("Marshal: %v", err)
	}
	if _, err := c.Model.Half(F16); err == nil || !strings.Contains(err.Error(), "fc.weight[4]") {
		t.Errorf("Half: %v", err)
	}
	c.Model.Why()[4] = 65519 // rounds to 65504
	if _, err := c.Model.Half(F16); err != nil {
		t.Errorf("Half with 65519: %v", err)
	}
	c.Model.Layers()[0].Whh[2] = -1e6
	if _, err := c.Model.Half(F16); err == nil || !strings.Contains(err.Error(), "rnn.weight_hh_l0[2]") {
		t.Errorf("Half: %v", err)
	}
	c.Weights = BF16
	if _, err := c.Marshal(); err != nil {
		t.Errorf("BF16 Marshal: %v", err)
	}
}

// TestLoadInference checks that a 16-bit file loads into Half with exactly
// the values LoadCheckpoint widens, a float32 file into Model, a mixed file
// with the odd matrix rounded, and that a non-finite 16-bit weight is an
// error naming it.
func TestLoadInference(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []Format{F32, F16, BF16} {
		c := testCheckpoint(t, "abcde", 6, 2)
		c.Weights = f
		path := filepath.Join(dir, f.String()+".safetensors")
		if err := c.Save(path); err != nil {
			t.Fatal(err)
		}
		full, err := LoadCheckpoint(path)
		if err != nil {
			t.Fatal(err)
		}
		inf, err := LoadInference(path)
		if err != nil {
			t.Fatal(err)
		}
		if f == F32 {
			if inf.Half != nil || inf.Model == nil {
				t.Fatalf("f32 file: Half %v, Model %v", inf.Half, inf.Model)
			}
			continue
		}
		if inf.Model != nil || inf.Half == nil || inf.Half.Format() != f || inf.Weights != f {
			t.Fatalf("%v file: Model %v, Half %v", f, inf.Model, inf.Half)
		}
		if got, want := inf.Half.Float32().Params(), full.Model.Params(); !slices.Equal(got, want) {
			t.Fatalf("%v: LoadInference and LoadCheckpoint differ", f)
		}
		// A checkpoint holding only Half saves (the same file).
		b1, err := inf.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		b2, err := full.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if string(b1) != string(b2) {
			t.Errorf("%v: Marshal of the Half checkpoint differs", f)
		}
	}

	// Mixed: fc.weight F32 among F16 matrices, and a NaN in an F16 matrix.
	c := testCheckpoint(t, "xyz", 4, 1)
	var ts []safetensors.Tensor
	for _, tn := range c.Model.Tensors() {
		if len(tn.Shape) == 2 && tn.Name != "fc.weight" {
			bits := make([]uint16, len(tn.Data))
			for i, x := range tn.Data {
				bits[i] = uint16(kernels.F32ToF16(x))
			}
			ts = append(ts, safetensors.Uint16Tensor(tn.Name, safetensors.F16, bits, tn.Shape...))
		} else {
			ts = append(ts, safetensors.F32Tensor(tn.Name, tn.Data, tn.Shape...))
		}
	}
	b, err := safetensors.Marshal(ts, map[string]string{"format": CheckpointFormat, "vocab": "xyz"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "mixed.safetensors")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := LoadInference(path)
	if err != nil {
		t.Fatal(err)
	}
	got := d.Half.Float32()
	for i, x := range c.Model.Why() {
		if want := kernels.F16ToF32(kernels.F32ToF16(x)); got.Why()[i] != want {
			t.Fatalf("mixed: fc.weight[%d] = %v, want %v", i, got.Why()[i], want)
		}
	}
	ts[1] = safetensors.Uint16Tensor(ts[1].Name, safetensors.F16, append(make([]uint16, len(ts[1].Data)/2-1), 0x7e00), ts[1].Shape...)
	if b, err = safetensors.Marshal(ts, map[string]string{"format": CheckpointFormat, "vocab": "xyz"}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadInference(path); err == nil || !strings.Contains(err.Error(), ts[1].Name+`" holds NaN at index`) {
		t.Errorf("NaN in an F16 matrix: %v", err)
	}
}
