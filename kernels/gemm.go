package kernels

import (
	"sync"
	"unsafe"

	"github.com/simdrnn/simdrnn/internal/cpu"
)

// Gemm computes the matrix-matrix product
//
//	C += op(A) op(B)
//
// where C is a row-major m x n matrix whose rows start ldc elements apart,
// op(A) is m x k and op(B) is k x n. op(A) is A when transA is false (A is
// stored m x k, rows lda apart) and A^T when it is true (A is stored k x m);
// op(B) likewise (B stored k x n, or n x k when transB is true). So
//
//	Gemm(false, false, ...)  C += A B      (a forward pass: H W^T is Gemm(false, true, ...))
//	Gemm(false, true, ...)   C += A B^T
//	Gemm(true, false, ...)   C += A^T B    (a weight gradient: sum over a batch of outer products)
//	Gemm(true, true, ...)    C += A^T B^T
//
// Every leading dimension must be at least the stored row length and at
// least 1, and every slice must reach its matrix's last element; a shape
// that does not fit panics naming the sizes. m, n or k equal to 0 does
// nothing. C must not overlap A or B.
//
// ws holds the packed copies of the operands the product makes; its
// memory is reused from one call to the next, so that a program that keeps
// one Workspace per goroutine allocates nothing once the workspace has
// grown to the largest product it serves. A nil ws takes a workspace from
// a pool shared by the package (which the garbage collector may empty).
//
// The products are accumulated in float32 in an order that depends on the
// implementation and the blocking: each element of C is within
// (k+2)*2^-24*(|C_ij| + sum_p |op(A)_ip op(B)_pj|) of the exact value.
//
// The tiers compute C in register tiles (avx2 6 x 16, avx512 12 x 32 and
// 12 x 16, neon 4 x 24 and 8 x 8, chosen by the tier for the shape, with
// narrower tiles for the last rows), with op(B) packed into panels sized
// to stay in L1 and op(A) read in place when it is not transposed (and its
// stride does not crowd cache sets); see "Matrix products" in the package
// documentation.
func Gemm(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int, ws *Workspace) {
	checkGemm("Gemm", transA, m, n, k, a, lda, c, ldc)
	checkMatrix("Gemm", "b", transB, k, n, b, ldb)
	if m == 0 || n == 0 || k == 0 {
		return
	}
	checkOverlap("Gemm", c, ldc, m, n, a, b)
	if ws == nil {
		ws = workspaces.Get().(*Workspace)
		defer workspaces.Put(ws)
	}
	gemm(cur.gemm, transA, m, n, k, a, lda, &gemmB{trans: transB, b: b, ldb: ldb}, c, ldc, ws)
}

// PackedB is the right-hand operand of a product, op(B), copied once into
// the panels the tier's kernels read, so that products with the same B
// (a weight matrix multiplied by many batches) do not copy it each time.
// The zero value is empty; Pack fills it.
//
// A PackedB is valid for the implementation tier in use when it was
// packed (see Use): Valid reports whether that is still the tier in use,
// and GemmPacked panics when it is not.
type PackedB struct {
	k, n   int
	tier   string
	kern   int // index in the tier's gemm kernels
	nr, kc int
	data   []float32
}

// Pack copies op(B) into p, where op(B) is the k x n matrix B (stored k x n,
// rows ldb apart) when trans is false and B^T (B stored n x k) when it is
// true. p's memory is reused when it is large enough, so repacking a
// matrix of the same shape (after an optimizer step) allocates nothing.
func (p *PackedB) Pack(trans bool, k, n int, b []float32, ldb int) {
	checkMatrix("PackedB.Pack", "b", trans, k, n, b, ldb)
	ks := cur.gemm
	ki := pickGemmKernel(ks, 1<<20, n, -1)
	kr := ks[ki]
	kc := gemmBlocking(kr, 1<<20, k).kc
	np := ceilDiv(n, kr.nr) * kr.nr
	p.k, p.n, p.tier, p.kern, p.nr, p.kc = k, n, current, ki, kr.nr, kc
	p.data = grow(p.data, kr.kpad(k)*np)
	src := gemmB{trans: trans, b: b, ldb: ldb}
	for pc := 0; pc < k; pc += kc {
		kb := min(kc, k-pc)
		src.pack(p.data[pc*np:], kr, pc, kb, 0, n)
	}
}

