package kernels

import (
	"fmt"
	"os"
	"strings"

	"github.com/simdrnn/simdrnn/internal/cpu"
)

// funcs is one implementation tier's table of kernels. A tier fills the
// entries it implements; the rest are inherited from the tier below it, so
// a tier can be registered before it covers every kernel.
//
// Entries are primitives: composite kernels (Softmax, SoftmaxCrossEntropy)
// are built from them once, in elementwise.go, and constants derived from
// the public arguments (Adam's bias corrections, momentum's -lr) are
// computed once by the public function, so a tier supplies only assembly.
type funcs struct {
	dot     func(x, y []float32) float32
	axpy    func(alpha float32, x, y []float32)
	scale   func(alpha float32, x []float32)
	matVec  func(y, w, x []float32, add bool) // y (+)= W x, W is len(y) x len(x)
	matVecT func(y, w, x []float32, add bool) // y (+)= W^T x, W is len(x) x len(y)
	ger     func(w []float32, alpha float32, x, y []float32)
	gerK    func(w []float32, alpha float32, x, y []float32, rows, n, k, ldx int) // W (rows x n) += alpha X^T Y, X rows strided by ldx; all of GerK's rows: assembly tiers bound each call (blockElems)
	gemm    []gemmKernel                                                          // Gemm's register-tile kernels, the preferred one first (gemm.go)

	tanh         func(dst, src []float32)
	tanhBackward func(dst, y, dy []float32)
	sigmoid      func(dst, src []float32)
	lstmForward  func(i, f, g, o, cPrev, c, h []float32)                         // all len(c)
	lstmBackward func(di, df, dg, do, i, f, g, o, cPrev, c, dh, dc []float32)    // all len(c)
	gruForward   func(r, z, n, hr, hz, hn, hPrev, h []float32)                   // all len(h)
	gruBackward  func(dr, dz, dn, dhn, dhPrev, r, z, n, hn, hPrev, dh []float32) // all len(dh)
	exp          func(dst, src []float32)
	max          func(x []float32) float32                   // largest element, len(x) >= 1 (softmax's first pass)
	expShiftSum  func(dst, src []float32, m float32) float32 // dst = exp(src - m), returns the sum (softmax's second pass)
	adagrad      func(w, g, m []float32, lr, eps float32)
	adam         func(w, g, m, v []float32, b1, ob1, b2, ob2, a, b, eps float32) // ob = 1-b, a = lr/c1, b = 1/c2 (see Adam)
	momentum     func(w, g, vel []float32, nlr, mu float32)                      // nlr = -lr
	clip         func(x []float32, c float32)
	sumSquares   func(x []float32) float32

	matVecF16  func(y []float32, w []F16, x []float32, add bool)  // y (+)= W x, W is len(y) x len(x), F16
	matVecBF16 func(y []float32, w []BF16, x []float32, add bool) // y (+)= W x, W is len(y) x len(x), BF16
}

// tier is an implementation level. Tiers are listed from the most basic
// (generic) to the best; each one's fill overrides the entries of those
// before it.
type tier struct {
	name      string
	available bool
	requires  []string // CPU features it is gated on (cpuid/v2 names)
	fill      func(*funcs)
}

var (
	allTiers  []tier // generic first, then this architecture's tiers
	defaultIm string // best available tier
	current   string // tier in use
	cur       funcs  // the table in use; read by every kernel call
)

func init() {
	allTiers = append([]tier{{name: "generic", available: true, fill: genericFuncs}}, archTiers()...)
	for _, t := range allTiers {
		if t.available {
			defaultIm = t.name
		}
	}
	must(Use(""))
	if v, ok := os.LookupEnv("SIMDRNN_KERNELS"); ok && v != "" {
		if err := Use(v); err != nil {
			fmt.Fprintf(os.Stderr, "simdrnn: SIMDRNN_KERNELS=%q ignored: %v; using %q\n", v, err, defaultIm)
		}
	}
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// Implementations returns the implementation tiers that can run on this CPU,
// best first; the last one is always "generic".
func Implementations() []string {
	var names []string
	for i := len(allTiers) - 1; i >= 0; i-- {
		if allTiers[i].available {
			names = append(names, allTiers[i].name)
		}
	}
	return names
}

// TierInfo describes an implementation tier registered in this build.
type TierInfo struct {
	// Name is what Use, Implementations and SIMDRNN_KERNELS call the
	// tier: "generic", "avx2", "avx512", "neon".
	Name string
	// Available reports whether the tier can run on this CPU: the CPU has
	// every feature in Requires and the OS has enabled their registers.
	Available bool
	// Requires lists the CPU features the tier is gated on, in cpuid/v2's
	// names (e.g. "AVX2", "FMA3", "AVX512F", "ASIMD"); empty for generic.
	Requires []string
	// Missing lists the features of Requires this CPU lacks (nil when
	// Available).
	Missing []string
}

// Tiers returns every implementation tier registered in this build,
// available or not, best first; the last one is always "generic". A build
// with the purego or noasm tag, or for an architecture without assembly,
// registers generic only.
func Tiers() []TierInfo {
	var infos []TierInfo
	for i := len(allTiers) - 1; i >= 0; i-- {
		t := allTiers[i]
		info := TierInfo{Name: t.name, Available: t.available, Requires: append([]string(nil), t.requires...)}
		if !t.available {
			info.Missing = cpu.Missing(t.requires)
			if len(info.Missing) == 0 {
				// Every feature is reported but the tier is still
				// gated off (e.g. OS register state): name them all.
				info.Missing = info.Requires
			}
		}
		infos = append(infos, info)
	}
	return infos
}

// Implementation returns the name of the tier in use.
func Implementation() string { return current }

// Use forces the named implementation tier for every kernel. The empty name
// restores the default, the best tier this CPU supports. Naming a tier that
// is unknown or cannot run on this CPU is an error that lists the available
// ones, and leaves the tier in use unchanged.
//
// Use is not safe to call concurrently with kernels or with itself; call it
// at start-up or between phases of a program.
func Use(name string) error {
	if name == "" {
		name = defaultIm
	}
	idx := tierIndex(name)
	avail := strings.Join(Implementations(), ", ")
	if idx < 0 {
		return fmt.Errorf("kernels: unknown implementation %q (available: %s)", name, avail)
	}
	if !allTiers[idx].available {
		return fmt.Errorf("kernels: implementation %q is not supported by this CPU (available: %s)", name, avail)
	}
	cur, current = table(idx), name
	return nil
}

// tierIndex returns the index in allTiers of the tier with the given name,
// or -1.
func tierIndex(name string) int {
	for i, t := range allTiers {
		if t.name == name {
			return i
		}
	}
	return -1
}

// table returns the kernel table of allTiers[idx]: the fills of every
// available tier up to it, in order, so that each kernel comes from the
// best of them that implements it.
func table(idx int) funcs {
	var f funcs
	for _, t := range allTiers[:idx+1] {
		if t.available {
			t.fill(&f)
		}
	}
	return f
}
