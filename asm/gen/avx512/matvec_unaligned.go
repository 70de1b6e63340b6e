package avx512

import "fmt"

// Row addressing in matVecUAVX512: row r of a block is at base r/4 (SI,
// R11, R13, R15 = rows 0, 4, 8, 12) plus (r%4)*stride (R8 = stride, R9 =
// 3*stride).
var rowBase = []string{"SI", "R11", "R13", "R15"}
var rowOff = []string{"", "(R8*1)", "(R8*2)", "(R9*1)"}

func rowAddr(r, disp int) string {
	return fmt.Sprintf("%d(%s)%s", disp, rowBase[r/4], rowOff[r%4])
}

// bigW is the number of elements of w above which matVecUAVX512 uses its
// blocks of bigRows rows throughout (w then streams from L2 or beyond).
const (
	bigW    = 16384
	bigRows = 4
)

// rowBlock emits the block of nr rows (16, 8 or 4) of matVecUAVX512 at label
// name, falling through to label next when fewer than nr rows are left.
func (g *gen) rowBlock(nr int, next string) {
	l := fmt.Sprintf("r%d", nr)
	accs := make([]string, nr)
	for i := range accs {
		accs[i] = fmt.Sprintf("Z%d", i)
	}
	// Simulate the reduction first: it decides which accumulator holds
	// which row.
	var dry gen
	red := newReducer(&dry, accs)
	var lanes []int
	switch nr {
	case 16:
		red.tree(accs)
		lanes = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
	case 8:
		red.tree(accs)
		red.fold("Z0", true)
		lanes = []int{0, 2, 4, 6, 8, 10, 12, 14}
	case 4:
		red.tree(accs)
		red.fold("Z0", false)
		lanes = []int{0, 4, 8, 12}
	}
	pos := red.order("Z0", lanes, nr)
	acc := make([]string, nr) // acc[row]
	for a, p := range pos {
		acc[p] = accs[a]
	}

	g.Line("rows%d:", nr)
	g.Line("\t// %d rows at a time: one accumulator per row, sharing each x load.", nr)
	g.Line("\tCMPQ    BX, $%d", nr)
	g.Line("\tJLT     %s", next)
	g.Line("\tMOVQ    R14, SI")
	for b := 1; b < nr/4; b++ {
		g.Line("\tLEAQ    (%s)(R8*4), %s", rowBase[b-1], rowBase[b])
	}
	g.Line("\tMOVQ    DX, R12")
	g.Line("\tMOVQ    CX, AX")
	for _, a := range accs {
		g.Line("\tVXORPS  %s, %s, %s", a, a, a)
	}
	g.Line("\tSUBQ    $32, AX")
	g.Line("\tJLT     %sone", l)
	g.Line("")
	g.Line("%sloop:", l)
	g.Line("\t// Accumulate w[r, j:j+32] * x[j:j+32] for the block's rows r.")
	g.Line("\tVMOVUPS (R12), Z16")
	g.Line("\tVMOVUPS 64(R12), Z17")
	for step := range 2 {
		for r := range nr {
			g.Line("\tVFMADD231PS %s, Z%d, %s", rowAddr(r, 64*step), 16+step, acc[r])
		}
	}
	for b := range nr / 4 {
		g.Line("\tADDQ    $128, %s", rowBase[b])
	}
	g.Line("\tADDQ    $128, R12")
	g.Line("\tSUBQ    $32, AX")
	g.Line("\tJGE     %sloop", l)
	g.Line("")
	g.Line("%sone:", l)
	g.Line("\t// One more step of 16 columns if at least 16 are left.")
	g.Line("\tADDQ    $32, AX")
	g.Line("\tCMPQ    AX, $16")
	g.Line("\tJLT     %stail", l)
	g.Line("\tVMOVUPS (R12), Z16")
	for r := range nr {
		g.Line("\tVFMADD231PS %s, Z16, %s", rowAddr(r, 0), acc[r])
	}
	for b := range nr / 4 {
		g.Line("\tADDQ    $64, %s", rowBase[b])
	}
	g.Line("\tADDQ    $64, R12")
	g.Line("\tSUBQ    $16, AX")
	g.Line("")
	g.Line("%stail:", l)
	g.Line("\t// The last n%%16 columns under mask K1 (x's in Z31): masked-off lanes are not")
	g.Line("\t// read, x's load as zero and the accumulators keep theirs.")
	g.Line("\tTESTQ   AX, AX")
	g.Line("\tJZ      %ssum", l)
	for r := range nr {
		g.Line("\tVFMADD231PS %s, Z31, K1, %s", rowAddr(r, 0), acc[r])
	}
	g.Line("")
	g.Line("%ssum:", l)
	red = newReducer(g, accs)
	switch nr {
	case 16:
		g.Line("\t// Z0 = the 16 row sums in row order: a tree of merges, each adding")
		g.Line("\t// two registers' halves (256-bit, then 128-bit, 64-bit, 32-bit)")
		g.Line("\t// so that each half of the result belongs to one of them.")
		red.tree(accs)
	case 8:
		g.Line("\t// Y0 = the 8 row sums in row order: merges of 256-bit, 128-bit and")
		g.Line("\t// 64-bit halves leave two partial sums per row, in adjacent lanes;")
		g.Line("\t// adding the swapped pairs and narrowing qwords to dwords keeps one.")
		red.tree(accs)
		red.fold("Z0", true)
		g.Line("\tVPMOVQD    Z0, Y0")
	case 4:
		g.Line("\t// X0 = the 4 row sums in row order: merges of 256-bit and 128-bit")
		g.Line("\t// halves leave one row per 128-bit lane, summed within the lane;")
		g.Line("\t// two narrowings keep element 0 of each lane.")
		red.tree(accs)
		red.fold("Z0", false)
		g.Line("\tVPMOVQD    Z0, Y0")
		g.Line("\tVPMOVQD    Y0, X0")
	}
	reg := map[int]string{16: "Z0", 8: "Y0", 4: "X0"}[nr]
	g.Line("\tTESTQ      R10, R10")
	g.Line("\tJZ         %sstore", l)
	g.Line("\tVADDPS     (DI), %s, %s", reg, reg)
	g.Line("")
	g.Line("%sstore:", l)
	g.Line("\t// y[i:i+%d] = the sums; next block.", nr)
	g.Line("\tVMOVUPS %s, (DI)", reg)
	g.Line("\tADDQ    $%d, DI", 4*nr)
	for range nr / 8 {
		g.Line("\tLEAQ    (R14)(R8*8), R14")
	}
	if nr == 4 {
		g.Line("\tLEAQ    (R14)(R8*4), R14")
	}
	g.Line("\tSUBQ    $%d, BX", nr)
	g.Line("\tJMP     rows%d", nr)
	g.Line("")
}

