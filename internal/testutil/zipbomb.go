package testutil

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"testing"
)

// WriteZeroBomb adds to zw an entry of n MiB of zeros, deflated, without
// running the compressor over n MiB: one MiB is compressed once, ending on
// a sync flush (a byte-aligned, non-final block whose matches reach no
// further back than itself), and the block is repeated n times before the
// final empty block. The result is a valid deflate stream that any reader
// unpacks to n MiB of zeros.
func WriteZeroBomb(t testing.TB, zw *zip.Writer, name string, n int) {
	t.Helper()
	zeros := make([]byte, 1<<20)
	var chunk bytes.Buffer
	fw, _ := flate.NewWriter(&chunk, flate.BestCompression)
	fw.Write(zeros)
	fw.Flush()
	var end bytes.Buffer
	fe, _ := flate.NewWriter(&end, flate.BestCompression)
	fe.Close()
	crc := crc32.NewIEEE()
	for range n {
		crc.Write(zeros)
	}
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name:               name,
		Method:             zip.Deflate,
		CRC32:              crc.Sum32(),
		CompressedSize64:   uint64(n*chunk.Len() + end.Len()),
		UncompressedSize64: uint64(n) << 20,
	})
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		w.Write(chunk.Bytes())
	}
	w.Write(end.Bytes())
}
