package neon

import "testing"

// TestFmlaElem checks the encoder against words of asm2plan9s (through
// asm/cmd/arm64word) in kernels/*_arm64.s, every lane and registers of
// both halves of the register file among them.
func TestFmlaElem(t *testing.T) {
	for _, k := range []struct {
		d, n, m, lane int
		line          string
	}{
		{8, 4, 0, 0, "\tWORD $0x4f801088 // fmla v8.4s, v4.4s, v0.s[0]"},
		{8, 6, 0, 1, "\tWORD $0x4fa010c8 // fmla v8.4s, v6.4s, v0.s[1]"},
		{14, 4, 1, 2, "\tWORD $0x4f81188e // fmla v14.4s, v4.4s, v1.s[2]"},
		{9, 7, 0, 3, "\tWORD $0x4fa018e9 // fmla v9.4s, v7.4s, v0.s[3]"},
		{31, 5, 3, 0, "\tWORD $0x4f8310bf // fmla v31.4s, v5.4s, v3.s[0]"},
		{4, 16, 31, 0, "\tWORD $0x4f9f1204 // fmla v4.4s, v16.4s, v31.s[0]"},
		{11, 23, 31, 0, "\tWORD $0x4f9f12eb // fmla v11.4s, v23.4s, v31.s[0]"},
	} {
		if got := fmla(k.d, k.n, k.m, k.lane); got != k.line {
			t.Errorf("fmla(%d, %d, %d, %d) = %q, want %q", k.d, k.n, k.m, k.lane, got, k.line)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("fmlaElem with lane 4 did not panic")
		}
	}()
	fmlaElem(0, 0, 0, 4)
}
