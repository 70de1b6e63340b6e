package main

import (
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"testing"
)

// kernelConsts returns the float32 bits of the constants named prefix0,
// prefix1, ... in kernels/elementwise_generic.go, read from their
// "// 0x..." comments after checking that each comment matches its value.
func kernelConsts(t *testing.T, prefix string) map[int]uint32 {
	t.Helper()
	src, err := os.ReadFile("../../../kernels/elementwise_generic.go")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(prefix + `(\d)\s*=\s*float32\(([-0-9.e]+)\)\s*//\s*0x([0-9a-f]{8})`)
	consts := map[int]uint32{}
	for _, m := range re.FindAllStringSubmatch(string(src), -1) {
		i, _ := strconv.Atoi(m[1])
		v, err := strconv.ParseFloat(m[2], 32)
		if err != nil {
			t.Fatal(err)
		}
		bits, _ := strconv.ParseUint(m[3], 16, 32)
		if math.Float32bits(float32(v)) != uint32(bits) {
			t.Errorf("%s%d = %s, but its comment says %#x", prefix, i, m[2], bits)
		}
		consts[i] = uint32(bits)
	}
	if len(consts) == 0 {
		t.Fatalf("no %s constants found", prefix)
	}
	return consts
}

// TestFitsMatchKernels checks that polyfit's two fits give, bit for bit,
// the coefficients the kernels use (expC2..expC6, tanhT0..tanhT4), with the
// relative error bounds that elementwise_generic.go states.
func TestFitsMatchKernels(t *testing.T) {
	cases := []struct {
		p      problem
		prefix string
		first  int     // index of the first constant (expC2, tanhT0)
		bound  float64 // as stated in elementwise_generic.go
	}{
		{expProblem(), "expC", 2, 3.8e-9},
		{tanhProblem(5), "tanhT", 0, 8.6e-9},
	}
	for _, c := range cases {
		want := kernelConsts(t, c.prefix)
		c32, err := fit(c.p)
		if len(c32) != len(want) {
			t.Errorf("%s: %d coefficients, the kernels use %d", c.p.name, len(c32), len(want))
		}
		for i, v := range c32 {
			if got, w := math.Float32bits(v), want[c.first+i]; got != w {
				t.Errorf("%s: coefficient %s%d = %#x, kernels use %#x", c.p.name, c.prefix, c.first+i, got, w)
			}
		}
		if err >= c.bound {
			t.Errorf("%s: max relative error %.4g, elementwise_generic.go states < %g", c.p.name, err, c.bound)
		}
		t.Log(c.p.name, fmt.Sprintf("max relative error %.4g", err))
	}
}

// TestRemezKnownFit checks the Remez exchange against a known answer: the
// minimax line through e^x on [0, 1] (absolute error) has slope m = e-1
// and error (1 + m ln m - m) / 2, equioscillating at 0, ln m and 1.
func TestRemezKnownFit(t *testing.T) {
	p := problem{name: "line", lo: 0, hi: 1, n: 2, g: math.Exp, w: func(float64) float64 { return 1 }}
	c := remez(p)
	e := math.E - 1
	wantErr := (1 + e*math.Log(e) - e) / 2
	if math.Abs(c[1]-e) > 1e-6 {
		t.Errorf("slope %v, want e-1 = %v", c[1], e)
	}
	if got := maxErr(p, c); math.Abs(got-wantErr) > 1e-6 {
		t.Errorf("max error %v, want %v", got, wantErr)
	}
}