// Dims returns the shape of the packed op(B): k rows and n columns.
func (p *PackedB) Dims() (k, n int) { return p.k, p.n }

// Valid reports whether p was packed for the implementation tier in use
// (and so can be passed to GemmPacked).
func (p *PackedB) Valid() bool { return p.tier == current && p.tier != "" }

// GemmPacked computes C += op(A) op(B) as Gemm does, with op(B) the k x n
// matrix packed in p: A is stored m x k (or k x m when transA is true),
// rows lda apart, and C is m x n, rows ldc apart. It panics when p is not
// Valid.
func GemmPacked(transA bool, m int, a []float32, lda int, p *PackedB, c []float32, ldc int, ws *Workspace) {
	if !p.Valid() {
		if p.tier == "" {
			panicf("kernels: GemmPacked: the PackedB is empty; Pack it first")
		}
		panicf("kernels: GemmPacked: B was packed for tier %q, but %q is in use: Pack it again", p.tier, current)
	}
	k, n := p.k, p.n
	checkGemm("GemmPacked", transA, m, n, k, a, lda, c, ldc)
	if m == 0 || n == 0 || k == 0 {
		return
	}
	checkOverlap("GemmPacked", c, ldc, m, n, a, p.data)
	if ws == nil {
		ws = workspaces.Get().(*Workspace)
		defer workspaces.Put(ws)
	}
	gemm(cur.gemm, transA, m, n, k, a, lda, &gemmB{packed: p}, c, ldc, ws)
}

// Workspace holds the packed operands and edge tiles of Gemm and
// GemmPacked. The zero value is ready to use; it grows to the largest
// product it has served and keeps that memory. A Workspace must not be
// used by two products at the same time.
type Workspace struct {
	b, a, tile []float32
}

var workspaces = sync.Pool{New: func() any { return new(Workspace) }}

// gemmKernel is one register-tiled micro-kernel of a tier. kern computes
// the mr x nr tile
//
//	for i := range mr {
//		for j := range nr {
//			var s float32
//			for p := range kc {
//				s += a[i*lda+p] * b[p*nr+j]
//			}
//			c[i*ldc+j] += s
//		}
//	}
//
// for kc >= 1, where a, b and c point at the first elements: mr rows of A
// read in place (kc elements each, lda apart), a packed panel of kc x nr
// elements of B, and mr rows of nr elements of C. The driver (gemm) calls
// it on whole tiles only: edge tiles go through zero-padded copies.
type gemmKernel struct {
	mr, nr int
	// cost is the kernel's time per multiply-add of its tile relative to
	// the tier's first kernel (1); pickGemmKernel weighs the padded area
	// of a shape by it.
	cost float32
	kern func(kc int, a *float32, lda int, b, c *float32, ldc int)
	// kpair marks a kernel that reads B's panel with its rows in pairs,
	// so that one 64-bit broadcast of a[i][p:p+2] feeds a vector of 8
	// columns x 2 steps: element (p, j) of the panel is at
	//
	//	p/2*2*nr + j/8*16 + j%8*2 + p%2
	//
	// (nr a multiple of 8), a last unpaired row padded with zeros; the
	// panel holds kpad(kc) x nr elements.
	kpair bool
}

// kpad returns the number of rows of B a panel of kc steps holds for kr:
// kc rounded up to even when kr.kpair.
func (kr gemmKernel) kpad(kc int) int {
	if kr.kpair {
		return kc + kc&1
	}
	return kc
}

