package avx2

import (
	"fmt"

	"github.com/simdrnn/simdrnn/asm/gen/internal/emit"
)

// RankK returns kernels/rankk_avx2_amd64.s: gerKAVX2Panel, the avx2 GerK on one
// panel, W (rows x n, row stride ldw) += alpha * X^T Y over k steps. Rows go
// in blocks of 6 (when enabled), then 4, then 1; each block sweeps the
// columns in strips of 16 and 8 and a masked strip of the last n%8, keeping
// one 8-lane accumulator per row and 8 columns in registers over all k.
func RankK() []byte {
	w := new(emit.Writer)
	w.Header("amd64")
	w.Line(`// func gerKAVX2Panel(w []float32, alpha float32, x, y []float32, rows, n, k, ldx, ldw, six int)
//
// DI = &w[i0*ldw], SI = &x[i0], DX = &y[0], R8 = 4*ldx, R9 = 4*n (Y's row
// stride), R10 = k, R11 = rows left, R12 = column offset j in bytes,
// R13 = 4*ldw (W's row stride). AX, BX, CX walk X, Y and t inside a block,
// then AX walks W's rows; CX holds the bytes of columns left between blocks.
// The 6-row blocks use Y0..Y11 as accumulators, Y12/Y13 for Y and Y14 for
// the broadcasts of X, then alpha; the 4- and 1-row blocks keep alpha in
// Y14 throughout. Y13 holds the mask of the last n%%8 columns.
TEXT ·gerKAVX2Panel(SB), NOSPLIT, $0-128
	MOVQ         w_base+0(FP), DI
	MOVQ         x_base+32(FP), SI
	MOVQ         y_base+56(FP), DX
	MOVQ         rows+80(FP), R11
	MOVQ         n+88(FP), R9
	SHLQ         $2, R9
	MOVQ         k+96(FP), R10
	MOVQ         ldx+104(FP), R8
	SHLQ         $2, R8
	MOVQ         ldw+112(FP), R13
	SHLQ         $2, R13
	CMPQ         six+120(FP), $0
	JEQ          rows4init
`)
	b6 := rkBlock{rows: 6, y: [2]int{12, 13}, bcast: [2]int{14, 14}, alphaAfter: true,
		next: []string{"LEAQ (DI)(R13*4), DI", "LEAQ (DI)(R13*2), DI", "ADDQ $24, SI", "SUBQ $6, R11", "JMP  rows6"}}
	b4 := rkBlock{rows: 4, y: [2]int{8, 9}, bcast: [2]int{10, 11},
		next: []string{"LEAQ (DI)(R13*4), DI", "ADDQ $16, SI", "SUBQ $4, R11", "JMP  rows4"}}
	b1 := rkBlock{rows: 1, y: [2]int{8, 9}, bcast: [2]int{10, 10},
		next: []string{"ADDQ R13, DI", "ADDQ $4, SI", "DECQ R11", "JMP  rows1"}}

	w.Line("rows6:")
	w.Line("\t// Blocks of 6 rows while at least 6 are left.")
	w.Line("\tCMPQ R11, $6")
	w.Line("\tJLT  rows4init")
	w.Line("\tXORQ R12, R12")
	w.Line("")
	b6.strip(w, 16)
	b6.strip(w, 8)
	b6.strip(w, 0)
	b6.nextRows(w)

	w.Line("rows4init:")
	w.Line("\t// alpha in every lane of Y14 for the 4-row and 1-row blocks")
	w.Line("\tVBROADCASTSS alpha+24(FP), Y14")
	w.Line("")
	w.Line("rows4:")
	w.Line("\t// Blocks of 4 rows while at least 4 are left.")
	w.Line("\tCMPQ R11, $4")
	w.Line("\tJLT  rows1")
	w.Line("\tXORQ R12, R12")
	w.Line("")
	b4.strip(w, 16)
	b4.strip(w, 8)
	b4.strip(w, 0)
	b4.nextRows(w)

	w.Line("rows1:")
	w.Line("\t// The last 0..3 rows, one at a time.")
	w.Line("\tTESTQ R11, R11")
	w.Line("\tJZ    done")
	w.Line("\tXORQ  R12, R12")
	w.Line("")
	b1.strip(w, 8)
	b1.strip(w, 0)
	b1.nextRows(w)

	w.Line("done:")
	w.Line("\tVZEROUPPER")
	w.Line("\tRET")
	return w.Bytes()
}

// rkBlock is one row-block size of gerKAVX2Panel and its registers.
type rkBlock struct {
	rows       int
	y          [2]int // registers of Y's two 8-column vectors, then of W's
	bcast      [2]int // registers of the broadcasts of x_t[i0+r], for even and odd r
	alphaAfter bool   // alpha is broadcast into Y14 after each k loop (Y14 held X)
	next       []string
}

// acc returns the accumulator of row r and 8-column half h: Y(2r+h).
func (b rkBlock) acc(r, h int) string { return fmt.Sprintf("Y%d", 2*r+h) }

// label names a strip: rows x 16, rows x 8 or the masked rows x (n%8).
func (b rkBlock) label(kind string, width int) string {
	if width == 0 {
		return fmt.Sprintf("%s%dmask", kind, b.rows)
	}
	return fmt.Sprintf("%s%dx%d", kind, b.rows, width)
}

