package kernels

// GerK computes the rank-k update
//
//	W += alpha * sum_{t<k} x_t y_t^T  =  W + alpha * X^T Y
//
// where X is a row-major k x m matrix whose rows x_t are the k vectors of
// length m = len(x)/k, Y is a row-major k x n matrix whose rows y_t are the
// k vectors of length n = len(y)/k, and W is a row-major m x n matrix, so
// len(w) must be m*n. It equals k calls Ger(w, alpha, x_t, y_t), but the
// assembly tiers read and write W once instead of k times: W's element
// (i, j) accumulates sum_t x_t[i]*y_t[j] in registers, then gets alpha times
// that sum added. A recurrent network's weight gradient over a chunk of k steps, such as
// dWhh = sum_t dh_t h_{t-1}^T, is one GerK.
//
// k must be >= 0, and len(x) and len(y) multiples of k; k == 0 requires
// empty x and y and does nothing. w must not overlap x or y.
//
// The sums are accumulated in float32 in an order that depends on the
// implementation: each element is within (k+1)*2^-24*(|W|+|alpha|*sum_t
// |x_t[i]*y_t[j]|) of the exact value.
func GerK(w []float32, alpha float32, x, y []float32, k int) {
	if k <= 0 {
		if k < 0 || len(x) != 0 || len(y) != 0 {
			panicf("kernels: GerK: k = %d with len(x) = %d, len(y) = %d; want k >= 1, or k = 0 with empty x and y", k, len(x), len(y))
		}
		return
	}
	if len(x)%k != 0 || len(y)%k != 0 {
		panicf("kernels: GerK: len(x) = %d and len(y) = %d must be multiples of k = %d", len(x), len(y), k)
	}
	m, n := len(x)/k, len(y)/k
	if !shapeOK(len(w), m, n) {
		panicf("kernels: GerK: len(w) = %d, want (len(x)/k)*(len(y)/k) = %d*%d = %d", len(w), m, n, uint64(m)*uint64(n))
	}
	if m == 0 || n == 0 {
		return
	}
	// The tier bounds the work of each of its assembly calls by blockElems
	// (preemptibility), in blocks of rows of W and at most one panel of Y,
	// so that a panel of Y it copies serves all the rows.
	cur.gerK(w, alpha, x, y, m, n, k, m)
}

// gerKGeneric is the specification of GerK: W (rows x n) +=
// alpha * sum_t x[t*ldx : t*ldx+rows]^T y[t*n : (t+1)*n], for k >= 1.
func gerKGeneric(w []float32, alpha float32, x, y []float32, rows, n, k, ldx int) {
	for i := range rows {
		wi := w[i*n : (i+1)*n]
		for t := range k {
			axpyGeneric(alpha*x[t*ldx+i], y[t*n:(t+1)*n], wi)
		}
	}
}