// pickGemmKernel returns the index of the kernel in ks that computes an
// m x n product with the least cost: the area it computes (n rounded up to
// its tile, m to its tile or, for the last rows, to the tile of the
// kernel edgeKernel gives) times the costs; ties go to the earlier kernel.
// With like >= 0, only the kernels that read ks[like]'s panels are
// candidates (a PackedB's).
func pickGemmKernel(ks []gemmKernel, m, n, like int) int {
	best, bestCost := -1, float64(0)
	for i, kr := range ks {
		if like >= 0 && !kr.sameB(ks[like]) {
			continue
		}
		full := m / kr.mr * kr.mr
		c := float64(full) * float64(kr.cost)
		if h := m - full; h > 0 {
			e := ks[edgeKernel(ks, i, h)]
			c += float64(e.mr) * float64(e.cost)
		}
		c *= float64(ceilDiv(n, kr.nr) * kr.nr)
		if best < 0 || c < bestCost {
			best, bestCost = i, c
		}
	}
	return best
}

// edgeKernel returns the index of the kernel in ks that computes the last
// h < ks[ki].mr rows of a product ks[ki] computes: the one that reads the
// same panels of B with the least cost for its tile (h <= mr <= ks[ki].mr), ki itself
// when none is cheaper.
func edgeKernel(ks []gemmKernel, ki, h int) int {
	best := ki
	for i, kr := range ks {
		if kr.sameB(ks[ki]) && kr.mr >= h && kr.mr <= ks[ki].mr && float32(kr.mr)*kr.cost < float32(ks[best].mr)*ks[best].cost {
			best = i
		}
	}
	return best
}

// sameB reports whether kr and o read the same panels of B.
func (kr gemmKernel) sameB(o gemmKernel) bool { return kr.nr == o.nr && kr.kpair == o.kpair }

// blocking holds a kernel's cache blocks: a kc x nr panel of B stays in
// L1 while the tiles of an mc x kc block of A, kept in L2, stream past it;
// nc columns of B are packed at a time (kc x nc in L3).
type blocking struct{ kc, mc, nc int }

var caches = cpu.Describe().Cache

// gemmBlocking derives a kernel's blocks for an m x k op(A) from the cache
// sizes cpuid reports (32 KiB, 1 MiB and 8 MiB where it reports none): kc
// and mc as large as L1 and L2 allow, then evened out over the blocks k
// and m take, so that no block is a short remainder.
func gemmBlocking(kr gemmKernel, m, k int) blocking {
	l1, l2, l3 := caches.L1D, caches.L2, caches.L3
	if l1 <= 0 {
		l1 = 32 << 10
	}
	if l2 <= 0 {
		l2 = 1 << 20
	}
	if l3 <= 0 {
		l3 = 8 << 20
	}
	// Two thirds of L1 for the B panel, the rest for A's rows and C's tile.
	kmax := min(max(l1*2/3/(4*kr.nr), 64), 512) &^ 7
	kc := (ceilDiv(k, ceilDiv(k, kmax)) + 7) &^ 7
	// Half of L2 for the block of A.
	mmax := max(l2/2/(4*kc)/kr.mr, 1) * kr.mr
	mc := ceilDiv(ceilDiv(m, ceilDiv(m, mmax)), kr.mr) * kr.mr
	nc := max(min(l3/4, 16<<20)/(4*kc)/kr.nr, 1) * kr.nr
	return blocking{kc: kc, mc: mc, nc: nc}
}

// gemmB is the right operand of gemm: B in place (packed per block) or a
// PackedB.
type gemmB struct {
	trans  bool
	b      []float32
	ldb    int
	packed *PackedB
}

