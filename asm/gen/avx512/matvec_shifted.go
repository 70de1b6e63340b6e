package avx512

import "fmt"

// matVecSAVX512's frame: for each position j (up to 17, n <= 256), the
// four classes' copies of x (256 bytes) and their lane masks (4 x 16 bits,
// padded to 64 bytes); plus 64 bytes to align them.
const (
	sPos   = 320
	sFrame = 17*sPos + 64
)

// Row addressing in matVecSAVX512: row r of a block belongs to class r%4,
// whose rows all start at the same offset within 64 bytes; the class's
// aligned row start is its base register (SI, R11, R13, R15), and row
// r = 4a+q is a*(4*stride) after it (R8 = 4*stride, R9 = 12*stride).
var sBase = []string{"SI", "R11", "R13", "R15"}
var sOff = []string{"", "(R8*1)", "(R8*2)", "(R9*1)"}

func sAddr(r, disp int) string {
	return fmt.Sprintf("%d(%s)%s", disp, sBase[r%4], sOff[r/4])
}

// shiftedBlock emits the block of nr rows (16, 8 or 4) of matVecSAVX512,
// falling through to label next when fewer than nr rows are left.
func (g *gen) shiftedBlock(nr int, next string) {
	l := fmt.Sprintf("s%d", nr)
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
	loadX := func() {
		for q := range 4 {
			g.Line("\tVMOVAPS %d(R12), Z%d", 64*q, 16+q)
		}
	}
	advance := func() {
		for _, b := range sBase {
			g.Line("\tADDQ    $64, %s", b)
		}
		g.Line("\tADDQ    $%d, R12", sPos)
	}
	masked := func() {
		for q := range 4 {
			g.Line("\tKMOVW   %d(R12), K%d", 256+2*q, 1+q)
		}
		loadX()
		for r := range nr {
			g.Line("\tVFMADD231PS %s, Z%d, K%d, %s", sAddr(r, 0), 16+r%4, 1+r%4, acc[r])
		}
	}

	g.Line("%s:", l)
	g.Line("\t// %d rows at a time: one accumulator per row; each load of x's", nr)
	g.Line("\t// copy for a class is shared by the block's rows of that class.")
	g.Line("\tCMPQ    BX, $%d", nr)
	g.Line("\tJLT     %s", next)
	g.Line("\tMOVQ    R14, SI")
	g.Line("\tLEAQ    (R14)(CX*1), R11")
	g.Line("\tLEAQ    (R14)(CX*2), R13")
	g.Line("\tLEAQ    (R11)(CX*2), R15")
	for _, b := range sBase {
		g.Line("\tANDQ    $-64, %s", b)
	}
	g.Line("\tMOVQ    DX, R12")
	for _, a := range accs {
		g.Line("\tVXORPS  %s, %s, %s", a, a, a)
	}
	g.Line("\t// Position 0: lanes before the row's start masked off.")
	masked()
	advance()
	g.Line("\tMOVQ    tmin+40(FP), AX")
	g.Line("\tSUBQ    $2, AX")
	g.Line("\tJZ      %slast", l)
	g.Line("")
	g.Line("%sloop:", l)
	g.Line("\t// Positions 1 .. tmin-2: whole vectors of every row.")
	loadX()
	for r := range nr {
		g.Line("\tVFMADD231PS %s, Z%d, %s", sAddr(r, 0), 16+r%4, acc[r])
	}
	advance()
	g.Line("\tDECQ    AX")
	g.Line("\tJNZ     %sloop", l)
	g.Line("")
	g.Line("%slast:", l)
	g.Line("\t// Position tmin-1, and tmin when some class needs it: lanes past")
	g.Line("\t// the row's end masked off.")
	masked()
	g.Line("\tMOVQ    tmax+48(FP), AX")
	g.Line("\tCMPQ    AX, tmin+40(FP)")
	g.Line("\tJEQ     %ssum", l)
	advance()
	masked()
	g.Line("")
	g.Line("%ssum:", l)
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
	g.Line("\tCMPB       add+56(FP), $0")
	g.Line("\tJEQ        %sstore", l)
	g.Line("\tVADDPS     (DI), %s, %s", reg, reg)
	g.Line("")
	g.Line("%sstore:", l)
	g.Line("\t// y[i:i+%d] = the sums; next block.", nr)
	g.Line("\tVMOVUPS %s, (DI)", reg)
	g.Line("\tADDQ    $%d, DI", 4*nr)
	g.Line("\tLEAQ    (R14)(R8*%d), R14", nr/4)
	g.Line("\tSUBQ    $%d, BX", nr)
	g.Line("\tJMP     %s", l)
	g.Line("")
}

