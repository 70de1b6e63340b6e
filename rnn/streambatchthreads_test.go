package rnn_test

import (
	"fmt"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/simdrnn/simdrnn/internal/testutil"
	"github.com/simdrnn/simdrnn/rnn"
)

// streamBatchMaker is a Model or a HalfModel.
type streamBatchMaker interface {
	NewStreamBatch(capacity int, opts ...rnn.Option) (*rnn.StreamBatch, error)
}

// TestStreamBatchThreads checks that batches stepped on 2, 3 and 4
// goroutines give exactly the bits of the one-goroutine batch (outputs and
// every layer's hidden state), which is itself checked against a float64
// reference of each stream here as in TestStreamBatch: for every cell, 1
// and 2 layers, float32, F16 and BF16 weights, token and dense inputs,
// Step and Feed, steps of 1, 2, 3, 9 and 32 slots (products row by row and
// through Gemm), hidden sizes off the cells' blocks of 16 units (37, with
// fewer blocks than 4 workers) and, without -short, 130 (W_hh beyond the
// L2 size, through Gemm from 3 rows) and a HalfModel that multiplies its
// 16-bit weights (halfBigHidden), layer 0's dense inputs of 11 and 600,
// in every kernel tier. The batch of 3
// goroutines is closed after 10 steps and goes on with the same bits.
func TestStreamBatchThreads(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
			for _, layers := range []int{1, 2} {
				for _, f := range []rnn.Format{rnn.F32, rnn.F16, rnn.BF16} {
					hiddens := []int{37}
					if !testing.Short() {
						hiddens = append(hiddens, 130)
						if f != rnn.F32 && layers == 1 && cell == rnn.LSTM {
							hiddens = append(hiddens, halfBigHidden())
						}
					}
					for _, H := range hiddens {
						t.Run(fmt.Sprintf("%v/layers=%d/%v/H=%d", cell, layers, f, H), func(t *testing.T) {
							testStreamBatchThreads(t, cell, layers, f, 11, H, 13, nil)
						})
					}
					if layers == 1 && f != rnn.F16 {
						// W_ih beyond L2 and W_hh within: a projection through
						// Gemm from 3 rows, the recurrent product row by row
						// up to 7.
						t.Run(fmt.Sprintf("%v/layers=%d/%v/H=37/in=600", cell, layers, f), func(t *testing.T) {
							testStreamBatchThreads(t, cell, layers, f, 600, 37, 13, nil)
						})
					}
				}
			}
		}
	})
}

