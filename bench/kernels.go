package bench

import (
	"math/rand/v2"

	"github.com/simdrnn/simdrnn/kernels"
)

// Shape says how a kernel's size n is read.
type Shape int

const (
	// Vector kernels work on vectors of n elements.
	Vector Shape = iota
	// Matrix kernels work on an n x n matrix (and vectors of n elements).
	Matrix
	// Custom kernels (such as a step of the RNN) build their own state with
	// Setup and state their own costs with Cost; n is theirs to interpret.
	Custom
)

// Cost is what one call of a Custom kernel does.
type Cost struct {
	Elems     float64 // units of work, the denominator of ns/elem
	Flops     float64 // floating-point operations; 0 when not counted
	Read      float64 // compulsory bytes read
	Written   float64 // compulsory bytes written
	Footprint float64 // working set in bytes
}

// Sizes the kernels run at by default.
var (
	MatrixSizes = []int{64, 100, 256, 512, 1024, 2048, 4096}
	VectorSizes = []int{4096, 1 << 20}
)

// Args holds the operands of one kernel call of size N: vectors A, B, C, D
// of N elements and, for matrix kernels, W of N*N elements (row-major). A,
// B and W are uniform in [-1, 1); C and D, which the optimizers use as their
// squared-gradient averages, in [0, 1).
type Args struct {
	N          int
	A, B, C, D []float32
	W          []float32

	orig *Args // pristine copy, restored before every measurement
}

var sinkF float32

// Kernel is one entry of the benchmark: a kernel and its costs. The costs
// are per element: per vector element for Vector kernels, per matrix element
// for Matrix kernels (whose vectors add 4n bytes read and 4n written).
type Kernel struct {
	Name  string // the public kernel's name, e.g. "MatVec"
	Shape Shape  // Vector, Matrix or Custom: what the size n means
	// Flops is the floating-point operations per element, counted as in
	// BLAS (a multiply-add is two); 0 when the kernel's cost is not
	// multiplies and adds (tanh, exp, sqrt, division, comparisons), and then
	// no GFLOP/s is reported and the roofline is bandwidth only.
	Flops float64
	// Read and Written are the compulsory memory traffic per element: every
	// input read once, every output written once (see Level.Time for how
	// the roofline weighs them).
	Read, Written float64
	// Arrays is the number of element-sized arrays in the working set.
	Arrays int
	// Run calls the kernel once on a.
	Run func(a *Args)
	// Sizes overrides the default sizes of the shape when not nil; Custom
	// kernels must set it.
	Sizes []int

	// For Custom kernels: SizeName names n in tables (e.g. "H" prints
	// "H=512"), Setup builds the state of size n and returns one call, and
	// Cost returns the costs of one call.
	SizeName string
	Setup    func(n int) (func(), error)
	Cost     func(n int) Cost

	// Start, for Custom kernels, replaces Setup when a measurement's state
	// has to be released afterwards or records figures of its own (see
	// Instance); a Custom kernel sets Setup or Start.
	Start func(n int) (Instance, error)
	// Threads is, for a kernel whose call runs on several goroutines (a
	// step split with rnn.Threads), the number asked for; 0 for one. Its
	// roofline is that of Threads cores each doing an equal share: the
	// operations, the traffic and the working set divided by Threads (see
	// Roofline.Bound), or by the goroutines a result records having run on
	// when it does (a model that does not split runs on one).
	Threads int
}

// onGoroutines returns k with Threads set to the g goroutines a result of
// it ran on, for its roofline.
func (k Kernel) onGoroutines(g float64) Kernel {
	k.Threads = max(1, int(g+0.5))
	return k
}

// Instance is the state of one measurement of a Custom kernel, as Start
// builds it.
type Instance struct {
	// Call calls the kernel once.
	Call func()
	// Close, when not nil, is called once the measurement is done, to stop
	// what Start started (such as a stream's goroutines).
	Close func()
	// Values are figures of the state recorded on the result line after
	// the timing, e.g. {2, "goroutines"}: the goroutines a split step
	// really runs on.
	Values []Value
}