// pack copies rows pc..pc+kb of op(B), columns j0..j1, into dst as panels
// of nr columns (the last one zero-padded): panel q holds kb x nr elements,
// row p at dst[q*kb*nr+p*nr:]; for a kernel with kpair, panel q holds
// kr.kpad(kb) x nr elements in its layout.
func (g *gemmB) pack(dst []float32, kr gemmKernel, pc, kb, j0, j1 int) {
	nr := kr.nr
	if kr.kpair {
		g.packPairs(dst, nr, pc, kb, j0, j1)
		return
	}
	if !g.trans && (nr == 16 || nr == 32) {
		// Whole panels row by row of B, so that B is read in order.
		packRows(dst, g.b[pc*g.ldb+j0:], g.ldb, nr, kb, (j1-j0)/nr)
	}
	for q, j := 0, j0; j < j1; q, j = q+1, j+nr {
		w := min(nr, j1-j)
		d := dst[q*kb*nr : (q+1)*kb*nr]
		if !g.trans {
			if w == nr && (nr == 16 || nr == 32) {
				continue // below, row by row
			}
			for p := range kb {
				row := g.b[(pc+p)*g.ldb+j:]
				copy(d[p*nr:p*nr+w], row[:w])
				clear(d[p*nr+w : (p+1)*nr])
			}
			continue
		}
		// B is stored n x k: column j of op(B) is row j of B.
		if w < nr {
			clear(d)
		}
		for jj := range w {
			row := g.b[(j+jj)*g.ldb+pc : (j+jj)*g.ldb+pc+kb]
			for p, v := range row {
				d[p*nr+jj] = v
			}
		}
	}
}

// packRows copies the first nq panels of nr = 16 or 32 columns of kb rows
// of B (ld apart in src) into dst's panels (kb*nr elements each), reading
// B row by row. The rows of a panel move as arrays through a local
// variable, which the compiler copies with vector moves (a copy between two
// slices or through two pointers calls memmove).
func packRows(dst, src []float32, ld, nr, kb, nq int) {
	if nr == 16 {
		for p := range kb {
			row := src[p*ld : p*ld+nq*16]
			d := dst[p*16:]
			for len(row) >= 16 {
				v := *(*[16]float32)(row)
				*(*[16]float32)(d) = v
				row, d = row[16:], d[min(kb*16, len(d)):]
			}
		}
		return
	}
	for p := range kb {
		row := src[p*ld : p*ld+nq*32]
		d := dst[p*32:]
		for len(row) >= 32 {
			v := *(*[32]float32)(row)
			*(*[32]float32)(d) = v
			row, d = row[32:], d[min(kb*32, len(d)):]
		}
	}
}

// packPairs is pack for a kernel with kpair (see gemmKernel).
func (g *gemmB) packPairs(dst []float32, nr, pc, kb, j0, j1 int) {
	kp := kb + kb&1
	for q, j := 0, j0; j < j1; q, j = q+1, j+nr {
		w := min(nr, j1-j)
		d := dst[q*kp*nr : (q+1)*kp*nr]
		if w < nr || kp != kb {
			clear(d)
		}
		p0 := 0
		if w == 16 && nr == 16 {
			// Whole pairs of a full panel: 32 elements at a time.
			p0 = kb &^ 1
			for p := 0; p < p0; p += 2 {
				dp := (*[32]float32)(d[p*16:])
				if !g.trans {
					r0 := (*[16]float32)(g.b[(pc+p)*g.ldb+j:])
					r1 := (*[16]float32)(g.b[(pc+p+1)*g.ldb+j:])
					for jj := range 8 {
						dp[2*jj], dp[2*jj+1] = r0[jj], r1[jj]
						dp[16+2*jj], dp[17+2*jj] = r0[8+jj], r1[8+jj]
					}
					continue
				}
				// B stored n x k: the pair is adjacent in row j+jj of B.
				src := g.b[j*g.ldb+pc+p:]
				for jj := range 16 {
					*(*[2]float32)(dp[jj/8*16+jj%8*2:]) = *(*[2]float32)(src[jj*g.ldb:])
				}
			}
		}
		for p := p0; p < kb; p++ {
			dp := d[p/2*2*nr+p%2:]
			if !g.trans {
				row := g.b[(pc+p)*g.ldb+j : (pc+p)*g.ldb+j+w]
				for jj, v := range row {
					dp[jj/8*16+jj%8*2] = v
				}
				continue
			}
			for jj := range w {
				dp[jj/8*16+jj%8*2] = g.b[(j+jj)*g.ldb+pc+p]
			}
		}
	}
}

