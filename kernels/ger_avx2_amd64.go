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
// Each element is a multiply and an add, rounded separately as the Go loop
// is (so this tier agrees bitwise with gerGeneric built for GOAMD64 < v3,
// where Go does not fuse). On Zen 3 a stream of load + FMA + 256-bit store
// runs at about 0.7 stores per cycle but load + MUL + ADD + store at 1, the
// store port's limit, apparently because FMA's third source operand competes
// for register-file read ports: 35 vs 50 GFLOP/s measured on L1-resident
// 4 x 1024 updates. Four rows are updated together so that they share each
// load of y (16 columns per iteration, all loads before all stores); the
// remaining m%4 rows go one at a time. For n >= 8 with n%8 = r != 0 the
// column loop stops 8+r columns short of the row end, and the last 8+r
// columns are two overlapping vectors, both computed from the original row
// before either is stored; only n < 8 uses masked loads and stores. The
// 8-column step and the tail are out of line, so that for n%16 == 0 the
// only taken branches are the two loops' back edges (+7-11% at 64 x 64,
// +20-45% for rows of 16-32 columns, measured against the in-line layout).
//
//go:noescape
func gerAVX2(w []float32, alpha float32, x, y []float32)
