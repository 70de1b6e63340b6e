package rnn

import (
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/simdrnn/simdrnn/internal/safetensors"
	"github.com/simdrnn/simdrnn/kernels"
)

// Format is how a model's weight matrices are stored.
type Format uint8

// The weight formats. Biases are float32 in every format.
const (
	F32  Format = iota // float32
	F16                // IEEE binary16 (kernels.F16): 11 significant bits, range ±65504
	BF16               // bfloat16 (kernels.BF16): 8 significant bits, float32's range
)

// String returns the format's name: "f32", "f16" or "bf16".
func (f Format) String() string {
	switch f {
	case F32:
		return "f32"
	case F16:
		return "f16"
	case BF16:
		return "bf16"
	}
	return fmt.Sprintf("Format(%d)", uint8(f))
}

// ParseFormat returns the format named "f32", "f16" or "bf16".
func ParseFormat(s string) (Format, error) {
	for _, f := range []Format{F32, F16, BF16} {
		if s == f.String() {
			return f, nil
		}
	}
	return 0, fmt.Errorf("rnn: unknown weight format %q (want f32, f16 or bf16)", s)
}

// matrix is a row-major weight matrix in one of the formats: exactly one of
// f32, f16 and bf16 is used, as format says. wide, when set, holds a 16-bit
// matrix's values widened to float32, which mulAdd then multiplies instead
// (see HalfModel).
type matrix struct {
	format Format
	f32    []float32
	f16    []kernels.F16
	bf16   []kernels.BF16
	wide   []float32
}

// rows returns rows [lo, hi) of w, a matrix of n columns, as a matrix
// sharing w's storage.
func (w *matrix) rows(lo, hi, n int) matrix {
	r := matrix{format: w.format}
	switch {
	case w.wide != nil:
		r.wide = w.wide[lo*n : hi*n]
	case w.format == F16:
		r.f16 = w.f16[lo*n : hi*n]
	case w.format == BF16:
		r.bf16 = w.bf16[lo*n : hi*n]
	default:
		r.f32 = w.f32[lo*n : hi*n]
	}
	return r
}

// mulAdd computes y += W x (W is len(y) x len(x)).
func (w *matrix) mulAdd(y, x []float32) {
	if w.wide != nil {
		kernels.MatVecAdd(y, w.wide, x)
		return
	}
	switch w.format {
	case F16:
		kernels.MatVecF16Add(y, w.f16, x)
	case BF16:
		kernels.MatVecBF16Add(y, w.bf16, x)
	default:
		kernels.MatVecAdd(y, w.f32, x)
	}
}

// gatherCol sets dst[i] = b[i] + W[i, j] for a len(dst) x n matrix W: the
// product of W with the one-hot vector of j, plus b.
func (w *matrix) gatherCol(dst, b []float32, j, n int) {
	b = b[:len(dst)]
	if w.wide != nil {
		gatherCol(dst, w.wide, b, j, n)
		return
	}
	switch w.format {
	case F16:
		c := w.f16[j:]
		for i := range dst {
			dst[i] = b[i] + kernels.F16ToF32(c[i*n])
		}
	case BF16:
		c := w.bf16[j:]
		for i := range dst {
			dst[i] = b[i] + kernels.BF16ToF32(c[i*n])
		}
	default:
		gatherCol(dst, w.f32, b, j, n)
	}
}

// len returns the number of elements.
func (w *matrix) len() int {
	switch w.format {
	case F16:
		return len(w.f16)
	case BF16:
		return len(w.bf16)
	}
	return len(w.f32)
}

// convert returns v stored in format f (rounded to nearest, ties to even,
// for the 16-bit formats; shared, not copied, for F32).
func convert(v []float32, f Format) matrix {
	w := matrix{format: f}
	switch f {
	case F16:
		w.f16 = make([]kernels.F16, len(v))
		kernels.ToF16(w.f16, v)
	case BF16:
		w.bf16 = make([]kernels.BF16, len(v))
		kernels.ToBF16(w.bf16, v)
	default:
		w.f32 = v
	}
	return w
}