// gemm is the driver every tier shares: it picks a kernel from ks, packs
// op(B) block by block (unless it is packed already), reads op(A) in place
// (or packs it when transposed) and runs the kernel over whole tiles,
// sending edge tiles through the workspace.
func gemm(ks []gemmKernel, transA bool, m, n, k int, a []float32, lda int, bsrc *gemmB, c []float32, ldc int, ws *Workspace) {
	ki := gemmPick(ks, m, n, bsrc)
	gemmRange(ks, ki, transA, 0, m, 0, n, k, a, lda, bsrc, c, ldc, ws)
}

// gemmPick returns the kernel in ks of an m x n product with bsrc: among
// those that read a PackedB's panels, or all.
func gemmPick(ks []gemmKernel, m, n int, bsrc *gemmB) int {
	like := -1
	if p := bsrc.packed; p != nil {
		like = p.kern
	}
	return pickGemmKernel(ks, m, n, like)
}

// gemmRange computes rows [i0, i1) and columns [j0, j1) of the product
// gemm computes, with kernel ks[ki], where i0 is a multiple of its mr and
// j0 of its nr: the tiles are those of the whole product, each computed by
// the same kernel over the same blocks of k, so that the elements have the
// bits gemm gives them.
func gemmRange(ks []gemmKernel, ki int, transA bool, i0, i1, j0, j1, k int, a []float32, lda int, bsrc *gemmB, c []float32, ldc int, ws *Workspace) {
	kr := ks[ki]
	mr, nr := kr.mr, kr.nr
	bl := gemmBlocking(kr, i1-i0, k)
	p := bsrc.packed
	all := 0 // the padded width of a PackedB
	if p != nil {
		bl.kc = p.kc
		all = ceilDiv(p.n, nr) * nr
		bl.nc = all
	}
	ek := kr // the kernel of the last rows
	if h := (i1 - i0) % mr; h > 0 {
		ek = ks[edgeKernel(ks, ki, h)]
	}
	ws.tile = grow(ws.tile, mr*nr)
	for jc := j0; jc < j1; jc += bl.nc {
		nb := min(bl.nc, j1-jc)
		np := ceilDiv(nb, nr) * nr // padded width of this column block
		for pc := 0; pc < k; pc += bl.kc {
			kb := min(bl.kc, k-pc)
			var bp []float32
			if p != nil {
				bp = p.data[pc*all+jc/nr*kr.kpad(kb)*nr:]
			} else {
				ws.b = grow(ws.b, kr.kpad(kb)*np)
				bsrc.pack(ws.b, kr, pc, kb, jc, jc+nb)
				bp = ws.b
			}
			for ic := i0; ic < i1; ic += bl.mc {
				mb := min(bl.mc, i1-ic)
				gemmBlock(kr, ek, transA, a, lda, ic, mb, pc, kb, bp, nb, c[ic*ldc+jc:], ldc, ws)
			}
		}
	}
}

