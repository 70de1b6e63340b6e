package bench

import (
	"github.com/simdrnn/simdrnn/internal/cpu"
)

// Roofline holds the limits of one machine: the FMA peak and the read
// bandwidth of each cache level, with the cache sizes that decide which
// level a working set sits in.
type Roofline struct {
	FMA    float64 // GFLOP/s, 0 when unknown
	Levels []Level // in order L1, L2, L3, DRAM; those measured
	Method string  // how the limits were measured: avx512, avx2, neon, go
}

// methodVectors names a limits method with its vector width, for tables:
// "avx512 (512-bit)"; "-" when no limits were measured.
func methodVectors(m string) string {
	w := map[string]string{"avx512": "512-bit", "avx2": "256-bit", "neon": "128-bit", "go": "scalar Go"}[m]
	switch {
	case m == "":
		return "-"
	case w == "":
		return m
	}
	return m + " (" + w + ")"
}

// Level is one level of the memory hierarchy.
type Level struct {
	Name     string  // L1, L2, L3, DRAM
	Size     int     // capacity in bytes (0 for DRAM: unbounded)
	GBs      float64 // measured read bandwidth
	WriteGBs float64 // measured write bandwidth; 0 when unknown
}

// NewRoofline builds the roofline from LimitFMA, LimitRead and LimitWrite
// results and
// the cache sizes (a size <= 0 is unknown; its level is skipped).
func NewRoofline(lim []Result, c cpu.Cache) Roofline {
	var rf Roofline
	size := map[string]int{"L1": c.L1D, "L2": c.L2, "L3": c.L3, "DRAM": 0}
	bw, wbw := map[string]float64{}, map[string]float64{}
	for _, r := range lim {
		switch r.Kernel {
		case "LimitFMA":
			rf.FMA, _ = r.Get("GFLOP/s")
			rf.Method = r.Impl
		case "LimitRead":
			bw[r.Level], _ = r.Get("GB/s")
		case "LimitWrite":
			wbw[r.Level], _ = r.Get("GB/s")
		}
	}
	for _, name := range []string{"L1", "L2", "L3", "DRAM"} {
		if bw[name] > 0 && (name == "DRAM" || size[name] > 0) {
			rf.Levels = append(rf.Levels, Level{name, size[name], bw[name], wbw[name]})
		}
	}
	return rf
}

// FileRoofline returns the roofline recorded in a result file.
func FileRoofline(f *File) Roofline {
	c := cpu.Cache{L1D: f.Int("cache-l1d"), L2: f.Int("cache-l2"), L3: f.Int("cache-l3")}
	return NewRoofline(f.Results, c)
}

// LevelOf returns the level a working set of the given bytes sits in: the
// first whose capacity holds it, else the last (DRAM).
func (rf Roofline) LevelOf(bytes float64) (Level, bool) {
	for _, l := range rf.Levels {
		if l.Size == 0 || bytes <= float64(l.Size) {
			return l, true
		}
	}
	if len(rf.Levels) > 0 {
		return rf.Levels[len(rf.Levels)-1], true
	}
	return Level{}, false
}

// Time returns the shortest time in ns to read and write the given bytes at
// this level. Caches read and write on separate paths, so there it is the
// larger of the reads over the read bandwidth and the writes over the write
// bandwidth; DRAM's bus carries both, so there it is their sum. Writes are
// left out when the write bandwidth is unknown (older result files).
func (l Level) Time(read, written float64) float64 {
	r := read / l.GBs
	if l.WriteGBs <= 0 || written <= 0 {
		return r
	}
	w := written / l.WriteGBs
	if l.Name == "DRAM" {
		return r + w
	}
	return max(r, w)
}

// Bound returns the shortest time a call of kernel k at size n can take on
// this machine, in ns, and the limit that sets it: "FMA" or the level's
// name. It is the larger of the operations over the FMA peak and the
// compulsory traffic's time at the level the working set sits in (see
// Level.Time). ok is false when neither limit is known. A kernel split over
// k.Threads goroutines is bounded as that many cores each with the limits
// of the one measured, each doing an equal share (its operations and
// traffic, with its share of the working set deciding the level); the
// cores' shared L3 and memory bandwidth is not modelled.
func (rf Roofline) Bound(k Kernel, n int) (ns float64, limit string, ok bool) {
	t := float64(max(1, k.Threads))
	if f := k.FlopCount(n); f > 0 && rf.FMA > 0 {
		ns, limit, ok = f/t/rf.FMA, "FMA", true
	}
	if l, have := rf.LevelOf(k.Footprint(n) / t); have {
		if tm := l.Time(k.ReadCount(n)/t, k.WriteCount(n)/t); tm > ns {
			ns, limit, ok = tm, l.Name, true
		}
	}
	return ns, limit, ok
}

// Percent returns how close a call that took ns is to the roofline, in
// percent (100 = at the limit), and the limit; 0 when unknown.
func (rf Roofline) Percent(k Kernel, n int, ns float64) (float64, string) {
	b, limit, ok := rf.Bound(k, n)
	if !ok || ns <= 0 {
		return 0, ""
	}
	return 100 * b / ns, limit
}
