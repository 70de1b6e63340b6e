//go:build arm64 && !purego && !noasm

package kernels

import (
	"reflect"
	"testing"
)

// TestNeonFillsEveryKernel checks that the neon tier implements every entry
// of the function table: a kernel added to funcs (and to the amd64 tiers)
// without a NEON implementation would silently run generic on arm64.
func TestNeonFillsEveryKernel(t *testing.T) {
	var f funcs
	neonFuncs(&f)
	v := reflect.ValueOf(f)
	for i := range v.NumField() {
		if v.Field(i).IsNil() {
			t.Errorf("neonFuncs leaves funcs.%s unset", v.Type().Field(i).Name)
		}
	}
}