// gemmBlock computes C[0:mb, 0:nb] += op(A)[ic:ic+mb, pc:pc+kb] B_block
// where bp holds the block of op(B) in panels of nr columns: kr computes
// the whole tiles of mr rows, ek (which reads the same panels, ek.mr <=
// kr.mr) the last mb%mr rows.
func gemmBlock(kr, ek gemmKernel, transA bool, a []float32, lda, ic, mb, pc, kb int, bp []float32, nb int, c []float32, ldc int, ws *Workspace) {
	mr, nr := kr.mr, kr.nr
	mfull := mb / mr * mr
	h := mb - mfull // rows of the last tile, for ek
	// A's rows: packed row-major into ws.a with kb columns when transposed
	// or when the block serves several panels of B (rows lda apart, at a
	// power-of-two stride, would map onto a few cache sets and evict each
	// other from L2); otherwise read in place, the last rows through a
	// zero-padded copy when ek has more rows than are left.
	var ab []float32
	abStride := lda
	packA := transA || (nb > 2*nr && badStride(lda, mb))
	var ae []float32 // the last rows: ek.mr rows, kb apart
	if packA {
		mp := mfull + ek.mr*min(h, 1)
		ws.a = grow(ws.a, mp*kb)
		ab, abStride = ws.a, kb
		if transA {
			packAT(ab, a, lda, ic, mb, pc, kb)
		} else {
			for i := range mb {
				copy(ab[i*kb:(i+1)*kb], a[(ic+i)*lda+pc:])
			}
		}
		clear(ab[mb*kb : mp*kb])
	} else {
		ab = a[ic*lda+pc:]
		if h > 0 && ek.mr > h {
			ws.a = grow(ws.a, ek.mr*kb)
			ae = ws.a[:ek.mr*kb]
			for i := range ek.mr {
				if i < h {
					copy(ae[i*kb:(i+1)*kb], ab[(mfull+i)*lda:(mfull+i)*lda+kb])
				} else {
					clear(ae[i*kb : (i+1)*kb])
				}
			}
		}
	}
	tile := ws.tile[:mr*nr]
	kp := kr.kpad(kb)
	for jr := 0; jr < nb; jr += nr {
		w := min(nr, nb-jr)
		b := &bp[jr/nr*kp*nr]
		for ir := 0; ir < mb; ir += mr {
			k, rows := kr, mr
			ap, lda := &ab[ir*abStride], abStride
			if ir == mfull {
				k, rows = ek, h
				if ae != nil {
					ap, lda = &ae[0], kb
				}
			}
			if rows == k.mr && w == nr {
				k.kern(kb, ap, lda, b, &c[ir*ldc+jr], ldc)
				continue
			}
			t := tile[:k.mr*nr]
			clear(t)
			k.kern(kb, ap, lda, b, &t[0], nr)
			for i := range rows {
				ci := c[(ir+i)*ldc+jr : (ir+i)*ldc+jr+w]
				for j, v := range t[i*nr : i*nr+w] {
					ci[j] += v
				}
			}
		}
	}
}

// badStride reports whether mb rows of A at a stride of lda elements
// would crowd a few cache sets: a multiple of 4 KiB puts all of a tile's
// rows in one set of L1 (64 sets of 64 bytes), and more than 16 rows of
// the block per set of L2 (1024 sets) leave too few of its 20 ways for B.
func badStride(lda, mb int) bool {
	s := 4 * lda
	if s%4096 == 0 {
		return true
	}
	g := 1
	for g < 64<<10 && s%(2*g) == 0 {
		g *= 2
	}
	return mb*g/(64<<10) > 16
}

// packAT copies op(A)[ic:ic+mb, pc:pc+kb] = A[pc:pc+kb, ic:ic+mb]^T (A
// stored k x m, rows lda apart) into dst row-major, rows kb apart: blocks
// of 16 rows of A x 8 columns, read along A's rows and written as 64-byte
// runs of dst's rows (whole cache lines when kb is a multiple of 16).
func packAT(dst, a []float32, lda, ic, mb, pc, kb int) {
	const tp, ti = 16, 8
	for p0 := 0; p0 < kb; p0 += tp {
		pn := min(tp, kb-p0)
		for i0 := 0; i0 < mb; i0 += ti {
			in := min(ti, mb-i0)
			if pn == tp && in == ti {
				var blk [tp][ti]float32
				for r := range tp {
					blk[r] = *(*[ti]float32)(a[(pc+p0+r)*lda+ic+i0:])
				}
				for i := range ti {
					d := (*[tp]float32)(dst[(i0+i)*kb+p0:])
					for r := range tp {
						d[r] = blk[r][i]
					}
				}
				continue
			}
			for p := p0; p < p0+pn; p++ {
				src := a[(pc+p)*lda+ic+i0 : (pc+p)*lda+ic+i0+in]
				for i, v := range src {
					dst[(i0+i)*kb+p] = v
				}
			}
		}
	}
}

