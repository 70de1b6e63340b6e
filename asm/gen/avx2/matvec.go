package avx2

import (
	"fmt"

	"github.com/simdrnn/simdrnn/asm/gen/internal/emit"
)

// MatVec returns kernels/matvec_avx2_amd64.s, the avx2 MatVec and MatVecT
// kernels: eight-row blocks of FMAs and fifteen strip widths.
func MatVec() []byte {
	w := new(emit.Writer)
	w.Header("amd64")
	w.Line("#define L1ELEMS 16384")
	w.Line("")
	matVec(w)
	matVecT(w)
	return w.Aligned()
}

// matVec emits matVecAVX2, y (+)= W x.
func matVec(w *emit.Writer) {
	w.Line(`// func matVecAVX2(y, w, x []float32, add bool)
//
// Registers: DI y, BX rows left, R14 first row of the current block, SI/R11
// column pointers into rows 0 and 4 of the block, R12 column pointer into x,
// DX x, CX n, R8 row stride in bytes, R9 3*stride, AX columns left, R13 add,
// Y15 tail mask for the last n%%8 columns.
TEXT ·matVecAVX2(SB), NOSPLIT, $0-73
	MOVQ    y_base+0(FP), DI
	MOVQ    y_len+8(FP), BX
	MOVQ    w_base+24(FP), R14
	MOVQ    x_base+48(FP), DX
	MOVQ    x_len+56(FP), CX
	MOVBQZX add+72(FP), R13
	// Y15 = mask of the n%%8 tail columns; R8, R9 = stride, 3*stride.
	MOVQ    CX, AX
	ANDQ    $7, AX
	SHLQ    $2, AX
	LEAQ    ·tailMask+32(SB), R10
	SUBQ    AX, R10
	VMOVDQU (R10), Y15
	MOVQ    CX, R8
	SHLQ    $2, R8
	LEAQ    (R8)(R8*2), R9
	// Eight-row blocks pay when w is at most 64 KiB (the load ports are the limit
	// there); for larger w, which streams from L2 or beyond, four-row blocks
	// are faster (fewer concurrent streams, fewer L1 set conflicts when the
	// row stride is a multiple of 4 KiB).
	CMPQ    w_len+32(FP), $L1ELEMS
	JGT     rows4
`)
	rows8 := []string{"(SI)", "(SI)(R8*1)", "(SI)(R8*2)", "(SI)(R9*1)", "(R11)", "(R11)(R8*1)", "(R11)(R8*2)", "(R11)(R9*1)"}
	w.Line("rows8:")
	w.Line("\t// Eight rows at a time: Y0..Y7 accumulate rows 0..7, sharing each x load.")
	w.Line("\tCMPQ    BX, $8")
	w.Line("\tJLT     rows4")
	w.Line("\tMOVQ    R14, SI")
	w.Line("\tLEAQ    (R14)(R8*4), R11")
	w.Line("\tMOVQ    DX, R12")
	w.Line("\tMOVQ    CX, AX")
	for i := range 8 {
		w.Line("\tVXORPS  Y%d, Y%d, Y%d", i, i, i)
	}
	w.Line("\tSUBQ    $16, AX")
	w.Line("\tJLT     r8one")
	w.Line("")
	w.Line("r8loop:")
	w.Line("\t// Y0..Y7 += w[r, j:j+16] * x[j:j+16] for rows r of the block (two steps).")
	for step := range 2 {
		w.Line("\tVMOVUPS %d(R12), Y8", 32*step)
		for i, a := range rows8 {
			w.Line("\tVFMADD231PS %d%s, Y8, Y%d", 32*step, a, i)
		}
	}
	w.Line("\tADDQ    $64, SI")
	w.Line("\tADDQ    $64, R11")
	w.Line("\tADDQ    $64, R12")
	w.Line("\tSUBQ    $16, AX")
	w.Line("\tJGE     r8loop")
	w.Line("")
	w.Line("r8one:")
	w.Line("\t// One more step of 8 columns if at least 8 are left.")
	w.Line("\tADDQ    $16, AX")
	w.Line("\tCMPQ    AX, $8")
	w.Line("\tJLT     r8tail")
	w.Line("\tVMOVUPS (R12), Y8")
	for i, a := range rows8 {
		w.Line("\tVFMADD231PS %s, Y8, Y%d", a, i)
	}
	w.Line("\tADDQ    $32, SI")
	w.Line("\tADDQ    $32, R11")
	w.Line("\tADDQ    $32, R12")
	w.Line("\tSUBQ    $8, AX")
	w.Line("")
	w.Line("r8tail:")
	w.Line("\t// The last n%%8 columns, masked: masked-off lanes load as zero.")
	w.Line("\tTESTQ   AX, AX")
	w.Line("\tJZ      r8sum")
	w.Line("\tVMASKMOVPS (R12), Y15, Y8")
	for i, a := range rows8 {
		t := 9 + i%6
		w.Line("\tVMASKMOVPS %s, Y15, Y%d", a, t)
		w.Line("\tVFMADD231PS Y%d, Y8, Y%d", t, i)
	}
	w.Line("")
	w.Line(`r8sum:
	// Y0 = the eight row sums, in row order: a transpose-and-add tree
	// (unpack pairs of rows, then pairs of pairs), then the two 128-bit
	// halves of each 4-row partial sum are added.
	VUNPCKLPS  Y1, Y0, Y8
	VUNPCKHPS  Y1, Y0, Y9
	VADDPS     Y9, Y8, Y0
	VUNPCKLPS  Y3, Y2, Y10
	VUNPCKHPS  Y3, Y2, Y11
	VADDPS     Y11, Y10, Y2
	VUNPCKLPS  Y5, Y4, Y12
	VUNPCKHPS  Y5, Y4, Y13
	VADDPS     Y13, Y12, Y4
	VUNPCKLPS  Y7, Y6, Y8
	VUNPCKHPS  Y7, Y6, Y9
	VADDPS     Y9, Y8, Y6
	VUNPCKLPD  Y2, Y0, Y8
	VUNPCKHPD  Y2, Y0, Y9
	VADDPS     Y9, Y8, Y0
	VUNPCKLPD  Y6, Y4, Y10
	VUNPCKHPD  Y6, Y4, Y11
	VADDPS     Y11, Y10, Y4
	VPERM2F128 $0x20, Y4, Y0, Y1
	VPERM2F128 $0x31, Y4, Y0, Y2
	VADDPS     Y2, Y1, Y0
	TESTQ      R13, R13
	JZ         r8store
	VADDPS     (DI), Y0, Y0

r8store:
	// y[i:i+8] = Y0; next block of eight rows.
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	LEAQ    (R14)(R8*8), R14
	SUBQ    $8, BX
	JMP     rows8
`)
	rows4 := rows8[:4]
	w.Line("rows4:")
	w.Line("\t// Four rows at a time: Y0..Y3 and Y4..Y7 accumulate rows 0..3")
	w.Line("\t// on even and odd 8-column steps.")
	w.Line("\tCMPQ    BX, $4")
	w.Line("\tJLT     rows1")
	w.Line("\tMOVQ    R14, SI")
	w.Line("\tMOVQ    DX, R12")
	w.Line("\tMOVQ    CX, AX")
	for i := range 8 {
		w.Line("\tVXORPS  Y%d, Y%d, Y%d", i, i, i)
	}
	w.Line("\tSUBQ    $16, AX")
	w.Line("\tJLT     r4one")
	w.Line("")
	w.Line("r4loop:")
	w.Line("\t// Y0..Y7 += w[r, j:j+16] * x[j:j+16], r = 0..3.")
	w.Line("\tVMOVUPS (R12), Y8")
	w.Line("\tVMOVUPS 32(R12), Y9")
	for i, a := range rows4 {
		w.Line("\tVFMADD231PS %s, Y8, Y%d", a, i)
		w.Line("\tVFMADD231PS 32%s, Y9, Y%d", a, i+4)
	}
	w.Line("\tADDQ    $64, SI")
	w.Line("\tADDQ    $64, R12")
	w.Line("\tSUBQ    $16, AX")
	w.Line("\tJGE     r4loop")
	w.Line("")
	w.Line("r4one:")
	w.Line("\t// One more step of 8 columns if at least 8 are left.")
	w.Line("\tADDQ    $16, AX")
	w.Line("\tCMPQ    AX, $8")
	w.Line("\tJLT     r4tail")
	w.Line("\tVMOVUPS (R12), Y8")
	for i, a := range rows4 {
		w.Line("\tVFMADD231PS %s, Y8, Y%d", a, i)
	}
	w.Line("\tADDQ    $32, SI")
	w.Line("\tADDQ    $32, R12")
	w.Line("\tSUBQ    $8, AX")
	w.Line("")
	w.Line("r4tail:")
	w.Line("\t// The last n%%8 columns, masked.")
	w.Line("\tTESTQ   AX, AX")
	w.Line("\tJZ      r4sum")
	w.Line("\tVMASKMOVPS (R12), Y15, Y8")
	for i, a := range rows4 {
		w.Line("\tVMASKMOVPS %s, Y15, Y%d", a, 9+i)
		w.Line("\tVFMADD231PS Y%d, Y8, Y%d", 9+i, 4+i)
	}
	w.Line(`
r4sum:
	// X0 = the four row sums.
	VADDPS       Y4, Y0, Y0
	VADDPS       Y5, Y1, Y1
	VADDPS       Y6, Y2, Y2
	VADDPS       Y7, Y3, Y3
	VHADDPS      Y1, Y0, Y0
	VHADDPS      Y3, Y2, Y2
	VHADDPS      Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	TESTQ        R13, R13
	JZ           r4store
	VADDPS       (DI), X0, X0

r4store:
	// y[i:i+4] = X0.
	VMOVUPS X0, (DI)
	ADDQ    $16, DI
	LEAQ    (R14)(R8*4), R14
	SUBQ    $4, BX
	JMP     rows4

rows1:
	// One row at a time (at most three): a dot product with four
	// accumulators, 32 columns per step.
	TESTQ   BX, BX
	JZ      done
	MOVQ    R14, SI
	MOVQ    DX, R12
	MOVQ    CX, AX
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3
	SUBQ    $32, AX
	JLT     r1step8

r1loop:
	// Y0..Y3 += w[r, j:j+32] * x[j:j+32].
	VMOVUPS     (R12), Y8
	VMOVUPS     32(R12), Y9
	VMOVUPS     64(R12), Y10
	VMOVUPS     96(R12), Y11
	VFMADD231PS (SI), Y8, Y0
	VFMADD231PS 32(SI), Y9, Y1
	VFMADD231PS 64(SI), Y10, Y2
	VFMADD231PS 96(SI), Y11, Y3
	ADDQ        $128, SI
	ADDQ        $128, R12
	SUBQ        $32, AX
	JGE         r1loop

r1step8:
	// Steps of 8 columns while at least 8 are left.
	ADDQ        $32, AX

r1loop8:
	CMPQ        AX, $8
	JLT         r1tail
	VMOVUPS     (R12), Y8
	VFMADD231PS (SI), Y8, Y0
	ADDQ        $32, SI
	ADDQ        $32, R12
	SUBQ        $8, AX
	JMP         r1loop8

r1tail:
	// The last n%%8 columns, masked.
	TESTQ       AX, AX
	JZ          r1sum
	VMASKMOVPS  (R12), Y15, Y8
	VMASKMOVPS  (SI), Y15, Y9
	VFMADD231PS Y9, Y8, Y1

r1sum:
	// X0 = horizontal sum of Y0..Y3 (+ y[i]); y[i] = X0.
	VADDPS       Y1, Y0, Y0
	VADDPS       Y3, Y2, Y2
	VADDPS       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VADDPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VADDSS       X1, X0, X0
	TESTQ        R13, R13
	JZ           r1store
	VADDSS       (DI), X0, X0

r1store:
	VMOVSS X0, (DI)
	ADDQ   $4, DI
	ADDQ   R8, R14
	DECQ   BX
	JMP    rows1

done:
	VZEROUPPER
	RET
`)
}

