package neon

import "github.com/simdrnn/simdrnn/asm/gen/internal/emit"

// Gemm returns kernels/gemm_neon_arm64.s: the neon tier's Gemm
// micro-kernels (the gemmKernel contract of kernels/gemm.go), the 4 x 24
// tile gemmKernel4x24NEON and the 8 x 8 tile gemmKernel8x8NEON. Both keep
// the tile of C in registers, read a[i, p:p+4] as one vector per row of A
// and multiply B's rows by its lanes with by-element FMLAs, 4 steps of k
// per loop, then the last kc%4 steps one at a time.
func Gemm() []byte {
	w := new(emit.Writer)
	w.Header("arm64")
	gemm4x24(w)
	w.Line("")
	gemm8x8(w)
	return w.Bytes()
}

// gemm4x24 writes gemmKernel4x24NEON. Its 24 accumulators take V8..V31
// (row i, columns 8c..8c+7 in V(8+6i+2c), V(9+6i+2c)), a[i, p:p+4] V0..V3,
// and B's rows go through V4..V7 as 8-column pieces, V4,V5 and V6,V7 in
// turn, each pair loaded as soon as its previous piece has been used.
func gemm4x24(w *emit.Writer) {
	acc := func(i, col, r int) int { return 8 + 6*i + 2*col + r }
	pieces := [2][2]int{{4, 5}, {6, 7}}
	// group writes the FMLAs of B's piece g (column block g%3) held in
	// pair, times lane of a[0:4].
	group := func(g, lane int, pair [2]int) {
		col := g % 3
		for i := range 4 {
			for r := range 2 {
				w.Line("%s", fmla(acc(i, col, r), pair[r], i, lane))
			}
		}
	}
	w.Line("%s", `// func gemmKernel4x24NEON(kc int, a *float32, lda int, b, c *float32, ldc int)
//
// R0..R3 = rows 0..3 of A at column p, R4 = b at row p, R5 = k steps left,
// R6 = lda*4, R7 = ldc*4, R8..R11 = rows 0..3 of C; V0..V3 = a[i, p:p+4]
// (row i in Vi), V4..V7 = two 8-column pieces of a row of B, V8..V31 = the
// 4 x 24 tile (row i in V8+6i..V13+6i). The 4-step loop reads B as 12
// pieces of 8 columns: piece g (row p+g/3, columns g%3*8..g%3*8+7) is in
// V4,V5 for even g and V6,V7 for odd g, loaded right after the piece
// before it in the same registers has been used.
TEXT ·gemmKernel4x24NEON(SB), NOSPLIT, $0-48
	MOVD kc+0(FP), R5
	MOVD a+8(FP), R0
	MOVD lda+16(FP), R6
	MOVD b+24(FP), R4
	MOVD c+32(FP), R8
	MOVD ldc+40(FP), R7
	LSL  $2, R6, R6
	LSL  $2, R7, R7
	ADD  R6, R0, R1
	ADD  R6, R1, R2
	ADD  R6, R2, R3
	ADD  R7, R8, R9
	ADD  R7, R9, R10
	ADD  R7, R10, R11

	// V8..V31 = the tile of C; the products accumulate onto it`)
	for i := range 4 {
		a := acc(i, 0, 0)
		w.Line("\tMOVD   R%d, R12", 8+i)
		w.Line("\tVLD1.P 64(R12), [V%d.S4, V%d.S4, V%d.S4, V%d.S4]", a, a+1, a+2, a+3)
		w.Line("\tVLD1   (R12), [V%d.S4, V%d.S4]", a+4, a+5)
	}
	w.Line("%s", `	SUBS   $4, R5, R5
	BLT    k1

k4:
	// tile += a[0:4, p:p+4] b[p:p+4, 0:24], B's pieces alternating in V4,V5 and V6,V7`)
	for i := range 4 {
		w.Line("\tVLD1.P 16(R%d), [V%d.S4]", i, i)
	}
	w.Line("\tVLD1.P 64(R4), [V4.S4, V5.S4, V6.S4, V7.S4]")
	for g := range 12 {
		pair := pieces[g%2]
		group(g, g/3, pair)
		if g+2 < 12 {
			w.Line("\tVLD1.P 32(R4), [V%d.S4, V%d.S4]", pair[0], pair[1])
		}
	}
	w.Line("%s", `	SUBS   $4, R5, R5
	BGE    k4

k1:
	// the last kc%4 steps: tile += a[0:4, p] b[p, 0:24]
	ADDS $4, R5, R5
	BEQ  store

k1loop:`)
	for i := range 4 {
		w.Line("\tFMOVS.P 4(R%d), F%d", i, i)
	}
	w.Line("\tVLD1.P  64(R4), [V4.S4, V5.S4, V6.S4, V7.S4]")
	for g := range 3 {
		group(g, 0, pieces[g%2])
		if g == 0 {
			w.Line("\tVLD1.P  32(R4), [V4.S4, V5.S4]")
		}
	}
	w.Line("%s", `	SUBS    $1, R5, R5
	BNE     k1loop

store:
	// C's tile = V8..V31`)
	for i := range 4 {
		a := acc(i, 0, 0)
		w.Line("\tVST1.P [V%d.S4, V%d.S4, V%d.S4, V%d.S4], 64(R%d)", a, a+1, a+2, a+3, 8+i)
		w.Line("\tVST1   [V%d.S4, V%d.S4], (R%d)", a+4, a+5, 8+i)
	}
	w.Line("\tRET")
}

