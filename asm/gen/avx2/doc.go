// Package avx2 generates the avx2 tier's generated assembly in kernels/:
// MatVec writes matvec_avx2_amd64.s, RankK writes rankk_avx2_amd64.s and
// Gemm writes gemm_avx2_amd64.s. Package asm/gen lists them;
// asm/cmd/asmgen writes them.
package avx2
