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

// cgoEmptyCall calls a C function that does nothing, to measure what one
// Go-to-C call costs.
func cgoEmptyCall() { C.emptyCall() }

func checkSquare(w, x, y []float32, n int) {
	if n < 1 || len(w) < n*n || len(x) < n || len(y) < n {
		panic(fmt.Sprintf("compare: OpenBLAS operands too short for n=%d: len(w)=%d len(x)=%d len(y)=%d", n, len(w), len(x), len(y)))
	}
}
