// Package kernels provides the float32 kernels that simdrnn's recurrent
// network runs on: dot products, axpy, matrix-vector products and their
// transposes, rank-1 updates, and the element-wise kernels of training
// (tanh, exp, softmax, optimizer updates).
//
// Every kernel has a pure-Go twin, named "generic", which is the readable
// specification and is always compiled. On amd64 an "avx2" tier (AVX2 and
// FMA3 assembly) is used when the CPU has it, and on arm64 a "neon" tier.
// The best tier this CPU supports is chosen once at start-up; Implementations
// lists the available tiers, Implementation names the one in use, and Use
// forces another. The environment variable SIMDRNN_KERNELS does the same as
// Use at start-up, for programs that cannot be changed:
//
//	SIMDRNN_KERNELS=generic ./myservice
//
// The build tags purego and noasm drop every assembly file; then only
// "generic" exists.
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
// otherwise (the element-wise kernels allow dst == src exactly). Kernels
// allocate nothing, and calls on very large matrices are split into blocks
// so that the goroutine stays preemptible.
//
// Kernels may be called from many goroutines at once. Use changes global
// state and must not be called concurrently with kernels.
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
// even; F16ToF32, BF16ToF32, FromF16 and FromBF16 are exact.
package kernels
