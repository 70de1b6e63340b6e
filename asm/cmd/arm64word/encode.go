package main

import (
	"bytes"
	"debug/buildinfo"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
)

// asm2plan9s is the encoder of record, pinned by the tool directive of
// asm/go.mod.
const asm2plan9s = "github.com/minio/asm2plan9s"

// asmModule is the module that pins it.
const asmModule = "github.com/simdrnn/simdrnn/asm"

// Tools names the programs used, and the architecture level accepted.
type Tools struct {
	// Go builds asm2plan9s for linux/arm64 at the version asm/go.mod pins
	// (asm2plan9s encodes for the architecture it was built for).
	Go string
	// Qemu runs that binary on a host that is not linux/arm64.
	Qemu string
	// As is the GNU assembler for aarch64; asm2plan9s runs it as `as`.
	As string
	// Objdump disassembles the words for the check.
	Objdump string
	// March is the architecture level the assembler accepts, passed as
	// its last -march (after asm2plan9s's own -march=armv8-a+crypto). The
	// default, armv8-a, rejects every instruction newer than ARMv8.0-A,
	// which is what the neon tier is gated on (ASIMD only); a tier gated on
	// a later extension would use e.g. armv8.2-a+fp16 for its files.
	March string
}

// DefaultTools are Debian's qemu-user-static and binutils-aarch64-linux-gnu
// programs, for plain ARMv8.0-A.
var DefaultTools = Tools{
	Go:      "go",
	Qemu:    "qemu-aarch64-static",
	As:      "aarch64-linux-gnu-as",
	Objdump: "aarch64-linux-gnu-objdump",
	March:   "armv8-a",
}

// nativeArm64 reports whether an arm64 binary runs here without qemu.
const nativeArm64 = runtime.GOOS == "linux" && runtime.GOARCH == "arm64"

// singleInsn rejects what cannot be one instruction in asm2plan9s's input
// line: empty text, several instructions, directives, comments. (An
// instruction that still assembles to more or less than one word, such as
// `ldr x0, =imm` with its literal pool, is rejected by asm2plan9s, and a
// comment that is not what its word disassembles to by the check.)
func singleInsn(s source) error {
	if s.insn == "" || strings.ContainsAny(s.insn, ";\n") || strings.HasPrefix(s.insn, ".") ||
		strings.Contains(s.insn, "//") || strings.Contains(s.insn, "/*") || strings.Contains(s.insn, "*/") {
		return fmt.Errorf("%s: %q is not a single instruction", s.pos, s.insn)
	}
	return nil
}

// Encoder runs asm2plan9s. Close removes its temporary directory.
type Encoder struct {
	t       Tools
	dir     string
	bin     string // asm2plan9s built for linux/arm64
	Version string // asm2plan9s's module version, read from the binary
}

// NewEncoder builds asm2plan9s for linux/arm64 with the module of the
// current directory (which must be the asm module or inside it), and puts
// an `as` on its PATH that runs t.As with -march=t.March last.
func (t Tools) NewEncoder() (*Encoder, error) {
	for _, p := range []string{t.As, t.Objdump} {
		if _, err := exec.LookPath(p); err != nil {
			return nil, fmt.Errorf("%s not found (Debian: apt-get install binutils-aarch64-linux-gnu)", p)
		}
	}
	if !nativeArm64 {
		if _, err := exec.LookPath(t.Qemu); err != nil {
			return nil, fmt.Errorf("%s not found (asm2plan9s encodes arm64 when built for arm64, and runs under qemu here; Debian: apt-get install qemu-user-static)", t.Qemu)
		}
	}
	as, err := exec.LookPath(t.As)
	if err != nil {
		return nil, err
	}
	as, err = filepath.Abs(as)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "arm64word")
	if err != nil {
		return nil, err
	}
	e := &Encoder{t: t, dir: dir, bin: filepath.Join(dir, "asm2plan9s")}
	if err := e.build(as); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

// shellQuote quotes s for sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func (e *Encoder) build(as string) error {
	if err := os.Mkdir(filepath.Join(e.dir, "bin"), 0o755); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(e.dir, "tmp"), 0o755); err != nil {
		return err
	}
	// asm2plan9s runs `as -march=armv8-a+crypto -o obj -al=lis file`; the
	// last -march wins in GNU as.
	shim := fmt.Sprintf("#!/bin/sh\nexec %s \"$@\" %s\n", shellQuote(as), shellQuote("-march="+e.t.March))
	if err := os.WriteFile(filepath.Join(e.dir, "bin", "as"), []byte(shim), 0o755); err != nil {
		return err
	}
	// Only the asm module pins asm2plan9s; elsewhere go build would
	// suggest adding it to the wrong go.mod.
	mod, err := exec.Command(e.t.Go, "list", "-m").Output()
	if err != nil {
		return fmt.Errorf("%s list -m: %v (run from the asm module: cd asm)", e.t.Go, err)
	}
	if m := strings.TrimSpace(string(mod)); m != asmModule {
		return fmt.Errorf("run arm64word from the asm module (cd asm), whose go.mod pins %s; this is %q", asm2plan9s, m)
	}
	cmd := exec.Command(e.t.Go, "build", "-o", e.bin, asm2plan9s)
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building %s for linux/arm64 (run from the asm module, whose go.mod pins it): %v\n%s", asm2plan9s, err, out)
	}
	bi, err := buildinfo.ReadFile(e.bin)
	if err != nil {
		return err
	}
	// Built from the module cache, asm2plan9s is the main module of its
	// binary.
	if bi.Main.Path == asm2plan9s {
		e.Version = bi.Main.Version
	}
	if e.Version == "" {
		return fmt.Errorf("%s: no version of %s in its build information", e.bin, asm2plan9s)
	}
	return nil
}

