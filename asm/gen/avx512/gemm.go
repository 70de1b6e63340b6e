package avx512

import (
	"fmt"
	"strings"
)

// Gemm returns kernels/gemm_avx512_amd64.s: the avx512 tier's Gemm
// micro-kernels (the gemmKernel contract of kernels/gemm.go), the mr x 32
// tiles gemmKernelAVX512x12x32, x8x32 and x4x32, and the mr x 16 tiles
// gemmKernelAVX512x12x16p and x4x16p that read B's rows in pairs (their
// register plans and measurements are in kernels/gemm_avx512_amd64.go).
func Gemm() []byte {
	g := new(gen)
	g.HeaderDoc("amd64", `// Gemm's micro-kernels (the gemmKernel contract in gemm.go; register plans
// and measurements in the .go file beside this one). Every kernel
// prefetches C's tile, zeroes its accumulators, runs k unrolled by 4 (then
// the remaining steps one at a time) and adds the accumulators to C.`)
	g.gemmTile("gemmKernelAVX512x12x32", 12)
	g.gemmTile("gemmKernelAVX512x8x32", 8)
	g.gemmTile("gemmKernelAVX512x4x32", 4)
	g.gemmPairTile("gemmKernelAVX512x12x16p", 12)
	g.gemmPairTile("gemmKernelAVX512x4x16p", 4)
	g.Line("")
	return g.Bytes()
}

