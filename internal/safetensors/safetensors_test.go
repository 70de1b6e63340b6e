package safetensors

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// file builds a safetensors file from a raw header string and data bytes.
func file(hdr string, data []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(hdr)))
	b = append(b, hdr...)
	return append(b, data...)
}

func TestRoundTrip(t *testing.T) {
	a := F32Tensor("rnn.weight_ih_l0", []float32{1, -2, 3.5, float32(math.Inf(1)), 0, 6}, 2, 3)
	b := F32Tensor("fc.bias", []float32{7, 8}, 2)
	e := Tensor{Name: "empty", DType: F32, Shape: []int{0, 4}, Data: []byte{}}
	s := Tensor{Name: "scalar", DType: I64, Shape: []int{}, Data: []byte{42, 0, 0, 0, 0, 0, 0, 0}}
	meta := map[string]string{"format": "x", "vocab": "ab\n\"<é>\x00"}
	raw, err := Marshal([]Tensor{a, e, b, s}, meta)
	if err != nil {
		t.Fatal(err)
	}
	if n := binary.LittleEndian.Uint64(raw); (8+n)%8 != 0 {
		t.Errorf("data starts at %d, not a multiple of 8", 8+n)
	}
	f, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Metadata) != 2 || f.Metadata["vocab"] != meta["vocab"] || f.Metadata["format"] != "x" {
		t.Errorf("metadata = %q, want %q", f.Metadata, meta)
	}
	want := []Tensor{a, e, b, s}
	if len(f.Tensors) != len(want) {
		t.Fatalf("got %d tensors, want %d", len(f.Tensors), len(want))
	}
	for i, w := range want {
		g := f.Tensors[i]
		if g.Name != w.Name || g.DType != w.DType || !equalInts(g.Shape, w.Shape) || !bytes.Equal(g.Data, w.Data) {
			t.Errorf("tensor %d = %+v, want %+v", i, g, w)
		}
	}
	v, err := f.Tensor("rnn.weight_ih_l0").Float32s()
	if err != nil || v[2] != 3.5 || !math.IsInf(float64(v[3]), 1) || len(v) != 6 {
		t.Errorf("Float32s = %v, %v", v, err)
	}
	if _, err := f.Tensor("scalar").Float32s(); err == nil {
		t.Error("Float32s of an I64 tensor: no error")
	}
	if f.Tensor("nope") != nil {
		t.Error("Tensor(nope) != nil")
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestParseReferenceLayout parses a file laid out as the reference Python
// writer lays it out (header padded with spaces, tensors sorted by name).
func TestParseReferenceLayout(t *testing.T) {
	hdr := `{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"U8","shape":[1,3],"data_offsets":[8,11]}}`
	for len(hdr)%8 != 0 {
		hdr += " "
	}
	data := []byte{0, 0, 128, 63, 0, 0, 0, 64, 1, 2, 3}
	f, err := Parse(file(hdr, data))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := f.Tensor("a").Float32s()
	if len(v) != 2 || v[0] != 1 || v[1] != 2 || f.Metadata["format"] != "pt" || !bytes.Equal(f.Tensor("b").Data, []byte{1, 2, 3}) {
		t.Errorf("parsed %+v", f)
	}
}

var badHeaders = []struct {
	hdr, want string
	data      []byte
}{
	{`[]`, "does not start with '{'", nil},
	{` {}`, "does not start with '{'", nil},
	{"{\"a\xff\":1}", "not valid UTF-8", nil},
	{`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, `duplicate key "a"`, make([]byte, 8)},
	{`{"__metadata__":{"k":"v","k":"w"}}`, `duplicate key "k"`, nil},
	{`{"__metadata__":{"k":1}}`, `value of "k" is the number 1, want a string`, nil},
	{`{"__metadata__":[]}`, `expected '{'`, nil},
	{`{"__metadata__":{},"__metadata__":{}}`, `duplicate key "__metadata__"`, nil},
	{`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"extra":1}}`, `unknown key "extra"`, make([]byte, 4)},
	{`{"a":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, `duplicate key "dtype"`, make([]byte, 4)},
	{`{"a":{"dtype":"F31","shape":[1],"data_offsets":[0,4]}}`, `unsupported dtype "F31"`, make([]byte, 4)},
	{`{"a":{"dtype":4,"shape":[1],"data_offsets":[0,4]}}`, `dtype is the number 4`, make([]byte, 4)},
	{`{"a":{"shape":[1],"data_offsets":[0,4]}}`, `missing "dtype"`, make([]byte, 4)},
	{`{"a":{"dtype":"F32","data_offsets":[0,4]}}`, `missing "shape"`, make([]byte, 4)},
	{`{"a":{"dtype":"F32","shape":[1]}}`, `missing "data_offsets"`, nil},
	{`{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}`, `-1, want a non-negative integer`, make([]byte, 4)},
	{`{"a":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}}`, `1.0, want a non-negative integer`, make([]byte, 4)},
	{`{"a":{"dtype":"F32","shape":[1e0],"data_offsets":[0,4]}}`, `want a non-negative integer`, make([]byte, 4)},
	{`{"a":{"dtype":"F32","shape":[18446744073709551616],"data_offsets":[0,4]}}`, `below 2^64`, make([]byte, 4)},
	{`{"a":{"dtype":"F32","shape":["1"],"data_offsets":[0,4]}}`, `want non-negative integers`, make([]byte, 4)},
	{`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}`, `needs 8 bytes but data_offsets [0, 4] hold 4`, make([]byte, 4)},
	{`{"a":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,4]}}`, `too large`, make([]byte, 4)},
	{`{"a":{"dtype":"F64","shape":[2147483647,2147483647,2147483647,2147483647],"data_offsets":[0,4]}}`, `overflows`, make([]byte, 4)},
	{`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}`, `has 1 values, want 2`, nil},
	{`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}`, `end before they begin`, nil},
	{`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, `extend past the 2-byte data region`, make([]byte, 2)},
	{`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, `trailing bytes [4, 5]`, make([]byte, 5)},
	{`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, `leave a hole at bytes [0, 4]`, make([]byte, 8)},
	{`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, `overlap the previous tensor`, make([]byte, 8)},
	{`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[0],"data_offsets":[4,4]}}`, `overlap`, make([]byte, 8)},
	{`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}x`, `trailing data at byte`, make([]byte, 4)},
	{`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}{}`, `trailing data`, make([]byte, 4)},
	{`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}`, `JSON ends early`, make([]byte, 4)},
	{`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],}}`, `invalid JSON`, make([]byte, 4)},
	{`{"a" {}}`, `invalid JSON`, nil},
	{`{1:2}`, `invalid JSON`, nil},
	{`{"a":null}`, `expected '{', found null`, nil},
	{`{"a":{"dtype":"F32","shape":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"data_offsets":[0,0]}}`, `more than 65 values`, nil},
}

