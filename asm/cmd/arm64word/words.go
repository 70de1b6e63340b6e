package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/simdrnn/simdrnn/internal/atomicfile"
)

// wordLine matches a WORD directive whose comment is an instruction:
// indentation, the current value, and the instruction.
var wordLine = regexp.MustCompile(`^(\s*)WORD\s+\$(0[xX][0-9a-fA-F]+|[0-9]+)\s*//\s*(.*?)\s*$`)

// macroWordLine matches a WORD directive inside a #define, where a line
// comment would swallow the continuation: indentation, the current value,
// the instruction in a /* */ comment, and the rest of the line (the
// separator and backslash, `; \`), kept as it is.
var macroWordLine = regexp.MustCompile(`^(\s*)WORD\s+\$(0[xX][0-9a-fA-F]+|[0-9]+)\s*/\*\s*(.*?)\s*\*/(.*)$`)

// rawDirective matches, in a line stripped of its comments, a directive
// that places raw bytes in the instruction stream.
var rawDirective = regexp.MustCompile(`(^|[\s;])(BYTE|WORD|LONG|QUAD|DWORD|OCTA)\s+\$`)

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

// stripComments removes the /* */ and // comments of one line.
func stripComments(l string) string {
	for {
		i := strings.Index(l, "/*")
		if i < 0 {
			break
		}
		j := strings.Index(l[i+2:], "*/")
		if j < 0 {
			l = l[:i]
			break
		}
		l = l[:i] + " " + l[i+2+j+2:]
	}
	if i := strings.Index(l, "//"); i >= 0 {
		l = l[:i]
	}
	return l
}

// source is one instruction to encode, with where it came from for errors.
type source struct {
	pos  string // file:line
	insn string
}

// File is an assembly file's text and the WORD directives found in it.
type File struct {
	Name  string
	Lines []string
	idx   []int    // line index of each WORD directive
	have  []uint32 // its current value
	srcs  []source
	words []uint32 // the encodings of the comments, after EncodeFiles
}

// Parse finds the WORD directives of an arm64 assembly file. Any other
// directive of raw bytes (BYTE, DWORD, ..., or a WORD without its
// instruction as the comment) is an error: it would escape the check.
func Parse(name string, text []byte) (*File, error) {
	f := &File{Name: name, Lines: strings.Split(string(text), "\n")}
	for i, l := range f.Lines {
		_, value, insn, _, _, ok := matchWord(l)
		if !ok {
			if rawDirective.MatchString(stripComments(l)) {
				return nil, fmt.Errorf("%s:%d: raw encoding %q is not `WORD $0x... // instruction` (or `/* instruction */` in a macro), so nothing checks it", name, i+1, strings.TrimSpace(l))
			}
			continue
		}
		v, err := strconv.ParseUint(value, 0, 32)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: bad WORD value %s", name, i+1, value)
		}
		f.idx = append(f.idx, i)
		f.have = append(f.have, uint32(v))
		f.srcs = append(f.srcs, source{pos: fmt.Sprintf("%s:%d", name, i+1), insn: insn})
	}
	return f, nil
}

// checkNoRaw fails on any directive of raw bytes in an amd64 file: Go's
// amd64 assembler knows every instruction the amd64 tiers use, and no
// check covers a hand-encoded one.
func checkNoRaw(name string, text []byte) error {
	for i, l := range strings.Split(string(text), "\n") {
		if rawDirective.MatchString(stripComments(l)) {
			return fmt.Errorf("%s:%d: raw encoding %q in amd64 assembly: write the instruction (nothing checks raw amd64 encodings)", name, i+1, strings.TrimSpace(l))
		}
	}
	return nil
}

// Mismatches returns one message per WORD whose value differs from its
// comment's encoding.
func (f *File) Mismatches() []string {
	var msgs []string
	for k, i := range f.idx {
		if f.have[k] != f.words[k] {
			msgs = append(msgs, fmt.Sprintf("%s:%d: WORD $0x%08x, but asm2plan9s encodes %q as $0x%08x", f.Name, i+1, f.have[k], f.srcs[k].insn, f.words[k]))
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

// expand replaces each directory argument by its *_arm64.s files and
// *_arm64.h macro headers, and returns its *_amd64.s files and *_amd64.h
// headers apart (they are only searched for raw encodings).
func expand(args []string) (arm64, amd64 []string, err error) {
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, nil, err
		}
		if !st.IsDir() {
			if strings.Contains(filepath.Base(a), "_amd64.") {
				amd64 = append(amd64, a)
			} else {
				arm64 = append(arm64, a)
			}
			continue
		}
		for _, p := range []struct {
			pat  string
			list *[]string
		}{{"*_arm64.s", &arm64}, {"*_arm64.h", &arm64}, {"*_amd64.s", &amd64}, {"*_amd64.h", &amd64}} {
			m, err := filepath.Glob(filepath.Join(a, p.pat))
			if err != nil {
				return nil, nil, err
			}
			*p.list = append(*p.list, m...)
		}
	}
	return arm64, amd64, nil
}

// writeAtomic replaces a file's contents atomically, keeping its
// permissions.
func writeAtomic(name string, data []byte) error {
	st, err := os.Stat(name)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(name, data, st.Mode().Perm())
}