// matVecU emits matVecUAVX512, y (+)= W x with unaligned loads.
func (g *gen) matVecU() {
	g.Line(`// func matVecUAVX512(y, w, x []float32, add bool)
//
// Registers: DI y, BX rows left, R14 first row of the current block, SI,
// R11, R13, R15 column pointers into rows 0, 4, 8 and 12 of the block, R12
// column pointer into x, DX x, CX n, R8 row stride in bytes, R9 3*stride,
// AX columns left, R10 add, K1 mask of the last n%%16 columns, Z31 those
// columns of x.
TEXT ·matVecUAVX512(SB), NOSPLIT, $0-73
	MOVQ    y_base+0(FP), DI
	MOVQ    y_len+8(FP), BX
	MOVQ    w_base+24(FP), R14
	MOVQ    x_base+48(FP), DX
	MOVQ    x_len+56(FP), CX
	// K1 = (1 << n%%16) - 1.
	MOVQ    CX, R10
	ANDQ    $15, CX
	MOVL    $1, AX
	SHLL    CX, AX
	DECL    AX
	KMOVW   AX, K1
	MOVQ    R10, CX
	// Z31 = x's last n%%16 elements in the lanes of K1, zero elsewhere: for
	// n >= 16, x[n-16:n] permuted (lane l takes x[n-n%%16+l]), so that
	// nothing past x is read; for n < 16, a masked load.
	CMPQ         CX, $16
	JGE          xtail
	VMOVUPS.Z    (DX), K1, Z31
	JMP          xdone

xtail:
	MOVQ         CX, AX
	ANDQ         $15, AX
	NEGQ         AX
	ADDQ         $16, AX
	VPBROADCASTD AX, Z30
	VPADDD       ·iota16(SB), Z30, Z30
	VMOVUPS      -64(DX)(CX*4), Z29
	VPERMPS.Z    Z29, Z30, K1, Z31

xdone:
	MOVBQZX add+72(FP), R10
	MOVQ    CX, R8
	SHLQ    $2, R8
	LEAQ    (R8)(R8*2), R9`)
	g.Line("\t// Sixteen-row blocks pay while w is at most %d elements; larger w,", bigW)
	g.Line("\t// which streams from L2 or beyond, is read in blocks of %d rows", bigRows)
	g.Line("\t// (fewer concurrent streams).")
	g.Line("\tCMPQ    w_len+32(FP), $%d", bigW)
	g.Line("\tJGT     rows%d", bigRows)
	g.Line("")
	g.rowBlock(16, "rows8")
	g.rowBlock(8, "rows4")
	g.rowBlock(4, "rows1")
	g.Line(`rows1:
	// One row at a time (at most three): a dot product with four
	// accumulators, 64 columns per step.
	TESTQ   BX, BX
	JZ      done
	MOVQ    R14, SI
	MOVQ    DX, R12
	MOVQ    CX, AX
	VXORPS  Z0, Z0, Z0
	VXORPS  Z1, Z1, Z1
	VXORPS  Z2, Z2, Z2
	VXORPS  Z3, Z3, Z3
	SUBQ    $64, AX
	JLT     r1step16

r1loop:
	// Z0..Z3 += w[r, j:j+64] * x[j:j+64].
	VMOVUPS     (R12), Z16
	VMOVUPS     64(R12), Z17
	VMOVUPS     128(R12), Z18
	VMOVUPS     192(R12), Z19
	VFMADD231PS (SI), Z16, Z0
	VFMADD231PS 64(SI), Z17, Z1
	VFMADD231PS 128(SI), Z18, Z2
	VFMADD231PS 192(SI), Z19, Z3
	ADDQ        $256, SI
	ADDQ        $256, R12
	SUBQ        $64, AX
	JGE         r1loop

r1step16:
	// Steps of 16 columns while at least 16 are left.
	ADDQ        $64, AX

r1loop16:
	CMPQ        AX, $16
	JLT         r1tail
	VMOVUPS     (R12), Z16
	VFMADD231PS (SI), Z16, Z0
	ADDQ        $64, SI
	ADDQ        $64, R12
	SUBQ        $16, AX
	JMP         r1loop16

r1tail:
	// The last n%%16 columns under mask K1.
	TESTQ       AX, AX
	JZ          r1sum
	VFMADD231PS (SI), Z31, K1, Z1

r1sum:
	// X0 = horizontal sum of Z0..Z3 (+ y[i]); y[i] = X0.
	VADDPS        Z1, Z0, Z0
	VADDPS        Z3, Z2, Z2
	VADDPS        Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VADDPS        X1, X0, X0
	VMOVHLPS      X0, X0, X1
	VADDPS        X1, X0, X0
	VMOVSHDUP     X0, X1
	VADDSS        X1, X0, X0
	TESTQ         R10, R10
	JZ            r1store
	VADDSS        (DI), X0, X0

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