// gemm8x8 writes gemmKernel8x8NEON. Its 16 accumulators take V16..V31 (row
// i in V(16+2i), V(17+2i)), a[i, p:p+4] V0..V7, and the 4 rows of B of a
// loop V8..V15. C's rows are R12..R17, R19, R20 (R18 is the platform
// register).
func gemm8x8(w *emit.Writer) {
	acc := func(i, r int) int { return 16 + 2*i + r }
	cRows := [8]int{12, 13, 14, 15, 16, 17, 19, 20}
	// step writes the FMLAs of B's row in V(b), V(b+1) times lane of
	// a[0:8].
	step := func(lane, b int) {
		for i := range 8 {
			for r := range 2 {
				w.Line("%s", fmla(acc(i, r), b+r, i, lane))
			}
		}
	}
	w.Line("%s", `// func gemmKernel8x8NEON(kc int, a *float32, lda int, b, c *float32, ldc int)
//
// R0..R7 = rows 0..7 of A at column p, R8 = b at row p, R9 = k steps left,
// R10 = lda*4, R11 = ldc*4, R12..R17, R19, R20 = rows 0..7 of C; V0..V7 =
// a[i, p:p+4] (row i in Vi), V8..V15 = rows p..p+3 of B (row p+s in
// V8+2s, V9+2s), V16..V31 = the 8 x 8 tile (row i in V16+2i, V17+2i).
TEXT ·gemmKernel8x8NEON(SB), NOSPLIT, $0-48
	MOVD kc+0(FP), R9
	MOVD a+8(FP), R0
	MOVD lda+16(FP), R10
	MOVD b+24(FP), R8
	MOVD c+32(FP), R12
	MOVD ldc+40(FP), R11
	LSL  $2, R10, R10
	LSL  $2, R11, R11`)
	for i := 1; i < 8; i++ {
		w.Line("\tADD  R10, R%d, R%d", i-1, i)
	}
	for i := 1; i < 8; i++ {
		w.Line("\tADD  R11, R%d, R%d", cRows[i-1], cRows[i])
	}
	w.Line("")
	w.Line("\t// V16..V31 = the tile of C; the products accumulate onto it")
	for i, c := range cRows {
		w.Line("\tVLD1 (R%d), [V%d.S4, V%d.S4]", c, acc(i, 0), acc(i, 1))
	}
	w.Line("%s", `	SUBS $4, R9, R9
	BLT  k1

k4:
	// tile += a[0:8, p:p+4] b[p:p+4, 0:8]`)
	for i := range 8 {
		w.Line("\tVLD1.P 16(R%d), [V%d.S4]", i, i)
	}
	w.Line("\tVLD1.P 64(R8), [V8.S4, V9.S4, V10.S4, V11.S4]")
	w.Line("\tVLD1.P 64(R8), [V12.S4, V13.S4, V14.S4, V15.S4]")
	for k := range 4 {
		step(k, 8+2*k)
	}
	w.Line("%s", `	SUBS   $4, R9, R9
	BGE    k4

k1:
	// the last kc%4 steps: tile += a[0:8, p] b[p, 0:8]
	ADDS $4, R9, R9
	BEQ  store

k1loop:`)
	for i := range 8 {
		w.Line("\tFMOVS.P 4(R%d), F%d", i, i)
	}
	w.Line("\tVLD1.P  32(R8), [V8.S4, V9.S4]")
	step(0, 8)
	w.Line("%s", `	SUBS    $1, R9, R9
	BNE     k1loop

store:
	// C's tile = V16..V31`)
	for i, c := range cRows {
		w.Line("\tVST1 [V%d.S4, V%d.S4], (R%d)", acc(i, 0), acc(i, 1), c)
	}
	w.Line("\tRET")
}
