package kernels

import "math"

// Tanh computes dst[i] = tanh(src[i]). len(dst) must equal len(src); dst may
// be src itself (in place) but must not overlap it otherwise.
//
// Accuracy: at most 2 ULP from the correctly rounded result
// float32(math.Tanh(float64(x))) for every float32 x (measured over all 2^32
// inputs: at most 1 ULP, in every tier). Tanh(-x) is exactly -Tanh(x),
// Tanh(±0) = ±0, Tanh(±Inf) = ±1, Tanh(NaN) is NaN, and 1 is returned only
// where the correctly rounded result is 1 (no early saturation). Every
// tier returns the same bits. The algorithm (an odd minimax polynomial below
// 0.625, 1 - 2/(e^2|x| + 1) above) is specified in elementwise_generic.go.
func Tanh(dst, src []float32) {
	if len(dst) != len(src) {
		panicLen2("Tanh", "dst", len(dst), "src", len(src))
	}
	cur.tanh(dst, src)
}

// TanhBackward computes dst[i] = dy[i] * (1 - y[i]*y[i]), the gradient of
// the loss with respect to tanh's input given its output y and the gradient
// dy with respect to that output. dst may be y or dy itself.
//
// Accuracy: 1 - y*y is rounded once (fused multiply-add) and the product
// once, so the relative error is below 2^-23. Every tier returns the same
// bits.
func TanhBackward(dst, y, dy []float32) {
	if len(dst) != len(y) || len(y) != len(dy) {
		panicLen3("TanhBackward", len(dst), len(y), len(dy), "dst, y, dy")
	}
	cur.tanhBackward(dst, y, dy)
}

// Sigmoid computes dst[i] = 1/(1 + e^-src[i]), the logistic function.
// len(dst) must equal len(src); dst may be src itself (in place) but must
// not overlap it otherwise.
//
// Accuracy: at most 2 ULP from the correctly rounded result for every
// float32 x, results below 2^-126 included (they are computed, not flushed
// to zero); checked over all 2^32 inputs in every tier (see the package
// documentation for the measured error). Sigmoid(±0) = 0.5, Sigmoid(+Inf) =
// 1, Sigmoid(-Inf) = 0, Sigmoid(NaN) is NaN; 1 and 0 are returned only where
// the correctly rounded result is 1 (x > 16.64) or 0 (x < -103.97). Every
// tier returns the same bits. The algorithm (e^-|x| from Exp's algorithm
// with its last rounding error kept, one corrected division, and
// 1 - sigmoid(-x) for x >= 0) is specified in elementwise_generic.go.
func Sigmoid(dst, src []float32) {
	if len(dst) != len(src) {
		panicLen2("Sigmoid", "dst", len(dst), "src", len(src))
	}
	cur.sigmoid(dst, src)
}

// Exp computes dst[i] = e^src[i]. len(dst) must equal len(src); dst may be
// src itself.
//
// Accuracy: at most 1 ULP from float32(math.Exp(float64(x))) for every
// float32 x whose correctly rounded result is finite and nonzero, subnormal
// results included (they are computed, not flushed to zero); exactly 0
// where the correctly rounded result is 0 (x < -103.97), +Inf where it
// overflows (x > 88.72), NaN for NaN. Checked over all 2^32 inputs in every
// tier; every tier returns the same bits. The algorithm is specified in
// elementwise_generic.go.
func Exp(dst, src []float32) {
	if len(dst) != len(src) {
		panicLen2("Exp", "dst", len(dst), "src", len(src))
	}
	cur.exp(dst, src)
}

// Softmax computes dst = exp(src - max(src)) / sum(exp(src - max(src))), the
// numerically stable softmax. dst may be src itself. An empty src is a no-op.
//
// Accuracy: with p the exact softmax and m = max(src),
// |dst[i] - p[i]| <= (|src[i]-m| + n/8 + 8) * 2^-24 * p[i] + 2^-148; large
// logits (1e4) do not overflow, -Inf logits get exactly 0, one element gets
// exactly 1. A NaN or +Inf logit makes every output NaN (as in exact
// arithmetic). Every tier returns the same bits.
func Softmax(dst, src []float32) {
	if len(dst) != len(src) {
		panicLen2("Softmax", "dst", len(dst), "src", len(src))
	}
	if len(src) == 0 {
		return
	}
	m := cur.max(src)
	s := cur.expShiftSum(dst, src, m)
	cur.scale(1/s, dst)
}

// SoftmaxCrossEntropy computes p = softmax(logits) and returns the
// cross-entropy loss -log p[target] (in nats), leaving in grad the gradient
// of that loss with respect to the logits, p - onehot(target). grad may be
// logits itself. target must be in [0, len(logits)).
//
// The loss is computed as log(sum exp(l - max)) - (l[target] - max), so it
// stays finite and accurate when p[target] underflows: its absolute error
// is below (n/8 + 6 + |l[target]-max| + loss) * 2^-24; grad has Softmax's
// error bound (plus one rounding at target). A single logit gives loss 0
// and gradient 0 exactly. Every tier returns the same bits.
func SoftmaxCrossEntropy(grad, logits []float32, target int) float32 {
	if len(grad) != len(logits) {
		panicLen2("SoftmaxCrossEntropy", "grad", len(grad), "logits", len(logits))
	}
	if target < 0 || target >= len(logits) {
		panicf("kernels: SoftmaxCrossEntropy: target %d out of range [0, %d)", target, len(logits))
	}
	m := cur.max(logits)
	lt := logits[target] - m // read before grad, which may be logits, is written
	s := cur.expShiftSum(grad, logits, m)
	cur.scale(1/s, grad)
	grad[target] -= 1
	return xentLoss(s, lt)
}

