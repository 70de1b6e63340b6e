package doccheck

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// commands are the repository's commands whose flags the docs are checked
// against, by the name they are invoked as (also the last element of
// their package path, ./cmd/NAME).
var commands = []string{"charrnn", "simdbench"}

// flagSets holds each command's flags as its -h prints them: by subcommand,
// "" for the command without one (the flags the command's own -h lists).
type flagSets map[string]map[string]map[string]bool

// checker checks documentation text against the repository.
type checker struct {
	root  string   // module root
	flags flagSets // the commands' flags
	// tests caches the test, benchmark, fuzz and example function names of
	// each package directory.
	tests map[string][]string
	// envs are the SIMDRNN_* names that the Go code has as string literals.
	envs map[string]bool
}

// problem is one thing a doc names that does not exist.
type problem struct {
	file string
	line int
	msg  string
}

func (p problem) String() string { return fmt.Sprintf("%s:%d: %s", p.file, p.line, p.msg) }

// moduleRoot returns the directory of this module's go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && strings.HasPrefix(string(b), "module github.com/simdrnn/simdrnn\n") {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("the simdrnn module's go.mod not found above the test's directory")
		}
		dir = parent
	}
}

// buildFlags builds the commands and reads their flag sets from -h.
func buildFlags(t *testing.T, root string) flagSets {
	t.Helper()
	dir := t.TempDir()
	sets := flagSets{}
	for _, name := range commands {
		bin := filepath.Join(dir, name)
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/"+name)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build ./cmd/%s: %v\n%s", name, err, out)
		}
		help := func(args ...string) string {
			out, _ := exec.Command(bin, append(args, "-h")...).CombinedOutput() // -h may exit non-zero
			return string(out)
		}
		top := help()
		sets[name] = map[string]map[string]bool{"": parseFlags(top)}
		for _, sub := range parseSubcommands(name, top) {
			sets[name][sub] = parseFlags(help(sub))
			if len(sets[name][sub]) == 0 {
				t.Fatalf("%s %s -h lists no flags:\n%s", name, sub, help(sub))
			}
		}
		if len(sets[name]) == 1 && len(sets[name][""]) == 0 {
			t.Fatalf("%s -h lists no flags and no subcommands:\n%s", name, top)
		}
	}
	return sets
}

var flagLine = regexp.MustCompile(`(?m)^  -([A-Za-z0-9][A-Za-z0-9_.-]*)`)

// parseFlags returns the flag names of flag.PrintDefaults output.
func parseFlags(help string) map[string]bool {
	m := map[string]bool{}
	for _, f := range flagLine.FindAllStringSubmatch(help, -1) {
		m[f[1]] = true
	}
	return m
}

// parseSubcommands returns the subcommands a usage text shows as
// "NAME sub ..." lines.
func parseSubcommands(name, help string) []string {
	re := regexp.MustCompile(`(?m)^\s*(?:usage:\s*)?` + regexp.QuoteMeta(name) + `\s+([a-z][a-z0-9-]*)\b`)
	var subs []string
	for _, m := range re.FindAllStringSubmatch(help, -1) {
		if !slices.Contains(subs, m[1]) {
			subs = append(subs, m[1])
		}
	}
	return subs
}

// newChecker reads the repository's test names and environment variables.
func newChecker(t *testing.T, root string, flags flagSets) *checker {
	t.Helper()
	c := &checker{root: root, flags: flags, tests: map[string][]string{}, envs: map[string]bool{}}
	lit := regexp.MustCompile(`"(SIMDRNN_[A-Z0-9_]+)[="]`)
	self, _ := filepath.Abs(".")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && p != root || p == self) {
			return filepath.SkipDir // .git, and this package, which names variables in its tests
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			c.envs[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !c.envs["SIMDRNN_KERNELS"] {
		t.Fatal("no SIMDRNN_KERNELS string in the Go code: is the root right?")
	}
	return c
}

var testFunc = regexp.MustCompile(`(?m)^func ((?:Test|Benchmark|Fuzz|Example)[A-Za-z0-9_]*)\(`)

// pkgPath is a package directory, with recursive set for dir/... (every
// package under it, in its module; all modules under it with allModules).
type pkgPath struct {
	dir                   string
	recursive, allModules bool
}

// testNames returns the test functions of the packages of p.
func (c *checker) testNames(p pkgPath) ([]string, error) {
	key := fmt.Sprint(p)
	if names, ok := c.tests[key]; ok {
		return names, nil
	}
	base, recursive, allModules := p.dir, p.recursive, p.allModules
	if st, err := os.Stat(base); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("no package directory %s", base)
	}
	var names []string
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p == base {
				return nil
			}
			if !recursive || strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil && !allModules {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range testFunc.FindAllStringSubmatch(string(b), -1) {
			names = append(names, m[1])
		}
		return nil
	})
	c.tests[key] = names
	return names, err
}

