package avx512

import "fmt"

// A lane of a simulated vector register during a reduction: the sum of the
// lanes in cover (a bit set of lane numbers) of accumulator acc.
type lane struct {
	acc   int
	cover uint16
}

// vec is a simulated 16-lane register.
type vec [16]lane

// reducer emits a reduction tree and simulates it, so that the generator
// knows which accumulator ends in which lane of the result.
type reducer struct {
	g    *gen
	regs map[string]vec
	tmp  int // next temporary register, Z16..Z27 in turn (Z28..Z31 are kept)

}

func newReducer(g *gen, accs []string) *reducer {
	r := &reducer{g: g, regs: map[string]vec{}}
	for a, name := range accs {
		var v vec
		for i := range v {
			v[i] = lane{a, 1 << i}
		}
		r.regs[name] = v
	}
	return r
}

func (r *reducer) temp() string {
	t := fmt.Sprintf("Z%d", 16+r.tmp)
	r.tmp = (r.tmp + 1) % 12
	return t
}

// shuf64x2 is VSHUFF64X2 $imm, src2, src1, dst: 128-bit lanes 0 and 1 of
// dst from src1, 2 and 3 from src2, selected by the imm fields.
func (r *reducer) shuf64x2(imm int, src2, src1, dst string) {
	r.g.Line("\tVSHUFF64X2 $0x%02x, %s, %s, %s", imm, src2, src1, dst)
	a, b := r.regs[src1], r.regs[src2]
	var d vec
	for q := range 4 {
		s := a
		if q >= 2 {
			s = b
		}
		sel := imm >> (2 * q) & 3
		copy(d[4*q:4*q+4], s[4*sel:4*sel+4])
	}
	r.regs[dst] = d
}

// unpckpd is VUNPCKLPD (hi = false) or VUNPCKHPD src2, src1, dst: in each
// 128-bit lane, the low (high) 64 bits of src1 then of src2.
func (r *reducer) unpckpd(hi bool, src2, src1, dst string) {
	op, o := "VUNPCKLPD", 0
	if hi {
		op, o = "VUNPCKHPD", 2
	}
	r.g.Line("\t%s  %s, %s, %s", op, src2, src1, dst)
	a, b := r.regs[src1], r.regs[src2]
	var d vec
	for q := range 4 {
		d[4*q], d[4*q+1] = a[4*q+o], a[4*q+o+1]
		d[4*q+2], d[4*q+3] = b[4*q+o], b[4*q+o+1]
	}
	r.regs[dst] = d
}

// shufps is VSHUFPS $imm, src2, src1, dst: in each 128-bit lane, elements
// 0 and 1 from src1 and 2 and 3 from src2, selected by the imm fields.
func (r *reducer) shufps(imm int, src2, src1, dst string) {
	r.g.Line("\tVSHUFPS    $0x%02x, %s, %s, %s", imm, src2, src1, dst)
	a, b := r.regs[src1], r.regs[src2]
	var d vec
	for q := range 4 {
		for i := range 4 {
			s := a
			if i >= 2 {
				s = b
			}
			d[4*q+i] = s[4*q+(imm>>(2*i)&3)]
		}
	}
	r.regs[dst] = d
}

// permilps is VPERMILPS $imm, src, dst: elements permuted within each
// 128-bit lane.
func (r *reducer) permilps(imm int, src, dst string) {
	r.g.Line("\tVPERMILPS  $0x%02x, %s, %s", imm, src, dst)
	a := r.regs[src]
	var d vec
	for q := range 4 {
		for i := range 4 {
			d[4*q+i] = a[4*q+(imm>>(2*i)&3)]
		}
	}
	r.regs[dst] = d
}

// add is VADDPS src2, src1, dst; it panics unless every lane adds disjoint
// parts of one accumulator.
func (r *reducer) add(src2, src1, dst string) {
	r.g.Line("\tVADDPS     %s, %s, %s", src2, src1, dst)
	a, b := r.regs[src1], r.regs[src2]
	var d vec
	for i := range d {
		if a[i].acc != b[i].acc || a[i].cover&b[i].cover != 0 {
			panic(fmt.Sprintf("reduction adds lane %d of %s (%v) and %s (%v)", i, src1, a[i], src2, b[i]))
		}
		d[i] = lane{a[i].acc, a[i].cover | b[i].cover}
	}
	r.regs[dst] = d
}

// merge adds u and v into u at the given level: level 0 pairs 256-bit
// halves, level 1 128-bit lanes, level 2 64-bit pairs, level 3 elements.
func (r *reducer) merge(level int, u, v string) {
	t1, t2 := r.temp(), r.temp()
	switch level {
	case 0:
		r.shuf64x2(0x44, v, u, t1)
		r.shuf64x2(0xee, v, u, t2)
	case 1:
		r.shuf64x2(0x88, v, u, t1)
		r.shuf64x2(0xdd, v, u, t2)
	case 2:
		r.unpckpd(false, v, u, t1)
		r.unpckpd(true, v, u, t2)
	case 3:
		r.shufps(0x88, v, u, t1)
		r.shufps(0xdd, v, u, t2)
	}
	r.add(t2, t1, u)
}

// tree merges the registers pairwise, levels 0..len-1, leaving the result in
// regs[0]; len(regs) is a power of two.
func (r *reducer) tree(regs []string) {
	for level := 0; len(regs) > 1; level++ {
		var next []string
		for i := 0; i < len(regs); i += 2 {
			r.merge(level, regs[i], regs[i+1])
			next = append(next, regs[i])
		}
		regs = next
	}
}

// fold adds the elements of each 64-bit pair (pairs = true) or of each
// 128-bit lane of reg (pairs = false) so that every element holds the sum.
func (r *reducer) fold(reg string, pairs bool) {
	if !pairs {
		t := r.temp()
		r.permilps(0x4e, reg, t)
		r.add(t, reg, reg)
	}
	t := r.temp()
	r.permilps(0xb1, reg, t)
	r.add(t, reg, reg)
}

// order returns, for each accumulator, the lane of reg that holds its full
// sum (the first such lane); it panics if an accumulator is not fully summed
// in some lane of reg among the lanes listed.
func (r *reducer) order(reg string, lanes []int, naccs int) []int {
	pos := make([]int, naccs)
	for i := range pos {
		pos[i] = -1
	}
	v := r.regs[reg]
	for k, l := range lanes {
		if v[l].cover != 0xffff {
			panic(fmt.Sprintf("lane %d of %s is partial: %v", l, reg, v[l]))
		}
		if pos[v[l].acc] >= 0 {
			panic(fmt.Sprintf("accumulator %d in two lanes", v[l].acc))
		}
		pos[v[l].acc] = k
	}
	for a, p := range pos {
		if p < 0 {
			panic(fmt.Sprintf("accumulator %d not in the result", a))
		}
	}
	return pos
}
