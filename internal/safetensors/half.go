package safetensors

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// Uint16s returns the elements of an F16 or BF16 tensor as their 16-bit
// patterns (IEEE binary16 or bfloat16 bits, decoded from little-endian). It
// is an error for any other dtype.
func (t *Tensor) Uint16s() ([]uint16, error) {
	if t.DType != F16 && t.DType != BF16 {
		return nil, fmt.Errorf("tensor %q: dtype is %s, want F16 or BF16", t.Name, t.DType)
	}
	out := make([]uint16, len(t.Data)/2)
	for i := range out {
		out[i] = binary.LittleEndian.Uint16(t.Data[2*i:])
	}
	return out, nil
}

// Uint16Tensor returns a tensor of dtype d (F16 or BF16) holding a copy of
// the 16-bit patterns bits, with the given shape. It panics if d is another
// dtype or the shape's product differs from len(bits): those are
// programming errors, not bad input.
func Uint16Tensor(name string, d DType, bits []uint16, shape ...int) Tensor {
	if d != F16 && d != BF16 {
		panic(fmt.Sprintf("safetensors: Uint16Tensor %q: dtype %s, want F16 or BF16", name, d))
	}
	n := 1
	for _, s := range shape {
		n *= s
	}
	if n != len(bits) || slices.ContainsFunc(shape, func(s int) bool { return s < 0 }) {
		panic(fmt.Sprintf("safetensors: Uint16Tensor %q: shape %v does not hold %d elements", name, shape, len(bits)))
	}
	b := make([]byte, 2*len(bits))
	for i, x := range bits {
		binary.LittleEndian.PutUint16(b[2*i:], x)
	}
	return Tensor{Name: name, DType: d, Shape: slices.Clone(shape), Data: b}
}
