//go:build !amd64 || purego || noasm

package kernels_test

// avx512MatVecPaths: no avx512 tier in this build.
func avx512MatVecPaths(m, n int, w []float32) []string { return nil }
