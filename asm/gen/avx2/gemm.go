package avx2

import (
	"fmt"
	"strings"

	"github.com/simdrnn/simdrnn/asm/gen/internal/emit"
)

// Gemm returns kernels/gemm_avx2_amd64.s: the avx2 tier's Gemm
// micro-kernels (the gemmKernel contract of kernels/gemm.go), the 6 x 16
// tile gemmKernelAVX2x6x16 and the 4 x 16 tile gemmKernelAVX2x4x16 (their
// register plans and measurements are in kernels/gemm_avx2_amd64.go).
func Gemm() []byte {
	w := new(emit.Writer)
	w.HeaderDoc("amd64", `// Gemm's micro-kernels (the gemmKernel contract in gemm.go; register plans
// and measurements in the .go file beside this one). Every kernel
// prefetches C's tile, zeroes its accumulators, runs k unrolled by 4 (then
// the remaining steps one at a time) and adds the accumulators to C.`)
	gemmTile(w, "gemmKernelAVX2x6x16", 6)
	gemmTile(w, "gemmKernelAVX2x4x16", 4)
	w.Line("")
	return w.Bytes()
}

// The gemm kernels' shape: every tile is mr rows of gemmNV vectors of 8
// columns, and k is unrolled by gemmU.
const (
	gemmNV = 2           // vectors per row of the tile
	gemmVB = 32          // bytes per vector
	gemmU  = 4           // steps of k per iteration of the main loop
	gemmRB = 3           // rows of A per base register (offsets 0, R8, 2*R8)
	gemmNR = gemmNV * 8  // columns of the tile
	gemmPB = gemmNV * 32 // bytes of one row of the tile (and of B's panel)
)

// gemmBases are the base registers of A's rows, one per gemmRB rows.
var gemmBases = []string{"AX", "BX", "R9", "R10", "R11", "R12", "R13", "R14", "R15"}

// gemmRow returns the address of a[r][p] at byte offset off from A's
// current column: the row's base register plus R8 (= 4*lda) times 0, 1, 2.
func gemmRow(r, off int) string {
	o := ""
	if off != 0 {
		o = fmt.Sprint(off)
	}
	return o + "(" + gemmBases[r/gemmRB] + ")" + []string{"", "(R8*1)", "(R8*2)"}[r%gemmRB]
}