func TestParseErrors(t *testing.T) {
	for _, c := range badHeaders {
		_, err := Parse(file(c.hdr, c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q): error %v, want one containing %q", c.hdr, err, c.want)
		}
	}
	for _, c := range []struct {
		b    []byte
		want string
	}{
		{nil, "shorter than the 8-byte header length"},
		{[]byte{1, 2, 3}, "shorter than the 8-byte"},
		{[]byte{0, 0, 0, 0, 0, 0, 0, 0}, "too short for a JSON object"},
		{[]byte{255, 255, 255, 255, 255, 255, 255, 255, '{', '}'}, "exceeds the limit"},
		{[]byte{100, 0, 0, 0, 0, 0, 0, 0, '{', '}'}, "header length 100 exceeds the 2 bytes that follow it"},
	} {
		_, err := Parse(c.b)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%v): error %v, want one containing %q", c.b, err, c.want)
		}
	}
}

// TestParseAllocation checks that parsing allocates a bounded multiple of
// the input size, whatever the header claims.
func TestParseAllocation(t *testing.T) {
	inputs := [][]byte{
		file(`{"a":{"dtype":"F32","shape":[1000000000,0],"data_offsets":[0,0]}}`, nil),
		file(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4000000000]}}`, make([]byte, 4)),
		file(strings.Repeat(" ", 100), nil),
		valid(t),
	}
	for _, in := range inputs {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		Parse(in)
		runtime.ReadMemStats(&after)
		if got := after.TotalAlloc - before.TotalAlloc; got > uint64(64*len(in)+64<<10) {
			t.Errorf("Parse of %d bytes allocated %d bytes", len(in), got)
		}
	}
}

func valid(t testing.TB) []byte {
	raw, err := Marshal([]Tensor{
		F32Tensor("w", []float32{1, 2, 3, 4, 5, 6}, 3, 2),
		F32Tensor("b", []float32{0.5}, 1),
	}, map[string]string{"format": "simdrnn.charrnn.v1", "vocab": "abc"})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestMarshalErrors(t *testing.T) {
	for _, c := range []struct {
		ts   []Tensor
		want string
	}{
		{[]Tensor{{Name: "a", DType: F32, Shape: []int{2}, Data: make([]byte, 4)}}, "needs 8 bytes, data has 4"},
		{[]Tensor{{Name: "a", DType: "X", Shape: []int{1}, Data: make([]byte, 4)}}, "unsupported dtype"},
		{[]Tensor{{Name: "a", DType: F32, Shape: []int{-1}}}, "negative dimension"},
		{[]Tensor{F32Tensor("a", nil, 0), F32Tensor("a", nil, 0)}, "reserved or repeated"},
		{[]Tensor{F32Tensor(MetadataKey, nil, 0)}, "reserved or repeated"},
	} {
		if _, err := Marshal(c.ts, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Marshal(%v): error %v, want %q", c.ts, err, c.want)
		}
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.safetensors")
	if err := WriteFile(path, []Tensor{F32Tensor("a", []float32{1}, 1)}, nil); err != nil {
		t.Fatal(err)
	}
	if f, err := ReadFile(path); err != nil || len(f.Tensors) != 1 {
		t.Fatalf("ReadFile: %v, %v", f, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode())
	}
	// Not a file, missing directory.
	if err := WriteFile(dir, nil, nil); err == nil {
		t.Error("writing over a directory: no error")
	}
	if err := WriteFile(filepath.Join(dir, "no", "x"), nil, nil); err == nil {
		t.Error("writing into a missing directory: no error")
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadFile(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("ReadFile(dir): %v", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadFile(missing): %v", err)
	}
	p := filepath.Join(dir, "short")
	os.WriteFile(p, []byte("abc"), 0o644)
	if _, err := ReadFile(p); err == nil || !strings.Contains(err.Error(), "too short") {
		t.Errorf("ReadFile(short): %v", err)
	}
	os.WriteFile(p, file(`{"a":1}`, nil), 0o644)
	if _, err := ReadFile(p); err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("ReadFile(bad) error %v does not name the file", err)
	}
}

// FuzzParse checks that Parse never panics, and that whatever it accepts
// re-encodes to a file that parses to the same tensors and metadata.
func FuzzParse(f *testing.F) {
	f.Add(valid(f))
	f.Add(file(`{}`, nil))
	f.Add(file(`{"__metadata__":{"vocab":"ab"}}  `, nil))
	f.Add(file(`{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"b":{"dtype":"U8","shape":[2,1],"data_offsets":[0,2]}}`, []byte{1, 2}))
	for _, c := range badHeaders {
		f.Add(file(c.hdr, c.data))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Parse(b)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		again, err := Marshal(p.Tensors, p.Metadata)
		if err != nil {
			t.Fatalf("re-encoding an accepted file: %v", err)
		}
		q, err := Parse(again)
		if err != nil {
			t.Fatalf("re-parsing: %v", err)
		}
		if len(p.Metadata) != len(q.Metadata) {
			t.Fatalf("metadata %q became %q", p.Metadata, q.Metadata)
		}
		for k, v := range p.Metadata {
			if q.Metadata[k] != v {
				t.Fatalf("metadata %q: %q became %q", k, v, q.Metadata[k])
			}
		}
		if len(p.Tensors) != len(q.Tensors) {
			t.Fatalf("%d tensors became %d", len(p.Tensors), len(q.Tensors))
		}
		total := 0
		for _, pt := range p.Tensors {
			qt := q.Tensor(pt.Name)
			if qt == nil || qt.DType != pt.DType || !equalInts(qt.Shape, pt.Shape) || !bytes.Equal(qt.Data, pt.Data) {
				t.Fatalf("tensor %q changed: %+v -> %+v", pt.Name, pt, qt)
			}
			if len(pt.Data) != pt.NumElements()*pt.DType.Size() {
				t.Fatalf("tensor %q: %d bytes for shape %v", pt.Name, len(pt.Data), pt.Shape)
			}
			total += len(pt.Data)
		}
		if total > len(b) {
			t.Fatalf("tensors hold %d bytes, more than the %d-byte input", total, len(b))
		}
	})
}

func TestReadMetadata(t *testing.T) {
	dir := t.TempDir()
	b, err := Marshal([]Tensor{F32Tensor("a", []float32{1, 2, 3}, 3)}, map[string]string{"k": "v"})
	if err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.safetensors")
	if err := os.WriteFile(good, b, 0o644); err != nil {
		t.Fatal(err)
	}
	md, err := ReadMetadata(good)
	if err != nil || len(md) != 1 || md["k"] != "v" {
		t.Errorf("ReadMetadata: %v, %v; want map[k:v]", md, err)
	}
	for name, content := range map[string][]byte{
		"truncated": b[:len(b)-1], // the tensor extends past the end
		"short":     b[:5],
		"header":    b[:12],
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadMetadata(p); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %v, want one naming the file", name, err)
		}
	}
	if _, err := ReadMetadata(dir); err == nil {
		t.Error("a directory: no error")
	}
}

// TestLongInputShortError checks that an error repeating part of a file
// (a number, a name, a string) stays short however long that part is.
func TestLongInputShortError(t *testing.T) {
	huge := strings.Repeat("9", 1_000_000)
	long := strings.Repeat("x", 1_000_000)
	for _, hdr := range []string{
		`{"a":{"dtype":"F32","shape":[` + huge + `],"data_offsets":[0,4]}}`,
		`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,` + huge + `]}}`,
		`{"` + long + `":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}}`,
		`{"a":{"dtype":"` + long + `","shape":[1],"data_offsets":[0,4]}}`,
		`{"a":{"` + long + `":1}}`,
		`{"__metadata__":{"k":"v","k":"v"},"` + long + `":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"` + long + `":{}}`,
		`{"a":{"dtype":"F32","shape":["` + long + `"],"data_offsets":[0,4]}}`,
	} {
		b := make([]byte, 8, 8+len(hdr)+4)
		binary.LittleEndian.PutUint64(b, uint64(len(hdr)))
		b = append(append(b, hdr...), 0, 0, 0, 0)
		_, err := Parse(b)
		if err == nil {
			t.Errorf("header %.80s...: no error", hdr)
			continue
		}
		if len(err.Error()) > 300 {
			t.Errorf("header %.80s...: a %d-byte error: %.300s", hdr, len(err.Error()), err)
		}
	}
	if _, err := Parse([]byte{1}); err == nil || !strings.Contains(err.Error(), "file is 1 byte,") {
		t.Errorf("a 1-byte file: %v", err)
	}
}

// FuzzReadMetadata checks the header-only reader against Parse on any
// file: whatever Parse accepts, ReadMetadata accepts with the same
// metadata; whatever ReadMetadata rejects, Parse rejects; and every error
// stays short.
//
//	go test -run '^$' -fuzz FuzzReadMetadata -fuzztime 20s -fuzzminimizetime 0 ./internal/safetensors
func FuzzReadMetadata(f *testing.F) {
	f.Add(valid(f))
	f.Add(file(`{"__metadata__":{"format":"x","model_sha256":"ab"}}`, nil))
	for _, c := range badHeaders {
		f.Add(file(c.hdr, c.data))
	}
	path := filepath.Join(f.TempDir(), "f.safetensors")
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		md, err := ReadMetadata(path)
		p, perr := Parse(b)
		for _, e := range []error{err, perr} {
			if e != nil && len(e.Error()) > 1000 {
				t.Fatalf("a %d-byte error: %.300s", len(e.Error()), e)
			}
		}
		switch {
		case perr == nil && err != nil:
			t.Fatalf("Parse accepts what ReadMetadata rejects: %v", err)
		case perr == nil && len(md) != len(p.Metadata):
			t.Fatalf("metadata %q, Parse's %q", md, p.Metadata)
		case perr == nil:
			for k, v := range p.Metadata {
				if md[k] != v {
					t.Fatalf("metadata %q: %q, Parse's %q", k, md[k], v)
				}
			}
		}
	})
}
