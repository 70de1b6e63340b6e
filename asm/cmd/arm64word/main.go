// Command arm64word keeps the WORD directives that stand in for arm64
// instructions Go's assembler does not know (most vector float
// instructions: FADD, FMUL, FADDP, FMAX, FCVTZS, by-element FMLA, ...) equal
// to what github.com/minio/asm2plan9s, the encoder of record, makes of them.
//
// In a Go assembly file such an instruction is written as
//
//	WORD $0x4e22d420 // fadd v0.4s, v1.4s, v2.4s
//
// with the instruction, in GNU syntax, as the whole comment; inside a macro
// (#define ... \), where a line comment would end the macro, the comment is
// a block comment before the rest of the line:
//
//	WORD $0x4e22d420 /* fadd v0.4s, v1.4s, v2.4s */; \
//
// arm64word builds asm2plan9s at the version asm/go.mod pins, for
// linux/arm64 (it encodes for the architecture it runs on; elsewhere it runs
// under qemu-aarch64-static), with binutils' aarch64-linux-gnu-as as its
// `as`, limited to -march=armv8-a. It adds what asm2plan9s lacks: WORDs
// inside macros, checking without rewriting, the disassembly check, atomic
// rewrites, the architecture limit.
//
//	arm64word -check files...  fails unless every WORD is asm2plan9s's
//	                           encoding of its comment and disassembles
//	                           (aarch64-linux-gnu-objdump) back to it
//	arm64word -w files...      rewrites each WORD to asm2plan9s's encoding
//	arm64word -e 'fadd v0.4s, v1.4s, v2.4s'  prints one WORD line
//
// A new instruction is added by writing `WORD $0 // <instruction>` and running
// arm64word -w. A directory argument stands for every *_arm64.s file and
// *_arm64.h header in it, and for its *_amd64.s files and *_amd64.h headers,
// which must hold no raw encoding (BYTE, WORD, LONG, ...) at all. It runs
// from the asm module (cd asm), whose go.mod pins asm2plan9s.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
)

// run is main without the exit, for tests.
func run(args []string, stdout, stderr *bytes.Buffer, t Tools) error {
	fs := flag.NewFlagSet("arm64word", flag.ContinueOnError)
	fs.SetOutput(stderr)
	check := fs.Bool("check", false, "fail unless every WORD is asm2plan9s's encoding of its comment and disassembles back to it")
	write := fs.Bool("w", false, "rewrite the files in place")
	one := fs.String("e", "", "print the WORD line for one instruction")
	fs.StringVar(&t.As, "as", t.As, "GNU assembler for aarch64 (asm2plan9s's `as`)")
	fs.StringVar(&t.Objdump, "objdump", t.Objdump, "GNU objdump for aarch64")
	fs.StringVar(&t.Qemu, "qemu", t.Qemu, "runs the linux/arm64 asm2plan9s on other hosts")
	fs.StringVar(&t.March, "march", t.March, "architecture level accepted (the assembler's last -march)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: arm64word -check | -w [-march arch] [-as prog] [-objdump prog] [-qemu prog] file-or-dir...\n       arm64word [-march arch] -e 'instruction'\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *one != "" {
		if fs.NArg() > 0 || *check || *write {
			fs.Usage()
			return errors.New("arm64word: -e takes no files, -check or -w")
		}
		src := []source{{pos: "-e", insn: *one}}
		words, err := encodeChecked(t, src)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "WORD $0x%08x // %s\n", words[0], *one)
		return nil
	}
	if fs.NArg() == 0 || *check == *write {
		fs.Usage()
		return errors.New("arm64word: need files, and one of -check and -w")
	}
	names, amd64, err := expand(fs.Args())
	if err != nil {
		return err
	}
	for _, n := range amd64 {
		text, err := os.ReadFile(n)
		if err != nil {
			return err
		}
		if err := checkNoRaw(n, text); err != nil {
			return err
		}
	}
	var files []*File
	var srcs []source
	var have []uint32
	for _, n := range names {
		text, err := os.ReadFile(n)
		if err != nil {
			return err
		}
		f, err := Parse(n, text)
		if err != nil {
			return err
		}
		files = append(files, f)
		srcs = append(srcs, f.srcs...)
		have = append(have, f.have...)
	}
	enc, err := t.NewEncoder()
	if err != nil {
		return err
	}
	defer enc.Close()
	words, err := enc.Encode(srcs)
	if err != nil {
		return err
	}
	rest := words
	for _, f := range files {
		f.words, rest = rest[:len(f.srcs)], rest[len(f.srcs):]
	}
	if *write {
		// Write nothing unless every new word disassembles to its comment.
		if err := disasmCheck(t, srcs, words); err != nil {
			return err
		}
		for _, f := range files {
			if fixed := f.Fixed(); !bytes.Equal(fixed, []byte(strings.Join(f.Lines, "\n"))) {
				if err := writeAtomic(f.Name, fixed); err != nil {
					return err
				}
			}
		}
		return nil
	}
	var bad []string
	for _, f := range files {
		bad = append(bad, f.Mismatches()...)
	}
	text, err := t.Disassemble(have)
	if err != nil {
		return err
	}
	bad = append(bad, disasmMismatches(srcs, have, text)...)
	if len(bad) > 0 {
		return fmt.Errorf("%s\narm64word: %d problems in %d WORD directives; run arm64word -w, and write each comment as objdump prints it", strings.Join(bad, "\n"), len(bad), len(srcs))
	}
	fmt.Fprintf(stdout, "arm64word: %d WORD directives in %d files are %s@%s's encoding of their comments and disassemble back to them; %d amd64 files hold no raw encoding\n",
		len(srcs), len(files), asm2plan9s, enc.Version, len(amd64))
	return nil
}

// encodeChecked encodes instructions with asm2plan9s and checks that each
// word disassembles back to its instruction.
func encodeChecked(t Tools, srcs []source) ([]uint32, error) {
	enc, err := t.NewEncoder()
	if err != nil {
		return nil, err
	}
	defer enc.Close()
	words, err := enc.Encode(srcs)
	if err != nil {
		return nil, err
	}
	return words, disasmCheck(t, srcs, words)
}

// disasmCheck fails unless every word disassembles to its instruction.
func disasmCheck(t Tools, srcs []source, words []uint32) error {
	text, err := t.Disassemble(words)
	if err != nil {
		return err
	}
	if bad := disasmMismatches(srcs, words, text); len(bad) > 0 {
		return errors.New(strings.Join(bad, "\n"))
	}
	return nil
}

func main() {
	var stdout, stderr bytes.Buffer
	err := run(os.Args[1:], &stdout, &stderr, DefaultTools)
	os.Stdout.Write(stdout.Bytes())
	os.Stderr.Write(stderr.Bytes())
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1)
	}
}
