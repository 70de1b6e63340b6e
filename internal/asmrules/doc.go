// Package asmrules holds no code: its test enforces the module's rules for
// assembly over every package, so that CI keeps them true.
//
//   - Every .s file and every *_amd64.go / *_arm64.go file starts with the
//     build line "//go:build <arch> && !purego && !noasm", <arch> being the
//     file name's suffix, so that -tags purego (or noasm) drops all assembly.
//   - Every Go function declared without a body (an assembly stub) has a
//     doc comment that describes it, and exactly one "//go:noescape" line,
//     immediately before the declaration.
//   - Every architecture-specific file of kernels/ other than arch_<arch>.go
//     is named <stem>_<tier>_<arch>.{s,go,h}, with a tier that
//     kernels/arch_<arch>.go registers, and every stem with assembly on one
//     architecture has assembly on the other.
package asmrules
