package kernels

// blockElems bounds the matrix elements one assembly call touches (1 MiB of
// float32), so that goroutines calling MatVec and friends on very large
// matrices stay preemptible: assembly functions are not asynchronous
// preemption points.
const blockElems = 1 << 18

// Dot returns the dot product sum_i x[i]*y[i]. len(x) must equal len(y).
//
// The sum is accumulated in float32 in an order that depends on the
// implementation; the result is within n*2^-24*sum|x[i]*y[i]| of the exact
// value (n = len(x)), as for any float32 summation.
func Dot(x, y []float32) float32 {
	if len(x) != len(y) {
		panicLen2("Dot", "x", len(x), "y", len(y))
	}
	return cur.dot(x, y)
}

// Axpy computes y += alpha*x. len(x) must equal len(y); y must not overlap x
// unless it is x itself.
func Axpy(alpha float32, x, y []float32) {
	if len(x) != len(y) {
		panicLen2("Axpy", "x", len(x), "y", len(y))
	}
	cur.axpy(alpha, x, y)
}

// Scale computes x *= alpha.
func Scale(alpha float32, x []float32) {
	cur.scale(alpha, x)
}

// MatVec computes y = W*x, where W is a row-major len(y) x len(x) matrix, so
// len(w) must be len(y)*len(x). y must not overlap w or x.
func MatVec(y, w, x []float32) { matVecRows("MatVec", y, w, x, false, cur.matVec) }

// MatVecAdd computes y += W*x, where W is a row-major len(y) x len(x) matrix.
// y must not overlap w or x.
func MatVecAdd(y, w, x []float32) { matVecRows("MatVecAdd", y, w, x, true, cur.matVec) }

// MatVecT computes y = W^T*x, where W is a row-major len(x) x len(y) matrix,
// so len(w) must be len(x)*len(y). y must not overlap w or x.
func MatVecT(y, w, x []float32) { matVecT("MatVecT", y, w, x, false) }

// MatVecTAdd computes y += W^T*x, where W is a row-major len(x) x len(y)
// matrix. y must not overlap w or x.
func MatVecTAdd(y, w, x []float32) { matVecT("MatVecTAdd", y, w, x, true) }

// Ger computes the rank-1 update W += alpha * x * y^T, where W is a row-major
// len(x) x len(y) matrix, so len(w) must be len(x)*len(y). w must not
// overlap x or y.
func Ger(w []float32, alpha float32, x, y []float32) {
	m, n := len(x), len(y)
	if !shapeOK(len(w), m, n) {
		panicShape("Ger", len(w), "x", m, "y", n)
	}
	if m == 0 || n == 0 {
		return
	}
	rb := rowBlock(n)
	for i := 0; i < m; i += rb {
		e := min(i+rb, m)
		cur.ger(w[i*n:e*n], alpha, x[i:e], y)
	}
}

// matVecRows computes y (+)= W x for a row-major len(y) x len(x) matrix of
// float32, F16 or BF16 weights with the tier's kernel k: it panics naming
// op on a shape mismatch, clears (or leaves) y when x is empty, and hands k
// blocks of rowBlock rows.
func matVecRows[W float32 | F16 | BF16](op string, y []float32, w []W, x []float32, add bool, k func(y []float32, w []W, x []float32, add bool)) {
	m, n := len(y), len(x)
	if !shapeOK(len(w), m, n) {
		panicShape(op, len(w), "y", m, "x", n)
	}
	if m == 0 {
		return
	}
	if n == 0 {
		if !add {
			clear(y)
		}
		return
	}
	rb := rowBlock(n)
	for i := 0; i < m; i += rb {
		e := min(i+rb, m)
		k(y[i:e], w[i*n:e*n], x, add)
	}
}

func matVecT(op string, y, w, x []float32, add bool) {
	m, n := len(x), len(y) // W is m x n
	if !shapeOK(len(w), m, n) {
		panicShape(op, len(w), "x", m, "y", n)
	}
	if n == 0 {
		return
	}
	if m == 0 {
		if !add {
			clear(y)
		}
		return
	}
	rb := rowBlock(n)
	for i := 0; i < m; i += rb {
		e := min(i+rb, m)
		cur.matVecT(y, w[i*n:e*n], x[i:e], add || i > 0)
	}
}

// rowBlock is the number of rows of n columns that one call may process.
func rowBlock(n int) int { return max(1, blockElems/n) }

// MatVecBlockRows returns the number of rows of a matrix of cols columns
// that MatVec, MatVecAdd, MatVecF16, MatVecF16Add, MatVecBF16 and
// MatVecBF16Add hand to one kernel call, b = max(1, 2^18/cols); the tier's
// kernel may sum a row in an order that depends on the whole block (its
// shape and the alignment of its first element). It is for splitting one
// product across goroutines with the bits of the whole product.
//
// The contract: for an m x cols matrix W and 0 <= i < j <= m, where i is a
// multiple of b and j is a multiple of b or m, the product of rows
// W[i*cols:j*cols] with x, stored in y[i:j], has the same bits as rows
// [i, j) of the product of all of W, in every tier. Other splits may
// differ in the last bits. cols < 1 counts as 1.
func MatVecBlockRows(cols int) int { return rowBlock(max(cols, 1)) }

// shapeOK reports whether l == m*n without overflowing int on 32-bit
// platforms.
func shapeOK(l, m, n int) bool { return uint64(l) == uint64(m)*uint64(n) }
