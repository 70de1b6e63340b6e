// Command simdbench measures simdrnn's kernels on this machine against the
// machine's own limits, and compares result files across CPUs and commits.
//
// Usage:
//
//	simdbench [-quick] [-filter REGEXP] [-o FILE] [-svg FILE] [-note TEXT] [-rounds N] [-time D]
//	simdbench compare [-filter REGEXP] [-svg FILE] [-title TEXT] RESULTS...
//	simdbench show [-filter REGEXP] RESULTS
//	simdbench show -markdown RESULTS...
//
// The first form prints the CPU and the kernel implementation in use,
// measures this core's FMA peak and read bandwidth at L1, L2, L3 and DRAM
// footprints, runs every kernel x implementation x size, prints a table
// (ns/op, GFLOP/s, ns/element, GB/s, and % of the roofline: the FMA peak or
// the bandwidth of the cache level the working set sits in; then, for one
// stream's step split across 1, 2, 4, ... goroutines, the µs per step, the
// goroutines used and the speed-up over one) and, with -o,
// writes the results in Go's benchmark format, which benchstat reads
// directly (the run prints the file's absolute path). Without -o no file is
// written: the run ends by naming the file that would add this machine to
// the repository, bench/results/<arch>/<cpu>.txt. The directories of -o
// and -svg must exist. -rounds (at least 1) and -time (positive) set the
// number and length of the measurements: 5 of 60ms, with -quick 1 of 4ms.
// The DRAM footprint is four times the L3, at most 1 GiB (128 MiB, or just
// over half the L3, with -quick, so that a quick run stays under a few
// hundred MB of memory). A -quick run also skips the sizes whose one call
// is predicted to take over 250ms (from the kernel's call at the next
// smaller size, scaled by the operations): mostly the generic tier's
// training steps and large products, seconds a call. It lists them after
// the table, and its results file records them.
//
// compare prints the limits and the kernels of several result files side by
// side (files from other CPUs, other commits, or "go test -bench" output of
// other libraries) and with -svg charts them. show prints the table of one
// result file; show -markdown writes the page bench/results/README.md is
// generated as, from the result files given:
//
//	go run ./cmd/simdbench show -markdown bench/results/*/*.txt > bench/results/README.md
//
// -filter selects by "kernel/impl/size", the size written as a number
// (MatVec/avx2/64) or as the tables print it (MatVec/avx2/64x64, Tanh/avx2/1M).
// Result files are checked as they are read: a benchmark line with a value
// that is not a finite number in [0, 1e15], a 0 ns/op, an iteration count
// below 1 or a size that is not a non-negative integer is an error naming
// the file and line, and so is a last line without a line break (a file cut
// short).
//
// Exit status: 0 on success (-h prints the usage to stdout); 2 for bad
// command-line input, reported in one line (an unknown flag, a bad flag
// value such as an invalid -filter regexp, a -note with a line break, a
// -filter that matches no kernel, in every command, a -rounds below 1 or a
// -time that is not positive, a missing or extra argument); 1 for any other
// failure (unreadable or invalid result files, outputs that cannot be
// written, among them one in a directory that does not exist).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"
	"unicode"

	"github.com/simdrnn/simdrnn/bench"
	"github.com/simdrnn/simdrnn/internal/cpu"
	"github.com/simdrnn/simdrnn/kernels"
)

// quickMaxCall is the longest call a -quick run measures: a larger size of
// a kernel whose call is predicted to take longer (mostly the generic
// tier's training steps and large products, seconds each) is skipped.
const quickMaxCall = 250 * time.Millisecond

// quickMaxFootprint bounds the DRAM bandwidth buffers of a -quick run, so
// that it stays under a few hundred MB of memory whatever the L3's size.
const quickMaxFootprint = 128 << 20

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// badFlagError is a bad flag value: run prints it and exits with status 2.
type badFlagError struct{ msg string }

func (e *badFlagError) Error() string { return e.msg }

// badFlag returns a badFlagError with the formatted message.
func badFlag(format string, args ...any) error {
	return &badFlagError{fmt.Sprintf(format, args...)}
}

func run(args []string, stdout, stderr io.Writer) int {
	var err error
	switch {
	case len(args) > 0 && args[0] == "compare":
		err = compare(args[1:], stdout, stderr)
	case len(args) > 0 && args[0] == "show":
		err = show(args[1:], stdout, stderr)
	default:
		err = measure(args, stdout, stderr)
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(*badFlagError)):
		fmt.Fprintln(stderr, "simdbench:", err)
		return 2
	default:
		fmt.Fprintln(stderr, "simdbench:", err)
		return 1
	}
}

