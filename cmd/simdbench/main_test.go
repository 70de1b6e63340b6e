package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/simdrnn/simdrnn/bench"
	"github.com/simdrnn/simdrnn/internal/cpu"
)

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e strings.Builder
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// TestMeasure runs the command on one small kernel, writes the results and
// the chart, and reads the results back.
func TestMeasure(t *testing.T) {
	dir := t.TempDir()
	out, svg := filepath.Join(dir, "r.txt"), filepath.Join(dir, "r.svg")
	code, stdout, stderr := runCmd(t, "-quick", "-rounds", "2", "-time", "2ms", "-filter", "^Dot/.*/4096$", "-o", out, "-svg", svg, "-note", "from a test")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"limits:", "FMA peak", "Dot", "%roof", "results: " + out} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "limits: FMA peak") {
		t.Errorf("no progress on stderr: %q", stderr)
	}
	f, err := bench.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if f.Get("note") != "from a test" || f.Get("cpu") == "" || f.Get("impls") == "" {
		t.Errorf("header: %v %v", f.Config, f.Meta)
	}
	kernelLines, limitLines := 0, 0
	for _, r := range f.Results {
		switch {
		case strings.HasPrefix(r.Kernel, "Limit"):
			limitLines++
		case r.Kernel == "Dot" && r.N == 4096:
			kernelLines++
		default:
			t.Errorf("unexpected result %s (filter ^Dot/.*/4096$)", r.Name)
		}
	}
	if want := 2 * len(strings.Fields(f.Get("impls"))); kernelLines != want {
		t.Errorf("%d Dot lines, want %d (2 rounds x implementations)", kernelLines, want)
	}
	if limitLines < 2 {
		t.Errorf("%d limit lines", limitLines)
	}
	if b, err := os.ReadFile(svg); err != nil || !strings.HasPrefix(string(b), "<svg") {
		t.Errorf("chart: %v", err)
	}
}

func TestCompareAndShow(t *testing.T) {
	a, b := "../../bench/testdata/amd-epyc-quick.txt", "../../bench/testdata/qemu-arm64.txt"
	svg := filepath.Join(t.TempDir(), "c.svg")
	code, stdout, stderr := runCmd(t, "compare", "-filter", "^MatVec/", "-svg", svg, a, b)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "4096x4096") || strings.Contains(stdout, "Tanh") || !strings.Contains(stdout, "chart: "+svg) {
		t.Errorf("compare output:\n%s", stdout)
	}
	code, stdout, stderr = runCmd(t, "show", a)
	if code != 0 || !strings.Contains(stdout, "Tanh") {
		t.Errorf("show: exit %d\n%s%s", code, stdout, stderr)
	}
	// two files with one base name get distinct labels
	code, stdout, _ = runCmd(t, "compare", a, a)
	if code != 0 || !strings.Contains(stdout, "amd-epyc-quick#2") {
		t.Errorf("duplicate labels:\n%s", stdout)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		// bad flags and flag values are bad input: status 2, as charrnn
		{[]string{"-filter", "("}, 2, "-filter: error parsing regexp"},
		{[]string{"compare", "-filter", "(", "../../bench/testdata/amd-epyc-quick.txt"}, 2, "-filter: error parsing regexp"},
		{[]string{"show", "-filter", "(", "../../bench/testdata/amd-epyc-quick.txt"}, 2, "-filter: error parsing regexp"},
		{[]string{"-filter", "^NoSuchKernel$", "-o", ""}, 2, "no kernel/impl/size matches"},
		{[]string{"-rounds", "x"}, 2, "invalid value"},
		{[]string{"-time", "-1s", "-filter", "^Dot/", "-o", ""}, 2, "-time -1s: want a positive duration"},
		{[]string{"-nosuchflag"}, 2, "flag provided but not defined"},
		{[]string{"extra"}, 2, "unexpected argument"},
		{[]string{"compare"}, 2, "usage"},
		{[]string{"compare", "/nonexistent/x.txt"}, 1, "no such file"},
		{[]string{"show", "a", "b"}, 2, "usage"},
		{[]string{"show", "main.go"}, 1, "main.go: no benchmark lines"},
		{[]string{"compare", "../../bench/testdata/amd-epyc-quick.txt", "main_test.go"}, 1, "main_test.go: no benchmark lines"},
		{[]string{"-rounds", "-1", "-filter", "^Dot/", "-o", ""}, 2, "-rounds -1: want at least 1"},
		// 0 is not a number of rounds or a duration, and not the default
		{[]string{"-rounds", "0", "-filter", "^Dot/"}, 2, "-rounds 0: want at least 1"},
		{[]string{"-time", "0", "-filter", "^Dot/"}, 2, "-time 0s: want a positive duration"},
		{[]string{"-quick", "-time", "0s", "-filter", "^Dot/"}, 2, "-time 0s: want a positive duration"},
		// unwritable outputs are reported before anything is measured
		{[]string{"-filter", "^Dot/", "-o", "main.go/r.txt"}, 1, "-o main.go/r.txt: main.go is not a directory"},
		{[]string{"-filter", "^Dot/", "-o", "", "-svg", "."}, 1, "-svg .: is a directory"},
		{[]string{"-filter", "^Dot/", "-o", "/proc/no/such/dir/r.txt"}, 1, "-o /proc/no/such/dir/r.txt"},
		// a directory that does not exist is not created (as charrnn -out)
		{[]string{"-filter", "^Dot/", "-o", "no-such-dir/r.txt"}, 1, "-o no-such-dir/r.txt: directory no-such-dir does not exist"},
		{[]string{"-filter", "^Dot/", "-svg", "no-such-dir/sub/r.svg"}, 1, "-svg no-such-dir/sub/r.svg: directory no-such-dir/sub does not exist"},
		{[]string{"compare", "-svg", "no-such-dir/c.svg", "../../bench/testdata/amd-epyc-quick.txt"}, 1, "-svg no-such-dir/c.svg: directory no-such-dir does not exist"},
	} {
		code, stdout, stderr := runCmd(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, stderr, tc.code, tc.msg)
		}
		if strings.Contains(stdout, "measuring") {
			t.Errorf("%q: measured before reporting the error:\n%s", tc.args, stdout)
		}
	}
}