// gemmTile writes the mr x 16 kernel name: prefetch of C's tile, zeroed
// accumulators Y0..Y(2mr-1), the k loop unrolled by 4 and its tail, and
// the accumulators' sum into C. B's row goes into the two vectors after the
// accumulators, the broadcasts of a[i][p] rotate through the registers
// after those.
func gemmTile(w *emit.Writer, name string, mr int) {
	nacc := mr * gemmNV
	nb := (mr + gemmRB - 1) / gemmRB
	bases := gemmBases[:nb]
	breg := nacc // b's row p: Y(breg), Y(breg+1)
	var bc []int // the broadcasts
	for r := nacc + gemmNV; r < 16; r++ {
		bc = append(bc, r)
	}
	rows := make([]string, nb)
	firsts := make([]string, nb)
	for i, b := range bases {
		rows[i] = fmt.Sprintf("%s = &a[%d*lda]", b, gemmRB*i)
		firsts[i] = fmt.Sprint(gemmRB * i)
	}
	w.Line(`// func %s(kc int, a *float32, lda int, b, c *float32, ldc int)
//
// c[0:%d][0:%d] += a[0:%d][0:kc] b[0:kc][0:%d]: Y0..Y%d accumulate (row i in
// Y(2i), Y(2i+1)), Y%d, Y%d hold b's row p, Y%d.. the broadcasts of a[i][p].
// %s = rows %s of A (advancing), R8 = 4*lda, DX = b, CX = steps left.`,
		name, mr, gemmNR, mr, gemmNR, nacc-1, nacc, nacc+1, nacc+2,
		strings.Join(bases, ", "), strings.Join(firsts, ", "))
	w.Line("TEXT ·%s(SB), NOSPLIT, $0-48", name)
	w.Line("\tPCALIGN $64")
	w.Line("\tMOVQ kc+0(FP), CX")
	w.Line("\tMOVQ a+8(FP), AX")
	w.Line("\tMOVQ lda+16(FP), R8")
	w.Line("\tSHLQ $2, R8")
	w.Line("\tMOVQ b+24(FP), DX")
	w.Line("\t// Prefetch C's tile, which is read after the k loop.")
	w.Line("\tMOVQ c+32(FP), SI")
	w.Line("\tMOVQ ldc+40(FP), DI")
	w.Line("\tSHLQ $2, DI")
	for i := range mr {
		// The first and last byte of the row, and every cache line between.
		w.Line("\tPREFETCHT0 0(SI)")
		for o := 64; o < gemmPB; o += 64 {
			w.Line("\tPREFETCHT0 %d(SI)", o)
		}
		w.Line("\tPREFETCHT0 %d(SI)", gemmPB-1)
		if i < mr-1 {
			w.Line("\tADDQ DI, SI")
		}
	}
	w.Line("\t// Row bases: %s.", strings.Join(rows, ", "))
	w.Line("\tLEAQ (R8)(R8*2), SI")
	for i := 1; i < nb; i++ {
		w.Line("\tLEAQ (SI)(%s*1), %s", bases[i-1], bases[i])
	}
	w.Line("\t// Zero the accumulators.")
	for i := range nacc {
		w.Line("\tVXORPS Y%d, Y%d, Y%d", i, i, i)
	}
	w.Line("\tSUBQ $%d, CX", gemmU)
	w.Line("\tJL   tail")
	w.Line("\tPCALIGN $32")
	w.Line("")
	w.Line("loop:")
	w.Line("\t// %d steps of k: acc[i][v] += a[i][p] * b[p][v] for p = 0..%d.", gemmU, gemmU-1)

	// step writes step u of the loop: a[i][p] at byte offset aoff, b's row
	// at boff.
	step := func(u, aoff, boff int) {
		for v := range gemmNV {
			w.Line("\tVMOVUPS %d(DX), Y%d", boff+v*gemmVB, breg+v)
		}
		for i := range mr {
			br := bc[(u*mr+i)%len(bc)]
			w.Line("\tVBROADCASTSS %s, Y%d", gemmRow(i, aoff), br)
			for v := range gemmNV {
				w.Line("\tVFMADD231PS Y%d, Y%d, Y%d", breg+v, br, i*gemmNV+v)
			}
		}
	}
	for u := range gemmU {
		step(u, 4*u, u*gemmPB)
	}
	for _, b := range bases {
		w.Line("\tADDQ $%d, %s", 4*gemmU, b)
	}
	w.Line("\tADDQ $%d, DX", gemmU*gemmPB)
	w.Line("\tSUBQ $%d, CX", gemmU)
	w.Line("\tJGE  loop")
	w.Line("")
	w.Line("tail:")
	w.Line("\t// The last kc%%%d steps, one at a time.", gemmU)
	w.Line("\tADDQ $%d, CX", gemmU)
	w.Line("\tJEQ  done")
	w.Line("")
	w.Line("tailloop:")
	step(0, 0, 0)
	for _, b := range bases {
		w.Line("\tADDQ $4, %s", b)
	}
	w.Line("\tADDQ $%d, DX", gemmPB)
	w.Line("\tDECQ CX")
	w.Line("\tJNZ  tailloop")
	w.Line("")
	w.Line("done:")
	w.Line("\t// c[i][v] += acc[i][v], rows ldc apart.")
	w.Line("\tMOVQ c+32(FP), SI")
	w.Line("\tMOVQ ldc+40(FP), DI")
	w.Line("\tSHLQ $2, DI")
	for i := range mr {
		j := i % 3
		if i > 0 && j == 0 {
			w.Line("\tLEAQ (SI)(DI*2), SI")
			w.Line("\tADDQ DI, SI")
		}
		idx := []string{"", "(DI*1)", "(DI*2)"}[j]
		for v := range gemmNV {
			o := ""
			if v > 0 {
				o = fmt.Sprint(v * gemmVB)
			}
			a := i*gemmNV + v
			w.Line("\tVADDPS %s(SI)%s, Y%d, Y%d", o, idx, a, a)
			w.Line("\tVMOVUPS Y%d, %s(SI)%s", a, o, idx)
		}
	}
	w.Line("\tVZEROUPPER")
	w.Line("\tRET")
}