// strip writes the block for one strip of columns: width 16 or 8 (which
// loop back while that many columns are left, or for 8 with more than one
// row run once, as at most 15 are left), or 0 for the masked last n%8.
func (b rkBlock) strip(w *emit.Writer, width int) {
	vecs := max(width/8, 1)
	mask := width == 0
	// The strip after this one, where the column test branches.
	var after string
	switch {
	case width == 16:
		after = b.label("cols", 8)
	case width == 8:
		after = b.label("cols", 0)
	default:
		after = fmt.Sprintf("next%d", b.rows)
	}
	w.Line("%s:", b.label("cols", width))
	switch {
	case mask:
		w.Line("\t// %d x (1..7) block, masked: Y13 = mask of the CX/4 columns left", b.rows)
		w.Line("\tTESTQ   CX, CX")
		w.Line("\tJZ      %s", after)
		w.Line("\tLEAQ    ·tailMask+32(SB), AX")
		w.Line("\tSUBQ    CX, AX")
		w.Line("\tVMOVDQU (AX), Y13")
	case width == 16 || b.rows == 1:
		w.Line("\t// %d x %d block at column j: accumulators = sum_t x_t[i0..] * y_t[j:j+%d]", b.rows, width, width)
		w.Line("\tMOVQ   R9, CX")
		w.Line("\tSUBQ   R12, CX")
		w.Line("\tCMPQ   CX, $%d", 4*width)
		w.Line("\tJLT    %s", after)
	default:
		w.Line("\t// %d x 8 block when 8..15 columns (CX bytes) are left", b.rows)
		w.Line("\tCMPQ   CX, $32")
		w.Line("\tJLT    %s", after)
	}
	w.Line("\tMOVQ   SI, AX")
	w.Line("\tLEAQ   (DX)(R12*1), BX")
	w.Line("\tMOVQ   R10, CX")
	for r := range b.rows {
		for h := range vecs {
			w.Line("\tVXORPS %s, %s, %s", b.acc(r, h), b.acc(r, h), b.acc(r, h))
		}
	}
	w.Line("")

	// The k loop: one step t per iteration.
	loop := b.label("loop", width)
	w.Line("%s:", loop)
	w.Line("\t// one step t: %s of y_t, %s of x_t, %s", count(vecs, "load"), count(b.rows, "broadcast"), count(b.rows*vecs, "FMA"))
	switch {
	case mask:
		w.Line("\tVMASKMOVPS   (BX), Y13, Y%d", b.y[0])
	case b.rows > 1:
		for h := range vecs {
			w.Line("\tVMOVUPS      %s, Y%d", mem("BX", 32*h), b.y[h])
		}
	}
	for r := range b.rows {
		bc := b.bcast[r%2]
		w.Line("\tVBROADCASTSS %s, Y%d", mem("AX", 4*r), bc)
		for h := range vecs {
			if b.rows == 1 && !mask {
				w.Line("\tVFMADD231PS  (BX), Y%d, %s", bc, b.acc(r, h))
			} else {
				w.Line("\tVFMADD231PS  Y%d, Y%d, %s", b.y[h], bc, b.acc(r, h))
			}
		}
	}
	w.Line("\tADDQ         R8, AX")
	w.Line("\tADDQ         R9, BX")
	w.Line("\tDECQ         CX")
	w.Line("\tJNZ          %s", loop)
	w.Line("")

	// W[i0+r][j:...] += alpha * accumulators.
	cols := fmt.Sprintf("j:j+%d", width)
	if mask {
		cols = "j:n"
	}
	w.Line("\t// W[i0+r][%s] += alpha * accumulators, r = 0..%d", cols, b.rows-1)
	if b.alphaAfter {
		w.Line("\tVBROADCASTSS alpha+24(FP), Y14")
	}
	w.Line("\tLEAQ        (DI)(R12*1), AX")
	for r := range b.rows {
		if r > 0 {
			w.Line("\tADDQ        R13, AX")
		}
		for h := range vecs {
			if mask {
				w.Line("\tVMASKMOVPS  (AX), Y13, Y%d", b.y[h])
			} else {
				w.Line("\tVMOVUPS     %s, Y%d", mem("AX", 32*h), b.y[h])
			}
		}
		for h := range vecs {
			w.Line("\tVFMADD231PS %s, Y14, Y%d", b.acc(r, h), b.y[h])
		}
		for h := range vecs {
			if mask {
				w.Line("\tVMASKMOVPS  Y%d, Y13, (AX)", b.y[h])
			} else {
				w.Line("\tVMOVUPS     Y%d, %s", b.y[h], mem("AX", 32*h))
			}
		}
	}
	switch {
	case mask:
	case width == 16 || b.rows == 1:
		w.Line("\tADDQ        $%d, R12", 4*width)
		w.Line("\tJMP         %s", b.label("cols", width))
	default:
		w.Line("\tADDQ        $32, R12")
		w.Line("\tMOVQ        R9, CX")
		w.Line("\tSUBQ        R12, CX")
	}
	w.Line("")
}

// nextRows writes the step to the next block of rows.
func (b rkBlock) nextRows(w *emit.Writer) {
	w.Line("next%d:", b.rows)
	w.Line("\t// next %s: W %s down, X %s right", count(b.rows, "row"), count(b.rows, "row"), count(b.rows, "column"))
	for _, l := range b.next {
		w.Line("\t%s", l)
	}
	w.Line("")
}

// mem formats a memory operand at a byte offset from a register.
func mem(reg string, off int) string {
	if off == 0 {
		return "(" + reg + ")"
	}
	return fmt.Sprintf("%d(%s)", off, reg)
}

// count formats n and a noun, plural unless n is 1.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
