//go:build linux

package testutil

import (
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// PageSlices returns two slices of n elements each, both bordered by an
// inaccessible (PROT_NONE) page: the first ends exactly where that page
// begins, the second starts exactly where that page ends. A kernel that
// reads or writes even one element past either end crashes the test with
// SIGSEGV. The memory is unmapped when the test ends.
func PageSlices[T Elem](t testing.TB, n int) (endsAtGuard, startsAfterGuard []T) {
	t.Helper()
	size := int(unsafe.Sizeof(*new(T)))
	ps := unix.Getpagesize()
	bytes := (n*size + ps - 1) / ps * ps
	// layout: [data A][guard page][data B][guard page]
	total := 2*bytes + 2*ps
	mem, err := unix.Mmap(-1, 0, total, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Fatalf("mmap: %v", err)
	}
	t.Cleanup(func() { unix.Munmap(mem) })
	if err := unix.Mprotect(mem[bytes:bytes+ps], unix.PROT_NONE); err != nil {
		t.Fatalf("mprotect: %v", err)
	}
	if err := unix.Mprotect(mem[2*bytes+ps:], unix.PROT_NONE); err != nil {
		t.Fatalf("mprotect: %v", err)
	}
	if n == 0 {
		return []T{}, []T{}
	}
	a := unsafe.Slice((*T)(unsafe.Pointer(&mem[bytes-n*size])), n)
	b := unsafe.Slice((*T)(unsafe.Pointer(&mem[bytes+ps])), n)
	return a, b
}
