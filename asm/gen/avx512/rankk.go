package avx512

import "fmt"

// Block shape: rb rows x cb vectors of 16 columns, rb*cb accumulators
// (Z0..Z23), cb registers for Y (Z24..Z27), two for broadcasts of X (Z28,
// Z29) and alpha (Z31).
const (
	rb = 6
	cb = 4
)

// RankK returns kernels/rankk_avx512_amd64.s, the avx512 tier's GerK
// kernel: blocks of up to rb rows x cb vectors of 16 columns keep their
// sums in registers over all k steps, one copy of the loop per block shape
// (rows 1..rb, vectors 1..cb, the last vector of a row masked or not).
func RankK() []byte {
	var g gen
	g.Header("amd64")
	g.gerK()
	return g.Aligned()
}

// gerK emits gerKAVX512.
func (g *gen) gerK() {
	g.Line(`// func gerKAVX512(w []float32, alpha float32, x, y []float32, rows, n, k, ldx, ldw int)
//
// DI = &w[i0*ldw], SI = &x[i0], DX = &y[0], R8 = 4*ldx, R9 = 4*n (Y's row
// stride), R10 = k, R11 = rows left, R12 = column offset j in bytes, R13 =
// 4*ldw (W's row stride), R15 = rows in the current block. AX, BX, CX walk
// X, Y and t inside a block, then AX walks W's rows. K1 masks the last
// vector of each row ((n-1)%%16 + 1 columns). Z31 = alpha.
TEXT ·gerKAVX512(SB), NOSPLIT, $0-120
	MOVQ         w_base+0(FP), DI
	VBROADCASTSS alpha+24(FP), Z31
	MOVQ         x_base+32(FP), SI
	MOVQ         y_base+56(FP), DX
	MOVQ         rows+80(FP), R11
	MOVQ         n+88(FP), R9
	MOVQ         k+96(FP), R10
	MOVQ         ldx+104(FP), R8
	SHLQ         $2, R8
	MOVQ         ldw+112(FP), R13
	SHLQ         $2, R13
	// K1 = (1 << ((n-1)%%16 + 1)) - 1
	LEAQ         -1(R9), CX
	ANDQ         $15, CX
	INCQ         CX
	MOVL         $1, AX
	SHLL         CX, AX
	DECL         AX
	KMOVW        AX, K1
	SHLQ         $2, R9

rowblock:
	// R15 = rows in this block = min(rows left, %d); columns from 0.
	MOVQ    $%d, R15
	CMPQ    R11, R15
	CMOVQLT R11, R15
	XORQ    R12, R12`, rb, rb)
	for r := 1; r < rb; r++ {
		g.Line("\tCMPQ    R15, $%d", r)
		g.Line("\tJEQ     r%d", r)
	}
	g.Line("\tJMP     r%d", rb)
	g.Line("")
	g.Line(`nextrows:
	// Next block of rows.
	MOVQ  R15, AX
	IMULQ R13, AX
	ADDQ  AX, DI
	LEAQ  (SI)(R15*4), SI
	SUBQ  R15, R11
	JNZ   rowblock
	VZEROUPPER
	RET`)
	for r := rb; r >= 1; r-- {
		g.Line("")
		g.Line("r%d:", r)
		g.Line("\t// Blocks of %d rows: CX = bytes of the row left from column j. More", r)
		g.Line("\t// than %d vectors left: a full block of %d; otherwise the last block,", cb, cb)
		g.Line("\t// of ceil(left/16) vectors, its last one masked.")
		g.Line("\tMOVQ    R9, CX")
		g.Line("\tSUBQ    R12, CX")
		g.Line("\tCMPQ    CX, $%d", 64*cb)
		g.Line("\tJGT     r%dc%dfull", r, cb)
		g.Line("\tADDQ    $63, CX")
		g.Line("\tSHRQ    $6, CX")
		for c := 1; c < cb; c++ {
			g.Line("\tCMPQ    CX, $%d", c)
			g.Line("\tJEQ     r%dc%d", r, c)
		}
		g.Line("\tJMP     r%dc%d", r, cb)
		g.block(r, cb, false)
		for c := cb; c >= 1; c-- {
			g.block(r, c, true)
		}
	}
}

// block emits the loop for a block of r rows x c vectors; masked makes the
// last vector of each row masked by K1 and ends the row block.
func (g *gen) block(r, c int, masked bool) {
	name := fmt.Sprintf("r%dc%d", r, c)
	if !masked {
		name += "full"
	}
	acc := func(q, v int) string { return fmt.Sprintf("Z%d", q*c+v) }
	m := func(v string, vec int) string {
		if masked && vec == c-1 {
			return v + ", K1"
		}
		return v
	}
	g.Line("")
	g.Line("%s:", name)
	g.Line("\t// %d x %d vectors: accumulate sum_t x_t[i] * y_t[j:j+%d] over all k steps.", r, c, 16*c)
	g.Line("\tMOVQ    SI, AX")
	g.Line("\tLEAQ    (DX)(R12*1), BX")
	g.Line("\tMOVQ    R10, CX")
	for q := range r {
		for v := range c {
			a := acc(q, v)
			g.Line("\tVXORPS  %s, %s, %s", a, a, a)
		}
	}
	g.Line("")
	g.Line("%sloop:", name)
	for v := range c {
		if masked && v == c-1 {
			g.Line("\tVMOVUPS.Z %d(BX), K1, Z%d", 64*v, 24+v)
		} else {
			g.Line("\tVMOVUPS %d(BX), Z%d", 64*v, 24+v)
		}
	}
	for q := range r {
		b := fmt.Sprintf("Z%d", 28+q%2)
		g.Line("\tVBROADCASTSS %d(AX), %s", 4*q, b)
		for v := range c {
			g.Line("\tVFMADD231PS Z%d, %s, %s", 24+v, b, acc(q, v))
		}
	}
	g.Line("\tADDQ    R8, AX")
	g.Line("\tADDQ    R9, BX")
	g.Line("\tDECQ    CX")
	g.Line("\tJNZ     %sloop", name)
	g.Line("\t// W[i+q][j:j+%d] += alpha * sums.", 16*c)
	g.Line("\tLEAQ    (DI)(R12*1), AX")
	for q := range r {
		for v := range c {
			t := fmt.Sprintf("Z%d", 24+v)
			if masked && v == c-1 {
				g.Line("\tVMOVUPS.Z %d(AX), K1, %s", 64*v, t)
			} else {
				g.Line("\tVMOVUPS %d(AX), %s", 64*v, t)
			}
			g.Line("\tVFMADD231PS %s, Z31, %s", acc(q, v), t)
			g.Line("\tVMOVUPS %s, %d(AX)", m(t, v), 64*v)
		}
		if q < r-1 {
			g.Line("\tADDQ    R13, AX")
		}
	}
	if masked {
		g.Line("\tJMP     nextrows")
	} else {
		g.Line("\tADDQ    $%d, R12", 64*c)
		g.Line("\tJMP     r%d", r)
	}
}
