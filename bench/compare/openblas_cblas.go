//go:build openblas

package compare

/*
#cgo pkg-config: openblas
#include <cblas.h>

// The loops run in C so that a benchmark times OpenBLAS's kernels, not one
// Go-to-C call per product.

static void sgemvLoop(int trans, int n, const float *w, const float *x, float *y, long reps) {
	for (long r = 0; r < reps; r++) {
		cblas_sgemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, n, n, 1.0f, w, n, x, 1, 0.0f, y, 1);
	}
}

static void sgerLoop(int n, float alpha, const float *x, const float *y, float *w, long reps) {
	for (long r = 0; r < reps; r++) {
		cblas_sger(CblasRowMajor, n, n, alpha, x, 1, y, 1, w, n);
	}
}

// C += op(A) op(B): alpha = 1, beta = 1, row-major, leading dimensions
// given.
static void sgemmLoop(int transA, int transB, int m, int n, int k, const float *a, int lda,
		const float *b, int ldb, float *c, int ldc, long reps) {
	for (long r = 0; r < reps; r++) {
		cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
			m, n, k, 1.0f, a, lda, b, ldb, 1.0f, c, ldc);
	}
}

static void emptyCall(void) {}
*/
import "C"

import (
	"fmt"
	"strings"
)

// openblasInit limits OpenBLAS to one thread, as simdrnn uses one core, and
// returns the name of the kernel set it runs on this CPU (lower case: for
// example "cooperlake", "skylakex" or "prescott"; OPENBLAS_CORETYPE forces
// one) and a description of its build and threads.
func openblasInit() (core, config string) {
	C.openblas_set_num_threads(1)
	core = strings.ToLower(strings.TrimSpace(C.GoString(C.openblas_get_corename())))
	config = fmt.Sprintf("%s, core %s, %d thread(s)",
		strings.TrimSpace(C.GoString(C.openblas_get_config())), core, int(C.openblas_get_num_threads()))
	return core, config
}

// openblasSgemv computes y = W x (or y = W^T x if trans) reps times with
// cblas_sgemv on the row-major n x n matrix w, alpha = 1 and beta = 0.
func openblasSgemv(trans bool, w, x, y []float32, n, reps int) {
	checkSquare(w, x, y, n)
	t := C.int(0)
	if trans {
		t = 1
	}
	C.sgemvLoop(t, C.int(n), (*C.float)(&w[0]), (*C.float)(&x[0]), (*C.float)(&y[0]), C.long(reps))
}

// openblasSger computes W += alpha x y^T reps times with cblas_sger on the
// row-major n x n matrix w.
func openblasSger(w []float32, alpha float32, x, y []float32, n, reps int) {
	checkSquare(w, x, y, n)
	C.sgerLoop(C.int(n), C.float(alpha), (*C.float)(&x[0]), (*C.float)(&y[0]), (*C.float)(&w[0]), C.long(reps))
}

// openblasSgemm computes C += op(A) op(B) reps times with cblas_sgemm
// (row-major, alpha = 1, beta = 1): C is m x n with rows ldc apart, op(A)
// m x k (A stored m x k, or k x m when transA, rows lda apart), op(B) k x n
// (B stored k x n, or n x k when transB, rows ldb apart).
func openblasSgemm(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc, reps int) {
	stored := func(trans bool, rows, cols int) (int, int) {
		if trans {
			return cols, rows
		}
		return rows, cols
	}
	ar, ac := stored(transA, m, k)
	br, bc := stored(transB, k, n)
	if m < 1 || n < 1 || k < 1 || lda < ac || ldb < bc || ldc < n ||
		len(a) < (ar-1)*lda+ac || len(b) < (br-1)*ldb+bc || len(c) < (m-1)*ldc+n {
		panic(fmt.Sprintf("compare: OpenBLAS sgemm operands do not fit m=%d n=%d k=%d: len(a)=%d lda=%d len(b)=%d ldb=%d len(c)=%d ldc=%d",
			m, n, k, len(a), lda, len(b), ldb, len(c), ldc))
	}
	C.sgemmLoop(cbool(transA), cbool(transB), C.int(m), C.int(n), C.int(k), (*C.float)(&a[0]), C.int(lda),
		(*C.float)(&b[0]), C.int(ldb), (*C.float)(&c[0]), C.int(ldc), C.long(reps))
}

// cbool is C's truth value of b.
func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// cgoEmptyCall calls a C function that does nothing, to measure what one
// Go-to-C call costs.
func cgoEmptyCall() { C.emptyCall() }

func checkSquare(w, x, y []float32, n int) {
	if n < 1 || len(w) < n*n || len(x) < n || len(y) < n {
		panic(fmt.Sprintf("compare: OpenBLAS operands too short for n=%d: len(w)=%d len(x)=%d len(y)=%d", n, len(w), len(x), len(y)))
	}
}
