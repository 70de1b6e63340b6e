package avx512

import "fmt"

// matVecTA emits matVecTAAVX512: one pass over groups of four rows whose
// starts lie s[0..3] floats after 64-byte boundaries, read as kv aligned
// vectors each; rows 4j+k accumulate into register set k (kv registers),
// realigned by s[k] at the end.
func (g *gen) matVecTA() {
	g.Line(`// func matVecTAAVX512(y, w, x *float32, groups, stride, kv, ky int, shifts uint64, mask uint32)
//
// Registers: DI y, SI, R11, R13, R15 the 64-byte boundaries at or before
// the starts of rows 4j, 4j+1, 4j+2, 4j+3 of the current group, R12 x at
// row 4j, R8 4*stride in bytes, BX groups left, CX kv, K1 mask of y's last
// vector, Z28..Z31 broadcasts of x (then index vectors and zero).
TEXT ·matVecTAAVX512(SB), NOSPLIT, $0-68
	MOVQ    y+0(FP), DI
	MOVQ    w+8(FP), SI
	MOVQ    x+16(FP), R12
	MOVQ    groups+24(FP), BX
	MOVQ    kv+40(FP), CX
	MOVL    mask+64(FP), AX
	KMOVW   AX, K1
	// R8 = 4*stride; the row pointers step back by their shifts.
	MOVQ    stride+32(FP), R8
	LEAQ    (SI)(R8*4), R11
	LEAQ    (R11)(R8*4), R13
	LEAQ    (R13)(R8*4), R15
	SHLQ    $4, R8
	MOVQ    shifts+56(FP), AX
	MOVQ    AX, DX
	ANDQ    $15, DX
	SHLQ    $2, DX
	SUBQ    DX, SI
	MOVQ    AX, DX
	SHRQ    $16, DX
	ANDQ    $15, DX
	SHLQ    $2, DX
	SUBQ    DX, R11
	MOVQ    AX, DX
	SHRQ    $32, DX
	ANDQ    $15, DX
	SHLQ    $2, DX
	SUBQ    DX, R13
	MOVQ    AX, DX
	SHRQ    $48, DX
	ANDQ    $15, DX
	SHLQ    $2, DX
	SUBQ    DX, R15`)
	for k := 2; k < 7; k++ {
		g.Line("\tCMPQ    CX, $%d", k)
		g.Line("\tJEQ     ta%d", k)
	}
	g.Line("\tJMP     ta7")
	ptr := []string{"SI", "R11", "R13", "R15"}
	for K := 7; K >= 2; K-- {
		acc := func(set, v int) string { return fmt.Sprintf("Z%d", set*K+v) }
		g.Line("")
		g.Line("ta%d:", K)
		g.Line("\t// %d vectors per row, 4 sets.", K)
		for set := range 4 {
			for v := range K {
				a := acc(set, v)
				g.Line("\tVXORPS  %s, %s, %s", a, a, a)
			}
		}
		g.Line("")
		g.Line("ta%dloop:", K)
		g.Line("\t// Set k += x[4j+k] * (row 4j+k from its 64-byte boundary), k = 0..3.")
		for set := range 4 {
			b := fmt.Sprintf("Z%d", 28+set)
			g.Line("\tVBROADCASTSS %d(R12), %s", 4*set, b)
			for v := range K {
				g.Line("\tVFMADD231PS %d(%s), %s, %s", 64*v, ptr[set], b, acc(set, v))
			}
		}
		for _, p := range ptr {
			g.Line("\tADDQ    R8, %s", p)
		}
		g.Line("\tADDQ    $16, R12")
		g.Line("\tDECQ    BX")
		g.Line("\tJNZ     ta%dloop", K)
		g.Line("")
		g.Line("\t// Realign set k by its shift: vector v = lanes s.. of v, then lanes")
		g.Line("\t// ..s-1 of v+1 (zero past the last), with index s+l into the pair.")
		g.Line("\tVMOVDQU32 ·iota16(SB), Z30")
		g.Line("\tVPXORD    Z29, Z29, Z29")
		g.Line("\tMOVQ      shifts+56(FP), AX")
		for set := range 4 {
			g.Line("\tMOVQ      AX, DX")
			if set > 0 {
				g.Line("\tSHRQ      $%d, DX", 16*set)
			}
			g.Line("\tANDQ      $15, DX")
			g.Line("\tVPBROADCASTD DX, Z28")
			g.Line("\tVPADDD    Z30, Z28, Z28")
			for v := range K {
				next := "Z29"
				if v+1 < K {
					next = acc(set, v+1)
				}
				g.Line("\tVPERMT2PS %s, Z28, %s", next, acc(set, v))
			}
		}
		g.Line("\t// y[16v:16v+16] += the four sets' vector v, v < ky; the last under K1.")
		g.Line("\tMOVQ    ky+48(FP), CX")
		for v := range K {
			g.Line("\tVADDPS  %s, %s, %s", acc(1, v), acc(0, v), acc(0, v))
			g.Line("\tVADDPS  %s, %s, %s", acc(3, v), acc(2, v), acc(2, v))
			g.Line("\tVADDPS  %s, %s, %s", acc(2, v), acc(0, v), acc(0, v))
			g.Line("\tCMPQ    CX, $%d", v+1)
			g.Line("\tJEQ     ta%dlast%d", K, v)
			g.Line("\tVADDPS  %d(DI), %s, %s", 64*v, acc(0, v), acc(0, v))
			g.Line("\tVMOVUPS %s, %d(DI)", acc(0, v), 64*v)
		}
		g.Line("\tJMP     tadone")
		for v := range K {
			g.Line("")
			g.Line("ta%dlast%d:", K, v)
			g.Line("\tVMOVUPS.Z %d(DI), K1, Z31", 64*v)
			g.Line("\tVADDPS    Z31, %s, %s", acc(0, v), acc(0, v))
			g.Line("\tVMOVUPS   %s, K1, %d(DI)", acc(0, v), 64*v)
			g.Line("\tJMP       tadone")
		}
	}
	g.Line(`
tadone:
	VZEROUPPER
	RET
`)
}
