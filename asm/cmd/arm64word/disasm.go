package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// objdumpLine matches an instruction line of objdump -d or -D: address,
// word, and the instruction text.
var objdumpLine = regexp.MustCompile(`^\s*[0-9a-f]+:\s+([0-9a-f]{8})\s+(.*)$`)

// parseObjdump returns the words of objdump's disassembly and their text,
// in order. For little-endian aarch64 objdump prints each word as a 32-bit
// number, which is what Go's WORD directive takes.
func parseObjdump(out string) (words []uint32, text []string) {
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
		text = append(text, m[2])
	}
	return words, text
}

// Disassemble returns binutils' text for each word, disassembled as raw
// aarch64 code.
func (t Tools) Disassemble(words []uint32) ([]string, error) {
	if len(words) == 0 {
		return nil, nil
	}
	dir, err := os.MkdirTemp("", "arm64word")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	name := filepath.Join(dir, "words.bin")
	code := make([]byte, 4*len(words))
	for i, w := range words {
		binary.LittleEndian.PutUint32(code[4*i:], w)
	}
	if err := os.WriteFile(name, code, 0o644); err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd := exec.Command(t.Objdump, "-D", "-b", "binary", "-m", "aarch64", name)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %v\n%s", t.Objdump, err, stderr.String())
	}
	got, text := parseObjdump(string(out))
	if len(got) != len(words) {
		return nil, fmt.Errorf("%s printed %d words for %d", t.Objdump, len(got), len(words))
	}
	for i := range got {
		if got[i] != words[i] {
			return nil, fmt.Errorf("%s printed word %d as %#08x, not %#08x", t.Objdump, i, got[i], words[i])
		}
	}
	return text, nil
}

var (
	spaces     = regexp.MustCompile(`\s+`)
	commaSpace = regexp.MustCompile(`\s*,\s*`)
)

// normInsn is an instruction's text up to case and spacing, without a
// trailing // comment (objdump adds some, e.g. `// #-1`).
func normInsn(s string) string {
	if i := strings.Index(s, "//"); i >= 0 {
		s = s[:i]
	}
	s = strings.ToLower(strings.TrimSpace(s))
	s = commaSpace.ReplaceAllString(s, ",")
	return spaces.ReplaceAllString(s, " ")
}

// disasmMismatches returns one message per word whose disassembly is not
// the instruction of its comment (up to case and spacing).
func disasmMismatches(srcs []source, words []uint32, text []string) []string {
	var msgs []string
	for i, s := range srcs {
		if normInsn(text[i]) != normInsn(s.insn) {
			msgs = append(msgs, fmt.Sprintf("%s: WORD $0x%08x disassembles to %q, not %q (write the comment as objdump prints it)", s.pos, words[i], spaces.ReplaceAllString(strings.TrimSpace(text[i]), " "), s.insn))
		}
	}
	return msgs
}
