package safetensors

import (
	"slices"
	"strings"
	"testing"
)

func TestUint16RoundTrip(t *testing.T) {
	bits := []uint16{0x0000, 0x3c00, 0xfbff, 0x7c00, 0x0001, 0x8000}
	ts := []Tensor{
		Uint16Tensor("h", F16, bits, 2, 3),
		Uint16Tensor("b", BF16, bits[:4], 4),
	}
	raw, err := Marshal(ts, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The header names the dtypes as PyTorch's safetensors does, and the
	// data is little-endian.
	if !strings.Contains(string(raw), `"dtype":"F16"`) || !strings.Contains(string(raw), `"dtype":"BF16"`) {
		t.Fatalf("header lacks F16/BF16 dtypes: %.200s", raw)
	}
	f, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	h, b := f.Tensor("h"), f.Tensor("b")
	if h.DType != F16 || !slices.Equal(h.Shape, []int{2, 3}) || b.DType != BF16 || !slices.Equal(b.Shape, []int{4}) {
		t.Fatalf("parsed %v %v, %v %v", h.DType, h.Shape, b.DType, b.Shape)
	}
	if h.Data[2] != 0x00 || h.Data[3] != 0x3c {
		t.Fatalf("F16 data not little-endian: % x", h.Data[:4])
	}
	for _, c := range []struct {
		t    *Tensor
		want []uint16
	}{{h, bits}, {b, bits[:4]}} {
		got, err := c.t.Uint16s()
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: Uint16s = %#04x, %v; want %#04x", c.t.Name, got, err, c.want)
		}
	}
	f32 := F32Tensor("f", []float32{1}, 1)
	if _, err := f32.Uint16s(); err == nil || !strings.Contains(err.Error(), "want F16 or BF16") {
		t.Errorf("Uint16s of an F32 tensor: %v", err)
	}
	if _, err := h.Float32s(); err == nil {
		t.Error("Float32s of an F16 tensor: no error")
	}
}

func TestUint16TensorPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"dtype": func() { Uint16Tensor("x", F32, []uint16{1}, 1) },
		"shape": func() { Uint16Tensor("x", F16, []uint16{1, 2}, 3) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