// A snippet is shell text from a doc: one code span, or one logical line of
// a code block (continuation lines joined).
type snippet struct {
	line  int
	text  string
	span  bool
	block int // the code block's number, for the lines of one
}

var (
	codeSpan = regexp.MustCompile("`([^`]+)`")
	envName  = regexp.MustCompile(`SIMDRNN_[A-Z0-9]+(?:_[A-Z0-9]+)*`)
)

// snippets returns the code of a Markdown file: the lines of its fenced
// code blocks, and its code spans elsewhere. A shell script (shell set) is
// all code.
func snippets(text string, shell bool) []snippet {
	var out []snippet
	var fence string
	block := 0
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(nil, 1<<20)
	for ln := 1; sc.Scan(); ln++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if !shell {
			if fence == "" && (strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")) {
				fence = trimmed[:3]
				block++
				continue
			}
			if fence != "" && strings.HasPrefix(trimmed, fence) {
				fence = ""
				continue
			}
		}
		if shell || fence != "" {
			// A line ending in a backslash, and a line that starts with
			// "[" or "-" (a usage synopsis wrapped), continue the line
			// before.
			if n := len(out); n > 0 && !out[n-1].span && (strings.HasSuffix(out[n-1].text, "\\") ||
				(strings.HasPrefix(trimmed, "[") || strings.HasPrefix(trimmed, "-")) && out[n-1].text != "") {
				out[n-1].text = strings.TrimSuffix(out[n-1].text, "\\") + " " + trimmed
				continue
			}
			out = append(out, snippet{ln, trimmed, false, block})
			continue
		}
		table := strings.HasPrefix(trimmed, "|")
		for _, m := range codeSpan.FindAllStringSubmatch(line, -1) {
			s := m[1]
			if table {
				s = strings.ReplaceAll(s, `\|`, "|") // an escaped pipe in a table cell
			}
			out = append(out, snippet{ln, s, true, 0})
		}
	}
	return out
}

// words splits shell text into commands (segments between |, ;, &&, ||,
// parentheses and redirections), each a list of words with quotes removed.
// A "#" starting a word starts a comment; $(...) stays inside its word;
// inside [...] (a usage synopsis), | separates nothing.
func words(s string) [][]string {
	var segs [][]string
	var cur []string
	var w strings.Builder
	inWord := false
	endWord := func() {
		if inWord {
			cur = append(cur, w.String())
			w.Reset()
			inWord = false
		}
	}
	endSeg := func() {
		endWord()
		if len(cur) > 0 {
			segs = append(segs, cur)
		}
		cur = nil
	}
	depth := 0
	r := []rune(s)
	for i := 0; i < len(r); i++ {
		ch := r[i]
		switch {
		case ch == '\'' || ch == '"':
			inWord = true
			j := i + 1
			for j < len(r) && r[j] != ch {
				if ch == '"' && r[j] == '\\' && j+1 < len(r) {
					j++
				}
				w.WriteRune(r[j])
				j++
			}
			i = j
		case ch == '\\' && i+1 < len(r):
			inWord = true
			i++
			w.WriteRune(r[i])
		case ch == '$' && i+1 < len(r) && r[i+1] == '(':
			inWord = true
			n := 0
			for ; i < len(r); i++ {
				w.WriteRune(r[i])
				if r[i] == '(' {
					n++
				} else if r[i] == ')' {
					if n--; n == 0 {
						break
					}
				}
			}
		case ch == '#' && !inWord:
			endSeg()
			return segs
		case ch == ' ' || ch == '\t':
			endWord()
		case ch == '[':
			depth++
			inWord = true
			w.WriteRune(ch)
		case ch == ']':
			depth = max(0, depth-1)
			inWord = true
			w.WriteRune(ch)
		case depth == 0 && strings.ContainsRune("|;&()<>", ch):
			endSeg()
		default:
			inWord = true
			w.WriteRune(ch)
		}
	}
	endSeg()
	return segs
}

// flagName returns the name of a word that is a flag (-name, --name,
// -name=value, also inside a synopsis's brackets), or "".
var flagWord = regexp.MustCompile(`^\[*--?([A-Za-z][A-Za-z0-9_.-]*)(?:=.*)?\]*$`)