func compileFilter(s string) (*regexp.Regexp, error) {
	if s == "" {
		return nil, nil
	}
	re, err := regexp.Compile(s)
	if err != nil {
		return nil, badFlag("-filter: %v", err)
	}
	return re, nil
}

// parseFlags parses args: -h prints the usage and the flags to stdout, a
// bad flag is a one-line error with a hint (status 2).
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer, usage string) error {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return err
		}
		return badFlag("%v (see '%s -h')", err, fs.Name())
	}
	return nil
}

func measure(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("simdbench", flag.ContinueOnError)
	quick := fs.Bool("quick", false, "a quick run (about 15 s): one round, short measurements, no call over 250ms")
	filter := fs.String("filter", "", "run only kernel/impl/size matching this regexp, e.g. 'MatVec/avx2' or '^Ger/.*/1024$'")
	out := fs.String("o", "", "write the results to this file (Go benchmark format) in an existing directory; without -o none is written")
	svg := fs.String("svg", "", "also write a chart of the results to this SVG file")
	note := fs.String("note", "", "a note recorded in the results file (e.g. the machine's load)")
	rounds := fs.Int("rounds", 5, "measurements per kernel x impl x size, at least 1 (-quick: 1 unless given)")
	target := fs.Duration("time", 60*time.Millisecond, "duration of one measurement, positive (-quick: 4ms unless given)")
	if err := parseFlags(fs, args, stdout, "usage: simdbench [flags]\n       simdbench compare [-filter RE] [-svg FILE] RESULTS...\n       simdbench show [-filter RE] RESULTS\n       simdbench show -markdown RESULTS...\n\n"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return badFlag("unexpected argument %q (flags come as -name value; see 'simdbench -h')", fs.Arg(0))
	}
	if strings.ContainsFunc(*note, unicode.IsControl) {
		return badFlag("-note %q: a line break or other control character (the results file is one line per entry)", *note)
	}
	re, err := compileFilter(*filter)
	if err != nil {
		return err
	}
	o := bench.Options{Rounds: 5, Target: 60 * time.Millisecond, Filter: re, LimitReps: 40, LimitTime: 250 * time.Microsecond}
	if *quick {
		o = bench.Options{Rounds: 1, Target: 4 * time.Millisecond, Filter: re, LimitReps: 20, LimitTime: 250 * time.Microsecond, MaxFootprint: quickMaxFootprint, MaxCall: quickMaxCall}
	}
	var skipped []string
	o.Skipped = func(what string, t time.Duration) {
		skipped = append(skipped, fmt.Sprintf("%s (%.2gs)", what, t.Seconds()))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *rounds < 1 {
		return badFlag("-rounds %d: want at least 1", *rounds)
	}
	if *target <= 0 {
		return badFlag("-time %v: want a positive duration", *target)
	}
	if set["rounds"] || !*quick {
		o.Rounds = *rounds
	}
	if set["time"] || !*quick {
		o.Target = *target
	}

	if bench.CountJobs(o) == 0 {
		return badFlag("no kernel/impl/size matches -filter %q", *filter)
	}
	// Fail now, not after minutes of measuring, if an output cannot be
	// written.
	for _, p := range []struct{ flag, path string }{{"-o", *out}, {"-svg", *svg}} {
		if p.path == "" {
			continue
		}
		if err := checkWritable(p.path); err != nil {
			return fmt.Errorf("%s %s: %v", p.flag, p.path, err)
		}
	}
	start := time.Now()
	f := &bench.File{Config: bench.Describe(), Label: "this run"}
	f.Meta = append(f.Meta,
		bench.KV{Key: "date", Value: start.UTC().Format(time.RFC3339)},
		bench.KV{Key: "go", Value: runtime.Version()},
		bench.KV{Key: "gomaxprocs", Value: fmt.Sprint(runtime.GOMAXPROCS(0))},
		bench.KV{Key: "command", Value: strings.TrimSpace("simdbench " + strings.Join(args, " "))},
		bench.KV{Key: "timing", Value: "ns/op is the fastest batch of about " + bench.Batch.String() + " (other load only adds time); samples are rounds"},
	)
	if *note != "" {
		f.Meta = append(f.Meta, bench.KV{Key: "note", Value: *note})
	}
	prog := newProgress(stderr)
	o.Progress = prog.update

	fmt.Fprintf(stdout, "simdbench: kernels %q in use; measuring limits...\n", kernels.Implementation())
	lim := bench.MeasureLimits(o)
	prog.clear()
	res, err := bench.RunKernels(o)
	prog.clear()
	if err != nil {
		return err
	}
	if !*quick {
		// Measure the limits again and keep the best of both: a limit
		// measured low while the machine was busy would inflate %roof.
		lim = bench.BestLimits(lim, bench.MeasureLimits(o))
		prog.clear()
	}
	bench.AddMetrics(res, bench.NewRoofline(lim, bench.Caches()))
	f.Results = append(append(f.Results, lim...), res...)
	skippedLine := ""
	if len(skipped) > 0 {
		skippedLine = fmt.Sprintf("%d predicted to take over %v a call, not measured: %s", len(skipped), o.MaxCall, strings.Join(skipped, ", "))
		f.Meta = append(f.Meta, bench.KV{Key: "skipped", Value: skippedLine})
	}

	bench.WriteHeader(stdout, f)
	fmt.Fprintln(stdout)
	if err := bench.WriteTable(stdout, bench.Summarize(f, nil)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%d measurements in %.1fs.\n", len(res), time.Since(start).Seconds())
	if skippedLine != "" {
		fmt.Fprintf(stdout, "skipped: %s\n", skippedLine)
	}
	if *out != "" {
		if err := f.WriteFileAtomic(*out); err != nil {
			return fmt.Errorf("writing results: %v", err)
		}
		shown := *out
		if abs, err := filepath.Abs(*out); err == nil {
			shown = abs
		}
		fmt.Fprintf(stdout, "results: %s (compare: simdbench compare %s OTHER...; benchstat reads it too)\n", shown, *out)
	} else if p, ok := repoOutput(); ok {
		fmt.Fprintf(stdout, "results not written (-o FILE writes them; this machine's file in the repository: %s)\n", p)
	} else {
		fmt.Fprintln(stdout, "results not written (-o FILE writes them)")
	}
	if *svg != "" {
		if err := writeSVG(*svg, []*bench.File{f}, nil, "simdrnn kernels on "+f.Get("cpu")); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "chart: %s\n", *svg)
	}
	return nil
}

func compare(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("simdbench compare", flag.ContinueOnError)
	filter := fs.String("filter", "", "compare only kernel/impl/size matching this regexp")
	svg := fs.String("svg", "", "also write a chart to this SVG file")
	title := fs.String("title", "simdrnn kernels", "title of the chart")
	if err := parseFlags(fs, args, stdout, "usage: simdbench compare [flags] RESULTS...\n\nRESULTS are simdbench result files or go test -bench output.\n\n"); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return badFlag("compare: no result files (usage: simdbench compare [flags] RESULTS...)")
	}
	re, err := compileFilter(*filter)
	if err != nil {
		return err
	}
	if *svg != "" {
		if err := checkWritable(*svg); err != nil {
			return fmt.Errorf("-svg %s: %v", *svg, err)
		}
	}
	files, err := readFiles(fs.Args())
	if err != nil {
		return err
	}
	if re != nil && len(bench.MakeSeries(files, re)) == 0 {
		return badFlag("no kernel/impl/size in %s matches -filter %q", strings.Join(fs.Args(), ", "), *filter)
	}
	if err := bench.WriteCompare(stdout, files, re); err != nil {
		return err
	}
	if *svg != "" {
		if err := writeSVG(*svg, files, re, *title); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\nchart: %s\n", *svg)
	}
	return nil
}

