package matvec512

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
			g.e("\tVMOVAPS %d(R12), Z%d", 64*q, 16+q)
		}
	}
	advance := func() {
		for _, b := range sBase {
			g.e("\tADDQ    $64, %s", b)
		}
		g.e("\tADDQ    $%d, R12", sPos)
	}
	masked := func() {
		for q := range 4 {
			g.e("\tKMOVW   %d(R12), K%d", 256+2*q, 1+q)
		}
		loadX()
		for r := range nr {
			g.e("\tVFMADD231PS %s, Z%d, K%d, %s", sAddr(r, 0), 16+r%4, 1+r%4, acc[r])
		}
	}

	g.e("%s:", l)
	g.e("\t// %d rows at a time: one accumulator per row; each load of x's", nr)
	g.e("\t// copy for a class is shared by the block's rows of that class.")
	g.e("\tCMPQ    BX, $%d", nr)
	g.e("\tJLT     %s", next)
	g.e("\tMOVQ    R14, SI")
	g.e("\tLEAQ    (R14)(CX*1), R11")
	g.e("\tLEAQ    (R14)(CX*2), R13")
	g.e("\tLEAQ    (R11)(CX*2), R15")
	for _, b := range sBase {
		g.e("\tANDQ    $-64, %s", b)
	}
	g.e("\tMOVQ    DX, R12")
	for _, a := range accs {
		g.e("\tVXORPS  %s, %s, %s", a, a, a)
	}
	g.e("\t// Position 0: lanes before the row's start masked off.")
	masked()
	advance()
	g.e("\tMOVQ    tmin+40(FP), AX")
	g.e("\tSUBQ    $2, AX")
	g.e("\tJZ      %slast", l)
	g.e("")
	g.e("%sloop:", l)
	g.e("\t// Positions 1 .. tmin-2: whole vectors of every row.")
	loadX()
	for r := range nr {
		g.e("\tVFMADD231PS %s, Z%d, %s", sAddr(r, 0), 16+r%4, acc[r])
	}
	advance()
	g.e("\tDECQ    AX")
	g.e("\tJNZ     %sloop", l)
	g.e("")
	g.e("%slast:", l)
	g.e("\t// Position tmin-1, and tmin when some class needs it: lanes past")
	g.e("\t// the row's end masked off.")
	masked()
	g.e("\tMOVQ    tmax+48(FP), AX")
	g.e("\tCMPQ    AX, tmin+40(FP)")
	g.e("\tJEQ     %ssum", l)
	advance()
	masked()
	g.e("")
	g.e("%ssum:", l)
	red = newReducer(g, accs)
	red.tree(accs)
	switch nr {
	case 8:
		red.fold("Z0", true)
		g.e("\tVPMOVQD    Z0, Y0")
	case 4:
		red.fold("Z0", false)
		g.e("\tVPMOVQD    Z0, Y0")
		g.e("\tVPMOVQD    Y0, X0")
	}
	reg := map[int]string{16: "Z0", 8: "Y0", 4: "X0"}[nr]
	g.e("\tCMPB       add+56(FP), $0")
	g.e("\tJEQ        %sstore", l)
	g.e("\tVADDPS     (DI), %s, %s", reg, reg)
	g.e("")
	g.e("%sstore:", l)
	g.e("\t// y[i:i+%d] = the sums; next block.", nr)
	g.e("\tVMOVUPS %s, (DI)", reg)
	g.e("\tADDQ    $%d, DI", 4*nr)
	g.e("\tLEAQ    (R14)(R8*%d), R14", nr/4)
	g.e("\tSUBQ    $%d, BX", nr)
	g.e("\tJMP     %s", l)
	g.e("")
}

func (g *gen) matVecS() {
	g.e(`// func matVecSAVX512(y, w, x *float32, rows, n, tmin, tmax int, add bool)
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
			g.e("\tADDQ         CX, R8")
		}
		g.e("\tMOVQ         R8, R10")
		g.e("\tSHRQ         $2, R10")
		g.e("\tANDQ         $15, R10")
		g.e("\tNEGQ         R10")
		g.e("\tVPBROADCASTD R10, Z24")
		g.e("\tVPADDD       Z24, Z27, Z%d", 20+q)
		g.e("\tLEAQ         (R12)(R10*4), %s", b)
	}
	g.e("\tMOVQ         tmax+48(FP), AX")
	g.e("\tMOVQ         DX, R10")
	g.e("")
	g.e("sbuild:")
	for q, b := range sBase {
		g.e("\tVPCMPUD      $1, Z25, Z%d, K1", 20+q)
		g.e("\tVMOVUPS.Z    (%s), K1, Z16", b)
		g.e("\tVMOVAPS      Z16, %d(R10)", 64*q)
		g.e("\tKMOVW        K1, %d(R10)", 256+2*q)
		g.e("\tVPADDD       Z26, Z%d, Z%d", 20+q, 20+q)
		g.e("\tADDQ         $64, %s", b)
	}
	g.e("\tADDQ         $%d, R10", sPos)
	g.e("\tDECQ         AX")
	g.e("\tJNZ          sbuild")
	g.e("")
	g.e("\tMOVQ    CX, R8")
	g.e("\tSHLQ    $2, R8")
	g.e("\tLEAQ    (R8)(R8*2), R9")
	g.e("")
	g.shiftedBlock(16, "s8")
	g.shiftedBlock(8, "s4")
	g.shiftedBlock(4, "sdone")
	g.e(`sdone:
	VZEROUPPER
	RET
`)
}
