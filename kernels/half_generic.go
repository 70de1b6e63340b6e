package kernels

// This file is the specification of the kernels on 16-bit matrices: every
// weight is converted to float32 exactly, then the row is summed as
// matVecGeneric sums it.

// matVecF16Generic computes y (+)= W x for a len(y) x len(x) F16 matrix W.
func matVecF16Generic(y []float32, w []F16, x []float32, add bool) {
	n := len(x)
	for i := range y {
		var s float32
		for j, v := range x {
			s += F16ToF32(w[i*n+j]) * v
		}
		if add {
			s += y[i]
		}
		y[i] = s
	}
}

// matVecBF16Generic computes y (+)= W x for a len(y) x len(x) BF16 matrix W.
func matVecBF16Generic(y []float32, w []BF16, x []float32, add bool) {
	n := len(x)
	for i := range y {
		var s float32
		for j, v := range x {
			s += BF16ToF32(w[i*n+j]) * v
		}
		if add {
			s += y[i]
		}
		y[i] = s
	}
}

// halfGenericFuncs fills the 16-bit matrix kernels of the generic tier.
func halfGenericFuncs(f *funcs) {
	f.matVecF16 = matVecF16Generic
	f.matVecBF16 = matVecBF16Generic
}
