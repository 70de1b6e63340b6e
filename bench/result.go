package bench

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/simdrnn/simdrnn/internal/atomicfile"
)

// KV is one "key: value" line of a result file.
type KV struct {
	Key, Value string
}

// Value is one measurement of a benchmark line: a number and its unit, e.g.
// 30.5 "GFLOP/s".
type Value struct {
	Value float64
	Unit  string
}

// Result is one benchmark line.
type Result struct {
	// Name is the benchmark's full name without the "Benchmark" prefix and
	// the "-GOMAXPROCS" suffix, e.g. "MatVec/impl=avx2/n=1024".
	Name string
	// Kernel is the base name ("MatVec"), Impl the implementation ("avx2")
	// and N the size (1024, 0 when the name has none). They are read from
	// key=value parts of the name (impl=, n=, level=, bytes=) or, for
	// "go test" output like MatVec/avx2/1024, from the positions of the
	// parts.
	Kernel string
	Impl   string
	N      int
	// Level is the level= part of a LimitRead line.
	Level string
	// Iters is the iteration count, the number after the name.
	Iters int
	// Values holds the measurements in the order of the line; ns/op first.
	Values []Value
}

// Get returns the value with the given unit and whether there is one.
func (r Result) Get(unit string) (float64, bool) {
	for _, v := range r.Values {
		if v.Unit == unit {
			return v.Value, true
		}
	}
	return 0, false
}

// NsPerOp returns the ns/op of r (0 if absent).
func (r Result) NsPerOp() float64 {
	v, _ := r.Get("ns/op")
	return v
}

// File is a parsed result file.
type File struct {
	// Path is where the file was read from; Label names it in tables and
	// charts (the file's base name without extension, unless set).
	Path, Label string
	// Config holds the configuration lines ("key: value") in order; Meta the
	// "# key: value" lines, which benchstat ignores.
	Config, Meta []KV
	Results      []Result
}

// Get returns the value of the configuration or meta key (configuration
// first; the last line wins, as in the benchmark format), or "".
func (f *File) Get(key string) string {
	for _, list := range [][]KV{f.Config, f.Meta} {
		for i := len(list) - 1; i >= 0; i-- {
			if list[i].Key == key {
				return list[i].Value
			}
		}
	}
	return ""
}

// Int returns the configuration value of key as an integer, or -1 when it
// is absent or not an integer.
func (f *File) Int(key string) int {
	v, err := strconv.Atoi(f.Get(key))
	if err != nil {
		return -1
	}
	return v
}