// Adagrad applies one Adagrad step, as in min-char-rnn:
//
//	m[i] += g[i]*g[i]
//	w[i] -= lr * g[i] / sqrt(m[i] + eps)
//
// w, g and m must have the same length and must not overlap.
//
// Accuracy: m is rounded once (fused multiply-add). The update
// lr*g/sqrt(m+eps) has a relative error below 2^-21 in every tier: about
// 2^-22 in the generic tier (correctly rounded square root and division),
// and about 2^-23 to 2^-21 in the avx2 and avx512 tiers, which multiply by
// a reciprocal square root (VRSQRTPS or VRSQRT14PS, refined by a Newton
// step) instead of dividing by a square root: five times faster on Zen 3,
// three times on Emerald Rapids. So w may differ between tiers in the last
// bits; m does not. Each tier is deterministic, so a resumed run repeats an
// uninterrupted one to the bit on the same machine.
func Adagrad(w, g, m []float32, lr, eps float32) {
	if len(w) != len(g) || len(g) != len(m) {
		panicLen3("Adagrad", len(w), len(g), len(m), "w, g, m")
	}
	cur.adagrad(w, g, m, lr, eps)
}

// Adam applies step t (t >= 1) of Adam with bias correction:
//
//	m[i] = beta1*m[i] + (1-beta1)*g[i]
//	v[i] = beta2*v[i] + (1-beta2)*g[i]*g[i]
//	w[i] -= lr * (m[i]/(1-beta1^t)) / (sqrt(v[i]/(1-beta2^t)) + eps)
//
// w, g, m and v must have the same length and must not overlap.
//
// Accuracy: against the float64 formula above with the same inputs, m has
// an error below 2^-23 * (|beta1*m| + |(1-beta1)*g|), v a relative error
// below 3*2^-24, and the update a relative error below 8*2^-24 plus m's
// error carried through (the bias corrections are applied as
// lr/(1-beta1^t) and 1/(1-beta2^t), rounded to float32 once per call).
// Every tier returns the same bits.
func Adam(w, g, m, v []float32, lr, beta1, beta2, eps float32, t int) {
	if len(w) != len(g) || len(g) != len(m) || len(m) != len(v) {
		panicf("kernels: Adam: lengths of w, g, m, v differ: %d, %d, %d, %d", len(w), len(g), len(m), len(v))
	}
	if t < 1 {
		panicf("kernels: Adam: step t = %d, want t >= 1", t)
	}
	a, b := adamCoefficients(lr, beta1, beta2, t)
	cur.adam(w, g, m, v, beta1, 1-beta1, beta2, 1-beta2, a, b, eps)
}

// adamCoefficients returns Adam's bias-corrected step size a = lr/c1 and
// inverse second-moment correction b = 1/c2, with c1 = 1-beta1^t and
// c2 = 1-beta2^t each rounded to float32 once: every tier uses these bits.
func adamCoefficients(lr, beta1, beta2 float32, t int) (a, b float32) {
	c1 := float32(1 - math.Pow(float64(beta1), float64(t)))
	c2 := float32(1 - math.Pow(float64(beta2), float64(t)))
	return lr / c1, 1 / c2
}

// SGDMomentum applies one step of SGD with (classical) momentum:
//
//	vel[i] = mu*vel[i] - lr*g[i]
//	w[i] += vel[i]
//
// w, g and vel must have the same length and must not overlap.
//
// Accuracy: vel[i] is mu*vel[i] - lr*g[i] with lr*g rounded once and the
// rest fused (error below 2^-23 of |mu*vel| + |lr*g|); w[i] += vel[i] is one
// rounding. Every tier returns the same bits.
func SGDMomentum(w, g, vel []float32, lr, mu float32) {
	if len(w) != len(g) || len(g) != len(vel) {
		panicLen3("SGDMomentum", len(w), len(g), len(vel), "w, g, vel")
	}
	cur.momentum(w, g, vel, -lr, mu)
}

// Clip limits every x[i] to [-c, c] in place (c >= 0). NaN stays NaN. The
// result is exact, the same in every tier.
func Clip(x []float32, c float32) {
	if !(c >= 0) {
		panicf("kernels: Clip: bound c = %v, want c >= 0", c)
	}
	cur.clip(x, c)
}

// SumSquares returns sum_i x[i]*x[i], for clipping by global norm. The error
// is within the float32 summation bound (n+1) * 2^-24 * sum x[i]^2; tiers
// sum in different orders.
func SumSquares(x []float32) float32 {
	return cur.sumSquares(x)
}
