// Package doccheck holds the test that the documentation names only what
// exists. It reads every Markdown file of the repository and .ci/run, and
// checks that:
//
//   - every flag given to charrnn or simdbench (in a code block or a code
//     span that invokes the command, or alone in a code span after one) is
//     in the flag set that the command's own -h prints, for the
//     subcommand named;
//   - every pattern of -run, -skip, -bench and -fuzz in a `go test` command
//     matches a test, benchmark or fuzz target of the packages named;
//   - every SIMDRNN_* environment variable named is read by the code.
//
// The flag sets come from the built commands' -h output, so flags added
// to a command are known without changing this package. The test builds
// both commands and is skipped with -short.
package doccheck