func show(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("simdbench show", flag.ContinueOnError)
	filter := fs.String("filter", "", "show only kernel/impl/size matching this regexp")
	markdown := fs.Bool("markdown", false, "write the Markdown page of bench/results/README.md for one or more result files")
	if err := parseFlags(fs, args, stdout, "usage: simdbench show [-filter RE] RESULTS\n       simdbench show -markdown RESULTS...\n\n"); err != nil {
		return err
	}
	if *markdown && *filter != "" {
		return badFlag("-markdown shows every kernel: it takes no -filter")
	}
	if fs.NArg() == 0 || fs.NArg() > 1 && !*markdown {
		return badFlag("show: want one result file (or several with -markdown), got %d (usage: simdbench show [-filter RE] RESULTS)", fs.NArg())
	}
	re, err := compileFilter(*filter)
	if err != nil {
		return err
	}
	files, err := readFiles(fs.Args())
	if err != nil {
		return err
	}
	if *markdown {
		return writeResultsPage(stdout, files)
	}
	rows := bench.Summarize(files[0], re)
	if re != nil && len(rows) == 0 {
		return badFlag("no kernel/impl/size in %s matches -filter %q", fs.Arg(0), *filter)
	}
	bench.WriteHeader(stdout, files[0])
	fmt.Fprintln(stdout)
	return bench.WriteTable(stdout, rows)
}

