package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// needTools skips a test when a program it needs is missing, or fails it
// if SIMDRNN_REQUIRE_ASM_TOOLS is set (as CI does).
func needTools(t *testing.T) {
	t.Helper()
	progs := []string{DefaultTools.Go, DefaultTools.As, DefaultTools.Objdump}
	if !nativeArm64 {
		progs = append(progs, DefaultTools.Qemu)
	}
	for _, p := range progs {
		if _, err := exec.LookPath(p); err != nil {
			msg := p + " not installed (Debian: apt-get install binutils-aarch64-linux-gnu qemu-user-static)"
			if os.Getenv("SIMDRNN_REQUIRE_ASM_TOOLS") != "" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
}

func newEncoder(t *testing.T) *Encoder {
	t.Helper()
	needTools(t)
	e, err := DefaultTools.NewEncoder()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// The expected words were read from aarch64-linux-gnu-objdump -d of these
// instructions assembled by aarch64-linux-gnu-as, and cross-checked with go
// tool objdump of a Go arm64 binary containing the WORDs (it disassembles
// 0x4e22d420 as FADD V2.S4, V1.S4, V0.S4).
var known = []struct {
	insn string
	word uint32
}{
	{"fadd v0.4s, v1.4s, v2.4s", 0x4e22d420},
	{"fmla v0.4s, v1.4s, v2.4s", 0x4e22cc20},
	{"faddp v0.4s, v1.4s, v2.4s", 0x6e22d420},
}

// TestKnownEncodings checks asm2plan9s's encodings (an instruction given
// twice, and with a tab, is encoded once) and their disassembly.
func TestKnownEncodings(t *testing.T) {
	e := newEncoder(t)
	var srcs []source
	for _, k := range known {
		srcs = append(srcs, source{pos: "test", insn: k.insn})
	}
	srcs = append(srcs, source{pos: "again", insn: "fadd\tv0.4s, v1.4s, v2.4s"})
	words, err := e.Encode(srcs)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range known {
		if words[i] != k.word {
			t.Errorf("%s = %#08x, want %#08x", k.insn, words[i], k.word)
		}
	}
	if words[len(known)] != known[0].word {
		t.Errorf("fadd with a tab = %#08x, want %#08x", words[len(known)], known[0].word)
	}
	text, err := DefaultTools.Disassemble(words)
	if err != nil {
		t.Fatal(err)
	}
	if bad := disasmMismatches(srcs, words, text); len(bad) > 0 {
		t.Errorf("known words do not disassemble to their instructions: %q", bad)
	}
}

// TestPinnedVersion checks that the encoder is the asm2plan9s version that
// asm/go.mod pins as a tool.
func TestPinnedVersion(t *testing.T) {
	e := newEncoder(t)
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"tool " + asm2plan9s + "\n", asm2plan9s + " " + e.Version} {
		if !strings.Contains(string(mod), want) {
			t.Errorf("asm/go.mod does not contain %q", want)
		}
	}
}

func TestParseObjdump(t *testing.T) {
	out := `
/tmp/words.bin:     file format binary

Disassembly of section .data:

0000000000000000 <.data>:
   0:	4e22d420 	fadd	v0.4s, v1.4s, v2.4s
   4:	4e22cc20 	fmla	v0.4s, v1.4s, v2.4s
   8:	00000001 	udf	#1
`
	words, text := parseObjdump(out)
	if len(words) != 3 || words[0] != 0x4e22d420 || words[1] != 0x4e22cc20 || words[2] != 1 ||
		text[0] != "fadd\tv0.4s, v1.4s, v2.4s" || text[2] != "udf\t#1" {
		t.Fatalf("parseObjdump = %#x %q", words, text)
	}
}

func TestNormInsn(t *testing.T) {
	for _, c := range [][2]string{
		{"fadd\tv0.4s, v1.4s, v2.4s", "FADD  v0.4S,v1.4s ,  v2.4s"},
		{"fcmgt\tv0.4s, v1.4s, #0.0", "fcmgt v0.4s, v1.4s, #0.0"},
		{"mov\tx0, #0xffffffffffffffff    \t// #-1", "mov x0, #0xffffffffffffffff"},
	} {
		if a, b := normInsn(c[0]), normInsn(c[1]); a != b {
			t.Errorf("normInsn(%q) = %q, normInsn(%q) = %q", c[0], a, c[1], b)
		}
	}
	if normInsn("fadd v0.4s, v1.4s, v2.4s") == normInsn("fadd v0.4s, v1.4s, v3.4s") {
		t.Error("normInsn equates different registers")
	}
}

// TestDisassemblyCheck: a word that is not its comment's instruction is
// reported, and one that is passes.
func TestDisassemblyCheck(t *testing.T) {
	needTools(t)
	srcs := []source{{"a:1", "fadd v0.4s, v1.4s, v2.4s"}, {"a:2", "fmul v0.4s, v1.4s, v2.4s"}}
	words := []uint32{0x4e22d420, 0x4e22d420} // both fadd
	text, err := DefaultTools.Disassemble(words)
	if err != nil {
		t.Fatal(err)
	}
	bad := disasmMismatches(srcs, words, text)
	if len(bad) != 1 || !strings.Contains(bad[0], "a:2: WORD $0x4e22d420 disassembles to \"fadd v0.4s, v1.4s, v2.4s\"") {
		t.Errorf("disasmMismatches = %q", bad)
	}
}

const sample = `#include "textflag.h"

TEXT ·f(SB), NOSPLIT, $0
	WORD $0 // fadd v0.4s, v1.4s, v2.4s
	VFMLA V1.S4, V2.S4, V3.S4
	WORD   $0x12345678   //   faddp v0.4s, v1.4s, v2.4s
	RET
`

const fixed = `#include "textflag.h"

TEXT ·f(SB), NOSPLIT, $0
	WORD $0x4e22d420 // fadd v0.4s, v1.4s, v2.4s
	VFMLA V1.S4, V2.S4, V3.S4
	WORD $0x6e22d420 // faddp v0.4s, v1.4s, v2.4s
	RET
`

func writeSample(t *testing.T, text string) (dir, name string) {
	dir = t.TempDir()
	name = filepath.Join(dir, "f_arm64.s")
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, name
}

// TestCheckAndRewrite: -check fails on corrupted WORDs, naming them, and
// passes after -w.
func TestCheckAndRewrite(t *testing.T) {
	needTools(t)
	dir, name := writeSample(t, sample)
	var out, errb bytes.Buffer
	err := run([]string{"-check", dir}, &out, &errb, DefaultTools)
	if err == nil {
		t.Fatal("-check passed on wrong WORDs")
	}
	for _, want := range []string{
		name + ":4: WORD $0x00000000, but asm2plan9s encodes \"fadd v0.4s, v1.4s, v2.4s\" as $0x4e22d420",
		name + ":6: WORD $0x12345678, but",
		name + ":6: WORD $0x12345678 disassembles to",
		"4 problems in 2 WORD directives",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("-check error %q does not mention %q", err, want)
		}
	}
	if got, _ := os.ReadFile(name); string(got) != sample {
		t.Error("-check changed the file")
	}
	if err := run([]string{"-w", name}, &out, &errb, DefaultTools); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(name)
	if string(got) != fixed {
		t.Fatalf("-w wrote\n%s\nwant\n%s", got, fixed)
	}
	out.Reset()
	if err := run([]string{"-check", dir}, &out, &errb, DefaultTools); err != nil {
		t.Fatalf("-check after -w: %v", err)
	}
	if !strings.Contains(out.String(), "2 WORD directives in 1 files are github.com/minio/asm2plan9s@") {
		t.Errorf("-check printed %q", out.String())
	}
}

const macroSample = `// EXAMPLE adds and multiplies.
#define EXAMPLE \
	VMOV V1.B16, V2.B16; \
	WORD $0 /* fadd v0.4s, v1.4s, v2.4s */; \
	WORD   $0x12345678   /*   fmul v0.4s, v1.4s, v2.4s */ \

TEXT ·f(SB), NOSPLIT, $0
	WORD $0x4e22d420 // fadd v0.4s, v1.4s, v2.4s
	RET
`

const macroFixed = `// EXAMPLE adds and multiplies.
#define EXAMPLE \
	VMOV V1.B16, V2.B16; \
	WORD $0x4e22d420 /* fadd v0.4s, v1.4s, v2.4s */; \
	WORD $0x6e22dc20 /* fmul v0.4s, v1.4s, v2.4s */ \

TEXT ·f(SB), NOSPLIT, $0
	WORD $0x4e22d420 // fadd v0.4s, v1.4s, v2.4s
	RET
`

// TestMacroWords checks WORDs inside macros (block comments, the rest of
// the line kept) and that a directory argument covers its *_arm64.h files.
func TestMacroWords(t *testing.T) {
	needTools(t)
	dir := t.TempDir()
	name := filepath.Join(dir, "elem_x_arm64.h")
	if err := os.WriteFile(name, []byte(macroSample), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	err := run([]string{"-check", dir}, &out, &errb, DefaultTools)
	if err == nil {
		t.Fatal("-check passed on wrong WORDs in a header")
	}
	for _, want := range []string{name + ":4: WORD $0x00000000, but", name + ":5: WORD $0x12345678, but", "4 problems in 3 WORD directives"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("-check error %q does not mention %q", err, want)
		}
	}
	if err := run([]string{"-w", dir}, &out, &errb, DefaultTools); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(name); string(got) != macroFixed {
		t.Fatalf("-w wrote\n%s\nwant\n%s", got, macroFixed)
	}
	out.Reset()
	if err := run([]string{"-check", dir}, &out, &errb, DefaultTools); err != nil {
		t.Fatalf("-check after -w: %v", err)
	}
	if !strings.Contains(out.String(), "3 WORD directives in 1 files are ") {
		t.Errorf("-check printed %q", out.String())
	}
}

func TestOne(t *testing.T) {
	needTools(t)
	var out, errb bytes.Buffer
	if err := run([]string{"-e", "fadd v0.4s, v1.4s, v2.4s"}, &out, &errb, DefaultTools); err != nil {
		t.Fatal(err)
	}
	if want := "WORD $0x4e22d420 // fadd v0.4s, v1.4s, v2.4s\n"; out.String() != want {
		t.Errorf("-e printed %q, want %q", out.String(), want)
	}
}

// TestCommentNotDisassembly: a comment asm2plan9s encodes, but in another
// form than objdump prints (orr for its alias mov), fails -check even
// though the WORD is the right encoding, and -w writes nothing.
func TestCommentNotDisassembly(t *testing.T) {
	needTools(t)
	text := "\tWORD $0x4ea11c20 // orr v0.16b, v1.16b, v1.16b\n"
	_, name := writeSample(t, text)
	var out, errb bytes.Buffer
	err := run([]string{"-check", name}, &out, &errb, DefaultTools)
	if err == nil || !strings.Contains(err.Error(), name+":1: WORD $0x4ea11c20 disassembles to \"mov v0.16b, v1.16b\"") || strings.Contains(err.Error(), "but asm2plan9s") {
		t.Errorf("-check: %v, want only the disassembly mismatch", err)
	}
	_, name = writeSample(t, "\tWORD $0 // orr v0.16b, v1.16b, v1.16b\n")
	if err := run([]string{"-w", name}, &out, &errb, DefaultTools); err == nil {
		t.Error("-w accepted a comment that is not the disassembly")
	}
	if got, _ := os.ReadFile(name); string(got) != "\tWORD $0 // orr v0.16b, v1.16b, v1.16b\n" {
		t.Errorf("-w wrote %q", got)
	}
}

// TestRawEncodings: every raw encoding must be a checked WORD; amd64 files
// must hold none.
func TestRawEncodings(t *testing.T) {
	needTools(t)
	for _, c := range []struct{ file, text string }{
		{"f_arm64.s", "\tWORD $0x4e22d420\n"},
		{"f_arm64.s", "\tWORD $0x4e22d420 // fadd v0.4s, v1.4s, v2.4s\n\tDWORD $0x1\n"},
		{"f_arm64.h", "#define X \\\n\tVMOV V1.B16, V2.B16; WORD $0x4e22d420; \\\n\n"},
		{"f_amd64.s", "\tVZEROUPPER\n\tBYTE $0xc5; BYTE $0xf8; BYTE $0x77 // vzeroupper\n"},
		{"f_amd64.h", "#define X LONG $0x12345678\n"},
	} {
		dir := t.TempDir()
		name := filepath.Join(dir, c.file)
		if err := os.WriteFile(name, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		if err := run([]string{"-check", dir}, &out, &errb, DefaultTools); err == nil || !strings.Contains(err.Error(), "raw encoding") {
			t.Errorf("%s %q: -check error %v, want one on the raw encoding", c.file, c.text, err)
		}
	}
	// Data and comments are not raw encodings.
	dir := t.TempDir()
	for _, f := range []struct{ file, text string }{
		{"f_amd64.s", "// BYTE $0x1 in a comment\nDATA c<>+0(SB)/4, $0x3f800000\nGLOBL c<>(SB), RODATA, $4\n"},
		{"f_arm64.s", "/* WORD $0x1 */\n\tWORD $0x4e22d420 // fadd v0.4s, v1.4s, v2.4s\n"},
	} {
		if err := os.WriteFile(filepath.Join(dir, f.file), []byte(f.text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errb bytes.Buffer
	if err := run([]string{"-check", dir}, &out, &errb, DefaultTools); err != nil {
		t.Errorf("-check on data and comments: %v", err)
	}
}

func TestErrors(t *testing.T) {
	needTools(t)
	_, name := writeSample(t, "\tWORD $0 // fadd v0.4s, v1.4s, v99.4s\n\tWORD $0 // fadd v0.4s, v1.4s, v99.4s\n")
	var out, errb bytes.Buffer
	err := run([]string{"-check", name}, &out, &errb, DefaultTools)
	if err == nil || !strings.Contains(err.Error(), name+":1, "+name+":2: asm2plan9s cannot encode \"fadd v0.4s, v1.4s, v99.4s\"") {
		t.Errorf("bad register: error %v, want one naming %s:1 and :2 and the instruction", err, name)
	}
	// fadd on half precision needs FEAT_FP16 (ARMv8.2-A) and aese the
	// crypto extension (asm2plan9s's own -march allows it): rejected by
	// default, accepted with -march=armv8.2-a+fp16+crypto.
	for _, c := range []struct{ insn, word string }{
		{"fadd v0.8h, v1.8h, v2.8h", "0x4e421420"},
		{"aese v0.16b, v1.16b", "0x4e284820"},
	} {
		_, name = writeSample(t, "\tWORD $0 // "+c.insn+"\n")
		if err := run([]string{"-check", name}, &out, &errb, DefaultTools); err == nil || !strings.Contains(err.Error(), "selected processor does not support") {
			t.Errorf("%s at the default -march=armv8-a: %v, want the assembler's refusal", c.insn, err)
		}
		out.Reset()
		if err := run([]string{"-march", "armv8.2-a+fp16+crypto", "-e", c.insn}, &out, &errb, DefaultTools); err != nil || out.String() != "WORD $"+c.word+" // "+c.insn+"\n" {
			t.Errorf("-march=armv8.2-a+fp16+crypto -e %q: %q, %v", c.insn, out.String(), err)
		}
	}
	for _, insn := range []string{"nop; nop", ".word 1", "ldr x0, =0x123456789", "nop /* x */"} {
		_, name := writeSample(t, "\tWORD $0 // "+insn+"\n")
		if err := run([]string{"-check", name}, &out, &errb, DefaultTools); err == nil || !strings.Contains(err.Error(), name+":1") {
			t.Errorf("%q accepted as one instruction, or the error does not name it: %v", insn, err)
		}
	}
	for _, args := range [][]string{{name}, {"-check", "-w", name}, {"-e", "nop", name}} {
		if err := run(args, &out, &errb, DefaultTools); err == nil {
			t.Errorf("arm64word %q: no error", args)
		}
	}
}

// TestKernelsCorrupted copies the kernels' arm64 assembly, flips a bit of
// one WORD in a macro header and one in a .s file, and checks that -check
// passes on the copy before and names exactly those two lines after.
func TestKernelsCorrupted(t *testing.T) {
	needTools(t)
	dir := t.TempDir()
	names, _, err := expand([]string{"../../../kernels"})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		text, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(n)), text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errb bytes.Buffer
	if err := run([]string{"-check", dir}, &out, &errb, DefaultTools); err != nil {
		t.Fatalf("-check on a copy of kernels/: %v", err)
	}
	var want []string
	for _, base := range []string{"elem_neon_arm64.h", "dot_neon_arm64.s"} {
		name := filepath.Join(dir, base)
		text, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(name, text)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.idx) == 0 {
			t.Fatalf("%s has no WORD", base)
		}
		i := f.idx[len(f.idx)-1]
		old := fmt.Sprintf("$0x%08x", f.have[len(f.idx)-1])
		f.Lines[i] = strings.Replace(f.Lines[i], old, fmt.Sprintf("$0x%08x", f.have[len(f.idx)-1]^1), 1)
		if err := os.WriteFile(name, []byte(strings.Join(f.Lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		want = append(want, fmt.Sprintf("%s:%d: WORD", name, i+1))
	}
	err = run([]string{"-check", dir}, &out, &errb, DefaultTools)
	if err == nil {
		t.Fatal("-check passed on corrupted WORDs")
	}
	for _, w := range want {
		if n := strings.Count(err.Error(), w); n != 2 {
			t.Errorf("-check names %q %d times (want 2: encoding and disassembly) in %v", w, n, err)
		}
	}
	if !strings.Contains(err.Error(), "4 problems in") {
		t.Errorf("-check error %v, want 4 problems", err)
	}
}
