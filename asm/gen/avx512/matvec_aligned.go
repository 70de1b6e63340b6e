package avx512

import "fmt"

// alignedBlock emits the block of nr rows (16, 8 or 4) of matVecAAVX512,
// falling through to label next when fewer than nr rows are left. Every
// row starts at a 64-byte boundary, s columns before its first element:
// vector 0 is masked by K2 (lanes s..15), vectors 1..T-2 are whole, vector
// T-1 is masked by K1; x is read from s columns before its start (those
// loads are unaligned but shared by the block's rows).
func (g *gen) alignedBlock(nr int, next string) {
	l := fmt.Sprintf("r%d", nr)
	accs := make([]string, nr)
	for i := range accs {
		accs[i] = fmt.Sprintf("Z%d", i)
	}
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
	acc := make([]string, nr)
	for a, p := range pos {
		acc[p] = accs[a]
	}
	advance := func(bytes int) {
		for b := range nr / 4 {
			g.Line("\tADDQ    $%d, %s", bytes, rowBase[b])
		}
		g.Line("\tADDQ    $%d, R12", bytes)
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
	for _, a := range accs {
		g.Line("\tVXORPS  %s, %s, %s", a, a, a)
	}
	g.Line("\t// Vector 0: w under K2 (lanes s..15), times Z28.")
	for r := range nr {
		t := fmt.Sprintf("Z%d", 16+r%12)
		g.Line("\tVMOVUPS.Z %s, K2, %s", rowAddr(r, 0), t)
		g.Line("\tVFMADD231PS %s, Z28, %s", t, acc[r])
	}
	for b := range nr / 4 {
		g.Line("\tADDQ    $64, %s", rowBase[b])
	}
	g.Line("\tMOVQ    CX, AX")
	g.Line("\tSUBQ    $2, AX")
	g.Line("\tJLT     %sone", l)
	g.Line("")
	g.Line("%sloop:", l)
	g.Line("\t// Two whole vectors.")
	g.Line("\tVMOVUPS (R12), Z16")
	g.Line("\tVMOVUPS 64(R12), Z17")
	for step := range 2 {
		for r := range nr {
			g.Line("\tVFMADD231PS %s, Z%d, %s", rowAddr(r, 64*step), 16+step, acc[r])
		}
	}
	advance(128)
	g.Line("\tSUBQ    $2, AX")
	g.Line("\tJGE     %sloop", l)
	g.Line("")
	g.Line("%sone:", l)
	g.Line("\t// One more whole vector if the count was odd.")
	g.Line("\tTESTQ   $1, CX")
	g.Line("\tJZ      %stail", l)
	g.Line("\tVMOVUPS (R12), Z16")
	for r := range nr {
		g.Line("\tVFMADD231PS %s, Z16, %s", rowAddr(r, 0), acc[r])
	}
	advance(64)
	g.Line("")
	g.Line("%stail:", l)
	g.Line("\t// The last vector: w under K1, times Z29.")
	for r := range nr {
		t := fmt.Sprintf("Z%d", 16+r%12)
		g.Line("\tVMOVUPS.Z %s, K1, %s", rowAddr(r, 0), t)
		g.Line("\tVFMADD231PS %s, Z29, %s", t, acc[r])
	}
	g.Line("")
	red = newReducer(g, accs)
	red.tree(accs)
	switch nr {
	case 8:
		red.fold("Z0", true)
		g.Line("\tVPMOVQD    Z0, Y0")
	case 4:
		red.fold("Z0", false)
		g.Line("\tVPMOVQD    Z0, Y0")
		g.Line("\tVPMOVQD    Y0, X0")
	}
	reg := map[int]string{16: "Z0", 8: "Y0", 4: "X0"}[nr]
	idx := map[int]string{16: "Z30", 8: "Y30", 4: "X30"}[nr]
	tmp := map[int]string{16: "Z1", 8: "Y1", 4: "X1"}[nr]
	g.Line("\t// y[i + c*r] (+)= the sums, r < %d: plain loads and stores for c = 1,", nr)
	g.Line("\t// else gather and scatter with index Z30.")
	g.Line("\tCMPQ       ystride+48(FP), $1")
	g.Line("\tJNE        %sscatter", l)
	g.Line("\tTESTQ      R10, R10")
	g.Line("\tJZ         %sstore", l)
	g.Line("\tVADDPS     (DI), %s, %s", reg, reg)
	g.Line("")
	g.Line("%sstore:", l)
	g.Line("\tVMOVUPS    %s, (DI)", reg)
	g.Line("\tJMP        %snext", l)
	g.Line("")
	g.Line("%sscatter:", l)
	g.Line("\tTESTQ      R10, R10")
	g.Line("\tJZ         %ssstore", l)
	g.Line("\tKXNORW     K0, K0, K3")
	g.Line("\tVGATHERDPS (DI)(%s*4), K3, %s", idx, tmp)
	g.Line("\tVADDPS     %s, %s, %s", tmp, reg, reg)
	g.Line("")
	g.Line("%ssstore:", l)
	g.Line("\tKXNORW      K0, K0, K3")
	g.Line("\tVSCATTERDPS %s, K3, (DI)(%s*4)", reg, idx)
	g.Line("")
	g.Line("%snext:", l)
	g.Line("\tMOVQ    ystride+48(FP), AX")
	g.Line("\tSHLQ    $%d, AX", map[int]int{16: 6, 8: 5, 4: 4}[nr])
	g.Line("\tADDQ    AX, DI")
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

// matVecA emits matVecAAVX512, for rows that all start at one offset
// within 64 bytes.
func (g *gen) matVecA() {
	g.Line(`// func matVecAAVX512(y, w, x *float32, rows, nvec, stride, ystride, s, n int, masks uint32, add bool)
//
// Registers: DI y, BX rows left, R14 first row of the current block, SI,
// R11, R13, R15 column pointers into rows 0, 4, 8 and 12 of the block, R12
// column pointer into x, DX x - 4*s + 64 (vector 1 of x shifted by s), CX
// nvec-2 (whole vectors of a row), R8 row stride in bytes, R9 3*stride, AX
// counter, R10 add, K2 and K1 masks of vectors 0 and nvec-1, Z28 and Z29
// those vectors of x shifted by s (zero in masked-off lanes), Z30 = 0, c,
// 2c, ... (c = ystride): the indices of a block's elements of y.
TEXT ·matVecAAVX512(SB), NOSPLIT, $0-77
	MOVQ    y+0(FP), DI
	MOVQ    w+8(FP), R14
	MOVQ    x+16(FP), DX
	MOVQ    rows+24(FP), BX
	MOVQ    nvec+32(FP), CX
	SUBQ    $2, CX
	MOVQ    stride+40(FP), R8
	SHLQ    $2, R8
	LEAQ    (R8)(R8*2), R9
	MOVL    masks+72(FP), AX
	KMOVW   AX, K1
	SHRL    $16, AX
	KMOVW   AX, K2
	MOVBQZX add+76(FP), R10
	// Z30 = lane index * ystride.
	MOVQ         ystride+48(FP), AX
	VPBROADCASTD AX, Z30
	VPMULLD      ·iota16(SB), Z30, Z30
	// Z28 = x[l-s] in lanes l >= s: x[0:16] permuted by l-s (mod 16), under
	// K2. Z29 = x[16*(nvec-1)-s+l] in the lanes of K1: x[n-16:n] permuted by
	// l+d, d = 16*nvec-s-n. Only x[0:n] is read.
	MOVQ         s+56(FP), AX
	VMOVDQU32    ·iota16(SB), Z26
	VPBROADCASTD AX, Z27
	VPSUBD       Z27, Z26, Z25
	VMOVUPS      (DX), Z24
	VPERMPS.Z    Z24, Z25, K2, Z28
	MOVQ         nvec+32(FP), R11
	SHLQ         $4, R11
	SUBQ         AX, R11
	MOVQ         n+64(FP), R12
	SUBQ         R12, R11
	VPBROADCASTD R11, Z27
	VPADDD       Z27, Z26, Z25
	VMOVUPS      -64(DX)(R12*4), Z24
	VPERMPS.Z    Z24, Z25, K1, Z29
	// DX = x - 4*s + 64; R14 = w - 4*s, the 64-byte boundary before row 0.
	SHLQ         $2, AX
	SUBQ         AX, DX
	ADDQ         $64, DX
	SUBQ         AX, R14
`)
	g.alignedBlock(16, "rows8")
	g.alignedBlock(8, "rows4")
	g.alignedBlock(4, "rows1")
	g.Line(`rows1:
	// One row at a time (at most three): the 4-row block's loop with one
	// accumulator per row would do, but a plain dot product is shorter.
	TESTQ   BX, BX
	JZ      done
	MOVQ    R14, SI
	MOVQ    DX, R12
	VMOVUPS.Z   (SI), K2, Z16
	VMULPS      Z16, Z28, Z0
	ADDQ        $64, SI
	MOVQ        CX, AX
	TESTQ       AX, AX
	JZ          r1tail

r1loop:
	VMOVUPS     (R12), Z16
	VFMADD231PS (SI), Z16, Z0
	ADDQ        $64, SI
	ADDQ        $64, R12
	DECQ        AX
	JNZ         r1loop

r1tail:
	VMOVUPS.Z     (SI), K1, Z16
	VFMADD231PS   Z16, Z29, Z0
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
	MOVQ   ystride+48(FP), AX
	LEAQ   (DI)(AX*4), DI
	ADDQ   R8, R14
	DECQ   BX
	JMP    rows1

done:
	VZEROUPPER
	RET
`)
}