// testStreamBatchThreads runs the steps of TestStreamBatchThreads over a
// model of the given shape, with steps of the given numbers of slots (nil:
// 1, 2, 3, 9, 32, 3, 1).
func testStreamBatchThreads(t *testing.T, cell rnn.Cell, layers int, f rnn.Format, in, H, out int, sizes []int) {
	const capacity = 32
	if sizes == nil {
		sizes = []int{1, 2, 3, 9, 32, 3, 1}
	}
	m := streamBatchModel(t, cell, layers, in, H, out)
	// Biases all nonzero, so that their sums' order shows in the bits.
	r := testutil.Rand(int(cell), layers, int(f), H)
	bias := func(b []float32) {
		for i := range b {
			b[i] = float32(r.NormFloat64()) * 0.3
		}
	}
	for _, l := range m.Layers() {
		bias(l.Bh)
		bias(l.Bhh)
	}
	bias(m.By())
	var mk streamBatchMaker = m
	refModel := m
	if f != rnn.F32 {
		hm, err := m.Half(f)
		if err != nil {
			t.Fatal(err)
		}
		mk, refModel = hm, rounded(m, f)
	}
	// batches[0] runs on one goroutine, batches[n-1] on n.
	var batches []*rnn.StreamBatch
	for n := 1; n <= 4; n++ {
		sb, err := mk.NewStreamBatch(capacity, rnn.Threads(n))
		if err != nil {
			t.Fatal(err)
		}
		defer sb.Close()
		if sb.Threads() != n {
			t.Fatalf("Threads(%d): Threads() = %d", n, sb.Threads())
		}
		for range capacity {
			if _, err := sb.Join(); err != nil {
				t.Fatal(err)
			}
		}
		batches = append(batches, sb)
	}
	refs := make([]*stepRef, capacity)
	for s := range refs {
		refs[s] = newStepRef(refModel)
	}
	hw, hn := make([]float32, H), make([]float32, H)
	step := 0
	for _, size := range sizes {
		for _, tokens := range []bool{true, false} {
			for _, feed := range []bool{false, true} {
				step++
				if step == 10 {
					sb := batches[2]
					sb.Close()
					sb.Close() // idempotent
					if sb.Threads() != 1 {
						t.Fatalf("after Close: Threads() = %d", sb.Threads())
					}
				}
				slots := r.Perm(capacity)[:size]
				toks := make([]int, size)
				x := make([]float32, size*in)
				for i := range toks {
					toks[i] = r.IntN(in)
				}
				for i := range x {
					x[i] = float32(r.NormFloat64())
				}
				for _, sb := range batches {
					var err error
					switch {
					case tokens && feed:
						err = sb.FeedTokens(slots, toks)
					case tokens:
						err = sb.StepTokens(slots, toks)
					case feed:
						err = sb.FeedVectors(slots, x)
					default:
						err = sb.StepVectors(slots, x)
					}
					if err != nil {
						t.Fatal(err)
					}
				}
				for i, s := range slots {
					var ref []float64
					if tokens {
						ref = refs[s].step(toks[i], nil)
					} else {
						ref = refs[s].step(-1, x[i*in:(i+1)*in])
					}
					want, err := batches[0].Output(s)
					if err != nil {
						t.Fatal(err)
					}
					for o := range want {
						if math.Abs(float64(want[o])-ref[o]) > 1e-4*(1+math.Abs(ref[o])) {
							t.Fatalf("step %d (%d slots) slot %d: output %d = %v, float64 reference %v", step, size, s, o, want[o], ref[o])
						}
					}
					for n, sb := range batches[1:] {
						got, err := sb.Output(s)
						if err != nil {
							t.Fatal(err)
						}
						if err := sameBits([][]float32{want}, [][]float32{got}); err != nil {
							t.Fatalf("step %d (%d slots, tokens %v, feed %v) slot %d, %d goroutines: output: %v", step, size, tokens, feed, s, n+2, err)
						}
						for k := range layers {
							batches[0].Hidden(hw, s, k)
							sb.Hidden(hn, s, k)
							if err := sameBits([][]float32{hw}, [][]float32{hn}); err != nil {
								t.Fatalf("step %d (%d slots, tokens %v, feed %v) slot %d, %d goroutines: layer %d hidden state: %v", step, size, tokens, feed, s, n+2, k, err)
							}
						}
					}
				}
			}
		}
	}
}

// TestStreamBatchThreadsSplitRows checks the bits of steps of 1 to 3
// slots on 2 to 4 goroutines over models whose matrices hold two or more of
// kernels.MatVecBlockRows' blocks of rows, where the products row by row
// split by the matrices' rows (each worker its rows for every slot) rather
// than by the slots, as TestStreamBatchThreads does: every cell, two
// layers, float32 and F16 weights (multiplied in 16 bits), in every tier.
func TestStreamBatchThreadsSplitRows(t *testing.T) {
	testutil.ForEachImpl(t, func(t *testing.T) {
		for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
			H := 300 // gates of 2 blocks of 873 rows
			if cell == rnn.RNN {
				H = 600 // 2 blocks of 436
			}
			for _, f := range []rnn.Format{rnn.F32, rnn.F16} {
				if testing.Short() && f == rnn.F16 && cell != rnn.LSTM {
					continue
				}
				t.Run(fmt.Sprintf("%v/%v/H=%d", cell, f, H), func(t *testing.T) {
					testStreamBatchThreads(t, cell, 2, f, H, H, 1000, []int{1, 2, 1, 3, 2})
				})
			}
		}
	})
}

