package avx512

import "fmt"

// maxK is the most vectors of 16 columns one pass of matVecTUAVX512 holds:
// a last pass covers up to maxK*16 columns, a full strip fullK*16.
const (
	maxK  = 16
	fullK = 8
)

// sets returns the number of register sets (rows i mod S) for a pass of K
// vectors: at least 8 FMA chains (two FMA units, 4 cycles of latency).
func sets(K int) int {
	return max(1, (8+K-1)/K)
}

// pass emits one pass of matVecTUAVX512 over the block's rows with K
// accumulators at label name; masked makes the last vector masked by K1.
func (g *gen) pass(name string, K int, masked bool) {
	S := sets(K)
	addr := func(v int, base string) string { return fmt.Sprintf("%d(%s)", 64*v, base) }
	acc := func(set, v int) string { return fmt.Sprintf("Z%d", set*K+v) }
	mask := func(v int) string {
		if masked && v == K-1 {
			return "K1, "
		}
		return ""
	}
	g.Line("")
	g.Line("%s:", name)
	if S == 1 {
		g.Line("\t// %d accumulators: start from y (R13 != 0) or zero.", K)
	} else {
		g.Line("\t// %d accumulators per set, %d sets (rows i mod %d) so that %d FMA", K, S, S, S*K)
		g.Line("\t// chains hide the latency; set 0 starts from y (R13 != 0) or zero.")
	}
	g.Line("\tLEAQ    (DI)(R10*1), R12")
	g.Line("\tTESTQ   R13, R13")
	g.Line("\tJZ      %szero", name)
	for v := range K {
		if masked && v == K-1 {
			g.Line("\tVMOVUPS.Z %s, K1, Z%d", addr(v, "R12"), v)
		} else {
			g.Line("\tVMOVUPS %s, Z%d", addr(v, "R12"), v)
		}
	}
	g.Line("\tJMP     %srows", name)
	g.Line("")
	g.Line("%szero:", name)
	for v := range K {
		g.Line("\tVXORPS  Z%d, Z%d, Z%d", v, v, v)
	}
	g.Line("")
	g.Line("%srows:", name)
	for set := 1; set < S; set++ {
		for v := range K {
			a := acc(set, v)
			g.Line("\tVXORPS  %s, %s, %s", a, a, a)
		}
	}
	g.Line("\tLEAQ    (SI)(R10*1), AX")
	g.Line("\tMOVQ    DX, R12")
	g.Line("\tMOVQ    R14, R11")
	if S > 1 {
		g.Line("\tCMPQ    R11, $%d", S)
		g.Line("\tJLT     %sone", name)
		g.Line("")
		g.Line("%sloop%d:", name, S)
		g.Line("\t// Set s += x[i+s] * w[i+s, strip], s = 0..%d.", S-1)
		for set := range S {
			b := fmt.Sprintf("Z%d", 31-set)
			g.Line("\tVBROADCASTSS %d(R12), %s", 4*set, b)
			for v := range K {
				g.Line("\tVFMADD231PS %s, %s, %s%s", addr(v, "AX"), b, mask(v), acc(set, v))
			}
			g.Line("\tADDQ    R8, AX")
		}
		g.Line("\tADDQ    $%d, R12", 4*S)
		g.Line("\tSUBQ    $%d, R11", S)
		g.Line("\tCMPQ    R11, $%d", S)
		g.Line("\tJGE     %sloop%d", name, S)
		g.Line("")
		g.Line("%sone:", name)
		g.Line("\t// The last rows mod %d, one at a time into set 0.", S)
		g.Line("\tTESTQ   R11, R11")
		g.Line("\tJZ      %ssum", name)
		g.Line("")
	}
	g.Line("%sloop:", name)
	g.Line("\t// Z0..Z%d += x[i] * w[i, strip] for each row i of the block.", K-1)
	g.Line("\tVBROADCASTSS (R12), Z31")
	for v := range K {
		g.Line("\tVFMADD231PS %s, Z31, %s%s", addr(v, "AX"), mask(v), acc(0, v))
	}
	g.Line("\tADDQ    R8, AX")
	g.Line("\tADDQ    $4, R12")
	g.Line("\tDECQ    R11")
	g.Line("\tJNZ     %sloop", name)
	if S > 1 {
		g.Line("")
		g.Line("%ssum:", name)
		g.Line("\t// Set 0 += the other sets (pairwise tree).")
		for step := 1; step < S; step *= 2 {
			for a := 0; a+step < S; a += 2 * step {
				for v := range K {
					g.Line("\tVADDPS  %s, %s, %s", acc(a+step, v), acc(a, v), acc(a, v))
				}
			}
		}
	}
	g.Line("\t// Store the strip.")
	g.Line("\tLEAQ    (DI)(R10*1), R12")
	for v := range K {
		g.Line("\tVMOVUPS Z%d, %s%s", v, mask(v), addr(v, "R12"))
	}
	if masked {
		g.Line("\tJMP     tnext")
	} else {
		g.Line("\tADDQ    $%d, R10", 64*K)
		g.Line("\tJMP     tstrip")
	}
}

