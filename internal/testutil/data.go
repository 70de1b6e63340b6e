package testutil

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// RequireDataEnv names the environment variable that makes a missing file
// of the shared test data a failure: with it set (to any non-empty value),
// SharedData fails the test where it would skip it. CI sets it, so that
// the tests that train on the corpus cannot pass by skipping.
const RequireDataEnv = "SIMDRNN_REQUIRE_DATA"

// SharedDataDir is the directory of the test data kept outside the
// repository (the tinyshakespeare corpus), relative to the module root.
const SharedDataDir = "../shared/data"

// SharedData returns the contents of the named file in SharedDataDir,
// found from the module root above the test's working directory. When the
// file cannot be read the test is skipped with a message naming the path,
// or failed if SIMDRNN_REQUIRE_DATA is set.
func SharedData(t testing.TB, name string) []byte {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return readData(t, filepath.Join(root, filepath.FromSlash(SharedDataDir)), name)
}

// readData is SharedData reading from dir.
func readData(t testing.TB, dir, name string) []byte {
	t.Helper()
	path := filepath.Join(dir, name)
	b, err := os.ReadFile(path)
	if err != nil {
		msg := fmt.Sprintf("test data %s not available (%v): put it at %s relative to the module root to run this test", name, err, SharedDataDir+"/"+name)
		if os.Getenv(RequireDataEnv) != "" {
			t.Fatal(msg + "; " + RequireDataEnv + " requires it")
		} else {
			t.Skip(msg)
		}
		return nil
	}
	return b
}

// moduleRoot returns the directory holding go.mod, walking up from the
// working directory (a test's is its package's directory).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("go.mod not found above %s", dir)
		}
		dir = parent
	}
}
