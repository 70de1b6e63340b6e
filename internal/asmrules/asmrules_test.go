package asmrules

import (
	"bufio"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// root is the module root, relative to this package's directory.
const root = "../.."

// sources returns the .s and .go files of the module (not of nested modules,
// testdata or hidden directories), relative to root.
func sources(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p == root {
				return nil
			}
			if name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if strings.HasSuffix(p, ".s") || strings.HasSuffix(p, ".go") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no source files under %s", root)
	}
	return files
}

// archOf returns the GOARCH of an assembly-related file name ("amd64" for
// dot_amd64.s or rankk_amd64_test.go), or "".
func archOf(path string) string {
	base := filepath.Base(path)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	base = strings.TrimSuffix(base, "_test")
	for _, arch := range []string{"amd64", "arm64"} {
		if strings.HasSuffix(base, "_"+arch) {
			return arch
		}
	}
	return ""
}

// buildLine returns the file's //go:build line, or "" if it has none before
// its package clause (or, for .s files, its first instruction).
func buildLine(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "//go:build ") {
			return line
		}
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		break
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ""
}

func TestBuildLines(t *testing.T) {
	checked := 0
	for _, p := range sources(t) {
		arch := archOf(p)
		if strings.HasSuffix(p, ".s") && arch == "" {
			t.Errorf("%s: assembly file without an _amd64 or _arm64 suffix", p)
			continue
		}
		if arch == "" {
			continue
		}
		want := "//go:build " + arch + " && !purego && !noasm"
		if got := buildLine(t, p); got != want {
			t.Errorf("%s: build line %q, want %q", p, got, want)
		}
		checked++
	}
	if checked == 0 {
		t.Error("no assembly files found: is root right?")
	}
}

func TestStubs(t *testing.T) {
	stubs := 0
	for _, p := range sources(t) {
		if !strings.HasSuffix(p, ".go") {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body != nil {
				continue
			}
			stubs++
			pos := fset.Position(fd.Pos())
			if want := "//go:build " + archOf(p) + " && !purego && !noasm"; archOf(p) == "" || buildLine(t, p) != want {
				t.Errorf("%s: assembly stub %s in a file without the build line %q", pos, fd.Name.Name, want)
			}
			if fd.Doc == nil {
				t.Errorf("%s: assembly stub %s has no doc comment (say which Go loop it implements)", pos, fd.Name.Name)
				continue
			}
			list := fd.Doc.List
			noescape := 0
			for _, c := range list {
				if strings.TrimSpace(c.Text) == "//go:noescape" {
					noescape++
				}
			}
			last := list[len(list)-1]
			if noescape != 1 || last.Text != "//go:noescape" || fset.Position(last.Pos()).Line != pos.Line-1 {
				t.Errorf("%s: assembly stub %s must be preceded by exactly one //go:noescape line, immediately before it (found %d)", pos, fd.Name.Name, noescape)
			}
			if strings.TrimSpace(fd.Doc.Text()) == "" {
				t.Errorf("%s: assembly stub %s has a directive but no doc comment", pos, fd.Name.Name)
			}
		}
	}
	if stubs == 0 {
		t.Error("no assembly stubs found: is root right?")
	}
}

// tiersOf returns the assembly tiers kernels/arch_<arch>.go registers (the
// name fields of its tier literals).
func tiersOf(t *testing.T, arch string) map[string]bool {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root, "kernels", "arch_"+arch+".go"))
	if err != nil {
		t.Fatal(err)
	}
	tiers := map[string]bool{}
	for _, m := range tierName.FindAllStringSubmatch(string(src), -1) {
		tiers[m[1]] = true
	}
	if len(tiers) == 0 {
		t.Fatalf("kernels/arch_%s.go registers no tier", arch)
	}
	return tiers
}

var (
	tierName = regexp.MustCompile(`\{name:\s*"([a-z0-9]+)"`)
	// kernelFile is <stem>_<tier>_<arch> with an optional _test.
	kernelFile = regexp.MustCompile(`^([a-z0-9]+)_([a-z0-9]+)_(amd64|arm64)(_test)?$`)
)

// TestKernelFileNames checks the layout of kernels/: every architecture-
// specific file other than arch_<arch>.go is <stem>_<tier>_<arch>.{s,go,h}
// with a tier that arch_<arch>.go registers, and every stem with assembly on
// one architecture has assembly on the other (elem, the per-tier macro
// headers and their constants, excepted).
func TestKernelFileNames(t *testing.T) {
	dir := filepath.Join(root, "kernels")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	tiers := map[string]map[string]bool{"amd64": tiersOf(t, "amd64"), "arm64": tiersOf(t, "arm64")}
	stems := map[string]map[string]bool{"amd64": {}, "arm64": {}}
	for _, e := range ents {
		name := e.Name()
		ext := filepath.Ext(name)
		if e.IsDir() || (ext != ".s" && ext != ".go" && ext != ".h") {
			continue
		}
		base := strings.TrimSuffix(name, ext)
		arch := archOf(name)
		if arch == "" && ext == ".h" {
			t.Errorf("kernels/%s: a header must be named elem_<tier>_<arch>.h", name)
			continue
		}
		if arch == "" || base == "arch_"+arch || base == "arch_"+arch+"_test" {
			continue
		}
		m := kernelFile.FindStringSubmatch(base)
		if m == nil {
			t.Errorf("kernels/%s: want <stem>_<tier>_%s%s", name, arch, ext)
			continue
		}
		if !tiers[arch][m[2]] {
			t.Errorf("kernels/%s: %q is not a tier that kernels/arch_%s.go registers", name, m[2], arch)
		}
		if ext == ".s" && m[1] != "elem" {
			stems[arch][m[1]] = true
		}
	}
	if len(stems["amd64"]) == 0 || len(stems["arm64"]) == 0 {
		t.Fatal("no kernel assembly found: is root right?")
	}
	for _, a := range [][2]string{{"amd64", "arm64"}, {"arm64", "amd64"}} {
		for s := range stems[a[0]] {
			if !stems[a[1]][s] {
				t.Errorf("kernel %q has %s assembly but none on %s (same stems on every architecture)", s, a[0], a[1])
			}
		}
	}
}
