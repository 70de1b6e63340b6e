// Command arm64word produces and checks the WORD directives that stand in
// for arm64 instructions Go's assembler does not know (most vector float
// instructions: FADD, FMUL, FADDP, FMAX, FCVTZS, by-element FMLA, ...).
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
// arm64word assembles every such comment with binutils' aarch64-linux-gnu-as,
// reads the encodings back with aarch64-linux-gnu-objdump, and
//
//	arm64word -w files...      rewrites each WORD to its comment's encoding
//	arm64word -check files...  fails if any WORD differs from its comment
//	arm64word files...         prints the corrected files to stdout
//	arm64word -e 'fadd v0.4s, v1.4s, v2.4s'  prints one WORD line
//
// A new instruction is added by writing `WORD $0 // <instruction>` and running
// arm64word -w. A directory argument stands for every *_arm64.s file and
// *_arm64.h header in it.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// wordLine matches a WORD directive whose comment is an instruction:
// indentation, the current value, and the instruction.
var wordLine = regexp.MustCompile(`^(\s*)WORD\s+\$(0[xX][0-9a-fA-F]+|[0-9]+)\s*//\s*(.*?)\s*$`)

// macroWordLine matches a WORD directive inside a #define, where a line
// comment would swallow the continuation: indentation, the current value,
// the instruction in a /* */ comment, and the rest of the line (the
// separator and backslash, `; \`), kept as it is.
var macroWordLine = regexp.MustCompile(`^(\s*)WORD\s+\$(0[xX][0-9a-fA-F]+|[0-9]+)\s*/\*\s*(.*?)\s*\*/(.*)$`)

// matchWord returns the parts of a WORD line in either form: indentation,
// value, instruction, and for the macro form the rest of the line after
// the comment (macro reports which form matched).
func matchWord(l string) (indent, value, insn, rest string, macro, ok bool) {
	if m := wordLine.FindStringSubmatch(l); m != nil {
		return m[1], m[2], m[3], "", false, true
	}
	if m := macroWordLine.FindStringSubmatch(l); m != nil {
		return m[1], m[2], m[3], m[4], true, true
	}
	return "", "", "", "", false, false
}

// Tools names the binutils programs used, and the architecture level the
// assembler accepts.
type Tools struct {
	As, Objdump string
	// March is passed to the assembler as -march. The default, armv8-a,
	// rejects every instruction newer than ARMv8.0-A, which is what the
	// neon tier is gated on (ASIMD only); a tier gated on a later
	// extension would use e.g. armv8.2-a+fp16 for its files.
	March string
}

// DefaultTools are Debian's binutils-aarch64-linux-gnu programs, for
// plain ARMv8.0-A.
var DefaultTools = Tools{As: "aarch64-linux-gnu-as", Objdump: "aarch64-linux-gnu-objdump", March: "armv8-a"}

// source is one instruction to encode, with where it came from for errors.
type source struct {
	pos  string // file:line
	insn string
}

// Encode returns the 32-bit encoding of each instruction, assembled in one
// run of the assembler. Every instruction must assemble to exactly one word;
// directives, several instructions on one line and instructions that emit
// literal pools are rejected.
func (t Tools) Encode(srcs []source) ([]uint32, error) {
	if len(srcs) == 0 {
		return nil, nil
	}
	var in bytes.Buffer
	in.WriteString("\t.text\n")
	for _, s := range srcs {
		if s.insn == "" || strings.ContainsAny(s.insn, ";\n") || strings.HasPrefix(s.insn, ".") || strings.Contains(s.insn, "//") {
			return nil, fmt.Errorf("%s: %q is not a single instruction", s.pos, s.insn)
		}
		fmt.Fprintf(&in, "\t%s\n", s.insn)
	}
	dir, err := os.MkdirTemp("", "arm64word")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	sfile, ofile := filepath.Join(dir, "in.s"), filepath.Join(dir, "in.o")
	if err := os.WriteFile(sfile, in.Bytes(), 0o644); err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd := exec.Command(t.As, "-march="+t.March, "-o", ofile, sfile)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %v\n%s", t.As, err, mapErrors(stderr.String(), sfile, srcs))
	}
	stderr.Reset()
	cmd = exec.Command(t.Objdump, "-d", ofile)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %v\n%s", t.Objdump, err, stderr.String())
	}
	words := parseObjdump(string(out))
	if len(words) != len(srcs) {
		return nil, fmt.Errorf("%d instructions assembled to %d words; each comment must be exactly one instruction", len(srcs), len(words))
	}
	return words, nil
}

// objdumpLine matches an instruction line of objdump -d: address, word.
var objdumpLine = regexp.MustCompile(`^\s*[0-9a-f]+:\s+([0-9a-f]{8})\s`)

// parseObjdump returns the instruction words of objdump -d output in order.
// For little-endian aarch64 objdump prints each word as a 32-bit number,
// which is what Go's WORD directive takes.
func parseObjdump(out string) []uint32 {
	var words []uint32
	for _, l := range strings.Split(out, "\n") {
		m := objdumpLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		w, err := strconv.ParseUint(m[1], 16, 32)
		if err != nil {
			continue
		}
		words = append(words, uint32(w))
	}
	return words
}

// mapErrors rewrites the assembler's "in.s:N: Error: ..." lines to name the
// file and line of the WORD directive the instruction came from.
func mapErrors(stderr, sfile string, srcs []source) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if rest, ok := strings.CutPrefix(l, sfile+":"); ok {
			num, msg, _ := strings.Cut(rest, ":")
			if n, err := strconv.Atoi(num); err == nil && n >= 2 && n-2 < len(srcs) {
				s := srcs[n-2]
				fmt.Fprintf(&b, "%s: %s:%s\n", s.pos, s.insn, msg)
				continue
			}
		}
		b.WriteString(l + "\n")
	}
	return b.String()
}

