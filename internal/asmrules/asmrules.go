// Package asmrules checks a module's rules for assembly, so that CI keeps
// them true (its test applies them to this module):
//
//   - Every .s file and every *_amd64.go / *_arm64.go file starts with the
//     build line "//go:build <arch> && !purego && !noasm", <arch> being the
//     file name's suffix, so that -tags purego (or noasm) drops all assembly.
//   - Every Go function declared without a body (an assembly stub) has a
//     doc comment that describes it, and exactly one "//go:noescape" line,
//     immediately before the declaration.
//   - Every architecture-specific file of kernels/ other than arch_<arch>.go
//     is named <stem>_<tier>_<arch>.{s,go,h} (tests <stem>_<tier>_<arch>_test.go,
//     e.g. dot_avx2_amd64.s, rankk_avx2_amd64_test.go), with a tier that
//     kernels/arch_<arch>.go registers, and every stem with assembly (.s
//     files) on one architecture has assembly on the other (elem, whose
//     files are per-tier macro headers and their constants, excepted).
//
// Each check takes the module's root directory and returns one line per
// file that breaks its rule, naming the file relative to root; an error
// means the check could not run (or found nothing to check, as when root is
// wrong).
package asmrules

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Arches lists the architectures with assembly: file name suffixes and
// GOARCH values.
var Arches = []string{"amd64", "arm64"}

// sources returns the .s and .go files of the module at root (not of nested
// modules, testdata or hidden directories), relative to root.
func sources(root string) ([]string, error) {
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
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no source files under %s", root)
	}
	return files, nil
}

// archOf returns the GOARCH of an assembly-related file name ("amd64" for
// dot_avx2_amd64.s or rankk_avx2_amd64_test.go), or "".
func archOf(path string) string {
	base := filepath.Base(path)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	base = strings.TrimSuffix(base, "_test")
	for _, arch := range Arches {
		if strings.HasSuffix(base, "_"+arch) {
			return arch
		}
	}
	return ""
}

// wantBuildLine is the build line of every file of arch's assembly.
func wantBuildLine(arch string) string { return "//go:build " + arch + " && !purego && !noasm" }

// buildLine returns the file's //go:build line, or "" if it has none before
// its package clause (or, for .s files, its first instruction).
func buildLine(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "//go:build ") {
			return line, nil
		}
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		break
	}
	return "", sc.Err()
}

// BuildLines checks that every .s file has an architecture suffix and that
// every architecture-specific file (.s, _<arch>.go, _<arch>_test.go) starts
// with its architecture's build line.
func BuildLines(root string) ([]string, error) {
	files, err := sources(root)
	if err != nil {
		return nil, err
	}
	var bad []string
	checked := 0
	for _, p := range files {
		arch := archOf(p)
		if strings.HasSuffix(p, ".s") && arch == "" {
			bad = append(bad, fmt.Sprintf("%s: assembly file without an _%s suffix", p, strings.Join(Arches, " or _")))
			continue
		}
		if arch == "" {
			continue
		}
		got, err := buildLine(filepath.Join(root, p))
		if err != nil {
			return nil, err
		}
		if want := wantBuildLine(arch); got != want {
			bad = append(bad, fmt.Sprintf("%s: build line %q, want %q", p, got, want))
		}
		checked++
	}
	if checked == 0 {
		return nil, fmt.Errorf("no assembly files under %s", root)
	}
	return bad, nil
}

