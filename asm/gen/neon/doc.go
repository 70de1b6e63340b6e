// Package neon generates the neon tier's generated assembly in kernels/:
// Gemm writes gemm_neon_arm64.s. Go's arm64 assembler lacks the
// by-element FMLA the kernels are made of; the generator writes it as a
// WORD with the instruction as its comment, as asm/cmd/arm64word does,
// encoding it itself (fmlaElem) so that generating needs no binutils.
// asm/cmd/arm64word -check verifies those words against the encoder of
// record (asm2plan9s) and their disassembly. Package asm/gen lists the
// file; asm/cmd/asmgen writes it.
package neon

import "fmt"

// fmlaElem returns the encoding of `fmla vd.4s, vn.4s, vm.s[lane]` (FMLA
// by element, single precision, 128-bit): the base
// 0x4f801000 with Rd in bits 0..4, Rn in 5..9, Rm in 16..20 (M:Rm, all 32
// registers for the single-precision form) and the lane's bits H:L in 11
// and 21.
func fmlaElem(d, n, m, lane int) uint32 {
	if d < 0 || d > 31 || n < 0 || n > 31 || m < 0 || m > 31 || lane < 0 || lane > 3 {
		panic(fmt.Sprintf("fmla v%d.4s, v%d.4s, v%d.s[%d]: no such instruction", d, n, m, lane))
	}
	return 0x4f801000 | uint32(lane&1)<<21 | uint32(m)<<16 | uint32(lane>>1)<<11 | uint32(n)<<5 | uint32(d)
}

// fmla returns the WORD line of `fmla vd.4s, vn.4s, vm.s[lane]` in the
// form asm/cmd/arm64word writes and checks.
func fmla(d, n, m, lane int) string {
	return fmt.Sprintf("\tWORD $0x%08x // fmla v%d.4s, v%d.4s, v%d.s[%d]", fmlaElem(d, n, m, lane), d, n, m, lane)
}
