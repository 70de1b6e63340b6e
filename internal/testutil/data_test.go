package testutil

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// endTB is a testing.TB that records Skip and Fatal instead of ending the
// test, to check which one SharedData and RequireTier choose.
type endTB struct {
	testing.TB
	skipped, fatal string
}

func (d *endTB) Helper()           {}
func (d *endTB) Skip(args ...any)  { d.skipped = fmt.Sprint(args...) }
func (d *endTB) Fatal(args ...any) { d.fatal = fmt.Sprint(args...) }

// TestReadDataSkipOrFail checks that a missing file of test data skips the
// test with the path named, fails it when SIMDRNN_REQUIRE_DATA is set, and
// that a present file is returned whole.
func TestReadDataSkipOrFail(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "here.txt"), []byte("to be"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, require := range []string{"", "1"} {
		t.Setenv(RequireDataEnv, require)
		var d endTB
		if b := readData(&d, dir, "here.txt"); string(b) != "to be" || d.skipped != "" || d.fatal != "" {
			t.Errorf("%s=%q, present file: got %q, skip %q, fatal %q", RequireDataEnv, require, b, d.skipped, d.fatal)
		}
		d = endTB{}
		b := readData(&d, dir, "absent.txt")
		want := "test data absent.txt not available"
		switch {
		case b != nil:
			t.Errorf("%s=%q, absent file: got %q", RequireDataEnv, require, b)
		case require == "" && (d.fatal != "" || !strings.Contains(d.skipped, want) || !strings.Contains(d.skipped, SharedDataDir+"/absent.txt")):
			t.Errorf("%s unset, absent file: skip %q, fatal %q; want a skip naming the file", RequireDataEnv, d.skipped, d.fatal)
		case require != "" && (d.skipped != "" || !strings.Contains(d.fatal, want) || !strings.Contains(d.fatal, RequireDataEnv+" requires it")):
			t.Errorf("%s=1, absent file: skip %q, fatal %q; want a failure naming the file and the variable", RequireDataEnv, d.skipped, d.fatal)
		}
	}
}

// TestModuleRoot checks that the root found holds this module's go.mod.
func TestModuleRoot(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !strings.HasPrefix(string(b), "module github.com/simdrnn/simdrnn\n") {
		t.Errorf("module root %s: go.mod %q, %v", root, b, err)
	}
}