// Close removes the encoder's files.
func (e *Encoder) Close() error { return os.RemoveAll(e.dir) }

// asmLine is the line asm2plan9s encodes (a WORD at the column it expects
// before the comment), and outLine the line it writes back.
const asmLine = "\tWORD $0x00000000 // %s\n"

var outLine = regexp.MustCompile(`^\tWORD \$0x([0-9a-f]{8}) // (.*)$`)

// gasError is how asm2plan9s names the input line GNU as rejected.
var gasError = regexp.MustCompile(`GAS error \(line ([0-9]+) for`)

// run feeds the instructions to asm2plan9s, one WORD line each, and returns
// its output, or an error naming the instruction it failed on.
func (e *Encoder) run(insns []string) ([]string, error) {
	var in bytes.Buffer
	for _, s := range insns {
		fmt.Fprintf(&in, asmLine, s)
	}
	var cmd *exec.Cmd
	if nativeArm64 {
		cmd = exec.Command(e.bin)
	} else {
		cmd = exec.Command(e.t.Qemu, e.bin)
	}
	cmd.Stdin = &in
	cmd.Env = append(os.Environ(),
		"PATH="+filepath.Join(e.dir, "bin")+string(os.PathListSeparator)+os.Getenv("PATH"),
		"TMPDIR="+filepath.Join(e.dir, "tmp"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		msg := strings.TrimSpace(string(out))
		if m := gasError.FindStringSubmatch(msg); m != nil {
			if n, _ := strconv.Atoi(m[1]); n >= 1 && n <= len(insns) {
				return nil, &insnError{insns[n-1], msg}
			}
		}
		return nil, fmt.Errorf("asm2plan9s: %v: %s", err, msg)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(insns) == 0 {
		lines = nil
	}
	if len(lines) != len(insns) {
		return nil, fmt.Errorf("asm2plan9s wrote %d lines for %d instructions:\n%s", len(lines), len(insns), out)
	}
	return lines, nil
}

// insnError is asm2plan9s's failure on one instruction.
type insnError struct{ insn, msg string }

func (e *insnError) Error() string { return e.msg }

// Encode returns the encoding of each instruction by asm2plan9s, which
// runs once for all the distinct ones.
func (e *Encoder) Encode(srcs []source) ([]uint32, error) {
	var uniq []string
	seen := map[string]int{}
	for _, s := range srcs {
		if err := singleInsn(s); err != nil {
			return nil, err
		}
		// asm2plan9s turns tabs into spaces.
		insn := strings.ReplaceAll(s.insn, "\t", " ")
		if _, ok := seen[insn]; !ok {
			seen[insn] = len(uniq)
			uniq = append(uniq, insn)
		}
	}
	lines, err := e.run(uniq)
	if err != nil {
		// asm2plan9s names the line for an assembler error but not for an
		// instruction of more than one word ("regexp failed"): find it
		// by encoding one at a time.
		if _, ok := err.(*insnError); !ok {
			for _, s := range uniq {
				if _, err1 := e.run([]string{s}); err1 != nil {
					err = &insnError{s, err1.Error()}
					break
				}
			}
		}
		if ie, ok := err.(*insnError); ok {
			var at []string
			for _, s := range srcs {
				if strings.ReplaceAll(s.insn, "\t", " ") == ie.insn {
					at = append(at, s.pos)
				}
			}
			return nil, fmt.Errorf("%s: asm2plan9s cannot encode %q as one word:\n%s", strings.Join(at, ", "), ie.insn, ie.msg)
		}
		return nil, err
	}
	enc := make([]uint32, len(uniq))
	for i, l := range lines {
		m := outLine.FindStringSubmatch(l)
		if m == nil || strings.TrimSpace(m[2]) != strings.TrimSpace(uniq[i]) {
			return nil, fmt.Errorf("asm2plan9s wrote %q for %q", l, uniq[i])
		}
		w, err := strconv.ParseUint(m[1], 16, 32)
		if err != nil {
			return nil, err
		}
		enc[i] = uint32(w)
	}
	words := make([]uint32, len(srcs))
	for i, s := range srcs {
		words[i] = enc[seen[strings.ReplaceAll(s.insn, "\t", " ")]]
	}
	return words, nil
}
