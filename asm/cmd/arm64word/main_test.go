package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func needTools(t *testing.T) {
	t.Helper()
	for _, p := range []string{DefaultTools.As, DefaultTools.Objdump} {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s not installed (Debian: apt-get install binutils-aarch64-linux-gnu)", p)
		}
	}
}

// The expected words were read from aarch64-linux-gnu-objdump -d of these
// instructions, and cross-checked with go tool objdump of a Go arm64 binary
// containing the WORDs (it disassembles 0x4e22d420 as FADD V2.S4, V1.S4, V0.S4).
var known = []struct {
	insn string
	word uint32
}{
	{"fadd v0.4s, v1.4s, v2.4s", 0x4e22d420},
	{"fmla v0.4s, v1.4s, v2.4s", 0x4e22cc20},
	{"faddp v0.4s, v1.4s, v2.4s", 0x6e22d420},
}

func TestKnownEncodings(t *testing.T) {
	needTools(t)
	var srcs []source
	for _, k := range known {
		srcs = append(srcs, source{pos: "test", insn: k.insn})
	}
	words, err := DefaultTools.Encode(srcs)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range known {
		if words[i] != k.word {
			t.Errorf("%s = %#08x, want %#08x", k.insn, words[i], k.word)
		}
	}
}

func TestParseObjdump(t *testing.T) {
	out := `
t.o:     file format elf64-littleaarch64

Disassembly of section .text:

0000000000000000 <.text>:
   0:	4e22d420 	fadd	v0.4s, v1.4s, v2.4s
   4:	4e22cc20 	fmla	v0.4s, v1.4s, v2.4s
`
	got := parseObjdump(out)
	if len(got) != 2 || got[0] != 0x4e22d420 || got[1] != 0x4e22cc20 {
		t.Fatalf("parseObjdump = %#x", got)
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

func TestCheckAndRewrite(t *testing.T) {
	needTools(t)
	dir, name := writeSample(t, sample)
	var out, errb bytes.Buffer
	err := run([]string{"-check", dir}, &out, &errb, DefaultTools)
	if err == nil {
		t.Fatal("-check passed on wrong WORDs")
	}
	for _, want := range []string{name + ":4:", name + ":6:", "2 of 2"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("-check error %q does not mention %q", err, want)
		}
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
	if !strings.Contains(out.String(), "2 WORD directives in 1 files match") {
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
	for _, want := range []string{name + ":4:", name + ":5:", "2 of 3"} {
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
	if !strings.Contains(out.String(), "3 WORD directives in 1 files match") {
		t.Errorf("-check printed %q", out.String())
	}
}

func TestStdoutAndOne(t *testing.T) {
	needTools(t)
	_, name := writeSample(t, sample)
	var out, errb bytes.Buffer
	if err := run([]string{name}, &out, &errb, DefaultTools); err != nil {
		t.Fatal(err)
	}
	if out.String() != fixed {
		t.Errorf("stdout\n%s\nwant\n%s", out.String(), fixed)
	}
	if got, _ := os.ReadFile(name); string(got) != sample {
		t.Error("file changed without -w")
	}
	out.Reset()
	if err := run([]string{"-e", "fadd v0.4s, v1.4s, v2.4s"}, &out, &errb, DefaultTools); err != nil {
		t.Fatal(err)
	}
	if want := "WORD $0x4e22d420 // fadd v0.4s, v1.4s, v2.4s\n"; out.String() != want {
		t.Errorf("-e printed %q, want %q", out.String(), want)
	}
}

func TestErrors(t *testing.T) {
	needTools(t)
	_, name := writeSample(t, "\tWORD $0 // fadd v0.4s, v1.4s, v99.4s\n")
	var out, errb bytes.Buffer
	err := run([]string{"-check", name}, &out, &errb, DefaultTools)
	if err == nil || !strings.Contains(err.Error(), name+":1: fadd v0.4s, v1.4s, v99.4s") {
		t.Errorf("bad register: error %v, want one naming %s:1 and the instruction", err, name)
	}
	// fadd on half precision needs FEAT_FP16 (ARMv8.2-A): rejected by default,
	// accepted with -march=armv8.2-a+fp16.
	_, name = writeSample(t, "\tWORD $0 // fadd v0.8h, v1.8h, v2.8h\n")
	if err := run([]string{"-check", name}, &out, &errb, DefaultTools); err == nil {
		t.Error("an ARMv8.2-A instruction was accepted at the default -march=armv8-a")
	}
	out.Reset()
	if err := run([]string{"-march", "armv8.2-a+fp16", "-e", "fadd v0.8h, v1.8h, v2.8h"}, &out, &errb, DefaultTools); err != nil || out.String() != "WORD $0x4e421420 // fadd v0.8h, v1.8h, v2.8h\n" {
		t.Errorf("-march=armv8.2-a+fp16 -e: %q, %v", out.String(), err)
	}
	for _, insn := range []string{"nop; nop", ".word 1", "ldr x0, =0x123456789"} {
		_, name := writeSample(t, "\tWORD $0 // "+insn+"\n")
		if err := run([]string{"-check", name}, &out, &errb, DefaultTools); err == nil {
			t.Errorf("%q accepted as one instruction", insn)
		}
	}
}
