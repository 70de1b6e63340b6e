package bench

import (
	"fmt"
	"io"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/simdrnn/simdrnn/rnn"
)

// The step split across cores: for each cell, one stream of a one-layer
// model of H hidden units fed a dense input of H values, the state carried
// and no output layer (Stream.FeedVector, what rnn's BenchmarkCellStep
// times on one goroutine), made with rnn.Threads(t) for t = 1, 2, 4, ... up
// to the cores this process may use. The kernels are named
// "<CELL>CellStepT<t>" ("LSTMCellStepT2"); each result line records the
// goroutines the stream really ran on (Stream.Threads, unit "goroutines"):
// 1 where the model does not split (see rnn.Threads for where it does).
const threadStepSuffix = "CellStepT"

// threadStepSizes are the hidden sizes of each cell's split step: from
// weights one core's L2 holds to weights that only several cores' L2 (or
// the L3) hold.
var threadStepSizes = map[rnn.Cell][]int{
	rnn.RNN:  {256, 512, 1024, 2048},
	rnn.LSTM: {256, 512, 1024},
	rnn.GRU:  {256, 512, 1024},
}

// threadStepCells are the cells of the split step, in table order.
var threadStepCells = []rnn.Cell{rnn.RNN, rnn.LSTM, rnn.GRU}

// ThreadCounts returns the goroutine counts the split steps run at: 1, 2,
// 4, ... below p and p itself, where p is the smaller of runtime.NumCPU
// and GOMAXPROCS.
func ThreadCounts() []int {
	p := min(runtime.NumCPU(), runtime.GOMAXPROCS(0))
	out := []int{1}
	for t := 2; t < p; t *= 2 {
		out = append(out, t)
	}
	if p > 1 {
		out = append(out, p)
	}
	return out
}

// threadKernels returns the split-step entries for this machine's thread
// counts, by cell, then by thread count.
func threadKernels() []Kernel {
	var ks []Kernel
	for _, cell := range threadStepCells {
		for _, t := range ThreadCounts() {
			ks = append(ks, threadKernel(cell, t))
		}
	}
	return ks
}

// threadKernel returns the entry of cell's step split over t goroutines.
func threadKernel(cell rnn.Cell, t int) Kernel {
	return Kernel{
		Name: strings.ToUpper(cell.String()) + threadStepSuffix + strconv.Itoa(t), Shape: Custom,
		SizeName: "H", Sizes: threadStepSizes[cell], Threads: t,
		Start: func(h int) (Instance, error) { return cellStepStart(cell, h, t) },
		Cost:  func(h int) Cost { return cellStepCost(cell, h) },
	}
}

// threadKernelByName returns the split-step entry named name at any thread
// count.
func threadKernelByName(name string) (Kernel, bool) {
	base, t, ok := SplitThreads(name)
	if !ok {
		return Kernel{}, false
	}
	for _, cell := range threadStepCells {
		if base == strings.ToUpper(cell.String())+"CellStep" {
			return threadKernel(cell, t), true
		}
	}
	return Kernel{}, false
}

// SplitThreads splits the name of a split step ("LSTMCellStepT4") into the
// step's name ("LSTMCellStep") and the goroutines asked for (4); ok is false
// for other names.
func SplitThreads(name string) (base string, threads int, ok bool) {
	i := strings.LastIndex(name, threadStepSuffix)
	if i < 0 {
		return "", 0, false
	}
	digits := name[i+len(threadStepSuffix):]
	t, err := strconv.Atoi(digits)
	if err != nil || t < 1 || digits[0] == '0' || digits[0] == '+' {
		return "", 0, false
	}
	return name[:i+len(threadStepSuffix)-1], t, true
}

// cellStepStart builds one stream of the split step of cell at hidden size
// h on up to t goroutines.
func cellStepStart(cell rnn.Cell, h, t int) (Instance, error) {
	m, err := rnn.New(rnn.Config{Input: h, Hidden: h, Layers: 1, Output: 1, Cell: cell})
	if err != nil {
		return Instance{}, err
	}
	m.Randomize(1, 0.05)
	x := make([]float32, h)
	for i := range x {
		x[i] = float32(i%7) * 0.1
	}
	st := m.NewStream(rnn.Threads(t))
	return Instance{
		Call: func() {
			if err := st.FeedVector(x); err != nil {
				panic(err) // a step that fails is a bug in rnn
			}
		},
		Close:  st.Close,
		Values: []Value{{float64(st.Threads()), "goroutines"}},
	}, nil
}