// gemmKernelGeneric is the generic tier's 4 x 16 kernel: the gemmKernel
// contract in plain Go.
func gemmKernelGeneric(kc int, a *float32, lda int, b, c *float32, ldc int) {
	const mr, nr = 4, 16
	as := unsafe.Slice(a, (mr-1)*lda+kc)
	bs := unsafe.Slice(b, kc*nr)
	cs := unsafe.Slice(c, (mr-1)*ldc+nr)
	var acc [mr][nr]float32
	for p := range kc {
		bp := (*[nr]float32)(bs[p*nr:])
		for i := range mr {
			ai := as[i*lda+p]
			for j, v := range bp {
				acc[i][j] += ai * v
			}
		}
	}
	for i := range mr {
		ci := (*[nr]float32)(cs[i*ldc:])
		for j, v := range acc[i] {
			ci[j] += v
		}
	}
}

var gemmGeneric = []gemmKernel{{mr: 4, nr: 16, cost: 1, kern: gemmKernelGeneric}}

// checkGemm panics naming op and the sizes when A (m x k, or k x m when
// transA) or C (m x n) does not fit its slice and leading dimension, or a
// dimension is negative.
func checkGemm(op string, transA bool, m, n, k int, a []float32, lda int, c []float32, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panicf("kernels: %s: negative dimension: m = %d, n = %d, k = %d", op, m, n, k)
	}
	checkMatrix(op, "a", transA, m, k, a, lda)
	checkMatrix(op, "c", false, m, n, c, ldc)
}

// checkMatrix panics naming op and the sizes when the rows x cols matrix
// op(X) (stored cols x rows when trans) does not fit x with leading
// dimension ld.
func checkMatrix(op, name string, trans bool, rows, cols int, x []float32, ld int) {
	if rows < 0 || cols < 0 {
		panicf("kernels: %s: negative dimension of %s: %d x %d", op, name, rows, cols)
	}
	if trans {
		rows, cols = cols, rows
	}
	if ld < max(1, cols) {
		panicf("kernels: %s: ld%s = %d, want >= %d (%s is stored %d x %d)", op, name, ld, max(1, cols), name, rows, cols)
	}
	if rows == 0 || cols == 0 {
		return
	}
	if need := uint64(rows-1)*uint64(ld) + uint64(cols); uint64(len(x)) < need {
		panicf("kernels: %s: len(%s) = %d, want >= %d for %d x %d with ld%s = %d", op, name, len(x), need, rows, cols, name, ld)
	}
}

// checkOverlap panics when the memory C's m x n elements span overlaps a
// or b.
func checkOverlap(op string, c []float32, ldc, m, n int, a, b []float32) {
	c0 := uintptr(unsafe.Pointer(&c[0]))
	c1 := c0 + uintptr((m-1)*ldc+n)*4
	for _, x := range [2][]float32{a, b} {
		if len(x) == 0 {
			continue
		}
		x0 := uintptr(unsafe.Pointer(&x[0]))
		x1 := x0 + uintptr(len(x))*4
		if x0 < c1 && c0 < x1 {
			panicf("kernels: %s: c overlaps an operand", op)
		}
	}
}

// grow returns s with length n, reusing its memory when it is large enough.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
