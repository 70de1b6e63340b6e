package avx512

// MatVec returns kernels/matvec_avx512_amd64.s, the avx512 tier's MatVec
// and MatVecT kernels: matVecUAVX512, matVecAAVX512 and matVecSAVX512
// (sixteen rows of FMAs and a reduction tree per block), matVecTUAVX512
// (sixteen strip widths) and matVecTAAVX512.
func MatVec() []byte {
	var g gen
	g.Header("amd64")
	g.matVecU()
	g.matVecA()
	g.matVecS()
	g.matVecTU()
	g.matVecTA()
	return g.Aligned()
}