func TestSlug(t *testing.T) {
	for _, tc := range []struct {
		in   cpu.Info
		want string
	}{
		{cpu.Info{Brand: "AMD EPYC 7B13 64-Core Processor", Arch: "amd64", Family: 25, Model: 1}, "amd-epyc-7b13-64-core-processor"},
		{cpu.Info{Brand: "AMD EPYC", Arch: "amd64", Family: 25, Model: 1}, "amd-epyc-f25m1"},
		{cpu.Info{Brand: "", Vendor: "ARM", Arch: "arm64", Family: 0, Model: 0xd40}, "arm-f0m3392"},
		{cpu.Info{Brand: "  Apple M2 (Virtual)  ", Arch: "arm64"}, "apple-m2-virtual"},
	} {
		if got := Slug(tc.in); got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.in.Brand, got, tc.want)
		}
	}
}

// TestBadInputOneLine checks the rules for bad input: status 2 and one
// line on stderr, nothing on stdout; -h prints to stdout.
func TestBadInputOneLine(t *testing.T) {
	a := "../../bench/testdata/amd-epyc-quick.txt"
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"compare", "-filter", "^NoSuchKernel$", a}, `matches -filter "^NoSuchKernel$"`},
		{[]string{"show", "-filter", "^NoSuchKernel$", a}, `matches -filter "^NoSuchKernel$"`},
		{[]string{"-nosuchflag"}, "flag provided but not defined: -nosuchflag (see 'simdbench -h')"},
		{[]string{"compare", "-nosuchflag", a}, "(see 'simdbench compare -h')"},
		{[]string{"show", "-nosuchflag", a}, "(see 'simdbench show -h')"},
		{[]string{"-filter", "^Dot/", "-o", "", "-note", "busy\ncpu: forged"}, `-note "busy\ncpu: forged": a line break`},
		{[]string{"-filter", "^Dot/", "-o", "", "-note", "a\rb"}, "-note"},
	} {
		code, stdout, stderr := runCmd(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.msg) || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and one line with %q", tc.args, code, stdout, stderr, tc.msg)
		}
	}
	for _, args := range [][]string{{"-h"}, {"compare", "-h"}, {"show", "-h"}} {
		code, stdout, stderr := runCmd(t, args...)
		if code != 0 || !strings.Contains(stdout, "usage: simdbench") || !strings.Contains(stdout, "-filter") || stderr != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

// TestFilterSizes checks that -filter takes a matrix size as a number and
// as the tables print it.
func TestFilterSizes(t *testing.T) {
	a := "../../bench/testdata/amd-epyc-quick.txt"
	for _, filter := range []string{"^MatVec/.*/64$", "^MatVec/.*/64x64$", "MatVec/avx2/64x64"} {
		code, stdout, stderr := runCmd(t, "show", "-filter", filter, a)
		if code != 0 || !strings.Contains(stdout, "64x64") || strings.Contains(stdout, "100x100") {
			t.Errorf("show -filter %s: exit %d\n%s%s", filter, code, stdout, stderr)
		}
	}
}

// TestBadResultFiles checks that values no measurement can have are
// rejected with the file and line.
func TestBadResultFiles(t *testing.T) {
	dir := t.TempDir()
	for i, line := range []string{
		"BenchmarkDot/impl=avx2/n=4096 100 NaN ns/op",
		"BenchmarkDot/impl=avx2/n=4096 100 +Inf ns/op",
		"BenchmarkDot/impl=avx2/n=4096 100 -5 ns/op",
		"BenchmarkDot/impl=avx2/n=4096 100 1e300 ns/op",
		"BenchmarkDot/impl=avx2/n=4096 100 10 ns/op 1e30 GFLOP/s",
		"BenchmarkDot/impl=avx2/n=-4096 100 10 ns/op",
		"BenchmarkDot/impl=avx2/n=99999999999999999999999 100 10 ns/op",
		"BenchmarkDot/impl=avx2/n=4096 0 10 ns/op",
		"BenchmarkDot/impl=avx2/n=4096 100 " + strings.Repeat("9", 100000) + " ns/op",
		"BenchmarkDot/impl=avx2/n=4096 100 0 ns/op 5 GFLOP/s",
	} {
		p := filepath.Join(dir, "r.txt")
		if err := os.WriteFile(p, []byte("cpu: x\nBenchmarkDot/impl=avx2/n=64 10 5 ns/op\n"+line+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, cmd := range []string{"show", "compare"} {
			code, stdout, stderr := runCmd(t, cmd, p)
			if code != 1 || !strings.HasPrefix(stderr, "simdbench: "+p+":3: ") || strings.Count(stderr, "\n") != 1 || len(stderr) > 300 || stdout != "" {
				t.Errorf("case %d, %s: exit %d, stdout %q, stderr %.400q; want 1 and one short line naming %s:3", i, cmd, code, stdout, stderr, p)
			}
		}
	}
}

// TestCutShortResultFile checks that a result file whose last line has no
// line break (cut short while being written or copied) is rejected with its
// file and line, by compare and show alike.
func TestCutShortResultFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "r.txt")
	for _, last := range []string{"BenchmarkDot/impl=avx2/n=4096 100 10", "BenchmarkDot/impl=avx2/n=4096 100 10 ns/op 3.1 GFLOP"} {
		if err := os.WriteFile(p, []byte("cpu: x\nBenchmarkDot/impl=avx2/n=64 10 5 ns/op\n"+last), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"show", p}, {"compare", "../../bench/testdata/amd-epyc-quick.txt", p}} {
			code, stdout, stderr := runCmd(t, args...)
			if code != 1 || !strings.HasPrefix(stderr, "simdbench: "+p+":3: ") || !strings.Contains(stderr, "no line break") || strings.Count(stderr, "\n") != 1 || stdout != "" {
				t.Errorf("%q ending %q: exit %d, stdout %q, stderr %q; want 1 and one line naming %s:3", args, last, code, stdout, stderr, p)
			}
		}
	}
}

// TestNoResultsByDefault runs the command without -o inside a copy of the
// repository's layout: it must write no file (the committed result file of
// this CPU in bench/results stays as it was) and name the -o that would
// add this machine.
func TestNoResultsByDefault(t *testing.T) {
	i := cpu.Describe()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module "+module+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	results := filepath.Join(root, "bench", "results", i.Arch)
	work := filepath.Join(root, "cmd", "simdbench")
	for _, d := range []string{results, work} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(work)
	code, stdout, stderr := runCmd(t, "-quick", "-filter", "^Dot/.*/4096$")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	want := "results not written (-o FILE writes them; this machine's file in the repository: " +
		filepath.Join("..", "..", "bench", "results", i.Arch, Slug(i)+".txt") + ")"
	if !strings.Contains(stdout, want) {
		t.Errorf("output lacks %q:\n%s", want, stdout)
	}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "go.mod" {
			t.Errorf("a run without -o wrote %s", p)
		}
		return err
	})
	// Outside the repository: no path to suggest.
	t.Chdir(t.TempDir())
	if p, ok := repoOutput(); ok {
		t.Errorf("outside the repository: suggests %s", p)
	}
}
