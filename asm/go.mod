module github.com/simdrnn/simdrnn/asm

go 1.26.0

tool github.com/minio/asm2plan9s

require github.com/simdrnn/simdrnn v0.0.0-00010101000000-000000000000

require github.com/minio/asm2plan9s v0.0.0-20200509001527-cdd76441f9d8 // indirect

replace github.com/simdrnn/simdrnn => ../