// Kernels is every kernel simdbench runs, in table order. A new kernel is one
// line here.
var Kernels = []Kernel{
	// vector(name, flops, bytes read, bytes written (per element), arrays in the working set, call)
	// matrix(name, flops, bytes read, bytes written (per matrix element), call)
	vector("Dot", 2, 8, 0, 2, func(a *Args) { sinkF = kernels.Dot(a.A, a.B) }),
	vector("Axpy", 2, 8, 4, 2, func(a *Args) { kernels.Axpy(1e-7, a.A, a.B) }),
	vector("Scale", 1, 4, 4, 1, func(a *Args) { kernels.Scale(1, a.A) }),
	matrix("MatVec", 2, 4, 0, func(a *Args) { kernels.MatVec(a.A, a.W, a.B) }),
	matrix("MatVecAdd", 2, 4, 0, func(a *Args) { kernels.MatVecAdd(a.A, a.W, a.B) }),
	matrix("MatVecT", 2, 4, 0, func(a *Args) { kernels.MatVecT(a.A, a.W, a.B) }),
	matrix("MatVecTAdd", 2, 4, 0, func(a *Args) { kernels.MatVecTAdd(a.A, a.W, a.B) }),
	matrix("Ger", 2, 4, 4, func(a *Args) { kernels.Ger(a.W, 1e-9, a.A, a.B) }),
	vector("Tanh", 0, 4, 4, 2, func(a *Args) { kernels.Tanh(a.A, a.B) }),
	vector("TanhBackward", 3, 8, 4, 3, func(a *Args) { kernels.TanhBackward(a.A, a.B, a.C) }),
	vector("Exp", 0, 4, 4, 2, func(a *Args) { kernels.Exp(a.A, a.B) }),
	vector("Softmax", 0, 4, 4, 2, func(a *Args) { kernels.Softmax(a.A, a.B) }),
	vector("SoftmaxCrossEntropy", 0, 4, 4, 2, func(a *Args) { sinkF = kernels.SoftmaxCrossEntropy(a.A, a.B, a.N/2) }),
	vector("Adagrad", 0, 12, 8, 3, func(a *Args) { kernels.Adagrad(a.A, a.B, a.C, 0.1, 1e-8) }),
	vector("Adam", 0, 16, 12, 4, func(a *Args) { kernels.Adam(a.A, a.B, a.C, a.D, 1e-3, 0.9, 0.999, 1e-8, 10) }),
	vector("SGDMomentum", 4, 12, 8, 3, func(a *Args) { kernels.SGDMomentum(a.A, a.B, a.C, 1e-3, 0.9) }),
	vector("Clip", 0, 4, 4, 1, func(a *Args) { kernels.Clip(a.A, 0.5) }),
	vector("SumSquares", 2, 4, 0, 1, func(a *Args) { sinkF = kernels.SumSquares(a.A) }),
	// The RNN's training and inference steps are in extra.go.
}

func init() {
	Kernels = append(append(append(Kernels, gemmKernels()...), extraKernels()...), threadKernels()...)
}

// vector returns a Vector kernel entry.
func vector(name string, flops, read, written float64, arrays int, run func(a *Args)) Kernel {
	return Kernel{Name: name, Shape: Vector, Flops: flops, Read: read, Written: written, Arrays: arrays, Run: run}
}

// matrix returns a Matrix kernel entry: the working set is the matrix (and
// two vectors).
func matrix(name string, flops, read, written float64, run func(a *Args)) Kernel {
	return Kernel{Name: name, Shape: Matrix, Flops: flops, Read: read, Written: written, Arrays: 1, Run: run}
}

// KernelByName returns the kernel named name. A split step at a number of
// goroutines that this machine does not run (e.g. "LSTMCellStepT8" from a
// file of an 8-core machine) is known too.
func KernelByName(name string) (Kernel, bool) {
	for _, k := range Kernels {
		if k.Name == name {
			return k, true
		}
	}
	return threadKernelByName(name)
}

