// Command polyfit computes the minimax polynomial coefficients of the
// element-wise kernels (kernels/elementwise_generic.go) with the Remez
// exchange algorithm in float64, rounds them to float32 and prints them
// with the maximum relative approximation error of the rounded polynomial
// (evaluated in float64, so without the kernels' float32 rounding errors).
//
//	cd asm && go run ./cmd/polyfit
//
// It fits the two polynomials the kernels use:
//
//	exp:  e^r ~ 1 + r + r^2*(c2 + c3 r + c4 r^2 + c5 r^3 + c6 r^4)
//	      on |r| <= ln2/2 (+ a margin for the float32 range reduction),
//	      relative error: expC2..expC6.
//	tanh: tanh(a) ~ a + a^3*(t0 + t1 z + t2 z^2 + t3 z^3 + t4 z^4), z = a^2,
//	      on 0 <= a <= tanhPolyMax, relative error: tanhT0..tanhT4.
//
// -tanh n fits n tanh coefficients instead of 5, to weigh a longer
// polynomial against its cost. Its test checks that the fits reproduce the
// kernels' constants bit for bit, within the error bounds their comments
// state.
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
)

// problem: minimise max over [lo, hi] of |w(x) * (g(x) - sum c_k x^k)|.
type problem struct {
	name   string
	lo, hi float64
	n      int                   // number of coefficients
	g      func(float64) float64 // function to fit
	w      func(float64) float64 // weight
}

func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < n; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := b[r]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x
}

func horner(c []float64, x float64) float64 {
	s := 0.0
	for k := len(c) - 1; k >= 0; k-- {
		s = s*x + c[k]
	}
	return s
}

func remez(p problem) []float64 {
	m := p.n + 1
	// Initial reference: Chebyshev extrema.
	ref := make([]float64, m)
	for i := range ref {
		ref[i] = (p.lo+p.hi)/2 - (p.hi-p.lo)/2*math.Cos(math.Pi*float64(i)/float64(m-1))
	}
	const grid = 200000
	var c []float64
	for it := 0; it < 40; it++ {
		a := make([][]float64, m)
		b := make([]float64, m)
		for i, x := range ref {
			a[i] = make([]float64, m)
			for k := 0; k < p.n; k++ {
				a[i][k] = math.Pow(x, float64(k))
			}
			sgn := 1.0
			if i%2 == 1 {
				sgn = -1
			}
			a[i][p.n] = sgn / p.w(x)
			b[i] = p.g(x)
		}
		sol := solve(a, b)
		c = sol[:p.n]
		// Find the extrema of the weighted error between sign changes.
		errf := func(x float64) float64 { return p.w(x) * (p.g(x) - horner(c, x)) }
		var ext []float64
		bestX, bestE := p.lo, errf(p.lo)
		for j := 1; j <= grid; j++ {
			x := p.lo + (p.hi-p.lo)*float64(j)/grid
			e := errf(x)
			if (e > 0) != (bestE > 0) && e != 0 {
				ext = append(ext, bestX)
				bestX, bestE = x, e
			} else if math.Abs(e) > math.Abs(bestE) {
				bestX, bestE = x, e
			}
		}
		ext = append(ext, bestX)
		// Keep m points: drop the smallest ends while too many.
		for len(ext) > m {
			if math.Abs(errf(ext[0])) < math.Abs(errf(ext[len(ext)-1])) {
				ext = ext[1:]
			} else {
				ext = ext[:len(ext)-1]
			}
		}
		if len(ext) < m {
			break
		}
		ref = ext
	}
	return c
}

func maxErr(p problem, c []float64) float64 {
	worst := 0.0
	for j := 0; j <= 1000000; j++ {
		x := p.lo + (p.hi-p.lo)*float64(j)/1000000
		worst = max(worst, math.Abs(p.w(x)*(p.g(x)-horner(c, x))))
	}
	return worst
}

// tanhPolyMax is the end of the polynomial range of tanh (the kernels'
// tanhPolyMax constant); above it tanh is computed from exp.
const tanhPolyMax = 0.625

// expProblem is the fit of exp's polynomial P(r) = c2 + c3 r + ... + c6 r^4
// with e^r ~ 1 + r + r^2 P(r), minimising the relative error of e^r.
func expProblem() problem {
	half := math.Ln2/2 + 1e-4
	return problem{
		name: "exp c2..c6", lo: -half, hi: half, n: 5,
		g: func(r float64) float64 {
			if math.Abs(r) < 1e-3 { // series, to avoid cancellation
				return 0.5 + r/6 + r*r/24 + r*r*r/120
			}
			return (math.Expm1(r) - r) / (r * r)
		},
		w: func(r float64) float64 { return r * r / math.Exp(r) },
	}
}

// tanhProblem is the fit of n coefficients of tanh's T(z), z = a^2, with
// tanh(a) ~ a + a^3 T(z) on a < tanhPolyMax, minimising the relative error
// of tanh.
func tanhProblem(n int) problem {
	return problem{
		name: fmt.Sprintf("tanh t0..t%d", n-1), lo: 1e-8, hi: tanhPolyMax * tanhPolyMax, n: n,
		g: func(z float64) float64 {
			a := math.Sqrt(z)
			if a < 0.02 { // series: tanh a = a - a^3/3 + 2a^5/15 - 17a^7/315 + 62a^9/2835
				return -1.0/3 + z*(2.0/15+z*(-17.0/315+z*62.0/2835))
			}
			return (math.Tanh(a) - a) / (a * z)
		},
		w: func(z float64) float64 {
			a := math.Sqrt(z)
			if a == 0 {
				return 0
			}
			return a * z / math.Tanh(a)
		},
	}
}

// fit returns a problem's minimax coefficients rounded to float32, and the
// maximum weighted error of the rounded polynomial.
func fit(p problem) (c32 []float32, err float64) {
	c := remez(p)
	c64 := make([]float64, len(c))
	for i, v := range c {
		c32 = append(c32, float32(v))
		c64[i] = float64(float32(v))
	}
	return c32, maxErr(p, c64)
}

func main() {
	tanhN := flag.Int("tanh", 5, "number of tanh coefficients to fit (the kernels use 5)")
	flag.Parse()
	if flag.NArg() > 0 || *tanhN < 1 || *tanhN > 12 {
		fmt.Fprintln(os.Stderr, "usage: polyfit [-tanh n], 1 <= n <= 12")
		os.Exit(2)
	}
	report(expProblem())
	report(tanhProblem(*tanhN))
}

// report prints a fit: its error with float64 and with float32
// coefficients, and the float32 coefficients with their bits.
func report(p problem) {
	c := remez(p)
	c32, e32 := fit(p)
	e64 := maxErr(p, c)
	fmt.Printf("%s on [%g, %g]: max rel error %.3g (2^%.1f) float64 coefficients, %.3g (2^%.1f) float32 coefficients\n",
		p.name, p.lo, p.hi, e64, math.Log2(e64), e32, math.Log2(e32))
	for i, v := range c32 {
		fmt.Printf("\t%d: %v (%#x)\n", i, v, math.Float32bits(v))
	}
}
