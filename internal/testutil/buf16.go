package testutil

import "testing"

// Guard16 is the bit pattern written around every 16-bit slice: an F16 NaN
// with a recognisable payload.
const Guard16 = 0x7ea5

// Buf16 is a slice of 16-bit values (kernels.F16 or kernels.BF16) placed at
// an offset inside a larger allocation, with guard values before and after
// it, as Buf places float32 slices.
type Buf16[T ~uint16] struct {
	all []T
	off int
	n   int
}

// NewBuf16 returns a buffer of n elements that starts off elements (0..31)
// after a 64-byte aligned position, surrounded by guard values.
func NewBuf16[T ~uint16](n, off int) *Buf16[T] {
	all := make([]T, n+off+2*GuardLen+32)
	base := 0
	for base < 32 && uintptr(addr16(all, base))%64 != 0 {
		base++
	}
	b := &Buf16[T]{all: all[base:], off: GuardLen + off, n: n}
	for i := range b.all {
		b.all[i] = Guard16
	}
	return b
}

// S returns the slice itself.
func (b *Buf16[T]) S() []T { return b.all[b.off : b.off+b.n : b.off+b.n] }

// Fill fills the slice with values from gen.
func (b *Buf16[T]) Fill(gen func(i int) T) *Buf16[T] {
	s := b.S()
	for i := range s {
		s[i] = gen(i)
	}
	return b
}

// Copy returns a copy of the slice's contents.
func (b *Buf16[T]) Copy() []T { return append([]T(nil), b.S()...) }

// Unchanged reports a test error if the slice differs from want, or any
// guard changed.
func (b *Buf16[T]) Unchanged(t testing.TB, name string, want []T) {
	t.Helper()
	for i := range b.all {
		if (i < b.off || i >= b.off+b.n) && b.all[i] != Guard16 {
			t.Errorf("%s: guard at index %d (relative to start) overwritten with %#04x", name, i-b.off, b.all[i])
			return
		}
	}
	for i, v := range b.S() {
		if v != want[i] {
			t.Errorf("input %s modified at index %d: %#04x -> %#04x", name, i, want[i], v)
			return
		}
	}
}