// The gemm kernels' shape: a tile's row i is gemmNV vectors of 16 lanes in
// the accumulators Z(2i), Z(2i+1), and k is unrolled by gemmU (in steps of
// k for the mr x 32 tiles, in pairs of steps for the mr x 16 ones).
const (
	gemmNV = 2           // vectors per row of the tile
	gemmVB = 64          // bytes per vector
	gemmU  = 4           // iterations of a step (or pair) of k per loop
	gemmRB = 3           // rows of A per base register (offsets 0, R8, 2*R8)
	gemmNR = gemmNV * 16 // columns of the mr x 32 tiles
	gemmPB = gemmNV * 64 // bytes of one row of the tile (and of B's panel), or of a pair of rows of the mr x 16 ones
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

// gemmRows returns the base registers of an mr-row tile, the comment that
// says which rows they point to, and the list of those rows.
func gemmRows(mr int) (bases []string, comment, firsts string) {
	nb := (mr + gemmRB - 1) / gemmRB
	bases = gemmBases[:nb]
	c := make([]string, nb)
	f := make([]string, nb)
	for i, b := range bases {
		c[i] = fmt.Sprintf("%s = &a[%d*lda]", b, gemmRB*i)
		f[i] = fmt.Sprint(gemmRB * i)
	}
	return bases, strings.Join(c, ", "), strings.Join(f, ", ")
}

// gemmRowBases writes the computation of the base registers of A's rows.
func (g *gen) gemmRowBases(bases []string, comment string) {
	g.Line("\t// Row bases: %s.", comment)
	g.Line("\tLEAQ (R8)(R8*2), SI")
	for i := 1; i < len(bases); i++ {
		g.Line("\tLEAQ (SI)(%s*1), %s", bases[i-1], bases[i])
	}
}

// gemmCRow returns the address of C's row i with SI at rows 0, 3, 6, ...
// and DI = 4*ldc ("(SI)", "(SI)(DI*1)", "(SI)(DI*2)", after a byte offset
// if any), and writes the step of SI to the next 3 rows before rows 3, 6, ...
func (g *gen) gemmCRow(i int) string {
	j := i % 3
	if i > 0 && j == 0 {
		g.Line("\tLEAQ (SI)(DI*2), SI")
		g.Line("\tADDQ DI, SI")
	}
	return "(SI)" + []string{"", "(DI*1)", "(DI*2)"}[j]
}

// gemmTile writes the mr x 32 kernel name: prefetch of C's tile, zeroed
// accumulators Z0..Z(2mr-1), the k loop unrolled by 4 and its tail, and
// the accumulators' sum into C. B's row goes into the two vectors after the
// accumulators, the broadcasts of a[i][p] rotate through the registers
// after those (so that the loads run ahead of the FMAs).
func (g *gen) gemmTile(name string, mr int) {
	nacc := mr * gemmNV
	bases, rowsComment, firsts := gemmRows(mr)
	breg := nacc // b's row p: Z(breg), Z(breg+1)
	var bc []int // the broadcasts
	for r := nacc + gemmNV; r < 32; r++ {
		bc = append(bc, r)
	}
	g.Line(`// func %s(kc int, a *float32, lda int, b, c *float32, ldc int)
//
// c[0:%d][0:%d] += a[0:%d][0:kc] b[0:kc][0:%d]: Z0..Z%d accumulate (row i in
// Z(2i), Z(2i+1)), Z%d, Z%d hold b's row p, Z%d.. the broadcasts of a[i][p].
// %s = rows %s of A (advancing), R8 = 4*lda, DX = b, CX = steps left.`,
		name, mr, gemmNR, mr, gemmNR, nacc-1, nacc, nacc+1, nacc+2,
		strings.Join(bases, ", "), firsts)
	g.Line("TEXT ·%s(SB), NOSPLIT, $0-48", name)
	g.Line("\tPCALIGN $64")
	g.Line("\tMOVQ kc+0(FP), CX")
	g.Line("\tMOVQ a+8(FP), AX")
	g.Line("\tMOVQ lda+16(FP), R8")
	g.Line("\tSHLQ $2, R8")
	g.Line("\tMOVQ b+24(FP), DX")
	g.Line("\t// Prefetch C's tile, which is read after the k loop.")
	g.Line("\tMOVQ c+32(FP), SI")
	g.Line("\tMOVQ ldc+40(FP), DI")
	g.Line("\tSHLQ $2, DI")
	for i := range mr {
		// The first and last byte of the row, and every cache line between.
		g.Line("\tPREFETCHT0 0(SI)")
		for o := 64; o < gemmPB; o += 64 {
			g.Line("\tPREFETCHT0 %d(SI)", o)
		}
		g.Line("\tPREFETCHT0 %d(SI)", gemmPB-1)
		if i < mr-1 {
			g.Line("\tADDQ DI, SI")
		}
	}
	g.gemmRowBases(bases, rowsComment)
	g.Line("\t// Zero the accumulators.")
	for i := range nacc {
		g.Line("\tVXORPS Z%d, Z%d, Z%d", i, i, i)
	}
	g.Line("\tSUBQ $%d, CX", gemmU)
	g.Line("\tJL   tail")
	g.Line("\tPCALIGN $32")
	g.Line("")
	g.Line("loop:")
	g.Line("\t// %d steps of k: acc[i][v] += a[i][p] * b[p][v] for p = 0..%d.", gemmU, gemmU-1)

	// step writes step u of the loop: a[i][p] at byte offset aoff, b's row
	// at boff.
	step := func(u, aoff, boff int) {
		for v := range gemmNV {
			g.Line("\tVMOVUPS %d(DX), Z%d", boff+v*gemmVB, breg+v)
		}
		for i := range mr {
			br := bc[(u*mr+i)%len(bc)]
			g.Line("\tVBROADCASTSS %s, Z%d", gemmRow(i, aoff), br)
			for v := range gemmNV {
				g.Line("\tVFMADD231PS Z%d, Z%d, Z%d", breg+v, br, i*gemmNV+v)
			}
		}
	}
	for u := range gemmU {
		step(u, 4*u, u*gemmPB)
	}
	for _, b := range bases {
		g.Line("\tADDQ $%d, %s", 4*gemmU, b)
	}
	g.Line("\tADDQ $%d, DX", gemmU*gemmPB)
	g.Line("\tSUBQ $%d, CX", gemmU)
	g.Line("\tJGE  loop")
	g.Line("")
	g.Line("tail:")
	g.Line("\t// The last kc%%%d steps, one at a time.", gemmU)
	g.Line("\tADDQ $%d, CX", gemmU)
	g.Line("\tJEQ  done")
	g.Line("")
	g.Line("tailloop:")
	step(0, 0, 0)
	for _, b := range bases {
		g.Line("\tADDQ $4, %s", b)
	}
	g.Line("\tADDQ $%d, DX", gemmPB)
	g.Line("\tDECQ CX")
	g.Line("\tJNZ  tailloop")
	g.Line("")
	g.Line("done:")
	g.Line("\t// c[i][v] += acc[i][v], rows ldc apart.")
	g.Line("\tMOVQ c+32(FP), SI")
	g.Line("\tMOVQ ldc+40(FP), DI")
	g.Line("\tSHLQ $2, DI")
	for i := range mr {
		row := g.gemmCRow(i)
		for v := range gemmNV {
			c := row
			if v > 0 {
				c = fmt.Sprint(v*gemmVB) + row
			}
			a := i*gemmNV + v
			g.Line("\tVADDPS %s, Z%d, Z%d", c, a, a)
			g.Line("\tVMOVUPS Z%d, %s", a, c)
		}
	}
	g.Line("\tVZEROUPPER")
	g.Line("\tRET")
}

// gemmPairTile writes the mr x 16 kernel name of the kpair layout: B's
// panel holds its rows in pairs, interleaved (b[p][j], b[p+1][j] side by
// side, see kernels/gemm.go), so that one 64-bit broadcast of a[i][p:p+2]
// feeds the FMAs of two steps of k. Row i accumulates in Z(2i) (columns
// 0..7, each for both steps of the pair) and Z(2i+1) (columns 8..15); at
// the end VPERMT2PS separates the even lanes from the odd ones and their
// sum goes into C. The k loop runs over pairs, unrolled by 4, then the
// remaining pairs one at a time, then an odd kc's last step (its pair's
// second row of B is zero) with a 32-bit broadcast.
func (g *gen) gemmPairTile(name string, mr int) {
	nacc := mr * gemmNV
	bases, rowsComment, firsts := gemmRows(mr)
	breg := nacc // a pair of b's rows: Z(breg), Z(breg+1)
	var bc []int // the broadcasts, then the temporaries of the sums
	for r := nacc + gemmNV; r < 32; r++ {
		bc = append(bc, r)
	}
	g.Line(`// func %s(kc int, a *float32, lda int, b, c *float32, ldc int)
//
// c[0:%d][0:16] += a[0:%d][0:kc] b[0:kc][0:16], b's rows in pairs (gemmKernel.kpair):
// Z0..Z%d accumulate (row i in Z(2i): columns 0..7 x 2 steps, Z(2i+1): 8..15),
// Z%d, Z%d hold a pair of b's rows, Z%d.. the 64-bit broadcasts of a[i][p:p+2].
// %s = rows %s of A (advancing), R8 = 4*lda, DX = b, CX = pairs left,
// DI = kc%%2.`,
		name, mr, mr, nacc-1, nacc, nacc+1, nacc+2, strings.Join(bases, ", "), firsts)
	g.Line("TEXT ·%s(SB), NOSPLIT, $0-48", name)
	g.Line("\tPCALIGN $64")
	g.Line("\t// Prefetch C's tile, which is read after the k loop.")
	g.Line("\tMOVQ c+32(FP), SI")
	g.Line("\tMOVQ ldc+40(FP), DI")
	g.Line("\tSHLQ $2, DI")
	for i := range mr {
		g.Line("\tPREFETCHT0 (SI)")
		g.Line("\tPREFETCHT0 63(SI)")
		if i < mr-1 {
			g.Line("\tADDQ DI, SI")
		}
	}
	g.Line("\tMOVQ kc+0(FP), CX")
	g.Line("\tMOVQ a+8(FP), AX")
	g.Line("\tMOVQ lda+16(FP), R8")
	g.Line("\tSHLQ $2, R8")
	g.Line("\tMOVQ b+24(FP), DX")
	g.gemmRowBases(bases, rowsComment)
	g.Line("\t// Zero the accumulators.")
	for i := range nacc {
		g.Line("\tVXORPS Z%d, Z%d, Z%d", i, i, i)
	}
	g.Line("\t// DI = kc%%2 (the last, unpaired step), CX = kc/2 pairs.")
	g.Line("\tMOVQ CX, DI")
	g.Line("\tANDQ $1, DI")
	g.Line("\tSHRQ $1, CX")
	g.Line("\tSUBQ $%d, CX", gemmU)
	g.Line("\tJL   tail")
	g.Line("\tPCALIGN $32")
	g.Line("")
	g.Line("loop:")
	g.Line("\t// %d pairs of k steps: acc[i][v] lanes 2j+q += a[i][p+q] * b[p+q][8v+j].", gemmU)

	// step writes pair u of the loop: a[i][p:p+2] at byte offset aoff
	// (broadcast by ins), b's pair of rows at boff.
	step := func(u, aoff, boff int, ins string) {
		for v := range gemmNV {
			g.Line("\tVMOVUPS %d(DX), Z%d", boff+v*gemmVB, breg+v)
		}
		for i := range mr {
			br := bc[(u*mr+i)%len(bc)]
			g.Line("\t%s %s, Z%d", ins, gemmRow(i, aoff), br)
			for v := range gemmNV {
				g.Line("\tVFMADD231PS Z%d, Z%d, Z%d", breg+v, br, i*gemmNV+v)
			}
		}
	}
	for u := range gemmU {
		step(u, 8*u, u*gemmPB, "VBROADCASTSD")
	}
	for _, b := range bases {
		g.Line("\tADDQ $%d, %s", 8*gemmU, b)
	}
	g.Line("\tADDQ $%d, DX", gemmU*gemmPB)
	g.Line("\tSUBQ $%d, CX", gemmU)
	g.Line("\tJGE  loop")
	g.Line("")
	g.Line("tail:")
	g.Line("\t// The last pairs (kc/2 %% %d), one at a time.", gemmU)
	g.Line("\tADDQ $%d, CX", gemmU)
	g.Line("\tJEQ  odd")
	g.Line("")
	g.Line("tailloop:")
	step(0, 0, 0, "VBROADCASTSD")
	for _, b := range bases {
		g.Line("\tADDQ $8, %s", b)
	}
	g.Line("\tADDQ $%d, DX", gemmPB)
	g.Line("\tDECQ CX")
	g.Line("\tJNZ  tailloop")
	g.Line("")
	g.Line("odd:")
	g.Line("\t// An odd kc: the last step alone (its pair's second row of B is zero).")
	g.Line("\tTESTQ DI, DI")
	g.Line("\tJEQ   done")
	step(0, 0, 0, "VBROADCASTSS")
	g.Line("")
	g.Line("done:")
	ie, io := nacc, nacc+1 // the indexes of the even and odd lanes
	g.Line("\t// Z%d = even lanes, Z%d = odd lanes of two vectors: sum the pairs of", ie, io)
	g.Line("\t// row i into c[i][0:16] += acc[i][0][2j] + acc[i][0][2j+1], ...")
	g.Line("\tVMOVUPS ·gemmPairIdx+0(SB), Z%d", ie)
	g.Line("\tVMOVUPS ·gemmPairIdx+64(SB), Z%d", io)
	g.Line("\tMOVQ c+32(FP), SI")
	g.Line("\tMOVQ ldc+40(FP), DI")
	g.Line("\tSHLQ $2, DI")
	for i := range mr {
		c := g.gemmCRow(i)
		a0, a1 := 2*i, 2*i+1
		t := bc[i%len(bc)]
		g.Line("\tVMOVAPS Z%d, Z%d", a0, t)
		g.Line("\tVPERMT2PS Z%d, Z%d, Z%d", a1, ie, a0)
		g.Line("\tVPERMT2PS Z%d, Z%d, Z%d", a1, io, t)
		g.Line("\tVADDPS Z%d, Z%d, Z%d", t, a0, a0)
		g.Line("\tVADDPS %s, Z%d, Z%d", c, a0, a0)
		g.Line("\tVMOVUPS Z%d, %s", a0, c)
	}
	g.Line("\tVZEROUPPER")
	g.Line("\tRET")
}
