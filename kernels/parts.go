package kernels

// Products in parts: one product split among goroutines. The kernels stay
// single-threaded; a caller that runs the parts of a product on several
// goroutines (each with its own Workspace) gets the product's exact bits,
// whatever the number of parts, because every part computes its elements
// with the kernel and the blocks of k the whole product would use. The
// parts write disjoint elements of the result, so they may run
// concurrently; they must all finish before the result is read.

// GemmPart computes part part (0 <= part < parts) of the product that
// Gemm computes with the same arguments: a block of C's columns (whole
// panels of the tier's kernel) or of its rows (whole tiles), whichever
// split gives the largest part the least work, counting the copies of the
// operands each part makes. Running the parts 0..parts-1, in any order
// and concurrently on different goroutines with different workspaces,
// leaves C exactly as one Gemm call does. A part may be empty (parts
// larger than the product's panels or tiles). Each part copies the
// columns of op(B) it reads (all of them in a split by rows), and its rows
// of op(A) when A is transposed (all of them in a split by columns).
func GemmPart(part, parts int, transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, ws *Workspace) {
	checkPart("GemmPart", part, parts)
	checkGemm("GemmPart", transA, m, n, k, a, lda, c, ldc)
	checkMatrix("GemmPart", "b", transB, k, n, b, ldb)
	if m == 0 || n == 0 || k == 0 {
		return
	}
	checkOverlap("GemmPart", c, ldc, m, n, a, b)
	gemmPart(part, parts, transA, m, n, k, a, lda, &gemmB{trans: transB, b: b, ldb: ldb}, c, ldc, ws)
}

// GemmPackedPart computes part part (0 <= part < parts) of the product
// that GemmPacked computes with the same arguments, as GemmPart does for
// Gemm: the parts together leave C exactly as one GemmPacked call does.
// It panics when p is not Valid.
func GemmPackedPart(part, parts int, transA bool, m int, a []float32, lda int, p *PackedB, c []float32, ldc int, ws *Workspace) {
	checkPart("GemmPackedPart", part, parts)
	checkPacked("GemmPackedPart", p)
	k, n := p.k, p.n
	checkGemm("GemmPackedPart", transA, m, n, k, a, lda, c, ldc)
	if m == 0 || n == 0 || k == 0 {
		return
	}
	checkOverlap("GemmPackedPart", c, ldc, m, n, a, p.data)
	gemmPart(part, parts, transA, m, n, k, a, lda, &gemmB{packed: p}, c, ldc, ws)
}

// gemmPart is GemmPart and GemmPackedPart once the arguments are checked.
func gemmPart(part, parts int, transA bool, m, n, k int, a []float32, lda int, bsrc *gemmB, c []float32, ldc int, ws *Workspace) {
	if ws == nil {
		ws = workspaces.Get().(*Workspace)
		defer workspaces.Put(ws)
	}
	ks := cur.gemm
	ki := gemmPick(ks, m, n, bsrc)
	kr := ks[ki]
	panels, tiles := ceilDiv(n, kr.nr), ceilDiv(m, kr.mr)
	if splitCols(bsrc, transA, panels*kr.nr, tiles*kr.mr, k, ceilDiv(panels, parts)*kr.nr, ceilDiv(tiles, parts)*kr.mr) {
		q0, q1 := partOf(panels, part, parts)
		if q0 < q1 {
			gemmRange(ks, ki, transA, 0, m, q0*kr.nr, min(q1*kr.nr, n), k, a, lda, bsrc, c, ldc, ws)
		}
		return
	}
	t0, t1 := partOf(tiles, part, parts)
	if t0 < t1 {
		gemmRange(ks, ki, transA, t0*kr.mr, min(t1*kr.mr, m), 0, n, k, a, lda, bsrc, c, ldc, ws)
	}
}

