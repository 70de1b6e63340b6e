package asmrules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// root is the module root, relative to this package's directory.
const root = "../.."

// check fails the test on every problem a rule reports for this module.
func check(t *testing.T, rule func(string) ([]string, error)) {
	t.Helper()
	bad, err := rule(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bad {
		t.Error(b)
	}
}

func TestBuildLines(t *testing.T)      { check(t, BuildLines) }
func TestStubs(t *testing.T)           { check(t, Stubs) }
func TestKernelFileNames(t *testing.T) { check(t, KernelFileNames) }

// good is a small module that keeps every rule.
var good = map[string]string{
	"kernels/arch_amd64.go":          "//go:build amd64 && !purego && !noasm\n\npackage kernels\n\nvar t = []tier{{name: \"avx2\"}}\n",
	"kernels/arch_arm64.go":          "//go:build arm64 && !purego && !noasm\n\npackage kernels\n\nvar t = []tier{{name: \"neon\"}}\n",
	"kernels/dot_avx2_amd64.s":       "//go:build amd64 && !purego && !noasm\n\nTEXT ·dotAVX2(SB), 0, $0\n",
	"kernels/dot_neon_arm64.s":       "//go:build arm64 && !purego && !noasm\n\nTEXT ·dotNEON(SB), 0, $0\n",
	"kernels/dot_avx2_amd64.go":      "//go:build amd64 && !purego && !noasm\n\npackage kernels\n\n// dotAVX2 returns x.y.\n//\n//go:noescape\nfunc dotAVX2(x, y []float32) float32\n",
	"kernels/dot_neon_arm64.go":      "//go:build arm64 && !purego && !noasm\n\npackage kernels\n",
	"kernels/elem_avx2_amd64.h":      "#define X 1\n",
	"kernels/dot_avx2_amd64_test.go": "//go:build amd64 && !purego && !noasm\n\npackage kernels\n",
	"kernels/dot_test.go":            "package kernels\n",
}

// tree writes good, with the files of change replaced (or, when their
// content is "", removed), into a temporary directory and returns it.
func tree(t *testing.T, change map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{}
	for k, v := range good {
		files[k] = v
	}
	for k, v := range change {
		files[k] = v
	}
	for name, text := range files {
		if text == "" {
			continue
		}
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestRulesCatchBreaks checks that each rule passes a module that keeps it
// and reports each kind of break, naming the file.
func TestRulesCatchBreaks(t *testing.T) {
	rules := map[string]func(string) ([]string, error){"BuildLines": BuildLines, "Stubs": Stubs, "KernelFileNames": KernelFileNames}
	for name, rule := range rules {
		if bad, err := rule(tree(t, nil)); err != nil || len(bad) != 0 {
			t.Errorf("%s on a module that keeps the rules: %q, %v", name, bad, err)
		}
	}
	stub := "package kernels\n\nfunc dotAVX2(x, y []float32) float32\n"
	for _, c := range []struct {
		rule   string
		change map[string]string
		want   string // in the one problem reported
	}{
		{"BuildLines", map[string]string{"kernels/dot_neon_arm64.s": "//go:build arm64\n\nTEXT ·dotNEON(SB), 0, $0\n"}, "kernels/dot_neon_arm64.s: build line"},
		{"BuildLines", map[string]string{"kernels/dot_avx2_amd64_test.go": "package kernels\n"}, "kernels/dot_avx2_amd64_test.go: build line"},
		{"BuildLines", map[string]string{"kernels/dot.s": "TEXT ·dot(SB), 0, $0\n"}, "kernels/dot.s: assembly file without"},
		{"Stubs", map[string]string{"kernels/dot_avx2_amd64.go": "//go:build amd64 && !purego && !noasm\n\n" + stub}, "no doc comment"},
		{"Stubs", map[string]string{"kernels/dot_avx2_amd64.go": "//go:build amd64 && !purego && !noasm\n\npackage kernels\n\n// dotAVX2 returns x.y.\nfunc dotAVX2(x, y []float32) float32\n"}, "exactly one //go:noescape line"},
		{"Stubs", map[string]string{"kernels/dot_avx2_amd64.go": "//go:build amd64 && !purego && !noasm\n\npackage kernels\n\n// dotAVX2 returns x.y.\n//go:noescape\n//go:noescape\nfunc dotAVX2(x, y []float32) float32\n"}, "(found 2)"},
		{"Stubs", map[string]string{"kernels/dot_avx2_amd64.go": "//go:build amd64 && !purego && !noasm\n\npackage kernels\n\n//go:noescape\nfunc dotAVX2(x, y []float32) float32\n"}, "a directive but no doc comment"},
		{"Stubs", map[string]string{"kernels/dot_avx2_amd64.go": "", "kernels/dot.go": "package kernels\n\n// dotAVX2 returns x.y.\n//\n//go:noescape\nfunc dotAVX2(x, y []float32) float32\n"}, "kernels/dot.go:6: assembly stub dotAVX2 in a file without the build line"},
		{"KernelFileNames", map[string]string{"kernels/dot_amd64.go": "//go:build amd64 && !purego && !noasm\n\npackage kernels\n"}, "kernels/dot_amd64.go: want <stem>_<tier>_amd64.go"},
		{"KernelFileNames", map[string]string{"kernels/dot_sse_amd64.s": "//go:build amd64 && !purego && !noasm\n"}, `"sse" is not a tier`},
		{"KernelFileNames", map[string]string{"kernels/macros.h": "#define X 1\n"}, "kernels/macros.h: a header must be named"},
		{"KernelFileNames", map[string]string{"kernels/axpy_avx2_amd64.s": "//go:build amd64 && !purego && !noasm\n"}, `kernel "axpy" has amd64 assembly but none on arm64`},
	} {
		bad, err := rules[c.rule](tree(t, c.change))
		if err != nil {
			t.Errorf("%s with %v: %v", c.rule, c.change, err)
			continue
		}
		if len(bad) != 1 || !strings.Contains(bad[0], c.want) {
			t.Errorf("%s with %v: reports %q, want one problem containing %q", c.rule, c.change, bad, c.want)
		}
	}
}

// TestRulesNeedFiles checks that a rule run on a directory without the
// files it checks (a wrong root) is an error, not a pass.
func TestRulesNeedFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, rule := range map[string]func(string) ([]string, error){"BuildLines": BuildLines, "Stubs": Stubs, "KernelFileNames": KernelFileNames} {
		if bad, err := rule(dir); err == nil {
			t.Errorf("%s on a directory without assembly: no error (problems %q)", name, bad)
		}
	}
}
