package rnn_test

import (
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/rnn"
)

// tinyShakespeare returns the corpus as tokens (characters in sorted order)
// and the vocabulary size, or skips the test when the file is absent
// (fails it with SIMDRNN_REQUIRE_DATA set; testutil.SharedData).
func tinyShakespeare(t *testing.T) ([]int, int) {
	t.Helper()
	b := testutil.SharedData(t, "tinyshakespeare.txt")
	var vocab []rune
	for _, c := range string(b) {
		if !slices.Contains(vocab, c) {
			vocab = append(vocab, c)
		}
	}
	slices.Sort(vocab)
	data := make([]int, 0, len(b))
	for _, c := range string(b) {
		data = append(data, slices.Index(vocab, c))
	}
	return data, len(vocab)
}

// TestTinyShakespeareBand trains with min-char-rnn's exact settings (H=100,
// seq 25, Adagrad lr 0.1, clip 5, init randn*0.01, the same walk through the
// text, the hidden state carried from chunk to chunk: NeverReset) and
// checks min-char-rnn's smooth-loss band: 85-91 after 1,000 iterations,
// 55-59 after 5,000, 50-55 after 20,000. It is skipped under
// -short: CI's -short leg runs under qemu-aarch64, where even 3 x 1,000
// iterations took 386 s on the shared machine (natively, all three checks
// take about 10 s with the AVX2 kernels).
//
// The band is the spread of min-char-rnn across seeds, and single runs fall
// outside it now and then (min-char-rnn itself, in numpy with seed 1: 84.9
// after 1,000 iterations), and a run's trajectory depends on the rounding of
// the kernel tier, so the test trains seeds 1, 2 and 3 concurrently and
// checks the median of the three. SIMDRNN_BAND_SEEDS (e.g. "1,2,3,4,5")
// sets other seeds; every run's values are logged.
func TestTinyShakespeareBand(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the min-char-rnn loss band needs 3 x 20,000 training iterations; run without -short")
	}
	data, V := tinyShakespeare(t)
	seeds := []uint64{1, 2, 3}
	if s := os.Getenv("SIMDRNN_BAND_SEEDS"); s != "" {
		seeds = nil
		for _, f := range strings.Split(s, ",") {
			v, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
			if err != nil {
				t.Fatalf("SIMDRNN_BAND_SEEDS=%q: %v", s, err)
			}
			seeds = append(seeds, v)
		}
	}
	bands := []struct {
		iter   int
		lo, hi float64
	}{{1000, 85, 91}, {5000, 55, 59}, {20000, 50, 55}}
	last := bands[len(bands)-1].iter
	// smooth[i][b] is seed i's smooth loss at bands[b].iter.
	smooth := make([][]float64, len(seeds))
	errs := make([]error, len(seeds))
	var wg sync.WaitGroup
	for i, seed := range seeds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			smooth[i], errs[i] = trainBand(data, V, seed, last, func(it int) bool {
				for _, b := range bands {
					if b.iter == it {
						return true
					}
				}
				return false
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("seed %d: %v", seeds[i], err)
		}
	}
	for b, band := range bands {
		vals := make([]float64, len(seeds))
		for i := range seeds {
			vals[i] = smooth[i][b]
			t.Logf("seed %d: smooth loss after %5d iterations: %.2f", seeds[i], band.iter, vals[i])
		}
		slices.Sort(vals)
		med := vals[len(vals)/2]
		if len(vals)%2 == 0 {
			med = (vals[len(vals)/2-1] + vals[len(vals)/2]) / 2
		}
		t.Logf("median after %d iterations: %.2f (min-char-rnn band %v-%v)", band.iter, med, band.lo, band.hi)
		if med < band.lo || med > band.hi {
			t.Errorf("median smooth loss after %d iterations %.2f is outside min-char-rnn's band [%v, %v] (values %.2f)", band.iter, med, band.lo, band.hi, vals)
		}
	}
}

// trainBand trains one min-char-rnn model for iters iterations and returns
// its smooth loss at the iterations where record(it) is true.
func trainBand(data []int, V int, seed uint64, iters int, record func(int) bool) ([]float64, error) {
	m, err := rnn.New(rnn.Config{Input: V, Hidden: 100, Layers: 1, Output: V})
	if err != nil {
		return nil, err
	}
	m.Randomize(seed, 0.01)
	tr, err := rnn.NewTrainer(m, rnn.TrainConfig{Seq: 25, Optimizer: rnn.MinCharRNN(), ResetEvery: rnn.NeverReset})
	if err != nil {
		return nil, err
	}
	smooth := -math.Log(1/float64(V)) * 25
	var out []float64
	for it := 1; it <= iters; it++ {
		loss, err := tr.Next(data)
		if err != nil {
			return nil, err
		}
		smooth = 0.999*smooth + 0.001*loss
		if record(it) {
			out = append(out, smooth)
		}
	}
	return out, nil
}
