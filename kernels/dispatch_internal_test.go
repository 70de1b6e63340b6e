package kernels

import (
	"reflect"
	"slices"
	"testing"
	"unsafe"
)

// settable returns field i of the struct that v (addressable) holds, made
// settable although funcs' fields are unexported.
func settable(v reflect.Value, i int) reflect.Value {
	f := v.Field(i)
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
}

// sentinels returns a table whose every entry is a function (or a list)
// that no tier registers (made by reflect.MakeFunc or MakeSlice), to tell
// which entries a fill function sets.
func sentinels() funcs {
	var f funcs
	v := reflect.ValueOf(&f).Elem()
	for i := range v.NumField() {
		ft := v.Field(i).Type()
		if ft.Kind() == reflect.Slice { // a list of kernels (gemm)
			settable(v, i).Set(reflect.MakeSlice(ft, 1, 1))
			continue
		}
		settable(v, i).Set(reflect.MakeFunc(ft, func([]reflect.Value) []reflect.Value { panic("sentinel called") }))
	}
	return f
}

// TestTierTables checks every tier registered in this build, available on
// this CPU or not (filling a table runs no assembly): generic and the
// architecture's first assembly tier fill every kernel; no tier sets an
// entry to nil; and the table Use builds for a tier holds, for each kernel,
// the entry of the best tier up to it that claims (sets) the kernel, so
// that fallback fills the rest. The kernels each tier inherits are logged.
func TestTierTables(t *testing.T) {
	if allTiers[0].name != "generic" {
		t.Fatalf("first tier %q, want generic", allTiers[0].name)
	}
	typ := reflect.TypeFor[funcs]()
	var want funcs // the table expected for the tier under test
	for ti, tr := range allTiers {
		s := sentinels()
		tr.fill(&s)
		sv, wv := reflect.ValueOf(&s).Elem(), reflect.ValueOf(&want).Elem()
		orig := reflect.ValueOf(sentinels())
		var claims, inherits []string
		for i := range typ.NumField() {
			name := typ.Field(i).Name
			switch e := settable(sv, i); {
			case e.IsNil():
				t.Errorf("tier %s sets funcs.%s to nil", tr.name, name)
			case e.Pointer() == orig.Field(i).Pointer():
				inherits = append(inherits, name)
			default:
				claims = append(claims, name)
				settable(wv, i).Set(e)
			}
		}
		t.Logf("tier %s (available: %v) claims %d kernels; inherits %v", tr.name, tr.available, len(claims), inherits)
		if ti <= 1 && len(inherits) > 0 {
			// generic is the fallback of every kernel; the first assembly
			// tier is the baseline of its architecture, so a kernel added
			// without assembly there would silently run generic.
			t.Errorf("tier %s does not fill %v: generic and the first assembly tier must fill every kernel", tr.name, inherits)
		}

		// The table Use composes, without the availability check.
		var got funcs
		for _, lower := range allTiers[:ti+1] {
			lower.fill(&got)
		}
		gv := reflect.ValueOf(got)
		for i := range typ.NumField() {
			if g := gv.Field(i); g.IsNil() {
				t.Errorf("tier %s: funcs.%s is nil after fallback", tr.name, typ.Field(i).Name)
			} else if g.Pointer() != wv.Field(i).Pointer() {
				t.Errorf("tier %s: funcs.%s is not the entry of the best tier that claims it", tr.name, typ.Field(i).Name)
			}
		}
	}
}

// TestTiersInfo checks Tiers against the registered tiers and against
// Implementations.
func TestTiersInfo(t *testing.T) {
	infos := Tiers()
	if len(infos) != len(allTiers) || infos[len(infos)-1].Name != "generic" {
		t.Fatalf("Tiers() = %+v, want the %d registered tiers, generic last", infos, len(allTiers))
	}
	var avail []string
	for i, info := range infos {
		tr := allTiers[len(allTiers)-1-i]
		if info.Name != tr.name || info.Available != tr.available || !slices.Equal(info.Requires, tr.requires) {
			t.Errorf("Tiers()[%d] = %+v, registered %+v", i, info, tr)
		}
		if info.Available != (len(info.Missing) == 0) {
			t.Errorf("tier %s: Available %v with Missing %v", info.Name, info.Available, info.Missing)
		}
		if info.Name != "generic" && len(info.Requires) == 0 {
			t.Errorf("tier %s requires no CPU feature", info.Name)
		}
		if info.Available {
			avail = append(avail, info.Name)
		}
		t.Logf("tier %s: available %v, requires %v, missing %v", info.Name, info.Available, info.Requires, info.Missing)
	}
	if !slices.Equal(avail, Implementations()) {
		t.Errorf("available tiers %v, Implementations() = %v", avail, Implementations())
	}
}
