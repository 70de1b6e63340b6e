// Package testutil is the test harness shared by every kernel test in
// simdrnn: it runs a test once per implementation tier registered in the
// build (skipping, or with SIMDRNN_REQUIRE_TIERS failing, the tiers this CPU
// cannot run), lists the sizes that straddle every unroll and tail
// threshold, places slices at unaligned offsets between guard values, and
// places them against inaccessible pages to catch out-of-bounds reads and
// writes.
package testutil

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/kernels"
)

// RequireTiersEnv names the environment variable that lists, separated by
// commas, the tiers that must run (e.g. "avx2,avx512" or "neon"): for those,
// ForEachImpl fails where it would skip. CI sets it from the features the
// machine reports, so that a tier the machine should run but does not is an
// error rather than a silent skip.
const RequireTiersEnv = "SIMDRNN_REQUIRE_TIERS"

// tiers is kernels.Tiers, replaced by this package's own tests.
var tiers = kernels.Tiers

// RequiredTiers returns the tier names listed in SIMDRNN_REQUIRE_TIERS.
func RequiredTiers() []string {
	var names []string
	for _, f := range strings.Split(os.Getenv(RequireTiersEnv), ",") {
		if f = strings.TrimSpace(f); f != "" {
			names = append(names, f)
		}
	}
	return names
}

// unavailable returns the message ForEachImpl gives a tier this CPU cannot
// run, and whether it is a failure (the tier is required) or a skip.
func unavailable(info kernels.TierInfo, required []string) (msg string, fail bool) {
	msg = fmt.Sprintf("tier %s not exercised: this CPU lacks %s (it requires %s)",
		info.Name, strings.Join(info.Missing, ", "), strings.Join(info.Requires, ", "))
	if slices.Contains(required, info.Name) {
		return msg + "; " + RequireTiersEnv + " requires it", true
	}
	return msg, false
}

// ForEachImpl runs f as a subtest once for every implementation tier
// registered in this build (kernels.Tiers), with that tier forced, and
// restores the default afterwards. The tier's name is the subtest's name.
//
// A tier this CPU cannot run is a subtest skipped with a message naming the
// CPU features it lacks, or a failed one if SIMDRNN_REQUIRE_TIERS lists it.
// A name in SIMDRNN_REQUIRE_TIERS that this build does not register (a
// typo, or a purego build) is an error as well.
func ForEachImpl(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	defer func() {
		if err := kernels.Use(""); err != nil {
			t.Fatal(err)
		}
	}()
	required := RequiredTiers()
	infos := tiers()
	for _, name := range required {
		if !slices.ContainsFunc(infos, func(i kernels.TierInfo) bool { return i.Name == name }) {
			t.Errorf("%s lists %q, which this build does not register (tiers: %v)", RequireTiersEnv, name, names(infos))
		}
	}
	for _, info := range infos {
		if !info.Available {
			msg, fail := unavailable(info, required)
			t.Run(info.Name, func(t *testing.T) {
				if fail {
					t.Fatal(msg)
				}
				t.Skip(msg)
			})
			continue
		}
		if err := kernels.Use(info.Name); err != nil {
			t.Fatalf("Use(%q): %v", info.Name, err)
		}
		t.Run(info.Name, f)
	}
}

// RequireTier skips the test unless the named tier can run on this CPU, or
// fails it if SIMDRNN_REQUIRE_TIERS lists the tier, as ForEachImpl does for
// its subtests. It is for tests of one tier's internal functions, which
// call them directly instead of through the tier table. A name this build
// does not register fails the test.
func RequireTier(t testing.TB, name string) {
	t.Helper()
	infos := tiers()
	i := slices.IndexFunc(infos, func(i kernels.TierInfo) bool { return i.Name == name })
	if i < 0 {
		t.Fatal(fmt.Sprintf("tier %q is not registered in this build (tiers: %v)", name, names(infos)))
		return
	}
	if infos[i].Available {
		return
	}
	if msg, fail := unavailable(infos[i], RequiredTiers()); fail {
		t.Fatal(msg)
	} else {
		t.Skip(msg)
	}
}

