package kernels

// The generated assembly files (matvec_avx2_amd64.s, rankk_avx2_amd64.s,
// gemm_avx2_amd64.s, matvec_avx512_amd64.s, rankk_avx512_amd64.s,
// gemm_avx512_amd64.s, gemm_neon_arm64.s) come from the generators in the
// asm tool module (asm/gen/avx2, asm/gen/avx512, asm/gen/neon), outside the
// library's go.mod: go generate ./kernels rewrites them all, and asm's tests
// fail when a file differs from its generator's output.
//go:generate go -C ../asm run ./cmd/asmgen -dir ../kernels
