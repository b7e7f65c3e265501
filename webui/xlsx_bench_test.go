package webui

import (
	"bytes"
	"testing"
)

// BenchmarkWriteXLSX writes the workbook of a 40-response report:
//
//	go test -run '^$' -bench WriteXLSX -benchmem ./webui/
func BenchmarkWriteXLSX(b *testing.B) {
	r := testReport(&testing.T{}, rollupOf(30, 10), nil)
	sheets := reportSheets(r)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteXLSX(&buf, sheets); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/file")
}
