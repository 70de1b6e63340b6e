package kernels

// This file is the specification of the BLAS-like kernels: plain Go loops
// that every assembly tier must agree with (to rounding, since the tiers sum
// in a different order).

func dotGeneric(x, y []float32) float32 {
	var s float32
	for i, v := range x {
		s += v * y[i]
	}
	return s
}

func axpyGeneric(alpha float32, x, y []float32) {
	for i, v := range x {
		y[i] += alpha * v
	}
}

func scaleGeneric(alpha float32, x []float32) {
	for i := range x {
		x[i] *= alpha
	}
}

// matVecGeneric computes y (+)= W x for a len(y) x len(x) matrix W.
func matVecGeneric(y, w, x []float32, add bool) {
	n := len(x)
	for i := range y {
		s := dotGeneric(w[i*n:(i+1)*n], x)
		if add {
			s += y[i]
		}
		y[i] = s
	}
}

// matVecTGeneric computes y (+)= W^T x for a len(x) x len(y) matrix W.
func matVecTGeneric(y, w, x []float32, add bool) {
	n := len(y)
	if !add {
		clear(y)
	}
	for i, xi := range x {
		axpyGeneric(xi, w[i*n:(i+1)*n], y)
	}
}

// gerGeneric computes W += alpha x y^T for a len(x) x len(y) matrix W.
func gerGeneric(w []float32, alpha float32, x, y []float32) {
	n := len(y)
	for i, xi := range x {
		axpyGeneric(alpha*xi, y, w[i*n:(i+1)*n])
	}
}

func genericFuncs(f *funcs) {
	halfGenericFuncs(f)
	f.gemm = gemmGeneric
	f.dot = dotGeneric
	f.axpy = axpyGeneric
	f.scale = scaleGeneric
	f.matVec = matVecGeneric
	f.matVecT = matVecTGeneric
	f.ger = gerGeneric
	f.gerK = gerKGeneric
	genericElementwise(f)
}