func flagName(w string) string {
	if m := flagWord.FindStringSubmatch(w); m != nil {
		return m[1]
	}
	return ""
}

// invocation returns the command a segment runs (charrnn, simdbench, "go
// test", or "other" for any other known program) and its arguments; ""
// when the segment is not a command line (prose in a code span, a path).
func invocation(seg []string) (cmd string, args []string) {
	i := 0
	for i < len(seg) && (strings.Contains(seg[i], "=") && !strings.HasPrefix(seg[i], "-") || seg[i] == "env" || seg[i] == "time") {
		i++ // VAR=value, env, time
	}
	seg = seg[i:]
	if len(seg) == 0 {
		return "", nil
	}
	if seg[0] == "go" && len(seg) > 1 {
		switch seg[1] {
		case "run":
			j := 2
			for j < len(seg) && strings.HasPrefix(seg[j], "-") {
				j++
			}
			if j < len(seg) && slices.Contains(commands, filepath.Base(seg[j])) {
				return filepath.Base(seg[j]), seg[j+1:]
			}
			return "other", nil
		case "test":
			return "go test", seg[2:]
		}
		return "other", nil
	}
	if slices.Contains(commands, seg[0]) || strings.HasPrefix(seg[0], "./") && slices.Contains(commands, filepath.Base(seg[0])) {
		return filepath.Base(seg[0]), seg[1:]
	}
	if strings.HasPrefix(seg[0], "qemu-") || slices.Contains([]string{"bash", "benchstat", "python3", "git", "apt-get", "setpriv", "cd"}, seg[0]) {
		return "other", nil
	}
	return "", nil
}

// check returns what the doc text names that does not exist. file names it
// in the problems; dir is the directory that relative package paths in it
// start from (the repository's root: the docs give commands from there,
// with "cd asm" where they run elsewhere); shell says the text is a shell
// script.
func (c *checker) check(file, dir, text string, shell bool) []problem {
	var probs []problem
	bad := func(line int, format string, args ...any) {
		probs = append(probs, problem{file, line, fmt.Sprintf(format, args...)})
	}
	for ln, line := range strings.Split(text, "\n") {
		for _, v := range envName.FindAllString(line, -1) {
			if !c.envs[v] {
				bad(ln+1, "%s: no Go code reads this environment variable", v)
			}
		}
	}
	context := ""   // the command the last command line in the file ran
	blockDir := dir // a code block's directory after a line that is only "cd DIR"
	block := 0
	for _, sn := range snippets(text, shell) {
		if sn.block != block {
			block, blockDir = sn.block, dir
		}
		base := dir
		if !sn.span {
			base = blockDir
		}
		segs := words(sn.text)
		for _, seg := range segs {
			if seg[0] == "cd" && len(seg) == 2 {
				base = filepath.Join(base, seg[1])
				if len(segs) == 1 && !sn.span {
					blockDir = base
				}
				continue
			}
			cmd, args := invocation(seg)
			switch cmd {
			case "":
				// A code span holding only a flag ("-lr", "-o FILE")
				// names a flag of the command the doc last ran.
				if sn.span && slices.Contains(commands, context) {
					if name := flagName(seg[0]); name != "" && strings.HasPrefix(seg[0], "-") && !c.anyFlag(context, name) {
						bad(sn.line, "`%s`: %s has no flag -%s (in any subcommand)", sn.text, context, name)
					}
				}
				continue
			case "go test":
				probs = append(probs, c.checkGoTest(file, sn.line, base, sn.span, args)...)
			case "charrnn", "simdbench":
				probs = append(probs, c.checkFlags(file, sn.line, cmd, args)...)
			}
			context = cmd
		}
	}
	return probs
}

// anyFlag reports whether any subcommand of cmd has the flag.
func (c *checker) anyFlag(cmd, name string) bool {
	if name == "h" || name == "help" {
		return true
	}
	for _, set := range c.flags[cmd] {
		if set[name] {
			return true
		}
	}
	return false
}

