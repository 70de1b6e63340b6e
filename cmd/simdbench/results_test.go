package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResultsCurrent regenerates bench/results/README.md and
// bench/results/chart.svg from the committed result files, with the
// commands the page itself gives, and fails if either differs from the
// committed one.
func TestResultsCurrent(t *testing.T) {
	t.Chdir("../..")
	files, err := filepath.Glob("bench/results/*/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no result files in bench/results: %v", err)
	}
	args := strings.Join(files, " ")
	for _, c := range []struct {
		path string
		args []string
		fix  string
	}{
		{
			path: "bench/results/README.md",
			args: append([]string{"show", "-markdown"}, files...),
			fix:  "go run ./cmd/simdbench show -markdown bench/results/*/*.txt > bench/results/README.md",
		},
		{
			path: "bench/results/chart.svg",
			args: append([]string{"compare", "-title", chartTitle, "-svg", filepath.Join(t.TempDir(), "chart.svg")}, files...),
			fix:  "go run ./cmd/simdbench compare -title '" + chartTitle + "' -svg bench/results/chart.svg bench/results/*/*.txt",
		},
	} {
		if !strings.Contains(resultsIntro, c.fix) {
			t.Errorf("the page does not give the command %q", c.fix)
		}
		code, stdout, stderr := runCmd(t, c.args...)
		if code != 0 {
			t.Fatalf("simdbench %s: exit %d: %s", strings.Join(c.args, " "), code, stderr)
		}
		got := []byte(stdout)
		if c.args[0] == "compare" {
			if got, err = os.ReadFile(c.args[4]); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not current for %s; regenerate it from the repository's root:\n\t%s", c.path, args, c.fix)
		}
	}
	// Every machine is on the page and in the chart.
	page, _ := os.ReadFile("bench/results/README.md")
	chart, _ := os.ReadFile("bench/results/chart.svg")
	for _, f := range files {
		label := strings.TrimSuffix(filepath.Base(f), ".txt")
		if !bytes.Contains(page, []byte("### "+label+"\n")) || !bytes.Contains(chart, []byte(">"+label+" ")) {
			t.Errorf("%s is missing from the page or the chart", f)
		}
	}
}

func TestShowMarkdownUsage(t *testing.T) {
	a := "../../bench/testdata/amd-epyc-quick.txt"
	for _, args := range [][]string{
		{"show", "-markdown"},
		{"show", "-markdown", "-filter", "Dot", a},
		{"show", a, a},
	} {
		if code, _, stderr := runCmd(t, args...); code != 2 || stderr == "" {
			t.Errorf("simdbench %s: exit %d, stderr %q; want 2 and a message", strings.Join(args, " "), code, stderr)
		}
	}
	code, stdout, stderr := runCmd(t, "show", "-markdown", a, "../../bench/testdata/qemu-arm64.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"## Machines", "## Headline", "| MatVec, GFLOP/s, n = 64 / 256 / 1024 |", "## Limits", "## Every kernel", "### amd-epyc-quick\n", "### qemu-arm64\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
