// Package kernels provides the float32 kernels that simdrnn's recurrent
// network runs on: dot products, axpy, matrix-vector products and their
// transposes, rank-1 and rank-k updates, and the element-wise kernels of
// training (tanh, exp, softmax, optimizer updates).
//
//	w := []float32{1, 2, 3, 4, 5, 6} // 2 x 3, row-major
//	x := []float32{1, 1, 1}
//	y := make([]float32, 2)
//	kernels.MatVec(y, w, x) // y = [6 15]
//
// # Kernels
//
// Matrix and vector kernels (W is a dense row-major matrix):
//
//	Dot(x, y) float32          sum x[i]*y[i]
//	Axpy(alpha, x, y)          y += alpha*x
//	Scale(alpha, x)            x *= alpha
//	MatVec(y, w, x)            y = W x,      W is len(y) x len(x)
//	MatVecAdd(y, w, x)         y += W x
//	MatVecT(y, w, x)           y = W^T x,    W is len(x) x len(y)
//	MatVecTAdd(y, w, x)        y += W^T x
//	Ger(w, alpha, x, y)        W += alpha x y^T, W is len(x) x len(y)
//	GerK(w, alpha, x, y, k)    W += alpha X^T Y, k rank-1 updates in one pass over W
//
// Matrix-matrix products, with BLAS's leading dimensions (see "Matrix
// products" below):
//
//	Gemm(tA, tB, m, n, k, a, lda, b, ldb, c, ldc, ws)  C += op(A) op(B)
//	(*PackedB).Pack(tB, k, n, b, ldb)                  op(B) packed once for many products
//	GemmPacked(tA, m, a, lda, p, c, ldc, ws)           C += op(A) op(B), op(B) from p
//
// Element-wise kernels of training:
//
//	Tanh(dst, src)                        dst = tanh(src)
//	TanhBackward(dst, y, dy)              dst = dy (1 - y²)
//	Sigmoid(dst, src)                     dst = 1/(1 + e^-src)
//	Exp(dst, src)                         dst = e^src
//	Softmax(dst, src)                     numerically stable softmax
//	SoftmaxCrossEntropy(grad, logits, t)  loss -log p[t], grad = p - onehot(t)
//	Adagrad(w, g, m, lr, eps)             min-char-rnn's Adagrad step
//	Adam(w, g, m, v, lr, b1, b2, eps, t)  Adam step t with bias correction
//	SGDMomentum(w, g, vel, lr, mu)        SGD with classical momentum
//	Clip(x, c)                            x = clamp(x, -c, c)
//	SumSquares(x) float32                 sum x², for clipping by global norm
//
// Element-wise parts of a recurrent cell's step, one fused pass over the
// units (PyTorch's equations; the gate rows are passed as separate slices,
// so that a caller can split the units or loop over a batch):
//
//	LSTMForward(i, f, g, o, cPrev, c, h)        gates, c = f cPrev + i g, h = o tanh(c)
//	LSTMBackward(di, df, dg, do, i, f, g, o, cPrev, c, dh, dc)
//	GRUForward(r, z, n, hr, hz, hn, hPrev, h)   gates, h = (1-z) n + z hPrev
//	GRUBackward(dr, dz, dn, dhn, dhPrev, r, z, n, hn, hPrev, dh)
//
// # Conventions
//
// Matrices are dense, row-major float32 slices whose shape is taken from the
// lengths of the vectors they are multiplied with, so a shape can never
// disagree with a slice: in MatVec(y, w, x), W has len(y) rows and len(x)
// columns and len(w) must equal len(y)*len(x). A length that does not fit
// panics at the call with a message naming the lengths, as gonum does.
//
// Outputs must not overlap inputs unless a kernel's documentation says
// otherwise: Axpy(a, x, x) is allowed, and the element-wise kernels allow
// dst == src exactly (in place). Kernels allocate nothing, and calls on very
// large matrices are split into blocks so that the goroutine stays
// preemptible.
//
// Kernels may be called from many goroutines at once. Use changes global
// state and must not be called concurrently with kernels.
//
// # Accuracy
//
// Each kernel's documentation states its contract. In short: the matrix and
// vector kernels, and SumSquares, are within the float32 summation bound of
// the exact result (they sum in an order that depends on the tier), and
// exact on small-integer inputs, where every order is exact. Tanh is within
// 2 ULP of the correctly rounded result and Exp within 1 ULP, for every
// float32 input; checked on all 2^32 inputs, both are at most 1 ULP off in
// every tier (Tanh for 0.17% of the inputs, none by 2 ULP; Exp including
// its subnormal results, which are computed, not flushed to zero). Sigmoid
// is within 2 ULP, and measured at most 1 ULP off in every tier on all 2^32
// inputs (0.12% of them, subnormal results included). The LSTM and GRU
// kernels apply Sigmoid's and Tanh's bits and a few rounded operations,
// each stated in their documentation. Softmax
// and SoftmaxCrossEntropy have
// relative bounds in n and the distance to the largest logit; the
// optimizer updates are within a few units of 2^-24 of the float64
// formula; Clip is exact.
//
// The pure-Go twins of the element-wise kernels, in elementwise_generic.go,
// are their specification: each spells out the algorithm (range reduction,
// minimax coefficients, the exact sequence of fused and unfused operations)
// that the assembly tiers run operation for operation, so that every tier
// returns the same bits as the twin. The one exception is Adagrad in the
// amd64 tiers, which multiply by a reciprocal square root estimate
// (VRSQRTPS, VRSQRT14PS) refined by a Newton step instead of dividing by a
// square root: their w may differ from the twin's in the last bits, within
// the documented 2^-21.
//
// # Implementations
//
// Every kernel has a pure-Go twin, the "generic" tier, which is always
// compiled. The assembly tiers are:
//
//	avx2    amd64, AVX2, FMA3 and F16C, 256-bit vectors; tails use masked loads
//	        and stores, which never touch memory past a slice
//	avx512  amd64, AVX-512 F, VL, DQ and BW on top of avx2 (and the OS
//	        saving the ZMM and opmask state); tails use opmask registers
//	neon    arm64, Advanced SIMD of ARMv8.0-A, so it runs on every arm64 core
//
// The best tier this CPU supports is chosen once at start-up, from the
// features github.com/klauspost/cpuid/v2 reports. Tiers lists every tier
// registered in this build with the CPU features it requires (and those
// this CPU lacks), Implementations the tiers that can run here,
// Implementation the one in use, and Use forces another:
//
//	fmt.Println(kernels.Implementations()) // e.g. [avx512 avx2 generic]
//	err := kernels.Use("generic")          // "" restores the default
//
// The environment variable SIMDRNN_KERNELS does the same as Use at
// start-up, for programs that cannot be changed; a value that is unknown or
// cannot run on this CPU is reported once on stderr and the default is kept:
//
//	SIMDRNN_KERNELS=generic ./myservice
//
// The build tags purego and noasm drop every assembly file; then only
// "generic" exists.
//
// A tier is a table of functions (dispatch.go): each tier fills the entries
// it implements and inherits the rest from the tier below it. Composite
// kernels (Softmax, SoftmaxCrossEntropy) are built once from the tier's
// primitives, and the constants derived from the public arguments (Adam's
// bias corrections, momentum's -lr) are computed once by the public
// function. The twins are in blas_generic.go, elementwise_generic.go and
// half_generic.go; each tier's assembly for a kernel is in
// <stem>_<tier>_<arch>.s, with its declarations in the matching .go file
// and the tier's shared macros in <stem>_<tier>_<arch>.h (elem_, vec_,
// matvec16_). docs/adding-kernels.md in the repository has the
// checklists for adding a kernel, a tier or an architecture.
//
// # Testing
//
// Every test runs once per tier registered in the build, against float64
// references (never against another tier); a tier this CPU cannot run is
// skipped with a message naming the features it lacks, or fails when the
// environment variable SIMDRNN_REQUIRE_TIERS lists it. Tests run at sizes 0
// to 67 and around
// every unroll threshold, at unaligned offsets, with guard values around
// every slice, inputs checked unchanged, and slices placed against
// inaccessible pages to catch reads and writes past their ends. The
// exhaustive Tanh, Exp and Sigmoid tests (SIMDRNN_EXHAUSTIVE=1) check all
// 2^32 inputs and the bit-identity of every tier with the twin.
// docs/testing.md in the repository describes the tests and CI.
//
// # Matrix products
//
// Gemm multiplies matrices of any shape, skinny ones included: C (m x n)
// += op(A) op(B), where op(X) is X or its transpose. Matrices are
// row-major with a leading dimension (the distance between rows, as in
// BLAS), so a block of a larger matrix is a valid operand:
//
//	// H (B x n) += X (B x k) W^T for a weight matrix W (n x k):
//	kernels.Gemm(false, true, B, n, k, x, k, w, k, h, n, &ws)
//
// Each tier computes C in register tiles with micro-kernels written in
// assembly, and a driver in Go shared by every tier (gemm.go) blocks the
// product for the caches cpuid reports: op(B) is copied into panels as
// wide as a tile, kept in L1 while op(A)'s rows stream past them from L2;
// op(A) is read in place unless it is transposed. A tier may have several
// kernels (a narrow one for products with few columns), chosen per shape.
//
// The copies live in a Workspace, which the caller keeps and reuses (one
// per goroutine): once it has grown to the largest product, products
// allocate nothing. A product whose op(B) is a fixed matrix (a layer's
// weights, multiplied by every batch) can have it packed once into a
// PackedB and call GemmPacked, which skips the copy. A PackedB is tied to
// the tier it was packed for; after Use it must be packed again (Valid
// reports whether it can be used).
//
// The kernels run on the calling goroutine. A caller that splits one
// product among goroutines calls GemmPart (GemmPackedPart, GerKPart) with
// a part number on each: the parts divide C into blocks of whole panels
// or tiles, each computed with the kernel and the blocks of k the whole
// product uses, so that together they leave every bit of C as one call
// does, whatever the number of parts; PackPart packs a PackedB in parts
// the same way. The rnn package's trainer splits its steps this way.
//
// The error bound is the float32 summation bound: each element of C is
// within (k+2)*2^-24*(|C_ij| + sum_p |op(A)_ip op(B)_pj|) of the exact
// result, and exact on small integers.
//
// # 16-bit weights
//
// MatVecF16 and MatVecBF16 (and their Add forms) multiply a matrix stored
// in 16 bits, IEEE binary16 (F16) or bfloat16 (BF16), by a float32 vector:
// each weight is widened to float32 exactly and the products are summed in
// float32, so the result has MatVec's error bound for the widened matrix,
// from half the bytes. Every tier implements them (F16C's VCVTPH2PS on
// amd64, which the avx2 tier therefore requires; FCVTL on arm64). F32ToF16,
// F32ToBF16 and the slice forms ToF16 and ToBF16 round to nearest, ties to
// even; F16ToF32, BF16ToF32, FromF16 and FromBF16 are exact. Widening
// costs instructions, so the 16-bit products are faster than MatVec only
// once the matrix streams from beyond L2: HalfMinElems gives the size, per
// tier, from which they were measured faster.
package kernels
