package rnn_test

import (
	"fmt"
	"testing"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/rnn"
)

// BenchmarkStepHalf compares one inference step (feed one token, get the
// 65 logits) of a one-layer model at hidden size H with float32, F16 and
// BF16 weights, in the same run: sub-benchmarks H=<H>/w=<format>, for
// benchstat -col /w; cpu-ns/op is the thread's CPU time per step
// (testutil.StartCPU). Below kernels.HalfMinElems the 16-bit models
// multiply float32 copies (see rnn.HalfModel).
func BenchmarkStepHalf(b *testing.B) {
	for _, H := range []int{100, 256, 384, 512, 768, 1024} {
		const V = 65
		m, err := rnn.New(rnn.Config{Input: V, Hidden: H, Layers: 1, Output: V})
		if err != nil {
			b.Fatal(err)
		}
		m.Randomize(1, 0.01)
		for _, f := range []rnn.Format{rnn.F32, rnn.F16, rnn.BF16} {
			b.Run(fmt.Sprintf("H=%d/w=%v", H, f), func(b *testing.B) {
				st := m.NewStream()
				if f != rnn.F32 {
					h, err := m.Half(f)
					if err != nil {
						b.Fatal(err)
					}
					st = h.NewStream()
				}
				data := benchData(4096, V)
				b.ReportAllocs()
				i := 0
				stop := testutil.StartCPU(b)
				for b.Loop() {
					if _, err := st.StepToken(data[i&4095]); err != nil {
						b.Fatal(err)
					}
					i++
				}
				stop()
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "chars/s")
			})
		}
	}
}
