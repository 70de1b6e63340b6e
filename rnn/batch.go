package rnn

import "github.com/simdrnn/simdrnn/kernels"

// The products of a batch of rows with a weight matrix. One row is a
// matrix-vector product (kernels.MatVecAdd, MatVecTAdd), which reads the
// matrix once per row; from a few rows on (stepGemm), one matrix-matrix
// product (kernels.Gemm, GemmPacked) reads it once for all of them.

// l2Elems is the size (in float32 elements, 256 KiB) up to which a weight
// matrix stays in the L2 cache of the CPUs measured while a step runs:
// the matrix-vector products then run at the core's speed rather than
// the memory's, and a batch needs more rows to gain from Gemm.
const l2Elems = 1 << 16

// stepGemm reports whether a step's recurrent products over rows rows
// with an n x k matrix go through Gemm rather than a matrix-vector product
// per row. On an Ice Lake Xeon (avx512 tier, BenchmarkBatchMat,
// 2026-12-07) Gemm is ahead from 3 rows for W_hh of an LSTM of H = 512
// (4 MiB), and from 6 to 8 rows for one of H = 128 (256 KiB, in L2).
func stepGemm(rows, n, k int) bool {
	if n*k <= l2Elems {
		return rows >= 8
	}
	return rows >= 3
}

// batchMat is a weight matrix W (n x k, row-major) set up for the products
// of a step with a batch of rows: C += A W^T (the forward pass) and
// C += A W (the backward pass), row by row for a few rows or as one Gemm
// over a packed copy of W. The packed copies are made by packT and packN,
// after W changes (a training update) or the kernel tier does; they are
// reused, so packing again allocates nothing.
type batchMat struct {
	w      []float32
	n, k   int
	gemm   bool            // products of enough rows (stepGemm) go through GemmPacked
	wt, wn kernels.PackedB // W^T and W packed, when gemm
	rows   *matrix         // when not nil, what mulAdd's matrix-vector products read (16-bit weights)
}

// newBatchMat returns W (n x k) set up for products with batches of up to
// B rows.
func newBatchMat(w []float32, n, k, B int) batchMat {
	return batchMat{w: w[:n*k], n: n, k: k, gemm: stepGemm(B, n, k)}
}

// newBatchMatrix returns a stream's weight matrix w (n x k, in any
// format) set up for products with batches of up to B rows: the
// matrix-vector products read w as a Stream does, and the packed copy is
// made from its float32 values (widened exactly from 16 bits).
func newBatchMatrix(w *matrix, n, k, B int) batchMat {
	v := w.wide
	switch {
	case v != nil:
	case w.format == F32:
		v = w.f32
	case stepGemm(B, n, k):
		v = w.float32s()
	}
	return batchMat{w: v, n: n, k: k, gemm: stepGemm(B, n, k), rows: w}
}

// packT packs W^T for mulAdd, when the products go through Gemm.
func (m *batchMat) packT() {
	if m.gemm {
		m.wt.Pack(true, m.k, m.n, m.w, m.k)
	}
}

// packN packs W for mulTAdd, when the products go through Gemm.
func (m *batchMat) packN() {
	if m.gemm {
		m.wn.Pack(false, m.n, m.k, m.w, m.k)
	}
}

// mulAdd computes C += A W^T for the rows x k matrix A and the rows x n
// matrix C: each row c_r += W a_r.
func (m *batchMat) mulAdd(c, a []float32, rows int, ws *kernels.Workspace) {
	n, k := m.n, m.k
	if !m.gemm || !stepGemm(rows, n, k) {
		for r := range rows {
			if m.rows != nil {
				m.rows.mulAdd(c[r*n:(r+1)*n], a[r*k:(r+1)*k])
			} else {
				kernels.MatVecAdd(c[r*n:(r+1)*n], m.w, a[r*k:(r+1)*k])
			}
		}
		return
	}
	kernels.GemmPacked(false, rows, a[:rows*k], k, &m.wt, c[:rows*n], n, ws)
}

// mulTAdd computes C += A W for the rows x n matrix A and the rows x k
// matrix C: each row c_r += W^T a_r.
func (m *batchMat) mulTAdd(c, a []float32, rows int, ws *kernels.Workspace) {
	n, k := m.n, m.k
	if !m.gemm {
		for r := range rows {
			kernels.MatVecTAdd(c[r*k:(r+1)*k], m.w, a[r*n:(r+1)*n])
		}
		return
	}
	kernels.GemmPacked(false, rows, a[:rows*n], n, &m.wn, c[:rows*k], k, ws)
}

// mulWT computes C += A W^T over the rows of a chunk: A is rows x k, W is
// n x k and C is rows x n.
func mulWT(c, a, w []float32, rows, n, k int, ws *kernels.Workspace) {
	kernels.Gemm(false, true, rows, n, k, a[:rows*k], k, w[:n*k], k, c[:rows*n], n, ws)
}

// mulW computes C += A W over the rows of a chunk: A is rows x n, W is
// n x k and C is rows x k.
func mulW(c, a, w []float32, rows, n, k int, ws *kernels.Workspace) {
	kernels.Gemm(false, false, rows, k, n, a[:rows*n], n, w[:n*k], k, c[:rows*k], k, ws)
}

// accumOuter computes the weight gradient W += A^T X = sum_r a_r x_r^T
// over the rows of a chunk: A is rows x n, X is rows x k and W is n x k.
// perRow (a batch of one) keeps kernels.GerK, the rank-rows update, and so
// does a matrix that stays in L2 (where GerK, which reads and writes W
// once, runs at 50-80 GFLOP/s against Gemm's 30-45 on the Ice Lake Xeon,
// avx512 tier); a larger W is one Gemm (60-90 GFLOP/s against GerK's
// 35-55 from 512 x 512 up).
func accumOuter(perRow bool, w, a, x []float32, rows, n, k int, ws *kernels.Workspace) {
	if perRow || n*k <= l2Elems {
		kernels.GerK(w, 1, a[:rows*n], x[:rows*k], rows)
		return
	}
	kernels.Gemm(true, false, n, k, rows, a[:rows*n], n, x[:rows*k], k, w[:n*k], k, ws)
}