func readFiles(paths []string) ([]*bench.File, error) {
	var files []*bench.File
	labels := map[string]int{}
	for _, p := range paths {
		f, err := bench.ReadFile(p)
		if err != nil {
			return nil, err
		}
		if len(f.Results) == 0 {
			return nil, fmt.Errorf("%s: no benchmark lines (want a simdbench result file or go test -bench output)", p)
		}
		// Two files with one base name (a/x.txt, b/x.txt) get numbered labels.
		if labels[f.Label]++; labels[f.Label] > 1 {
			f.Label = fmt.Sprintf("%s#%d", f.Label, labels[f.Label])
		}
		files = append(files, f)
	}
	return files, nil
}

func writeSVG(path string, files []*bench.File, re *regexp.Regexp, title string) error {
	var b strings.Builder
	if err := bench.WriteSVG(&b, files, re, title); err != nil {
		return err
	}
	if err := bench.WriteFileBytes(path, []byte(b.String())); err != nil {
		return fmt.Errorf("writing chart: %v", err)
	}
	return nil
}

// checkWritable reports whether the file at path could be written as
// bench.WriteFileBytes writes it: an existing path must be a regular file or
// a writable device (such as /dev/stdout); otherwise its directory must
// exist (none is created, as with charrnn -out) and accept a new file. It
// creates nothing that it leaves behind.
func checkWritable(path string) error {
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return errors.New("is a directory")
		}
		if !st.Mode().IsRegular() {
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			return f.Close()
		}
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		// The nearest existing ancestor may be a file.
		for d := filepath.Dir(dir); d != filepath.Dir(d); d = filepath.Dir(d) {
			if st, err := os.Stat(d); err == nil {
				if !st.IsDir() {
					return fmt.Errorf("%s is not a directory", d)
				}
				break
			}
		}
		return fmt.Errorf("directory %s does not exist", dir)
	case err != nil:
		return err
	case !st.IsDir():
		return fmt.Errorf("%s is not a directory", dir)
	}
	tmp, err := os.CreateTemp(dir, ".simdbench-check-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	err = tmp.Close()
	if rerr := os.Remove(name); err == nil {
		err = rerr
	}
	return err
}

// module is the module path of the simdrnn repository.
const module = "github.com/simdrnn/simdrnn"

// repoOutput returns bench/results/<arch>/<cpu>.txt of the simdrnn
// repository that holds the working directory (relative to it), the file
// that adds this machine to the committed results; ok is false outside the
// repository. A run writes it only when -o names it.
func repoOutput() (path string, ok bool) {
	i := cpu.Describe()
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	root, ok := repoRoot(wd)
	if !ok {
		return "", false
	}
	p := filepath.Join(root, "bench", "results", i.Arch, Slug(i)+".txt")
	if rel, err := filepath.Rel(wd, p); err == nil {
		return rel, true
	}
	return p, true
}

// repoRoot returns the directory at or above dir whose go.mod declares
// the simdrnn module.
func repoRoot(dir string) (string, bool) {
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
			for line := range strings.SplitSeq(string(b), "\n") {
				if f := strings.Fields(line); len(f) == 2 && f[0] == "module" && strings.Trim(f[1], `"`) == module {
					return dir, true
				}
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Slug names a CPU for a file name: the brand in lower case with runs of
// other characters turned into "-", and the x86 family and model when the
// brand has no model number (as in VMs that hide it).
func Slug(i cpu.Info) string {
	name := i.Brand
	if name == "" {
		name = i.Vendor
	}
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(name) {
		if unicode.IsLetter(c) && c < 128 || unicode.IsDigit(c) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
	}
	s := b.String()
	if s == "" {
		s = "unknown-cpu"
	}
	if !strings.ContainsAny(s, "0123456789") && (i.Family > 0 || i.Model > 0) {
		s += fmt.Sprintf("-f%dm%d", i.Family, i.Model)
	}
	return s
}

// progress shows a live line on a terminal and plain lines otherwise.
type progress struct {
	w     io.Writer
	tty   bool
	start time.Time
	last  string
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) update(done, total int, what string) {
	if p.tty {
		eta := ""
		if done > 0 {
			el := time.Since(p.start)
			eta = fmt.Sprintf(" eta %s", (el * time.Duration(total-done) / time.Duration(done)).Round(time.Second))
		}
		fmt.Fprintf(p.w, "\r\033[K[%d/%d]%s %s", done, total, eta, what)
		return
	}
	// Plain lines: one per kernel and round, not one per measurement.
	head := what
	if i := strings.Index(what, " n="); i > 0 {
		head = what[:i]
	}
	if fields := strings.Fields(head); len(fields) >= 3 && fields[0] == "round" {
		head = strings.Join(fields[:3], " ") // round r/R Kernel
	}
	if head != p.last {
		p.last = head
		fmt.Fprintf(p.w, "simdbench: [%d/%d] %s\n", done, total, head)
	}
}

func (p *progress) clear() {
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
	p.start = time.Now()
}
