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

// readGo sums x passes times, x having a multiple of readBlock elements.
// It keeps eight scalar accumulators in registers.
func readGo(x []float32, passes int) float32 {
	var a0, a1, a2, a3, a4, a5, a6, a7 float32
	for range passes {
		for i := 0; i+8 <= len(x); i += 8 {
			b := x[i : i+8 : i+8]
			a0 += b[0]
			a1 += b[1]
			a2 += b[2]
			a3 += b[3]
			a4 += b[4]
			a5 += b[5]
			a6 += b[6]
			a7 += b[7]
		}
	}
	return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))
}