// Stubs checks every Go function declared without a body (an assembly
// stub): it is in a file with its architecture's build line, and has a doc
// comment that describes it, ending in exactly one //go:noescape line
// immediately before the declaration.
func Stubs(root string) ([]string, error) {
	files, err := sources(root)
	if err != nil {
		return nil, err
	}
	var bad []string
	stubs := 0
	for _, p := range files {
		if !strings.HasSuffix(p, ".go") {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, filepath.Join(root, p), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		line, err := buildLine(filepath.Join(root, p))
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body != nil {
				continue
			}
			stubs++
			pos := fset.Position(fd.Pos())
			at := fmt.Sprintf("%s:%d", p, pos.Line)
			if want := wantBuildLine(archOf(p)); archOf(p) == "" || line != want {
				bad = append(bad, fmt.Sprintf("%s: assembly stub %s in a file without the build line %q", at, fd.Name.Name, want))
			}
			if fd.Doc == nil {
				bad = append(bad, fmt.Sprintf("%s: assembly stub %s has no doc comment (say which Go loop it implements)", at, fd.Name.Name))
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
				bad = append(bad, fmt.Sprintf("%s: assembly stub %s must be preceded by exactly one //go:noescape line, immediately before it (found %d)", at, fd.Name.Name, noescape))
			}
			if strings.TrimSpace(fd.Doc.Text()) == "" {
				bad = append(bad, fmt.Sprintf("%s: assembly stub %s has a directive but no doc comment", at, fd.Name.Name))
			}
		}
	}
	if stubs == 0 {
		return nil, fmt.Errorf("no assembly stubs under %s", root)
	}
	return bad, nil
}

var (
	tierName = regexp.MustCompile(`\{name:\s*"([a-z0-9]+)"`)
	// kernelFile is <stem>_<tier>_<arch> with an optional _test.
	kernelFile = regexp.MustCompile(`^([a-z0-9]+)_([a-z0-9]+)_(` + strings.Join(Arches, "|") + `)(_test)?$`)
)

// tiersOf returns the assembly tiers kernels/arch_<arch>.go registers (the
// name fields of its tier literals).
func tiersOf(root, arch string) (map[string]bool, error) {
	src, err := os.ReadFile(filepath.Join(root, "kernels", "arch_"+arch+".go"))
	if err != nil {
		return nil, err
	}
	tiers := map[string]bool{}
	for _, m := range tierName.FindAllStringSubmatch(string(src), -1) {
		tiers[m[1]] = true
	}
	if len(tiers) == 0 {
		return nil, fmt.Errorf("kernels/arch_%s.go registers no tier", arch)
	}
	return tiers, nil
}

// KernelFileNames checks the layout of root's kernels/: every
// architecture-specific file other than arch_<arch>.go is
// <stem>_<tier>_<arch>.{s,go,h} (or <stem>_<tier>_<arch>_test.go) with a
// tier that arch_<arch>.go registers, and every stem with assembly on one
// architecture has assembly on the others (elem excepted).
func KernelFileNames(root string) ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(root, "kernels"))
	if err != nil {
		return nil, err
	}
	tiers := map[string]map[string]bool{}
	stems := map[string]map[string]bool{}
	for _, arch := range Arches {
		if tiers[arch], err = tiersOf(root, arch); err != nil {
			return nil, err
		}
		stems[arch] = map[string]bool{}
	}
	var bad []string
	for _, e := range ents {
		name := e.Name()
		ext := filepath.Ext(name)
		if e.IsDir() || (ext != ".s" && ext != ".go" && ext != ".h") {
			continue
		}
		base := strings.TrimSuffix(name, ext)
		arch := archOf(name)
		if arch == "" && ext == ".h" {
			bad = append(bad, fmt.Sprintf("kernels/%s: a header must be named <stem>_<tier>_<arch>.h", name))
			continue
		}
		if arch == "" || base == "arch_"+arch || base == "arch_"+arch+"_test" {
			continue
		}
		m := kernelFile.FindStringSubmatch(base)
		if m == nil {
			bad = append(bad, fmt.Sprintf("kernels/%s: want <stem>_<tier>_%s%s", name, arch, ext))
			continue
		}
		if !tiers[arch][m[2]] {
			bad = append(bad, fmt.Sprintf("kernels/%s: %q is not a tier that kernels/arch_%s.go registers", name, m[2], arch))
		}
		if ext == ".s" && m[1] != "elem" {
			stems[arch][m[1]] = true
		}
	}
	for _, arch := range Arches {
		if len(stems[arch]) == 0 {
			return nil, fmt.Errorf("no kernel assembly for %s under %s", arch, root)
		}
	}
	for _, a := range Arches {
		for s := range stems[a] {
			for _, b := range Arches {
				if !stems[b][s] {
					bad = append(bad, fmt.Sprintf("kernel %q has %s assembly but none on %s (same stems on every architecture)", s, a, b))
				}
			}
		}
	}
	return bad, nil
}
