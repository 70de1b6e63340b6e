package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/simdrnn/simdrnn/rnn"
)

// maxDataBytes bounds a text file's size: training holds one int per
// character.
const maxDataBytes = 1 << 30

// readText reads a UTF-8 text file. A missing, unreadable, empty, oversized
// or non-UTF-8 file is bad input, named in the error.
func readText(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", usageError{err}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", usageError{err}
	}
	if st.IsDir() {
		return "", badInput("%s: is a directory, want a text file", path)
	}
	if st.Mode().IsRegular() && st.Size() > maxDataBytes {
		return "", badInput("%s: %d bytes, more than the %d supported", path, st.Size(), maxDataBytes)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxDataBytes+1))
	if err != nil {
		return "", usageError{fmt.Errorf("%s: %v", path, err)}
	}
	if len(b) > maxDataBytes {
		return "", badInput("%s: more than the %d bytes supported", path, maxDataBytes)
	}
	if len(b) == 0 {
		return "", badInput("%s: file is empty", path)
	}
	if !utf8.Valid(b) {
		_, err := rnn.VocabOf(string(b))
		return "", badInput("%s:%v", path, err)
	}
	return string(b), nil
}

// goCorpus returns the default training text: the Go standard library's
// source, the .go files under $(go env GOROOT)/src, without tests, test
// data, vendored code, the toolchain (src/cmd) and generated files (tables),
// and only the files that are plain ASCII (so the vocabulary is at most the
// 95 printable ASCII characters, tab and newline). The files are
// concatenated in a fixed pseudo-random order (by a hash of their path), so
// that the first thousands of iterations already see many packages rather
// than only archive/ and bufio/. It also returns a description of the
// source.
func goCorpus() (text, source string, err error) {
	root, err := goroot()
	if err != nil {
		return "", "", badInput("no -data given and the Go source for the default corpus was not found (%v); pass -data FILE", err)
	}
	src := filepath.Join(root, "src")
	type file struct {
		key  uint64
		text []byte
	}
	var files []file
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if name == "testdata" || name == "vendor" || path == filepath.Join(src, "cmd") || (strings.HasPrefix(name, ".") && path != src) {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, c := range b {
			if c != '\n' && c != '\t' && (c < ' ' || c > '~') {
				return nil
			}
		}
		if generated.Match(b) {
			return nil
		}
		rel, _ := filepath.Rel(src, path)
		h := fnv.New64a()
		h.Write([]byte(filepath.ToSlash(rel)))
		files = append(files, file{h.Sum64(), b})
		return nil
	})
	if err != nil {
		return "", "", badInput("no -data given and reading the default corpus failed (%v); pass -data FILE", err)
	}
	slices.SortFunc(files, func(a, b file) int { return cmp.Compare(a.key, b.key) })
	var buf bytes.Buffer
	for _, f := range files {
		buf.Write(f.text)
	}
	if buf.Len() == 0 {
		return "", "", badInput("no -data given and %s holds no Go source for the default corpus; pass -data FILE", src)
	}
	return buf.String(), fmt.Sprintf("%d .go files of the Go standard library in %s", len(files), src), nil
}

// generated matches the line that marks generated Go files.
var generated = regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)

// goroot finds the Go installation: $GOROOT, else `go env GOROOT`.
func goroot() (string, error) {
	if r := os.Getenv("GOROOT"); r != "" {
		if st, err := os.Stat(filepath.Join(r, "src")); err == nil && st.IsDir() {
			return r, nil
		}
		return "", fmt.Errorf("$GOROOT=%s has no src directory", r)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && len(ee.Stderr) > 0 {
			err = fmt.Errorf("%v: %s", err, strings.TrimSpace(string(ee.Stderr)))
		}
		return "", fmt.Errorf("`go env GOROOT` failed: %v", err)
	}
	r := strings.TrimSpace(string(out))
	if r == "" {
		return "", errors.New("`go env GOROOT` printed nothing")
	}
	if st, err := os.Stat(filepath.Join(r, "src")); err != nil || !st.IsDir() {
		return "", fmt.Errorf("GOROOT %s has no src directory", r)
	}
	return r, nil
}