// SizeList returns the sizes k runs at.
func (k Kernel) SizeList() []int {
	switch {
	case k.Sizes != nil:
		return k.Sizes
	case k.Shape == Matrix:
		return MatrixSizes
	default:
		return VectorSizes
	}
}

// Elems returns the number of elements of a call of size n: n for vector
// kernels, n*n for matrix kernels.
func (k Kernel) Elems(n int) float64 {
	if k.Shape == Custom {
		return k.Cost(n).Elems
	}
	if k.Shape == Matrix {
		return float64(n) * float64(n)
	}
	return float64(n)
}

// FlopCount returns the floating-point operations of one call of size n, 0
// when not counted.
func (k Kernel) FlopCount(n int) float64 {
	if k.Shape == Custom {
		return k.Cost(n).Flops
	}
	return k.Flops * k.Elems(n)
}

// ByteCount returns the compulsory memory traffic (read and written) of
// one call of size n.
func (k Kernel) ByteCount(n int) float64 {
	if k.Shape == Custom {
		c := k.Cost(n)
		return c.Read + c.Written
	}
	return k.ReadCount(n) + k.WriteCount(n)
}

// ReadCount returns the compulsory bytes read by one call of size n.
func (k Kernel) ReadCount(n int) float64 {
	if k.Shape == Custom {
		return k.Cost(n).Read
	}
	return k.Read*k.Elems(n) + k.vecBytes(n)
}

// WriteCount returns the compulsory bytes written by one call of size n.
func (k Kernel) WriteCount(n int) float64 {
	if k.Shape == Custom {
		return k.Cost(n).Written
	}
	return k.Written*k.Elems(n) + k.vecBytes(n)
}

// vecBytes is the traffic of each direction for the vectors of a matrix
// kernel: x read, y written (4n bytes each).
func (k Kernel) vecBytes(n int) float64 {
	if k.Shape == Matrix {
		return 4 * float64(n)
	}
	return 0
}

// Footprint returns the working set of one call of size n in bytes.
func (k Kernel) Footprint(n int) float64 {
	if k.Shape == Custom {
		return k.Cost(n).Footprint
	}
	b := 4 * float64(k.Arrays) * k.Elems(n)
	if k.Shape == Matrix {
		b += 8 * float64(n)
	}
	return b
}

// newArgs allocates operands large enough for every kernel in ks at every
// size in its size list, filled from a fixed seed.
func newArgs(ks []Kernel) *Args {
	vec, mat := 0, 0
	for _, k := range ks {
		if k.Shape == Custom {
			continue
		}
		for _, n := range k.SizeList() {
			vec = max(vec, n)
			if k.Shape == Matrix {
				mat = max(mat, n*n)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	fill := func(n int, lo float32) []float32 {
		s := make([]float32, n)
		for i := range s {
			s[i] = lo + (1-lo)*r.Float32()
		}
		return s
	}
	orig := &Args{A: fill(vec, -1), B: fill(vec, -1), C: fill(vec, 0), D: fill(vec, 0), W: fill(mat, -1)}
	a := &Args{A: make([]float32, vec), B: make([]float32, vec), C: make([]float32, vec),
		D: make([]float32, vec), W: make([]float32, mat), orig: orig}
	return a
}

// reset restores the first n elements of the vectors (and n*n of the
// matrix, for matrix kernels) from the pristine copy, so that every
// measurement starts from the same values whatever earlier kernels wrote.
func (a *Args) reset(s Shape, n int) {
	copy(a.A[:n], a.orig.A)
	copy(a.B[:n], a.orig.B)
	copy(a.C[:n], a.orig.C)
	copy(a.D[:n], a.orig.D)
	if s == Matrix {
		copy(a.W[:n*n], a.orig.W)
	}
}

// slice returns the operands of size n for a kernel of shape s.
func (a *Args) slice(s Shape, n int) *Args {
	b := &Args{N: n, A: a.A[:n], B: a.B[:n], C: a.C[:n], D: a.D[:n]}
	if s == Matrix {
		b.W = a.W[:n*n]
	}
	return b
}
