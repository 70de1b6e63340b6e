// Macros shared by the avx512 tier's vector kernels (dot, axpy, scale,
// clip, sumsquares, optim); elem_avx512_amd64.h includes it for KMASK.

// KMASK sets the opmask k to the first CX lanes (0 <= CX <= 16).
// Clobbers AX.
#define KMASK(k) \
	MOVL  $1, AX; \
	SHLL  CX, AX; \
	DECL  AX; \
	KMOVW AX, k

// HSUMZ0 sets X0 to the sum of the sixteen lanes of Z0, pairwise.
// Clobbers Y1.
#define HSUMZ0 \
	VEXTRACTF64X4 $1, Z0, Y1; \
	VADDPS        Y1, Y0, Y0; \
	VEXTRACTF128  $1, Y0, X1; \
	VADDPS        X1, X0, X0; \
	VMOVHLPS      X0, X0, X1; \
	VADDPS        X1, X0, X0; \
	VMOVSHDUP     X0, X1; \
	VADDSS        X1, X0, X0