// PackPart packs part part (0 <= part < parts) of op(B) into p, which
// Pack has filled before from a matrix of the same shape: the parts
// 0..parts-1, run in any order and concurrently on different goroutines,
// leave p as Pack(trans, k, n, b, ldb) does with p's k and n, so that a
// weight matrix changed in place (an optimizer step) is packed again by
// several goroutines. It panics when p is not Valid (Pack it again after
// the tier changes) or b does not hold a matrix of p's shape.
func (p *PackedB) PackPart(part, parts int, trans bool, b []float32, ldb int) {
	checkPart("PackedB.PackPart", part, parts)
	checkPacked("PackedB.PackPart", p)
	checkMatrix("PackedB.PackPart", "b", trans, p.k, p.n, b, ldb)
	kr := cur.gemm[p.kern]
	np := ceilDiv(p.n, kr.nr) * kr.nr
	q0, q1 := partOf(np/kr.nr, part, parts)
	if q0 == q1 {
		return
	}
	src := gemmB{trans: trans, b: b, ldb: ldb}
	for pc := 0; pc < p.k; pc += p.kc {
		kb := min(p.kc, p.k-pc)
		src.pack(p.data[pc*np+q0*kr.kpad(kb)*kr.nr:], kr, pc, kb, q0*kr.nr, min(q1*kr.nr, p.n))
	}
}

// GerKPart computes part part (0 <= part < parts) of the rank-k update
// GerK computes with the same arguments: a block of W's rows. Running the
// parts 0..parts-1, in any order and concurrently on different
// goroutines, leaves W exactly as one GerK call does.
func GerKPart(part, parts int, w []float32, alpha float32, x, y []float32, k int) {
	checkPart("GerKPart", part, parts)
	if k <= 0 || len(x)%k != 0 || len(y)%k != 0 {
		GerK(w, alpha, x, y, k) // the same checks and panics (k == 0: nothing to do)
		return
	}
	m, n := len(x)/k, len(y)/k
	if !shapeOK(len(w), m, n) {
		panicf("kernels: GerKPart: len(w) = %d, want (len(x)/k)*(len(y)/k) = %d*%d = %d", len(w), m, n, uint64(m)*uint64(n))
	}
	if m == 0 || n == 0 {
		return
	}
	// Each element's sum is the same in any block of rows.
	i0, i1 := partOf(m, part, parts)
	if i0 < i1 {
		cur.gerK(w[i0*n:i1*n], alpha, x[i0:], y, i1-i0, n, k, m)
	}
}

// splitCols reports whether the parts of an m x n x k product (m and n
// rounded up to whole tiles) split its columns (each part nc of them)
// rather than its rows (each part mc), from an estimate of the largest
// part's time in flops: its multiply-adds, plus the copies it makes, a
// transposing copy counted as 100 flops per element and a plain one as
// 30 (on an Ice Lake Xeon, a transposing copy runs at about 1 ns per
// element and the kernels at about 100 GFLOP/s). A split by columns copies
// its columns of op(B) (unless packed) and all of op(A) when A is
// transposed; a split by rows, all of op(B) and its rows of op(A).
func splitCols(bsrc *gemmB, transA bool, n, m, k, nc, mc int) bool {
	perB := 0.0
	if bsrc.packed == nil {
		perB = 30
		if bsrc.trans {
			perB = 100
		}
	}
	perA := 0.0
	if transA {
		perA = 100
	}
	fk := float64(k)
	cols := 2*float64(nc)*float64(m)*fk + perB*float64(nc)*fk + perA*float64(m)*fk
	rows := 2*float64(mc)*float64(n)*fk + perB*float64(n)*fk + perA*float64(mc)*fk
	return cols <= rows
}

// partOf returns the range [lo, hi) of part part of total units split
// into parts shares as even as whole units allow (the earlier parts get
// the extra units).
func partOf(total, part, parts int) (lo, hi int) {
	q, r := total/parts, total%parts
	lo = part*q + min(part, r)
	hi = lo + q
	if part < r {
		hi++
	}
	return lo, hi
}

// checkPart panics naming op when part is not in [0, parts).
func checkPart(op string, part, parts int) {
	if parts < 1 || part < 0 || part >= parts {
		panicf("kernels: %s: part %d of %d, want 0 <= part < parts", op, part, parts)
	}
}

// checkPacked panics naming op when p is empty or packed for another tier.
func checkPacked(op string, p *PackedB) {
	if !p.Valid() {
		if p.tier == "" {
			panicf("kernels: %s: the PackedB is empty; Pack it first", op)
		}
		panicf("kernels: %s: B was packed for tier %q, but %q is in use: Pack it again", op, p.tier, current)
	}
}
