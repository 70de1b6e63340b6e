package matvec512

import "fmt"

// maxK is the most vectors of 16 columns one pass of matVecTAVX512 holds:
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

// pass emits one pass of matVecTAVX512 over the block's rows with K
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
	g.e("")
	g.e("%s:", name)
	if S == 1 {
		g.e("\t// %d accumulators: start from y (R13 != 0) or zero.", K)
	} else {
		g.e("\t// %d accumulators per set, %d sets (rows i mod %d) so that %d FMA", K, S, S, S*K)
		g.e("\t// chains hide the latency; set 0 starts from y (R13 != 0) or zero.")
	}
	g.e("\tLEAQ    (DI)(R10*1), R12")
	g.e("\tTESTQ   R13, R13")
	g.e("\tJZ      %szero", name)
	for v := range K {
		if masked && v == K-1 {
			g.e("\tVMOVUPS.Z %s, K1, Z%d", addr(v, "R12"), v)
		} else {
			g.e("\tVMOVUPS %s, Z%d", addr(v, "R12"), v)
		}
	}
	g.e("\tJMP     %srows", name)
	g.e("")
	g.e("%szero:", name)
	for v := range K {
		g.e("\tVXORPS  Z%d, Z%d, Z%d", v, v, v)
	}
	g.e("")
	g.e("%srows:", name)
	for set := 1; set < S; set++ {
		for v := range K {
			a := acc(set, v)
			g.e("\tVXORPS  %s, %s, %s", a, a, a)
		}
	}
	g.e("\tLEAQ    (SI)(R10*1), AX")
	g.e("\tMOVQ    DX, R12")
	g.e("\tMOVQ    R14, R11")
	if S > 1 {
		g.e("\tCMPQ    R11, $%d", S)
		g.e("\tJLT     %sone", name)
		g.e("")
		g.e("%sloop%d:", name, S)
		g.e("\t// Set s += x[i+s] * w[i+s, strip], s = 0..%d.", S-1)
		for set := range S {
			b := fmt.Sprintf("Z%d", 31-set)
			g.e("\tVBROADCASTSS %d(R12), %s", 4*set, b)
			for v := range K {
				g.e("\tVFMADD231PS %s, %s, %s%s", addr(v, "AX"), b, mask(v), acc(set, v))
			}
			g.e("\tADDQ    R8, AX")
		}
		g.e("\tADDQ    $%d, R12", 4*S)
		g.e("\tSUBQ    $%d, R11", S)
		g.e("\tCMPQ    R11, $%d", S)
		g.e("\tJGE     %sloop%d", name, S)
		g.e("")
		g.e("%sone:", name)
		g.e("\t// The last rows mod %d, one at a time into set 0.", S)
		g.e("\tTESTQ   R11, R11")
		g.e("\tJZ      %ssum", name)
		g.e("")
	}
	g.e("%sloop:", name)
	g.e("\t// Z0..Z%d += x[i] * w[i, strip] for each row i of the block.", K-1)
	g.e("\tVBROADCASTSS (R12), Z31")
	for v := range K {
		g.e("\tVFMADD231PS %s, Z31, %s%s", addr(v, "AX"), mask(v), acc(0, v))
	}
	g.e("\tADDQ    R8, AX")
	g.e("\tADDQ    $4, R12")
	g.e("\tDECQ    R11")
	g.e("\tJNZ     %sloop", name)
	if S > 1 {
		g.e("")
		g.e("%ssum:", name)
		g.e("\t// Set 0 += the other sets (pairwise tree).")
		for step := 1; step < S; step *= 2 {
			for a := 0; a+step < S; a += 2 * step {
				for v := range K {
					g.e("\tVADDPS  %s, %s, %s", acc(a+step, v), acc(a, v), acc(a, v))
				}
			}
		}
	}
	g.e("\t// Store the strip.")
	g.e("\tLEAQ    (DI)(R10*1), R12")
	for v := range K {
		g.e("\tVMOVUPS Z%d, %s%s", v, mask(v), addr(v, "R12"))
	}
	if masked {
		g.e("\tJMP     tnext")
	} else {
		g.e("\tADDQ    $%d, R10", 64*K)
		g.e("\tJMP     tstrip")
	}
}

func (g *gen) matVecT() {
	g.e(`// func matVecTUAVX512(y, w, x []float32, add bool)
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
	g.e("\t// R15 = rows per block: about %d KiB of w, at least %d rows. A block's", tBlockBytes/1024, tMinRows)
	g.e("\t// strips then re-read lines still in L1, and large matrices are read in")
	g.e("\t// a few sequential streams.")
	g.e("\tMOVQ    $%d, R15", tMaxRows)
	for r := tMaxRows; r > tMinRows; r /= 2 {
		g.e("\tCMPQ    CX, $%d", tBlockBytes/4/r)
		g.e("\tJLE     tblock")
		g.e("\tMOVQ    $%d, R15", r/2)
	}
	g.e(`
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
		g.e("\tCMPQ    AX, $%d", k)
		g.e("\tJEQ     tk%d", k)
	}
	g.e("\tJMP     tk%d", maxK)
	g.e("")
	g.e("// tfull: a full strip of %d vectors; tk%d .. tk1: the last pass, with K = %d .. 1", fullK, maxK, maxK)
	g.e("// accumulators (Z0..Z(K-1)), the last one masked; the copies differ only in K.")
	g.pass("tfull", fullK, false)
	for K := maxK; K >= 1; K-- {
		g.pass(fmt.Sprintf("tk%d", K), K, true)
	}
	g.e(`
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

// Row blocks of matVecTAVX512: tMaxRows rows for n <= tBlockBytes/4/tMaxRows,
// halving as n doubles, down to tMinRows.
const (
	tBlockBytes = 16384
	tMaxRows    = 64
	tMinRows    = 8
)
