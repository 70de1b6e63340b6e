package kernels

import "fmt"

// The panics live in functions of their own so that the wrappers that call
// them stay small enough to inline.

//go:noinline
func panicLen2(op, a string, la int, b string, lb int) {
	panic(fmt.Sprintf("kernels: %s: len(%s) = %d != len(%s) = %d", op, a, la, b, lb))
}

//go:noinline
func panicLen3(op string, la, lb, lc int, names string) {
	panic(fmt.Sprintf("kernels: %s: lengths of %s differ: %d, %d, %d", op, names, la, lb, lc))
}

//go:noinline
func panicShape(op string, lw int, a string, m int, b string, n int) {
	panic(fmt.Sprintf("kernels: %s: len(w) = %d, want len(%s)*len(%s) = %d*%d = %d", op, lw, a, b, m, n, uint64(m)*uint64(n)))
}

//go:noinline
func panicf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}
