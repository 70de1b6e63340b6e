package rnn_test

import (
	"fmt"
	"runtime"
	"slices"
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

// BenchmarkStepHalfRatio runs the steps of BenchmarkStepHalf for the three
// formats in alternating batches (each about 2^22 weights read, at least
// one step), by the thread's CPU time, so that they see the same load on
// a shared machine; it reports each format's median over the batches in
// ns per step (f32-ns, f16-ns, bf16-ns) and the 16-bit speeds against
// float32 from those medians (f16-speed, bf16-speed). One op is one batch
// of each; -benchtime 50x or so gives enough batches.
func BenchmarkStepHalfRatio(b *testing.B) {
	if _, ok := testutil.ThreadCPU(); !ok {
		b.Skip("needs the thread CPU time (Linux)")
	}
	for _, H := range []int{64, 100, 128, 192, 256, 384, 448, 512, 768, 1024} {
		b.Run(fmt.Sprintf("H=%d", H), func(b *testing.B) {
			const V = 65
			m, err := rnn.New(rnn.Config{Input: V, Hidden: H, Layers: 1, Output: V})
			if err != nil {
				b.Fatal(err)
			}
			m.Randomize(1, 0.01)
			var sts []*rnn.Stream
			for _, f := range []rnn.Format{rnn.F32, rnn.F16, rnn.BF16} {
				st := m.NewStream()
				if f != rnn.F32 {
					h, err := m.Half(f)
					if err != nil {
						b.Fatal(err)
					}
					st = h.NewStream()
				}
				sts = append(sts, st)
			}
			data := benchData(4096, V)
			reps := max(1, (1<<22)/(H*H+2*V*H))
			var per [3][]float64
			for k := range per {
				per[k] = make([]float64, 0, 1024) // before b.Loop: not counted
			}
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			i := 0
			for b.Loop() {
				for k, st := range sts {
					t0, _ := testutil.ThreadCPU()
					for range reps {
						if _, err := st.StepToken(data[i&4095]); err != nil {
							b.Fatal(err)
						}
						i++
					}
					t1, _ := testutil.ThreadCPU()
					per[k] = append(per[k], float64(t1-t0)/float64(reps))
				}
			}
			var med [3]float64
			for k := range per {
				slices.Sort(per[k])
				med[k] = per[k][len(per[k])/2]
			}
			b.ReportMetric(med[0], "f32-ns")
			b.ReportMetric(med[1], "f16-ns")
			b.ReportMetric(med[2], "bf16-ns")
			b.ReportMetric(med[0]/med[1], "f16-speed")
			b.ReportMetric(med[0]/med[2], "bf16-speed")
		})
	}
}