// sets[K] is the number of register sets (rows i mod S) for a pass of K
// vectors: enough for at least 8 FMA chains within 16 registers.
var sets = map[int]int{1: 8, 2: 4, 3: 4, 4: 2, 5: 2, 6: 2, 7: 2}

// matVecT emits matVecTAVX2, y (+)= W^T x.
func matVecT(w *emit.Writer) {
	w.Line(`// func matVecTAVX2(y, w, x []float32, add bool)
//
// Registers: DI y, CX n, SI first row of the current row block, DX x at that
// row, BX rows left, R14 rows in the block, R13 = 1 when y is to be loaded
// (add, or any block after the first), R8 row stride in bytes, R10 byte
// offset of the current strip of columns, R9 byte offset (from the strip)
// of its last vector, AX/R12/R11 w pointer, x pointer and row counter of
// the row loop, Y15 = broadcast x[i].
TEXT ·matVecTAVX2(SB), NOSPLIT, $0-73
	MOVQ    y_base+0(FP), DI
	MOVQ    y_len+8(FP), CX
	MOVQ    w_base+24(FP), SI
	MOVQ    x_base+48(FP), DX
	MOVQ    x_len+56(FP), BX
	MOVBQZX add+72(FP), R13
	MOVQ    CX, R8
	SHLQ    $2, R8
	CMPQ    CX, $8
	JLT     tsmall
	// R15 = rows per block: about 16 KiB of w, at least 8 rows. A block's
	// strips then re-read lines still in L1, and large matrices are read in
	// eight sequential streams.
	MOVQ    $64, R15
	CMPQ    CX, $64
	JLE     tblock
	MOVQ    $32, R15
	CMPQ    CX, $128
	JLE     tblock
	MOVQ    $16, R15
	CMPQ    CX, $256
	JLE     tblock
	MOVQ    $8, R15

tblock:
	// R14 = rows in this block = min(rows left, R15); strips start at column 0.
	MOVQ    R15, R14
	CMPQ    BX, R14
	CMOVQLT BX, R14
	XORQ    R10, R10

tstrip:
	// AX = bytes of y left from the strip. At least 120 columns left: a
	// full strip of 64; otherwise one last pass over all of them (8..119
	// columns) with K = ceil(left/8) <= 15 accumulators whose last vector
	// ends at column n: it overlaps the one before it, and both are computed
	// from the same y values in the same order, so the overlap is stored
	// twice, identically.
	MOVQ    R8, AX
	SUBQ    R10, AX
	JLE     tnext
	MOVQ    $96, R9
	CMPQ    AX, $480
	JGE     tk8
	LEAQ    -160(AX), R9
	ADDQ    $31, AX
	SHRQ    $5, AX`)
	for k := 1; k < 15; k++ {
		w.Line("\tCMPQ    AX, $%d", k)
		w.Line("\tJEQ     tk%d", k)
	}
	w.Line("\tJMP     tk15")
	w.Line("")
	w.Line("// tk15 .. tk1: one pass over the block's rows with K = 15 .. 1 accumulators")
	w.Line("// (Y0..Y(K-1)); the fifteen copies differ only in K. Vector v < K-1 is at")
	w.Line("// byte 32*v of the strip, the last one at R9 (both relative to a pointer")
	w.Line("// 128 bytes into the strip, so that vectors 0..7 have 8-bit displacements).")
	w.Line("// tk8 is also the full strip.")
	for K := 15; K >= 1; K-- {
		S := max(1, sets[K])
		addr := func(v int, base string) string {
			if v == K-1 {
				return fmt.Sprintf("(%s)(R9*1)", base)
			}
			return fmt.Sprintf("%d(%s)", 32*v-128, base)
		}
		acc := func(set, v int) string { return fmt.Sprintf("Y%d", set*K+v) }
		w.Line("")
		w.Line("tk%d:", K)
		if S == 1 {
			w.Line("\t// %d accumulators: start from y (R13 != 0) or zero.", K)
		} else {
			w.Line("\t// %d accumulators per set, %d sets (rows i mod %d) so that %d FMA", K, S, S, S*K)
			w.Line("\t// chains hide the latency; set 0 starts from y (R13 != 0) or zero.")
		}
		w.Line("\tLEAQ    128(DI)(R10*1), R12")
		w.Line("\tTESTQ   R13, R13")
		w.Line("\tJZ      tk%dzero", K)
		for v := range K {
			w.Line("\tVMOVUPS %s, Y%d", addr(v, "R12"), v)
		}
		w.Line("\tJMP     tk%drows", K)
		w.Line("")
		w.Line("tk%dzero:", K)
		for v := range K {
			w.Line("\tVXORPS  Y%d, Y%d, Y%d", v, v, v)
		}
		w.Line("")
		w.Line("tk%drows:", K)
		for set := 1; set < S; set++ {
			for v := range K {
				a := acc(set, v)
				w.Line("\tVXORPS  %s, %s, %s", a, a, a)
			}
		}
		w.Line("\tLEAQ    128(SI)(R10*1), AX")
		w.Line("\tMOVQ    DX, R12")
		w.Line("\tMOVQ    R14, R11")
		if S > 1 {
			w.Line("\tCMPQ    R11, $%d", S)
			w.Line("\tJLT     tk%done", K)
			w.Line("")
			w.Line("tk%dloop%d:", K, S)
			w.Line("\t// Set s += x[i+s] * w[i+s, strip], s = 0..%d.", S-1)
			for set := range S {
				b := fmt.Sprintf("Y%d", 15-set)
				w.Line("\tVBROADCASTSS %d(R12), %s", 4*set, b)
				for v := range K {
					w.Line("\tVFMADD231PS %s, %s, %s", addr(v, "AX"), b, acc(set, v))
				}
				w.Line("\tADDQ    R8, AX")
			}
			w.Line("\tADDQ    $%d, R12", 4*S)
			w.Line("\tSUBQ    $%d, R11", S)
			w.Line("\tCMPQ    R11, $%d", S)
			w.Line("\tJGE     tk%dloop%d", K, S)
			w.Line("")
			w.Line("tk%done:", K)
			w.Line("\t// The last rows mod %d, one at a time into set 0.", S)
			w.Line("\tTESTQ   R11, R11")
			w.Line("\tJZ      tk%dsum", K)
			w.Line("")
		}
		w.Line("tk%dloop:", K)
		w.Line("\t// Y0..Y%d += x[i] * w[i, strip] for each row i of the block.", K-1)
		w.Line("\tVBROADCASTSS (R12), Y15")
		for v := range K {
			w.Line("\tVFMADD231PS %s, Y15, Y%d", addr(v, "AX"), v)
		}
		w.Line("\tADDQ    R8, AX")
		w.Line("\tADDQ    $4, R12")
		w.Line("\tDECQ    R11")
		w.Line("\tJNZ     tk%dloop", K)
		if S > 1 {
			w.Line("")
			w.Line("tk%dsum:", K)
			w.Line("\t// Set 0 += the other sets (pairwise tree).")
			for step := 1; step < S; step *= 2 {
				for a := 0; a < S; a += 2 * step {
					for v := range K {
						w.Line("\tVADDPS  %s, %s, %s", acc(a+step, v), acc(a, v), acc(a, v))
					}
				}
			}
		}
		w.Line("\t// Store the strip, its last (possibly overlapping) vector last.")
		w.Line("\tLEAQ    128(DI)(R10*1), R12")
		for v := range K {
			w.Line("\tVMOVUPS Y%d, %s", v, addr(v, "R12"))
		}
		if K == 8 {
			w.Line("\tADDQ    $256, R10")
			w.Line("\tJMP     tstrip")
		} else {
			w.Line("\tJMP     tnext")
		}
	}
	w.Line(`
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

tsmall:
	// n < 8: one masked vector (Y14 = mask of n lanes) for all rows, with
	// rows i mod 4 in Y0..Y3 (four FMA chains); Y0 starts from y or zero.
	MOVQ       CX, AX
	SHLQ       $2, AX
	LEAQ       ·tailMask+32(SB), R10
	SUBQ       AX, R10
	VMOVDQU    (R10), Y14
	LEAQ       (R8)(R8*2), R9
	VXORPS     Y0, Y0, Y0
	VXORPS     Y1, Y1, Y1
	VXORPS     Y2, Y2, Y2
	VXORPS     Y3, Y3, Y3
	TESTQ      R13, R13
	JZ         tsrows
	VMASKMOVPS (DI), Y14, Y0

tsrows:
	CMPQ       BX, $4
	JLT        tsone

tsloop4:
	// Y(s) += x[i+s] * w[i+s, 0:n], s = 0..3.
	VBROADCASTSS (DX), Y15
	VMASKMOVPS   (SI), Y14, Y4
	VFMADD231PS  Y4, Y15, Y0
	VBROADCASTSS 4(DX), Y13
	VMASKMOVPS   (SI)(R8*1), Y14, Y5
	VFMADD231PS  Y5, Y13, Y1
	VBROADCASTSS 8(DX), Y12
	VMASKMOVPS   (SI)(R8*2), Y14, Y6
	VFMADD231PS  Y6, Y12, Y2
	VBROADCASTSS 12(DX), Y11
	VMASKMOVPS   (SI)(R9*1), Y14, Y7
	VFMADD231PS  Y7, Y11, Y3
	LEAQ         (SI)(R8*4), SI
	ADDQ         $16, DX
	SUBQ         $4, BX
	CMPQ         BX, $4
	JGE          tsloop4

tsone:
	// The last rows mod 4 into Y0.
	TESTQ        BX, BX
	JZ           tssum

tsloop:
	// Y0 += x[i] * w[i, 0:n].
	VBROADCASTSS (DX), Y15
	VMASKMOVPS   (SI), Y14, Y4
	VFMADD231PS  Y4, Y15, Y0
	ADDQ         R8, SI
	ADDQ         $4, DX
	DECQ         BX
	JNZ          tsloop

tssum:
	// y[0:n] = (Y0+Y1) + (Y2+Y3), masked.
	VADDPS       Y1, Y0, Y0
	VADDPS       Y3, Y2, Y2
	VADDPS       Y2, Y0, Y0
	VMASKMOVPS   Y0, Y14, (DI)
	VZEROUPPER
	RET`)
}