// float32s returns the matrix's values as float32 (exactly), in a new
// slice.
func (w *matrix) float32s() []float32 {
	v := make([]float32, w.len())
	switch w.format {
	case F16:
		kernels.FromF16(v, w.f16)
	case BF16:
		kernels.FromBF16(v, w.bf16)
	default:
		copy(v, w.f32)
	}
	return v
}

// weights is what a Stream reads: a model's shape, matrices and biases.
type weights struct {
	cfg    Config
	layers []wlayer
	why    matrix
	by     []float32
}

type wlayer struct {
	cell     Cell
	in       int
	wxh, whh matrix
	bh       []float32 // bias_ih (for RNN, the sum of the two biases)
	bhh      []float32 // bias_hh for LSTM and GRU, nil for RNN
}

// weightsOf returns m's weights in format f: for F32 they are m's own
// slices; for the 16-bit formats, converted copies of the matrices (the
// biases are copied as they are), and an error if a finite weight rounds
// to an infinity.
func weightsOf(m *Model, f Format) (*weights, error) {
	if f == F32 {
		w := &weights{cfg: m.cfg, why: matrix{f32: m.why}, by: m.by}
		for _, l := range m.layers {
			w.layers = append(w.layers, wlayer{cell: l.Cell, in: l.In, wxh: matrix{f32: l.Wxh}, whh: matrix{f32: l.Whh}, bh: l.Bh, bhh: l.Bhh})
		}
		return w, nil
	}
	w := &weights{cfg: m.cfg, by: slices.Clone(m.by)}
	var err error
	if w.why, err = convertChecked("fc.weight", m.why, f); err != nil {
		return nil, err
	}
	for k, l := range m.layers {
		wl := wlayer{cell: l.Cell, in: l.In, bh: slices.Clone(l.Bh), bhh: slices.Clone(l.Bhh)}
		if wl.wxh, err = convertChecked(fmt.Sprintf("rnn.weight_ih_l%d", k), l.Wxh, f); err != nil {
			return nil, err
		}
		if wl.whh, err = convertChecked(fmt.Sprintf("rnn.weight_hh_l%d", k), l.Whh, f); err != nil {
			return nil, err
		}
		w.layers = append(w.layers, wl)
	}
	return w, nil
}

// HalfModel is an inference-only copy of a Model whose weight matrices are
// stored in 16 bits, F16 or BF16, and whose biases stay float32: half the
// bytes of the float32 weights, which is what a step reads once the
// matrices no longer fit in the caches. Streams and Samplers run over it
// exactly as over a Model (NewStream, NewSampler), each weight widened to
// float32 exactly and the products summed in float32; only the rounding of
// the weights to 16 bits differs from the Model they came from.
//
// While a step's matrices fit in the caches, widening each weight costs
// more than the bytes it saves: when the matrices a token step multiplies
// (Whh, Wxh past layer 0, Why) hold fewer weights together than
// kernels.HalfMinElems gives for the kernel tier in use when the first
// Stream or Sampler is made, the model keeps its 16-bit values widened to
// float32 as well (twice the bytes of the 16-bit matrices, beside them) and
// multiplies those with MatVec. The values, and so the results up to the
// order of the float32 sums, are the same.
//
// A HalfModel is immutable: any number of Streams and Samplers may run over
// it concurrently.
type HalfModel struct {
	w    *weights
	once sync.Once // sets sw, at the first Stream
	sw   *weights  // what streams read: w, or w widened
}

// stepElems returns the number of weights in the matrices a token step
// multiplies: every layer's Whh, Wxh past layer 0 (layer 0's input is a
// column gathered per token), and Why.
func (w *weights) stepElems() int {
	n := w.why.len()
	for k, l := range w.layers {
		n += l.whh.len()
		if k > 0 {
			n += l.wxh.len()
		}
	}
	return n
}

