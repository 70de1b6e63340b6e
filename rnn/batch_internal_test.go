package rnn

import (
	"fmt"
	"testing"

	"github.com/simdrnn/simdrnn/kernels"
)

// BenchmarkBatchMat measures a step's recurrent products over a batch of
// rows, the forward C += A W^T and the backward C += A W with W = W_hh of
// an LSTM (4H x H), row by row (path=matvec) and through GemmPacked
// (path=gemm, packing included once per 25 steps as a trainer does), in the
// kernel tier in use: where gemm overtakes matvec is stepGemm.
func BenchmarkBatchMat(b *testing.B) {
	for _, H := range []int{128, 512} {
		for _, rows := range []int{1, 2, 3, 4, 6, 8, 16} {
			for _, gemm := range []bool{false, true} {
				path := "matvec"
				if gemm {
					path = "gemm"
				}
				b.Run(fmt.Sprintf("H=%d/rows=%d/path=%s", H, rows, path), func(b *testing.B) {
					w := make([]float32, 4*H*H)
					for i := range w {
						w[i] = float32(i%13) * 0.01
					}
					m := newBatchMat(w, 4*H, H, 1)
					m.gemm = gemm
					a, c := make([]float32, rows*4*H), make([]float32, rows*4*H)
					h, dh := make([]float32, rows*H), make([]float32, rows*H)
					var ws kernels.Workspace
					i := 0
					for b.Loop() {
						if i%25 == 0 {
							m.packT()
							m.packN()
						}
						m.mulAdd(c, h, rows, &ws)
						m.mulTAdd(dh, a, rows, &ws)
						i++
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
				})
			}
		}
	}
}