// cellStepCost counts one step of a layer of G gates fed a dense input of
// H: W_ih x and W_hh h (4 G H^2 flops), both matrices read (8 G H^2 bytes,
// the working set); the biases, the state and the element-wise cell work
// are not counted.
func cellStepCost(cell rnn.Cell, h int) Cost {
	H, G := float64(h), float64(cell.Gates())
	return Cost{
		Elems:     1,
		Flops:     4 * G * H * H,
		Read:      8 * G * H * H,
		Footprint: 8 * G * H * H,
	}
}

// ThreadRow is one split step of a result file at one size, in one
// implementation and on one number of goroutines.
type ThreadRow struct {
	Row
	Base    string  // the step without the thread count, e.g. "LSTMCellStep"
	Threads int     // the goroutines asked for (rnn.Threads)
	SpeedUp float64 // the 1-goroutine row's ns/op over this one's; 0 without it
	// SpeedUpMin is the speed-up of the fastest samples (NsMin): a split
	// step waits for every goroutine, so other load on the cores slows
	// some rounds much more than a one-goroutine step's.
	SpeedUpMin float64
}

// ThreadRows returns the split steps among rows, by step, size,
// implementation and thread count, each with its speed-up over the
// 1-goroutine row of the same step, size and implementation.
func ThreadRows(rows []Row) []ThreadRow {
	type key struct {
		base, impl string
		n          int
	}
	one, oneMin := map[key]float64{}, map[key]float64{}
	var out []ThreadRow
	for _, r := range rows {
		base, t, ok := SplitThreads(r.Kernel)
		if !ok {
			continue
		}
		if t == 1 {
			one[key{base, r.Impl, r.N}] = r.NsOp
			oneMin[key{base, r.Impl, r.N}] = r.NsMin
		}
		out = append(out, ThreadRow{Row: r, Base: base, Threads: t})
	}
	order := map[string]int{}
	for _, tr := range out {
		if _, ok := order[tr.Base]; !ok {
			order[tr.Base] = len(order)
		}
	}
	impls := map[string]int{}
	for _, tr := range out {
		if _, ok := impls[tr.Impl]; !ok {
			impls[tr.Impl] = len(impls)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.Base != b.Base:
			return order[a.Base] < order[b.Base]
		case a.N != b.N:
			return a.N < b.N
		case a.Impl != b.Impl:
			return impls[a.Impl] < impls[b.Impl]
		}
		return a.Threads < b.Threads
	})
	for i := range out {
		k := key{out[i].Base, out[i].Impl, out[i].N}
		if ns := one[k]; ns > 0 && out[i].NsOp > 0 {
			out[i].SpeedUp = ns / out[i].NsOp
		}
		if ns := oneMin[k]; ns > 0 && out[i].NsMin > 0 {
			out[i].SpeedUpMin = ns / out[i].NsMin
		}
	}
	return out
}

// threadsNote heads the table of split steps.
const threadsNote = "One step of one stream split across goroutines (rnn.Threads; dense input of H, no output layer); goroutines: what the stream ran on (Stream.Threads), 1 where the model does not split; speed-up: over the 1-goroutine row, of the medians and of the fastest rounds (load on the other cores slows a split step's rounds the most)"

// writeThreadTable writes the split steps among rows as a table, nothing
// when there are none.
func writeThreadTable(w io.Writer, rows []Row) error {
	trs := ThreadRows(rows)
	if len(trs) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\n%s.\n\n", threadsNote)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "step\tsize\timpl\tthreads\tgoroutines\tµs/step\t±\tspeed-up\tfastest µs\tspeed-up\t")
	prev := ""
	for _, r := range trs {
		name := r.Base
		if name == prev {
			name = ""
		}
		prev = r.Base
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name, SizeString(r.Kernel, r.N), r.Impl, r.Threads,
			opt(r.Goroutines, "%.0f"), stepMicros(r.NsOp), spread(r.Row), opt(r.SpeedUp, "x%.2f"),
			stepMicros(r.NsMin), opt(r.SpeedUpMin, "x%.2f"))
	}
	return tw.Flush()
}

// stepMicros formats ns as µs with three significant digits, without an
// exponent ("3.99", "278", "1940"); "-" when not positive.
func stepMicros(ns float64) string {
	if us := ns / 1000; us >= 1000 {
		return opt(us, "%.0f")
	}
	return opt(ns/1000, "%.3g")
}