// widened returns the weights streams read: w itself, or, when the step's
// matrices hold fewer weights than the tier in use multiplies faster in 16
// bits, a copy whose matrices also hold their values widened to float32.
func (w *weights) widened() *weights {
	f := w.why.format
	if f == F32 || w.stepElems() >= kernels.HalfMinElems(f == BF16) {
		return w
	}
	c := *w
	c.layers = append([]wlayer(nil), w.layers...)
	for _, m := range c.matrices() {
		m.wide = m.float32s()
	}
	return &c
}

// matrices returns pointers to every weight matrix.
func (w *weights) matrices() []*matrix {
	ms := []*matrix{&w.why}
	for k := range w.layers {
		ms = append(ms, &w.layers[k].wxh, &w.layers[k].whh)
	}
	return ms
}

// streamWeights returns the weights streams read (see widened), made once.
func (h *HalfModel) streamWeights() *weights {
	h.once.Do(func() { h.sw = h.w.widened() })
	return h.sw
}

// Half returns a copy of m with its weight matrices rounded to format f
// (F16 or BF16; to nearest, ties to even). A parameter that is not finite,
// or a weight that rounds to an infinity (beyond ±65504 for F16), is an
// error naming it. Later changes to m do not affect the copy.
func (m *Model) Half(f Format) (*HalfModel, error) {
	if m == nil {
		return nil, fmt.Errorf("rnn: Half: %w", errNilModel)
	}
	if f != F16 && f != BF16 {
		return nil, fmt.Errorf("rnn: Half: format %v, want f16 or bf16", f)
	}
	for _, t := range m.Tensors() {
		if err := checkFinite(t.Name, t.Data); err != nil {
			return nil, fmt.Errorf("rnn: Half: %w", err)
		}
	}
	w, err := weightsOf(m, f)
	if err != nil {
		return nil, err
	}
	return &HalfModel{w: w}, nil
}

// Config returns the model's shape.
func (h *HalfModel) Config() Config { return h.w.cfg }

// Format returns the storage format of the weight matrices (F16 or BF16).
func (h *HalfModel) Format() Format { return h.w.why.format }

// WeightBytes returns the bytes the model's parameters occupy: two per
// matrix element, four per bias element (not counting the float32 copies a
// small model keeps, see HalfModel).
func (h *HalfModel) WeightBytes() int {
	n := 2*h.w.why.len() + 4*len(h.w.by)
	for _, l := range h.w.layers {
		n += 2*(l.wxh.len()+l.whh.len()) + 4*(len(l.bh)+len(l.bhh))
	}
	return n
}

// Float32 returns the model as a float32 Model, every weight widened
// exactly.
func (h *HalfModel) Float32() *Model {
	m, err := New(h.w.cfg)
	if err != nil {
		panic(err) // the config was valid when h was built
	}
	for k, l := range h.w.layers {
		copy(m.layers[k].Wxh, l.wxh.float32s())
		copy(m.layers[k].Whh, l.whh.float32s())
		copy(m.layers[k].Bh, l.bh)
		copy(m.layers[k].Bhh, l.bhh)
	}
	copy(m.why, h.w.why.float32s())
	copy(m.by, h.w.by)
	return m
}

// NewStream returns a stream over h with a zero hidden state, as
// Model.NewStream does (with the same options). Its Model method returns
// nil.
func (h *HalfModel) NewStream(opts ...Option) *Stream {
	return newStream(nil, h.streamWeights(), opts)
}

// NewSampler returns a sampler over h, as Model.NewSampler does.
func (h *HalfModel) NewSampler(seed uint64, opts ...Option) *Sampler {
	return newSampler(newStream(nil, h.streamWeights(), opts), seed)
}

