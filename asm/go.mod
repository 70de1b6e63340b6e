module github.com/simdrnn/simdrnn/asm

go 1.26.0