// File is an assembly file's text and the WORD directives found in it.
type File struct {
	Name  string
	Lines []string
	idx   []int    // line index of each WORD directive
	have  []uint64 // its current value
	srcs  []source
	words []uint32 // the encodings of the comments, after Encode
}

// Parse finds the WORD directives of an assembly file.
func Parse(name string, text []byte) (*File, error) {
	f := &File{Name: name, Lines: strings.Split(string(text), "\n")}
	for i, l := range f.Lines {
		_, value, insn, _, _, ok := matchWord(l)
		if !ok {
			continue
		}
		v, err := strconv.ParseUint(value, 0, 32)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: bad WORD value %s", name, i+1, value)
		}
		f.idx = append(f.idx, i)
		f.have = append(f.have, v)
		f.srcs = append(f.srcs, source{pos: fmt.Sprintf("%s:%d", name, i+1), insn: insn})
	}
	return f, nil
}

// Mismatches returns one message per WORD whose value differs from its
// comment's encoding.
func (f *File) Mismatches() []string {
	var msgs []string
	for k, i := range f.idx {
		if f.have[k] != uint64(f.words[k]) {
			msgs = append(msgs, fmt.Sprintf("%s:%d: WORD $%#08x, but %q assembles to $%#08x", f.Name, i+1, f.have[k], f.srcs[k].insn, f.words[k]))
		}
	}
	return msgs
}

// Fixed returns the file's text with every WORD set to its comment's
// encoding, in the canonical form `WORD $0x........ // instruction`, or
// `WORD $0x........ /* instruction */` followed by the rest of the line
// inside a macro.
func (f *File) Fixed() []byte {
	lines := append([]string(nil), f.Lines...)
	for k, i := range f.idx {
		indent, _, insn, rest, macro, _ := matchWord(lines[i])
		if macro {
			lines[i] = fmt.Sprintf("%sWORD $0x%08x /* %s */%s", indent, f.words[k], insn, rest)
		} else {
			lines[i] = fmt.Sprintf("%sWORD $0x%08x // %s", indent, f.words[k], insn)
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

// EncodeFiles assembles the WORD comments of all files in one assembler run.
func (t Tools) EncodeFiles(files []*File) error {
	var all []source
	for _, f := range files {
		all = append(all, f.srcs...)
	}
	words, err := t.Encode(all)
	if err != nil {
		return err
	}
	for _, f := range files {
		f.words, words = words[:len(f.srcs)], words[len(f.srcs):]
	}
	return nil
}

// expand replaces each directory argument by its *_arm64.s files and
// *_arm64.h macro headers.
func expand(args []string) ([]string, error) {
	var names []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			names = append(names, a)
			continue
		}
		for _, pat := range []string{"*_arm64.s", "*_arm64.h"} {
			m, err := filepath.Glob(filepath.Join(a, pat))
			if err != nil {
				return nil, err
			}
			names = append(names, m...)
		}
	}
	return names, nil
}

// writeAtomic replaces a file's contents via a temporary file in the same
// directory, synced and renamed over the original.
func writeAtomic(name string, data []byte) error {
	st, err := os.Stat(name)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".arm64word-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// run is main without the exit, for tests.
func run(args []string, stdout, stderr *bytes.Buffer, t Tools) error {
	fs := flag.NewFlagSet("arm64word", flag.ContinueOnError)
	fs.SetOutput(stderr)
	check := fs.Bool("check", false, "fail if any WORD differs from the encoding of its comment")
	write := fs.Bool("w", false, "rewrite the files in place")
	one := fs.String("e", "", "print the WORD line for one instruction")
	fs.StringVar(&t.As, "as", t.As, "GNU assembler for aarch64")
	fs.StringVar(&t.Objdump, "objdump", t.Objdump, "GNU objdump for aarch64")
	fs.StringVar(&t.March, "march", t.March, "architecture level accepted (the assembler's -march)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: arm64word [-check | -w] [-march arch] [-as prog] [-objdump prog] file-or-dir...\n       arm64word [-march arch] -e 'instruction'\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *one != "" {
		w, err := t.Encode([]source{{pos: "-e", insn: *one}})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "WORD $0x%08x // %s\n", w[0], *one)
		return nil
	}
	if fs.NArg() == 0 || (*check && *write) {
		fs.Usage()
		return errors.New("arm64word: need files, and at most one of -check and -w")
	}
	names, err := expand(fs.Args())
	if err != nil {
		return err
	}
	var files []*File
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
	}
	if err := t.EncodeFiles(files); err != nil {
		return err
	}
	var bad []string
	nwords := 0
	for _, f := range files {
		nwords += len(f.idx)
		switch {
		case *check:
			bad = append(bad, f.Mismatches()...)
		case *write:
			if len(f.Mismatches()) > 0 || !bytes.Equal(f.Fixed(), []byte(strings.Join(f.Lines, "\n"))) {
				if err := writeAtomic(f.Name, f.Fixed()); err != nil {
					return err
				}
			}
		default:
			stdout.Write(f.Fixed())
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("%s\narm64word: %d of %d WORD directives do not match their comments; run arm64word -w", strings.Join(bad, "\n"), len(bad), nwords)
	}
	if *check {
		fmt.Fprintf(stdout, "arm64word: %d WORD directives in %d files match their comments\n", nwords, len(files))
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