// dtypeFormat maps the safetensors dtypes of weight matrices to formats.
var dtypeFormat = map[safetensors.DType]Format{safetensors.F32: F32, safetensors.F16: F16, safetensors.BF16: BF16}

// tensorFloat32s decodes an F32, F16 or BF16 tensor as float32 values (the
// 16-bit ones widened exactly).
func tensorFloat32s(t *safetensors.Tensor) ([]float32, error) {
	switch t.DType {
	case safetensors.F32:
		return t.Float32s()
	case safetensors.F16, safetensors.BF16:
		bits, err := t.Uint16s()
		if err != nil {
			return nil, err
		}
		v := make([]float32, len(bits))
		for i, b := range bits {
			if t.DType == safetensors.F16 {
				v[i] = kernels.F16ToF32(kernels.F16(b))
			} else {
				v[i] = kernels.BF16ToF32(kernels.BF16(b))
			}
		}
		return v, nil
	}
	return nil, fmt.Errorf("tensor %q has dtype %s, want F32, F16 or BF16", t.Name, t.DType)
}

// matrixTensor returns the weight matrix v as a tensor in format f: F32, or
// rounded to F16 or BF16. A value that rounds to an infinity (beyond the
// F16 range) is an error.
func matrixTensor(name string, v []float32, f Format, shape ...int) (safetensors.Tensor, error) {
	if f == F32 {
		return safetensors.F32Tensor(name, v, shape...), nil
	}
	w, err := convertChecked(name, v, f)
	if err != nil {
		return safetensors.Tensor{}, err
	}
	bits := make([]uint16, len(v))
	dt := safetensors.F16
	if f == F16 {
		for i, h := range w.f16 {
			bits[i] = uint16(h)
		}
	} else {
		dt = safetensors.BF16
		for i, h := range w.bf16 {
			bits[i] = uint16(h)
		}
	}
	return safetensors.Uint16Tensor(name, dt, bits, shape...), nil
}

// convertChecked is convert for the 16-bit formats, with an error naming
// the tensor when a value is not finite or rounds to an infinity.
func convertChecked(name string, v []float32, f Format) (matrix, error) {
	w := convert(v, f)
	for i, x := range v {
		var inf bool
		if f == F16 {
			inf = w.f16[i]&0x7fff == 0x7c00
		} else {
			inf = w.bf16[i]&0x7fff == 0x7f80
		}
		switch {
		case math.IsNaN(float64(x)) || math.IsInf(float64(x), 0):
			return matrix{}, fmt.Errorf("rnn: %s[%d] = %v is not finite", name, i, x)
		case inf:
			return matrix{}, fmt.Errorf("rnn: %s[%d] = %v is beyond the range of %v", name, i, x, f)
		}
	}
	return w, nil
}

// matrixFromBits returns the F16 or BF16 tensor t as a matrix of format f
// (the tensor's own), and an error naming the first infinite or NaN value.
func matrixFromBits(t *safetensors.Tensor, f Format) (matrix, error) {
	bits, err := t.Uint16s()
	if err != nil {
		return matrix{}, err
	}
	w := matrix{format: f}
	if f == F16 {
		w.f16 = make([]kernels.F16, len(bits))
		for i, b := range bits {
			if b&0x7c00 == 0x7c00 {
				return matrix{}, fmt.Errorf("tensor %q holds %v at index %d", t.Name, kernels.F16ToF32(kernels.F16(b)), i)
			}
			w.f16[i] = kernels.F16(b)
		}
		return w, nil
	}
	w.bf16 = make([]kernels.BF16, len(bits))
	for i, b := range bits {
		if b&0x7f80 == 0x7f80 {
			return matrix{}, fmt.Errorf("tensor %q holds %v at index %d", t.Name, kernels.BF16ToF32(kernels.BF16(b)), i)
		}
		w.bf16[i] = kernels.BF16(b)
	}
	return w, nil
}