// checkFlags checks the flags of one invocation of cmd.
func (c *checker) checkFlags(file string, line int, cmd string, args []string) []problem {
	sets := c.flags[cmd]
	sub := ""
	if len(args) > 0 && sets[args[0]] != nil && args[0] != "" {
		sub, args = args[0], args[1:]
	}
	var probs []problem
	for _, a := range args {
		name := flagName(a)
		if name == "" || name == "h" || name == "help" {
			continue
		}
		if sub == "" && len(sets[""]) == 0 {
			// No subcommand named, and the command has no flags of its
			// own: a flag of any subcommand.
			if !c.anyFlag(cmd, name) {
				probs = append(probs, problem{file, line, fmt.Sprintf("%s has no flag -%s (in any subcommand)", cmd, name)})
			}
			continue
		}
		if !sets[sub][name] {
			full := strings.TrimSpace(cmd + " " + sub)
			probs = append(probs, problem{file, line, fmt.Sprintf("%s has no flag -%s (its -h lists: %s)", full, name, list(sets[sub]))})
		}
	}
	return probs
}

func list(set map[string]bool) string {
	var names []string
	for n := range set {
		names = append(names, "-"+n)
	}
	sort.Strings(names)
	return strings.Join(names, " ")
}

// checkGoTest checks that each -run, -skip, -bench and -fuzz pattern of a
// go test command matches a function of the packages it names.
//
// Without a package, a code block's command runs in its directory; a code
// span's, whose directory the prose gives, is checked against every
// package of the repository.
func (c *checker) checkGoTest(file string, line int, dir string, span bool, args []string) []problem {
	var probs []problem
	var pkgs []pkgPath
	type pat struct{ flag, re string }
	var pats []pat
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "./") || a == "." {
			pkgs = append(pkgs, pkgPath{dir: filepath.Join(dir, strings.TrimSuffix(a, "/...")), recursive: strings.HasSuffix(a, "/...")})
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || !slices.Contains([]string{"run", "skip", "bench", "fuzz"}, name) {
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				continue
			}
			i++
			value = args[i]
		}
		pats = append(pats, pat{name, value})
	}
	if len(pkgs) == 0 {
		pkgs = []pkgPath{{dir: dir}}
		if span {
			pkgs = []pkgPath{{dir: c.root, recursive: true, allModules: true}}
		}
	}
	var names []string
	for _, p := range pkgs {
		n, err := c.testNames(p)
		if err != nil {
			probs = append(probs, problem{file, line, fmt.Sprintf("go test: %v", err)})
		}
		names = append(names, n...)
	}
	shellVar := regexp.MustCompile(`\$[A-Za-z_{]`)
	for _, p := range pats {
		if p.re == "^$" || p.re == "." || shellVar.MatchString(p.re) {
			continue // nothing, everything, or a shell variable's value
		}
		// Only the top level: TestX/sub matches subtests of TestX.
		top, _, _ := strings.Cut(p.re, "/")
		re, err := regexp.Compile(top)
		if err != nil {
			probs = append(probs, problem{file, line, fmt.Sprintf("go test -%s %q: %v", p.flag, p.re, err)})
			continue
		}
		prefix := map[string]string{"run": "", "skip": "", "bench": "Benchmark", "fuzz": "Fuzz"}[p.flag]
		found := false
		for _, n := range names {
			if strings.HasPrefix(n, prefix) && (p.flag != "run" && p.flag != "skip" || !strings.HasPrefix(n, "Benchmark")) && re.MatchString(n) {
				found = true
				break
			}
		}
		if !found {
			rel := make([]string, len(pkgs))
			for i, p := range pkgs {
				rel[i], _ = filepath.Rel(c.root, p.dir)
				if p.recursive {
					rel[i] += "/..."
				}
			}
			probs = append(probs, problem{file, line, fmt.Sprintf("go test -%s %q matches no %s function in %s", p.flag, p.re, map[string]string{"": "test", "Benchmark": "benchmark", "Fuzz": "fuzz"}[prefix], strings.Join(rel, ", "))})
		}
	}
	return probs
}

