package kernels

import "math"

// This file is the specification of the element-wise kernels.

func tanhGeneric(dst, src []float32) {
	for i, v := range src {
		dst[i] = float32(math.Tanh(float64(v)))
	}
}

func tanhBackwardGeneric(dst, y, dy []float32) {
	for i := range dst {
		yi := y[i]
		dst[i] = dy[i] * (1 - yi*yi)
	}
}

func expGeneric(dst, src []float32) {
	for i, v := range src {
		dst[i] = float32(math.Exp(float64(v)))
	}
}

func maxGeneric(x []float32) float32 {
	m := x[0]
	for _, v := range x[1:] {
		if v > m || v != v {
			m = v
		}
	}
	return m
}

func softmaxGeneric(dst, src []float32) {
	m := maxGeneric(src)
	var s float32
	for i, v := range src {
		e := float32(math.Exp(float64(v - m)))
		dst[i] = e
		s += e
	}
	scaleGeneric(1/s, dst)
}

func softmaxXentGeneric(grad, logits []float32, target int) float32 {
	m := maxGeneric(logits)
	lt := logits[target] - m
	var s float32
	for i, v := range logits {
		e := float32(math.Exp(float64(v - m)))
		grad[i] = e
		s += e
	}
	scaleGeneric(1/s, grad)
	grad[target] -= 1
	return float32(math.Log(float64(s))) - lt
}

func adagradGeneric(w, g, m []float32, lr, eps float32) {
	for i, gi := range g {
		mi := m[i] + gi*gi
		m[i] = mi
		w[i] -= lr * gi / float32(math.Sqrt(float64(mi+eps)))
	}
}

func adamGeneric(w, g, m, v []float32, lr, b1, b2, eps, c1, c2 float32) {
	for i, gi := range g {
		mi := b1*m[i] + (1-b1)*gi
		vi := b2*v[i] + (1-b2)*gi*gi
		m[i], v[i] = mi, vi
		w[i] -= lr * (mi / c1) / (float32(math.Sqrt(float64(vi/c2))) + eps)
	}
}

func momentumGeneric(w, g, vel []float32, lr, mu float32) {
	for i, gi := range g {
		vi := mu*vel[i] - lr*gi
		vel[i] = vi
		w[i] += vi
	}
}

func clipGeneric(x []float32, c float32) {
	for i, v := range x {
		if v > c {
			x[i] = c
		} else if v < -c {
			x[i] = -c
		}
	}
}

func sumSquaresGeneric(x []float32) float32 {
	var s float32
	for _, v := range x {
		s += v * v
	}
	return s
}

func genericElementwise(f *funcs) {
	f.tanh = tanhGeneric
	f.tanhBackward = tanhBackwardGeneric
	f.exp = expGeneric
	f.softmax = softmaxGeneric
	f.softmaxXent = softmaxXentGeneric
	f.adagrad = adagradGeneric
	f.adam = adamGeneric
	f.momentum = momentumGeneric
	f.clip = clipGeneric
	f.sumSquares = sumSquaresGeneric
}