// matVecS emits matVecSAVX512, for rows that start at several offsets
// within 64 bytes.
func (g *gen) matVecS() {
	g.Line(`// func matVecSAVX512(y, w, x *float32, rows, n, tmin, tmax int, add bool)
//
// Registers: DI y, BX rows left, R14 the current block's first row, SI,
// R11, R13, R15 the aligned column pointers of the block's four classes
// (class q: the 64-byte boundary before row q), CX stride in bytes, R8
// 4*stride, R9 12*stride, DX the copies of x and their masks (frame), R12
// the current position in them, AX counter, K1..K4 the classes' lane masks
// at the masked positions.
TEXT ·matVecSAVX512(SB), $%d-57
	MOVQ    y+0(FP), DI
	MOVQ    w+8(FP), R14
	MOVQ    x+16(FP), R12
	MOVQ    rows+24(FP), BX
	MOVQ    n+32(FP), CX
	SHLQ    $2, CX
	LEAQ    63(SP), DX
	ANDQ    $-64, DX
	// The copies of x: at position j, class q's vector holds x[16j+l-s_q]
	// in lane l where 0 <= 16j+l-s_q < n, zero elsewhere (masked loads:
	// nothing outside x is read); those lanes are the class's lane mask
	// at j, stored after the four vectors. Z20..Z23 = the classes' indices
	// 16j+l-s_q; s_q = (w/4 + q*n) mod 16, SI, R11, R13, R15 = x - 4*s_q.
	MOVQ         n+32(FP), AX
	VPBROADCASTD AX, Z25
	MOVL         $16, R10
	VPBROADCASTD R10, Z26
	VMOVDQU32    ·iota16(SB), Z27
	MOVQ         R14, R8`, sFrame)
	for q, b := range sBase {
		if q > 0 {
			g.Line("\tADDQ         CX, R8")
		}
		g.Line("\tMOVQ         R8, R10")
		g.Line("\tSHRQ         $2, R10")
		g.Line("\tANDQ         $15, R10")
		g.Line("\tNEGQ         R10")
		g.Line("\tVPBROADCASTD R10, Z24")
		g.Line("\tVPADDD       Z24, Z27, Z%d", 20+q)
		g.Line("\tLEAQ         (R12)(R10*4), %s", b)
	}
	g.Line("\tMOVQ         tmax+48(FP), AX")
	g.Line("\tMOVQ         DX, R10")
	g.Line("")
	g.Line("sbuild:")
	for q, b := range sBase {
		g.Line("\tVPCMPUD      $1, Z25, Z%d, K1", 20+q)
		g.Line("\tVMOVUPS.Z    (%s), K1, Z16", b)
		g.Line("\tVMOVAPS      Z16, %d(R10)", 64*q)
		g.Line("\tKMOVW        K1, %d(R10)", 256+2*q)
		g.Line("\tVPADDD       Z26, Z%d, Z%d", 20+q, 20+q)
		g.Line("\tADDQ         $64, %s", b)
	}
	g.Line("\tADDQ         $%d, R10", sPos)
	g.Line("\tDECQ         AX")
	g.Line("\tJNZ          sbuild")
	g.Line("")
	g.Line("\tMOVQ    CX, R8")
	g.Line("\tSHLQ    $2, R8")
	g.Line("\tLEAQ    (R8)(R8*2), R9")
	g.Line("")
	g.shiftedBlock(16, "s8")
	g.shiftedBlock(8, "s4")
	g.shiftedBlock(4, "sdone")
	g.Line(`sdone:
	VZEROUPPER
	RET
`)
}