// ReadFile parses the result file at path.
func ReadFile(path string) (*File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	f, err := Parse(fh)
	if err != nil {
		if pe, ok := err.(*ParseError); ok {
			return nil, fmt.Errorf("%s:%d: %v", path, pe.Line, pe.Err)
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	f.Path = path
	f.Label = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return f, nil
}

// ParseError is a result file line that Parse rejects.
type ParseError struct {
	Line int // 1-based
	Err  error
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *ParseError) Unwrap() error { return e.Err }

// MaxValue bounds every value of a benchmark line (ns/op, GB/s, ...): 1e15
// ns is eleven days, and no rate comes near it.
const MaxValue = 1e15

// Parse reads a result file in Go's benchmark format: configuration lines,
// "# key: value" meta lines and benchmark lines; every other line (PASS,
// ok, test logs) is skipped, as benchstat does. A benchmark line that
// cannot be parsed, or whose iteration count is below 1, whose values are
// not finite numbers in [0, MaxValue], whose ns/op is 0, or whose n= or
// bytes= is not a non-negative integer, is a *ParseError naming its line
// number; so is a last line without a line break (other than blanks): the
// file was cut short, maybe in the middle of a value.
func Parse(r io.Reader) (*File, error) {
	f := &File{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	unterminated := false // the last token had no line break after it
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		adv, tok, err := bufio.ScanLines(data, atEOF)
		if atEOF && tok != nil && adv == len(data) && data[len(data)-1] != '\n' {
			unterminated = true
		}
		return adv, tok, err
	})
	for ln := 1; sc.Scan(); ln++ {
		line := sc.Text()
		if unterminated && strings.TrimSpace(line) != "" {
			return nil, &ParseError{ln, fmt.Errorf("\"%s\": no line break at the end of the file (was it cut short?)", clip(line))}
		}
		switch {
		case strings.HasPrefix(line, "Benchmark"):
			res, ok, err := parseResult(line)
			if err != nil {
				return nil, &ParseError{ln, err}
			}
			if ok {
				f.Results = append(f.Results, res)
			}
		case strings.HasPrefix(line, "# "):
			if kv, ok := parseKV(line[2:]); ok {
				f.Meta = append(f.Meta, kv)
			}
		default:
			if kv, ok := parseKV(line); ok {
				f.Config = append(f.Config, kv)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return f, nil
}

// parseKV parses a configuration line: a key starting with a lower-case
// letter, without spaces or upper-case letters, then ":" and the value.
func parseKV(line string) (KV, bool) {
	k, v, ok := strings.Cut(line, ":")
	if !ok || k == "" || !unicode.IsLower(rune(k[0])) {
		return KV{}, false
	}
	for _, c := range k {
		if unicode.IsSpace(c) || unicode.IsUpper(c) {
			return KV{}, false
		}
	}
	return KV{k, strings.TrimSpace(v)}, true
}

// parseResult parses a benchmark line. ok is false for lines that start with
// "Benchmark" but are not results (e.g. a bare name printed by -v).
func parseResult(line string) (Result, bool, error) {
	fields := strings.Fields(line)
	if len(fields) < 4 || len(fields)%2 != 0 {
		return Result{}, false, nil
	}
	name := fields[0]
	if len(name) > len("Benchmark") && !unicode.IsUpper(rune(name[len("Benchmark")])) {
		return Result{}, false, nil
	}
	iters, err := strconv.Atoi(fields[1])
	if err != nil {
		return Result{}, false, nil
	}
	if iters < 1 {
		return Result{}, false, fmt.Errorf("%s: %d iterations, want at least 1", clip(name), iters)
	}
	r := Result{Iters: iters}
	for i := 2; i < len(fields); i += 2 {
		v, err := strconv.ParseFloat(fields[i], 64)
		if err != nil || math.IsNaN(v) || v < 0 || v > MaxValue {
			return Result{}, false, fmt.Errorf("%s: value \"%s\" %s is not a number in [0, %g]", clip(name), clip(fields[i]), clip(fields[i+1]), MaxValue)
		}
		if v == 0 && fields[i+1] == "ns/op" {
			return Result{}, false, fmt.Errorf("%s: 0 ns/op (no measurement takes no time)", clip(name))
		}
		r.Values = append(r.Values, Value{v, fields[i+1]})
	}
	r.Name = stripProcs(strings.TrimPrefix(name, "Benchmark"))
	parts := strings.Split(r.Name, "/")
	r.Kernel = parts[0]
	var pos []string
	for _, p := range parts[1:] {
		k, v, isKV := strings.Cut(p, "=")
		switch {
		case !isKV:
			pos = append(pos, p)
		case k == "impl":
			r.Impl = v
		case k == "n" || k == "bytes":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return Result{}, false, fmt.Errorf("%s: %s=%s is not a non-negative integer", clip(name), clip(k), clip(v))
			}
			r.N = n
		case k == "level":
			r.Level = v
		}
	}
	// go test names: Kernel/impl/n
	for _, p := range pos {
		if n, err := strconv.Atoi(p); err == nil && r.N == 0 {
			r.N = n
		} else if r.Impl == "" {
			r.Impl = p
		}
	}
	return r, true, nil
}

// clip cuts s for an error message: unprintable bytes escaped as by
// strconv.Quote (without the quotes), and at most 64 bytes of that.
func clip(s string) string {
	q := strconv.Quote(s)
	q = q[1 : len(q)-1] // unprintable bytes escaped, so a message stays one readable line
	if len(q) <= 64 {
		return q
	}
	return fmt.Sprintf("%s... (%d bytes)", q[:48], len(s))
}

// stripProcs removes a "-GOMAXPROCS" suffix from a benchmark name.
func stripProcs(name string) string {
	i := strings.LastIndexByte(name, '-')
	if i < 0 || i == len(name)-1 {
		return name
	}
	if _, err := strconv.Atoi(name[i+1:]); err != nil {
		return name
	}
	return name[:i]
}

// Write writes f in Go's benchmark format: configuration lines, meta lines,
// then the benchmark lines.
// A key or value holding a line break is an error: it would be read back as
// other lines.
func (f *File) Write(w io.Writer) error {
	for _, kv := range append(append([]KV(nil), f.Config...), f.Meta...) {
		if strings.Contains(kv.Key+kv.Value, "\n") {
			return fmt.Errorf("results: \"%s\": a line break in a key or value", clip(kv.Key+": "+kv.Value))
		}
	}
	bw := bufio.NewWriter(w)
	for _, kv := range f.Config {
		fmt.Fprintf(bw, "%s: %s\n", kv.Key, kv.Value)
	}
	for _, kv := range f.Meta {
		fmt.Fprintf(bw, "# %s: %s\n", kv.Key, kv.Value)
	}
	width := 0
	for _, r := range f.Results {
		width = max(width, len(r.Name))
	}
	for _, r := range f.Results {
		fmt.Fprintf(bw, "Benchmark%-*s %10d", width, r.Name, r.Iters)
		for _, v := range r.Values {
			fmt.Fprintf(bw, " %12s %s", fmtNum(v.Value), v.Unit)
		}
		bw.WriteString("\n")
	}
	return bw.Flush()
}

// fmtNum formats v with about five significant digits and no exponent.
func fmtNum(v float64) string {
	switch a := abs(v); {
	case a == 0:
		return "0"
	case a >= 1e5:
		return strconv.FormatFloat(v, 'f', 0, 64)
	default:
		return strconv.FormatFloat(v, 'g', 5, 64)
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// WriteFileAtomic writes f to path through a temporary file in the same
// folder, synced and renamed over path, so that a crash never leaves a
// truncated file. A path that exists and is not a regular file (such as
// /dev/stdout) is written directly. The folder must exist: nothing but the
// file is created. Every error, including one flushing the directory after
// the rename, is returned (see internal/atomicfile).
func (f *File) WriteFileAtomic(path string) error {
	return writeAtomic(path, f.Write)
}

func writeAtomic(path string, write func(io.Writer) error) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		fh, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if err := write(fh); err != nil {
			fh.Close()
			return err
		}
		return fh.Close()
	}
	return atomicfile.Write(path, 0o644, write)
}

// WriteFileBytes writes b to path atomically, as WriteFileAtomic does.
func WriteFileBytes(path string, b []byte) error {
	return writeAtomic(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}