// TestStreamBatchThreadsOptions checks the number of goroutines a batch
// uses: GOMAXPROCS for Threads(0), n for Threads(n) (also at capacity
// one), one for Threads(1) and without the option; and that such batches
// step one stream with a Stream's bits.
func TestStreamBatchThreadsOptions(t *testing.T) {
	m := streamBatchModel(t, rnn.GRU, 1, 5, 300, 5) // W_hh: 2 blocks of 873 rows
	sb, err := m.NewStreamBatch(4, rnn.Threads(0))
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	if p := runtime.GOMAXPROCS(0); p >= 2 && sb.Threads() != p || p < 2 && sb.Threads() != 1 {
		t.Errorf("Threads(0): %d goroutines, GOMAXPROCS %d", sb.Threads(), p)
	}
	for _, tc := range []struct {
		capacity int
		opts     []rnn.Option
		want     int
	}{{1, []rnn.Option{rnn.Threads(3)}, 3}, {4, []rnn.Option{rnn.Threads(1)}, 1}, {4, nil, 1}, {4, []rnn.Option{rnn.Threads(3), rnn.Threads(1)}, 1}} {
		sb, err := m.NewStreamBatch(tc.capacity, tc.opts...)
		if err != nil {
			t.Fatal(err)
		}
		if sb.Threads() != tc.want {
			t.Errorf("capacity %d, %d options: %d goroutines, want %d", tc.capacity, len(tc.opts), sb.Threads(), tc.want)
		}
		s, _ := sb.Join()
		st := m.NewStream()
		for tok := range 5 {
			if err := sb.StepTokens([]int{s}, []int{tok}); err != nil {
				t.Fatal(err)
			}
			want, _ := st.StepToken(tok)
			got, _ := sb.Output(s)
			if err := sameBits([][]float32{want}, [][]float32{got}); err != nil {
				t.Fatalf("capacity %d: against a Stream: %v", tc.capacity, err)
			}
		}
		sb.Close()
	}
}

// TestStreamBatchThreadsGoroutines checks that Close stops a batch's
// goroutines, and that the goroutines of batches dropped without Close
// (stepped or not, their workers spinning or parked) exit once the batches
// are garbage collected.
func TestStreamBatchThreadsGoroutines(t *testing.T) {
	m := streamBatchModel(t, rnn.LSTM, 1, 9, 40, 9)
	runtime.GC()
	time.Sleep(20 * time.Millisecond)
	base := runtime.NumGoroutine()
	sb, err := m.NewStreamBatch(8, rnn.Threads(3))
	if err != nil {
		t.Fatal(err)
	}
	if sb.Threads() != 3 || runtime.NumGoroutine() != base+2 {
		t.Fatalf("Threads(3): %d goroutines, %d started, want 3 and 2", sb.Threads(), runtime.NumGoroutine()-base)
	}
	slots := []int{}
	for range 8 {
		s, _ := sb.Join()
		slots = append(slots, s)
	}
	toks := []int{1, 2, 3, 4, 5, 6, 7, 8}
	if err := sb.StepTokens(slots, toks); err != nil {
		t.Fatal(err)
	}
	sb.Close()
	goroutinesSettle(t, base)
	if err := sb.StepTokens(slots, toks); err != nil { // still usable
		t.Fatal(err)
	}
	for i := range 6 {
		sb, err := m.NewStreamBatch(8, rnn.Threads(2+i%3))
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			sb.Join()
			sb.Join()
			for range 10 {
				if err := sb.StepTokens([]int{0, 1}, []int{2, 3}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if i%3 == 0 {
			time.Sleep(5 * time.Millisecond) // parked workers
		}
		// dropped without Close
	}
	goroutinesSettle(t, base)
}

// TestStreamBatchThreadsAllocs checks that warm steps on several
// goroutines allocate nothing, for every cell and float32 and 16-bit
// weights, with products row by row and through Gemm.
func TestStreamBatchThreadsAllocs(t *testing.T) {
	for _, cell := range []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU} {
		m := streamBatchModel(t, cell, 2, 9, 40, 9)
		hm, err := m.Half(rnn.BF16)
		if err != nil {
			t.Fatal(err)
		}
		for _, mk := range []streamBatchMaker{m, hm} {
			sb, err := mk.NewStreamBatch(16, rnn.Threads(2))
			if err != nil {
				t.Fatal(err)
			}
			slots, toks := []int{}, []int{}
			for i := range 12 {
				s, _ := sb.Join()
				slots, toks = append(slots, s), append(toks, i%9)
			}
			x := make([]float32, 12*9)
			run := func() {
				sb.StepTokens(slots, toks)
				sb.StepTokens(slots[:2], toks[:2])
				sb.StepVectors(slots, x)
				sb.StepVectors(slots[:3], x[:3*9])
				sb.FeedTokens(slots[3:], toks[3:])
				sb.FeedVectors(slots[1:2], x[:9])
				sb.Output(5)
			}
			run()
			if got := testing.AllocsPerRun(20, run); got != 0 {
				t.Errorf("%v %T: %v allocations per run, want 0", cell, mk, got)
			}
			sb.Close()
		}
	}
}