func names(infos []kernels.TierInfo) []string {
	var s []string
	for _, i := range infos {
		s = append(s, i.Name)
	}
	return s
}

// Sizes returns the vector lengths every kernel is tested at: 0..67 (all
// tails around 8-, 16-, 32- and 64-element unrolls), and 100, 255, 256, 257,
// 1000, 4096 and 4099.
func Sizes() []int {
	var s []int
	for n := 0; n <= 67; n++ {
		s = append(s, n)
	}
	return append(s, 100, 127, 128, 129, 255, 256, 257, 1000, 4096, 4099)
}

// MatrixRows returns the row counts matrix kernels are tested at: around the
// row-unroll thresholds (1, 2, 4 and 8 rows at a time).
func MatrixRows() []int {
	return []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 31, 33, 64, 100}
}

// Uniform returns a generator of values uniform in [-1, 1).
func Uniform(r *rand.Rand) func(int) float32 {
	return func(int) float32 { return float32(r.Float64()*2 - 1) }
}

// SmallInts returns a generator of integers in [-k, k]. Products and sums of
// such values are exact in float32 as long as they stay below 2^24, so
// kernels fed with them must return exactly the reference result whatever
// their summation order: any missed, repeated or misplaced element shows.
func SmallInts(r *rand.Rand, k int) func(int) float32 {
	return func(int) float32 { return float32(r.IntN(2*k+1) - k) }
}

// Rand returns a reproducible generator for a test, seeded by the given
// values (e.g. the size and offset under test).
func Rand(seed ...int) *rand.Rand {
	var s1, s2 uint64 = 0x9e3779b97f4a7c15, 0xbf58476d1ce4e5b9
	for _, v := range seed {
		s1 = s1*0x100000001b3 ^ uint64(v)
		s2 += s1
	}
	return rand.New(rand.NewPCG(s1, s2))
}

// SumBound is the error bound of a float32 sum of k terms whose absolute
// values add up to sumAbs, in any order and with or without fused
// multiply-adds: k * 2^-24 * sumAbs (the standard gamma_k bound, to first
// order), plus a little for rounding of the bound itself.
func SumBound(k int, sumAbs float64) float64 {
	return float64(k+1)*0x1p-24*sumAbs*1.01 + 1e-37
}

// Close reports whether got is within bound of want, treating NaN as equal
// to NaN and an infinity as equal to the same infinity.
func Close(got float32, want, bound float64) bool {
	g := float64(got)
	switch {
	case math.IsNaN(want):
		return math.IsNaN(g)
	case math.IsInf(want, 0):
		return g == want
	}
	return math.Abs(g-want) <= bound
}

// ULP returns the distance between a and b in units in the last place of
// float32: the number of representable float32 values between them. It is
// 0 for a == b (including +0 and -0) and for two NaNs, and MaxInt64 when
// exactly one is NaN.
func ULP(a, b float32) int64 {
	if a != a || b != b {
		if a != a && b != b {
			return 0
		}
		return math.MaxInt64
	}
	return abs64(ordered(a) - ordered(b))
}

// ordered maps float32 to integers that are monotonic in the float's value,
// with +0 and -0 both mapped to 0.
func ordered(f float32) int64 {
	u := math.Float32bits(f)
	if u&0x80000000 != 0 {
		return -int64(u & 0x7fffffff)
	}
	return int64(u)
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// Name formats a subtest name from key=value pairs.
func Name(kv ...any) string {
	s := ""
	for i := 0; i+1 < len(kv); i += 2 {
		if s != "" {
			s += "/"
		}
		s += fmt.Sprintf("%v=%v", kv[i], kv[i+1])
	}
	return s
}
