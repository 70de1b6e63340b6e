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
// to zero); measured over all 2^32 inputs in every tier: at most 1 ULP, for
// 0.12% of them. Sigmoid(±0) = 0.5, Sigmoid(+Inf) = 1, Sigmoid(-Inf) = 0,
// Sigmoid(NaN) is NaN; 1 and 0 are returned only where the correctly
// rounded result is 1 (x > 17.33) or 0 (x < -103.97). Every tier returns
// the same bits. The algorithm (e^-|x| from Exp's algorithm
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

// LSTMForward computes the element-wise part of one LSTM step, PyTorch's
// nn.LSTM equations, for n = len(c) units:
//
//	i, f, g, o = sigmoid(i), sigmoid(f), tanh(g), sigmoid(o)
//	c = f*cPrev + i*g
//	h = o*tanh(c)
//
// On entry i, f, g and o hold the gate pre-activations W_ih x + b_ih +
// W_hh h + b_hh of the units; with PyTorch's layout, a 4H vector a holds
// them in the rows [0,H), [H,2H), [2H,3H), [3H,4H), so a step of all H
// units passes a[:H], a[H:2H], a[2H:3H], a[3H:]. The units [j0, j1) alone
// pass a[j0:j1], a[H+j0:H+j1], a[2H+j0:2H+j1], a[3H+j0:3H+j1] and the same
// range of cPrev, c and h, so that a caller can split the units between
// goroutines, and a batch is a loop over its rows.
//
// Reads i, f, g, o and cPrev; writes the activations into i, f, g and o
// (in place), the new cell state into c and the new hidden state into h.
// Every slice must have length n. c may be cPrev itself (the state updated
// in place); otherwise no slice may overlap another. LSTMBackward needs
// the activations, cPrev and c (it recomputes tanh(c)).
//
// Accuracy: the activations are Sigmoid's and Tanh's bits; c is
// fma(f, cPrev, i*g) (two roundings) and h = o*tanh(c) (Tanh's bound and
// one rounding). The tests check c and h against float64 within a
// first-order bound of these roundings. Every tier returns the same bits.
func LSTMForward(i, f, g, o, cPrev, c, h []float32) {
	n := len(c)
	if len(i) != n || len(f) != n || len(g) != n || len(o) != n || len(cPrev) != n || len(h) != n {
		panicf("kernels: LSTMForward: lengths of i, f, g, o, cPrev, c, h differ: %d, %d, %d, %d, %d, %d, %d",
			len(i), len(f), len(g), len(o), len(cPrev), len(c), len(h))
	}
	cur.lstmForward(i, f, g, o, cPrev, c, h)
}

// LSTMBackward computes the element-wise part of the backward pass of one
// LSTM step for n = len(c) units, given what LSTMForward left: the gate
// activations i, f, g, o, the previous cell state cPrev and the cell state
// c. With dh = dL/dh_t and dc = dL/dc_t (from the step after; zero at the
// last step), and t = tanh(c):
//
//	dct = dc + dh*o*(1 - t²)             dL/dc_t, all paths
//	di  = dct*g * i(1-i)                 dL/d(pre-activation of i)
//	df  = dct*cPrev * f(1-f)
//	dg  = dct*i * (1-g²)
//	do  = dh*t * o(1-o)
//	dc  = dct*f                          dL/dc_{t-1}, in place
//
// The caller then forms dL/dh_{t-1} = W_hh^T [di df dg do] and the weight
// gradients from the same 4n vector (the pre-activation gradient of the
// 4H rows, in the layout of LSTMForward).
//
// Reads i, f, g, o, cPrev, c, dh and dc; writes di, df, dg, do and dc.
// Every slice must have length n. di, df, dg and do may be i, f, g and o
// themselves (each its own gate, in place); dc is updated in place;
// otherwise no slice may overlap another.
//
// Accuracy: each factor of s(1-s) and 1-t² is rounded once (fused
// multiply-add) and every product once, so each output is within a few
// roundings of the float64 formula applied to the same inputs (the tests
// check a first-order bound); every tier returns the same bits.
func LSTMBackward(di, df, dg, do, i, f, g, o, cPrev, c, dh, dc []float32) {
	n := len(c)
	if len(di) != n || len(df) != n || len(dg) != n || len(do) != n || len(i) != n || len(f) != n ||
		len(g) != n || len(o) != n || len(cPrev) != n || len(dh) != n || len(dc) != n {
		panicf("kernels: LSTMBackward: lengths of di, df, dg, do, i, f, g, o, cPrev, c, dh, dc differ: %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d",
			len(di), len(df), len(dg), len(do), len(i), len(f), len(g), len(o), len(cPrev), len(c), len(dh), len(dc))
	}
	cur.lstmBackward(di, df, dg, do, i, f, g, o, cPrev, c, dh, dc)
}