// docFiles returns every Markdown file of the repository (relative paths)
// and .ci/run.
func docFiles(t *testing.T, root string) []string {
	t.Helper()
	files := []string{".ci/run"}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != root {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(root, p)
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestDocsNameWhatExists checks every Markdown file of the repository and
// .ci/run (see the package documentation).
func TestDocsNameWhatExists(t *testing.T) {
	if testing.Short() {
		t.Skip("builds charrnn and simdbench; skipped with -short")
	}
	root := moduleRoot(t)
	c := newChecker(t, root, buildFlags(t, root))
	for _, f := range docFiles(t, root) {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range c.check(f, root, string(b), f == ".ci/run") {
			t.Error(p)
		}
	}
}

// TestCheckerFinds checks that the checker reports a flag a command does
// not have (in a block, a span, a synopsis, a lone span, a subcommand's),
// a go test pattern that matches nothing, and an environment variable no
// code reads, and that it accepts what exists.
func TestCheckerFinds(t *testing.T) {
	root := moduleRoot(t)
	flags := flagSets{
		"charrnn": {
			"":      {},
			"train": {"iters": true, "data": true, "out": true},
			"eval":  {"model": true, "data": true},
		},
		"simdbench": {
			"":        {"quick": true, "o": true, "filter": true},
			"compare": {"filter": true, "svg": true},
		},
	}
	c := newChecker(t, root, flags)
	doc := strings.Join([]string{
		"# Doc",
		"",
		"```sh",
		"go run ./cmd/charrnn train -iters 10 -nosuch 3   # -commented is not a flag",
		"charrnn train [-data FILE] [-out F]",
		"        [-wrapped N]",
		"SIMDRNN_KERNELS=generic go run ./cmd/simdbench -quick -o '' | tee x # ok",
		"go run ./cmd/simdbench compare -quick a.txt",
		"go test -count=1 -run '^TestImplementations$' -v ./kernels",
		"go test -run TestNoSuchThing ./kernels",
		"go test -run '^$' -fuzz FuzzNoSuch ./rnn",
		"go test -bench 'MatVec|Nope' ./kernels",
		"(cd internal && go test -run TestRequireTier ./testutil)",
		"```",
		"",
		"Prose with `charrnn eval -model m -iters 5` and `charrnn -data x -bogus`,",
		"then a lone `-out` and `-bad-lone FILE`; `SIMDRNN_KERNELS` and `SIMDRNN_NO_SUCH`.",
		"Not commands: `cmd/charrnn`, `go test -run TestDot ./kernels` and `-count 1` after it.",
		"```",
		"go test -run '^$' -fuzz \"^$name\\$\" ./bench",
		"cd bench/compare",
		"go test -run PeersAgree .",
		"go test -run TestGerK ./...",
		"```",
		"```sh",
		"go test -run TestGerK ./kernels",
		"```",
		"`go test -run '^$' -bench 'MatVec/impl=gonum'` in `bench/compare`, `go test -run TestNope ./...`",
	}, "\n")
	var got []string
	for _, p := range c.check("doc.md", root, doc, false) {
		got = append(got, p.String())
	}
	want := []string{
		"doc.md:4: charrnn train has no flag -nosuch",
		"doc.md:5: charrnn train has no flag -wrapped",
		"doc.md:8: simdbench compare has no flag -quick",
		`doc.md:10: go test -run "TestNoSuchThing" matches no test function in kernels`,
		`doc.md:11: go test -fuzz "FuzzNoSuch" matches no fuzz function in rnn`,
		"doc.md:16: charrnn eval has no flag -iters",
		"doc.md:16: charrnn has no flag -bogus",
		"doc.md:17: `-bad-lone FILE`: charrnn has no flag -bad-lone",
		"doc.md:17: SIMDRNN_NO_SUCH: no Go code reads this environment variable",
		`doc.md:23: go test -run "TestGerK" matches no test function in bench/compare/...`,
		`doc.md:28: go test -run "TestNope" matches no test function in ./...`,
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, w) }) {
			t.Errorf("not reported: %s", w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("reported %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
}

// TestParseHelp checks the reading of flag sets and subcommands from -h
// output as the flag package and the commands print it.
func TestParseHelp(t *testing.T) {
	top := "usage:\n  charrnn train [-data FILE] [-hidden 100]\n                [-seed S]\n  charrnn sample -model F [-n 500]\n  charrnn convert -to f16|bf16|f32 IN OUT\nRun 'charrnn COMMAND -h' for a command's flags.\n"
	if got := parseSubcommands("charrnn", top); !slices.Equal(got, []string{"train", "sample", "convert"}) {
		t.Errorf("subcommands %q", got)
	}
	if got := parseFlags(top); len(got) != 0 {
		t.Errorf("flags of a usage synopsis: %v", got)
	}
	sb := "usage: simdbench [flags]\n       simdbench compare [-filter RE] RESULTS...\n       simdbench show [-filter RE] RESULTS\n\n  -filter string\n    \trun only ...\n  -o string\n    \twrite ...\n  -quick\n    \ta quick run\n"
	if got := parseSubcommands("simdbench", sb); !slices.Equal(got, []string{"compare", "show"}) {
		t.Errorf("subcommands %q", got)
	}
	if got := list(parseFlags(sb)); got != "-filter -o -quick" {
		t.Errorf("flags %s", got)
	}
}
