package testutil

import (
	"fmt"
	"math"
	"testing"
	"unsafe"
)

// Elem is the element type of a guarded slice: float32, or a 16-bit number
// type such as kernels.F16 and kernels.BF16.
type Elem interface{ float32 | ~uint16 }

// Guard is the bit pattern written around every float32 output and input:
// a NaN with a recognisable payload that no kernel produces by arithmetic.
const Guard = 0x7fa5a5a5

// Guard16 is the bit pattern written around every 16-bit slice: an F16 NaN
// with a recognisable payload.
const Guard16 = 0x7ea5

// GuardLen is the number of guard elements on each side of a slice.
const GuardLen = 16

// Buf is a slice placed at an offset inside a larger allocation, with guard
// values (Guard for float32, Guard16 for 16-bit elements) before and after
// it.
type Buf[T Elem] struct {
	all []T
	off int
	n   int
}

// bitsOf returns v's bits, zero-extended.
func bitsOf[T Elem](v T) uint32 {
	if unsafe.Sizeof(v) == 2 {
		return uint32(*(*uint16)(unsafe.Pointer(&v)))
	}
	return *(*uint32)(unsafe.Pointer(&v))
}

// guardOf returns the guard value of T.
func guardOf[T Elem]() T {
	var g T
	if unsafe.Sizeof(g) == 2 {
		*(*uint16)(unsafe.Pointer(&g)) = Guard16
	} else {
		*(*uint32)(unsafe.Pointer(&g)) = Guard
	}
	return g
}

// show formats v for a message: float32 as a number, 16-bit values as their
// bits.
func show[T Elem](v T) string {
	if unsafe.Sizeof(v) == 2 {
		return fmt.Sprintf("%#04x", bitsOf(v))
	}
	return fmt.Sprint(math.Float32frombits(bitsOf(v)))
}

// NewBuf returns a buffer of n elements that starts off elements (less than
// 64 bytes' worth: 0..15 for float32, 0..31 for 16-bit elements) after a
// 64-byte aligned position, surrounded by guard values.
func NewBuf[T Elem](n, off int) *Buf[T] {
	per := 64 / int(unsafe.Sizeof(*new(T))) // elements in 64 bytes
	all := make([]T, n+off+2*GuardLen+per)
	// Align the start of the guard region to 64 bytes where the allocator
	// did not already.
	base := 0
	for base < per && (uintptr(addr(all, base))%64) != 0 {
		base++
	}
	b := &Buf[T]{all: all[base:], off: GuardLen + off, n: n}
	g := guardOf[T]()
	for i := range b.all {
		b.all[i] = g
	}
	return b
}

// S returns the slice itself.
func (b *Buf[T]) S() []T { return b.all[b.off : b.off+b.n : b.off+b.n] }

// CheckGuards reports a test error for every guard value that changed.
func (b *Buf[T]) CheckGuards(t testing.TB, name string) {
	t.Helper()
	g := bitsOf(guardOf[T]())
	for i := range b.all {
		if i >= b.off && i < b.off+b.n {
			continue
		}
		if bitsOf(b.all[i]) != g {
			t.Errorf("%s: guard at index %d (relative to start) overwritten with %s", name, i-b.off, show(b.all[i]))
			return
		}
	}
}

// Fill fills the slice with values from gen.
func (b *Buf[T]) Fill(gen func(i int) T) *Buf[T] {
	s := b.S()
	for i := range s {
		s[i] = gen(i)
	}
	return b
}

// Copy returns a copy of the slice's contents, to check later that an input
// was left unchanged.
func (b *Buf[T]) Copy() []T { return append([]T(nil), b.S()...) }

// Unchanged reports a test error if the slice differs (bitwise) from want,
// or any guard changed.
func (b *Buf[T]) Unchanged(t testing.TB, name string, want []T) {
	t.Helper()
	b.CheckGuards(t, name)
	s := b.S()
	for i := range want {
		if bitsOf(s[i]) != bitsOf(want[i]) {
			t.Errorf("input %s modified at index %d: %s -> %s", name, i, show(want[i]), show(s[i]))
			return
		}
	}
}