// matVecTU emits matVecTUAVX512, y (+)= W^T x with unaligned loads.
func (g *gen) matVecTU() {
	g.Line(`// func matVecTUAVX512(y, w, x []float32, add bool)
//
// Registers: DI y, SI first row of the current row block, DX x at that row,
// BX rows left, R14 rows in the block, R15 rows per block, R13 = 1 when y
// is to be loaded (add, or any block after the first), R8 row stride in
// bytes, R10 byte offset of the current strip of columns, AX/R12/R11 w
// pointer, x pointer and row counter of the row loop, K1 mask of the last
// pass's last vector, Z31.. broadcasts of x.
TEXT ·matVecTUAVX512(SB), NOSPLIT, $0-73
	MOVQ    y_base+0(FP), DI
	MOVQ    y_len+8(FP), CX
	MOVQ    w_base+24(FP), SI
	MOVQ    x_base+48(FP), DX
	MOVQ    x_len+56(FP), BX
	MOVBQZX add+72(FP), R13
	MOVQ    CX, R8
	SHLQ    $2, R8`)
	g.Line("\t// R15 = rows per block: about %d KiB of w, at least %d rows. A block's", tBlockBytes/1024, tMinRows)
	g.Line("\t// strips then re-read lines still in L1, and large matrices are read in")
	g.Line("\t// a few sequential streams.")
	g.Line("\tMOVQ    $%d, R15", tMaxRows)
	for r := tMaxRows; r > tMinRows; r /= 2 {
		g.Line("\tCMPQ    CX, $%d", tBlockBytes/4/r)
		g.Line("\tJLE     tblock")
		g.Line("\tMOVQ    $%d, R15", r/2)
	}
	g.Line(`
tblock:
	// R14 = rows in this block = min(rows left, R15); strips start at column 0.
	MOVQ    R15, R14
	CMPQ    BX, R14
	CMOVQLT BX, R14
	XORQ    R10, R10

tstrip:
	// AX = bytes of y left from the strip. More than %d columns left: a
	// full strip of %d; otherwise one last pass over all of them with
	// K = ceil(left/16) accumulators, the last one masked by K1.
	MOVQ    R8, AX
	SUBQ    R10, AX
	JLE     tnext
	CMPQ    AX, $%d
	JGT     tfull
	// K1 = (1 << c) - 1, c = ((left-1) mod 16) + 1 columns in the last vector.
	LEAQ    -4(AX), CX
	SHRQ    $2, CX
	ANDQ    $15, CX
	INCQ    CX
	MOVL    $1, R11
	SHLL    CX, R11
	DECL    R11
	KMOVW   R11, K1
	ADDQ    $63, AX
	SHRQ    $6, AX`, maxK*16, fullK*16, maxK*64)
	for k := 1; k < maxK; k++ {
		g.Line("\tCMPQ    AX, $%d", k)
		g.Line("\tJEQ     tk%d", k)
	}
	g.Line("\tJMP     tk%d", maxK)
	g.Line("")
	g.Line("// tfull: a full strip of %d vectors; tk%d .. tk1: the last pass, with K = %d .. 1", fullK, maxK, maxK)
	g.Line("// accumulators (Z0..Z(K-1)), the last one masked; the copies differ only in K.")
	g.pass("tfull", fullK, false)
	for K := maxK; K >= 1; K-- {
		g.pass(fmt.Sprintf("tk%d", K), K, true)
	}
	g.Line(`
tnext:
	// Next row block: advance w and x by R14 rows; later blocks add to y.
	MOVQ    R14, AX
	IMULQ   R8, AX
	ADDQ    AX, SI
	LEAQ    (DX)(R14*4), DX
	MOVQ    $1, R13
	SUBQ    R14, BX
	JNZ     tblock
	VZEROUPPER
	RET
`)
}

// Row blocks of matVecTUAVX512: tMaxRows rows for n <= tBlockBytes/4/tMaxRows,
// halving as n doubles, down to tMinRows.
const (
	tBlockBytes = 16384
	tMaxRows    = 64
	tMinRows    = 8
)