// GRUForward computes the element-wise part of one GRU step, PyTorch's
// nn.GRU equations, for n = len(h) units:
//
//	r = sigmoid(r + hr)
//	z = sigmoid(z + hz)
//	n = tanh(n + r*hn)
//	h = (1-z)*n + z*hPrev                computed as n + z*(hPrev - n)
//
// On entry r, z and n hold the input parts W_ih x + b_ih of the three
// gates (PyTorch's rows [0,H), [H,2H), [2H,3H) of a 3H vector), and hr, hz
// and hn the hidden parts W_hh h + b_hh of the same rows: hn = W_hn h +
// b_hn stays apart because r multiplies it. Units [j0, j1) alone pass the
// same ranges of the three rows and of hPrev and h (see LSTMForward).
//
// Reads r, z, n, hr, hz, hn and hPrev; writes the activations into r, z
// and n (in place) and the new hidden state into h. Every slice must have
// length n. h may be hPrev itself; otherwise no slice may overlap another.
// GRUBackward needs the activations, hn and hPrev.
//
// Accuracy: the activations are Sigmoid's and Tanh's bits of r + hr,
// z + hz (one rounding each) and fma(r, hn, n); h is fma(z, hPrev - n, n)
// (two roundings). Every tier returns the same bits.
func GRUForward(r, z, n, hr, hz, hn, hPrev, h []float32) {
	m := len(h)
	if len(r) != m || len(z) != m || len(n) != m || len(hr) != m || len(hz) != m || len(hn) != m || len(hPrev) != m {
		panicf("kernels: GRUForward: lengths of r, z, n, hr, hz, hn, hPrev, h differ: %d, %d, %d, %d, %d, %d, %d, %d",
			len(r), len(z), len(n), len(hr), len(hz), len(hn), len(hPrev), len(h))
	}
	cur.gruForward(r, z, n, hr, hz, hn, hPrev, h)
}

// GRUBackward computes the element-wise part of the backward pass of one
// GRU step for len(dh) units, given what GRUForward left (the activations
// r, z, n, the hidden part hn = W_hn h + b_hn, and hPrev) and dh = dL/dh_t:
//
//	dn  = dh*(1-z) * (1-n²)       dL/d(W_in x + b_in)
//	dz  = dh*(hPrev-n) * z(1-z)   dL/d(pre-activation of z)
//	dr  = dn*hn * r(1-r)          dL/d(pre-activation of r)
//	dhn = dn*r                    dL/d(W_hn h + b_hn)
//	dhPrev = dh*z                 the direct path of dL/dh_{t-1}
//
// dr and dz are the gradients of both the input and the hidden parts of
// their rows; so the gradient of W_ih x + b_ih is [dr dz dn] and that of
// W_hh h + b_hh is [dr dz dhn], and dL/dh_{t-1} = dhPrev + W_hh^T [dr dz
// dhn].
//
// Reads r, z, n, hn, hPrev and dh; writes dr, dz, dn, dhn and dhPrev.
// Every slice must have length len(dh). dr, dz, dn and dhn may be r, z, n
// and hn themselves (in place), and dhPrev may be dh; otherwise no slice
// may overlap another.
//
// Accuracy: as LSTMBackward's; every tier returns the same bits.
func GRUBackward(dr, dz, dn, dhn, dhPrev, r, z, n, hn, hPrev, dh []float32) {
	m := len(dh)
	if len(dr) != m || len(dz) != m || len(dn) != m || len(dhn) != m || len(dhPrev) != m || len(r) != m ||
		len(z) != m || len(n) != m || len(hn) != m || len(hPrev) != m {
		panicf("kernels: GRUBackward: lengths of dr, dz, dn, dhn, dhPrev, r, z, n, hn, hPrev, dh differ: %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d",
			len(dr), len(dz), len(dn), len(dhn), len(dhPrev), len(r), len(z), len(n), len(hn), len(hPrev), len(dh))
	}
	cur.gruBackward(dr, dz, dn, dhn, dhPrev, r, z, n, hn, hPrev, dh)
}
