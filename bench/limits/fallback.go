package limits

// The Go versions of the loops: the specification of the assembly, and the
// measurement where no assembly exists.

// fmaGo runs n iterations of acc[j] += a*b on fmaAccs x fmaLanes
// independent accumulators and returns the sum of the accumulators.
// It keeps eight scalar accumulators in registers, each updated
// fmaAccs*fmaLanes/8 times per iteration, so the total is the same.
func fmaGo(n int, a, b float32) float32 {
	var a0, a1, a2, a3, a4, a5, a6, a7 float32
	for range n * (fmaAccs * fmaLanes / 8) {
		a0 += a * b
		a1 += a * b
		a2 += a * b
		a3 += a * b
		a4 += a * b
		a5 += a * b
		a6 += a * b
		a7 += a * b
	}
	return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))
}

// readGo returns the sum of x and y[:len(x)], read passes times as two
// streams side by side, len(x) being a multiple of readBlock. It keeps eight
// scalar accumulators in registers.
func readGo(x, y []float32, passes int) float32 {
	var a0, a1, a2, a3, a4, a5, a6, a7 float32
	y = y[:len(x)]
	for range passes {
		for i := 0; i+4 <= len(x); i += 4 {
			u, v := x[i:i+4:i+4], y[i:i+4:i+4]
			a0 += u[0]
			a1 += u[1]
			a2 += u[2]
			a3 += u[3]
			a4 += v[0]
			a5 += v[1]
			a6 += v[2]
			a7 += v[3]
		}
	}
	return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))
}

// writeGo sets every element of x to v, passes times over x.
func writeGo(x []float32, v float32, passes int) {
	for range passes {
		for i := range x {
			x[i] = v
		}
	}
}
