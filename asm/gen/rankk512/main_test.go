package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGenerated fails if kernels/rankk_avx512_amd64.s is not what the
// generator writes (edit the generator, then run it).
func TestGenerated(t *testing.T) {
	have, err := os.ReadFile("../../../kernels/rankk_avx512_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	if want := generate(); !bytes.Equal(have, want) {
		t.Fatal("kernels/rankk_avx512_amd64.s differs from the generator's output: cd asm && go run ./gen/rankk512")
	}
}
