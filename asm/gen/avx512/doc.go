// Package avx512 generates the avx512 tier's generated assembly in
// kernels/, whose unrolled blocks are too regular to maintain by hand:
// MatVec writes matvec_avx512_amd64.s (one file per kernel here:
// matvec_unaligned.go, matvec_aligned.go, matvec_shifted.go,
// matvect_unaligned.go, matvect_aligned.go, and reduce.go for the
// simulated reduction trees), RankK writes rankk_avx512_amd64.s, Gemm
// writes gemm_avx512_amd64.s. Package asm/gen lists them; asm/cmd/asmgen
// writes them.
package avx512

import "github.com/simdrnn/simdrnn/asm/gen/internal/emit"

// gen accumulates the assembly text; the kernels' generators are its
// methods.
type gen struct{ emit.Writer }
