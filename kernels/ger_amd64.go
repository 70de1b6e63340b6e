//go:build amd64 && !purego && !noasm

package kernels

// gerAVX2 computes the rank-1 update W += alpha * x * y^T for a row-major
// m x n matrix W, m = len(x) >= 1, n = len(y) >= 1, len(w) = m*n.
//
//	for i, xi := range x {
//		a := alpha * xi // rounded to float32, as gerGeneric does
//		row := w[i*n : (i+1)*n]
//		for j, v := range y {
//			row[j] += a * v
//		}
//	}
//
// Each element is one fused multiply-add. Four rows are updated together so
// that they share each load of y (16 columns per iteration, then 8); the
// remaining m%4 rows go one at a time. For n >= 8 and n%8 != 0 each row's
// last 8 elements are computed from the original row before the column loop
// and stored after it, overlapping the loop's final vector; only n < 8 uses
// masked loads and stores.
//
//go:noescape
func gerAVX2(w []float32, alpha float32, x, y []float32)
