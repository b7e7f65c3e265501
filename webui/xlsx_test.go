package webui

import (
	"bytes"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"
)

// openXLSX opens a workbook with excelize, as a spreadsheet program would.
func openXLSX(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sheetRows are the rows of a sheet as text, raw values.
func sheetRows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestWriteXLSX(t *testing.T) {
	const formula = `=HYPERLINK("x") & <tag>`
	sheets := []Sheet{
		{Name: "Summary", Header: []string{"Measure", "Count"}, Rows: [][]Cell{
			{textCell("Responses"), numCell(42)},
			{textCell("Carers"), textCell("suppressed")},
			{textCell(formula), numCell(-3.5)},
		}},
		{Name: "Bad:/name?*[]", Rows: [][]Cell{{textCell("x")}}},
		{Name: "summary"},
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sheets); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, buf.Bytes())
	if got, want := f.GetSheetList(), []string{"Summary", "Bad  name", "summary 3"}; !equalStrings(got, want) {
		t.Errorf("sheets = %q, want %q", got, want)
	}
	rows := sheetRows(t, f, "Summary")
	want := [][]string{{"Measure", "Count"}, {"Responses", "42"}, {"Carers", "suppressed"}, {formula, "-3.5"}}
	if len(rows) != len(want) {
		t.Fatalf("rows = %q, want %q", rows, want)
	}
	for i := range want {
		if !equalStrings(rows[i], want[i]) {
			t.Errorf("row %d = %q, want %q", i+1, rows[i], want[i])
		}
	}
	cellTypes := map[string]excelize.CellType{"B2": excelize.CellTypeUnset, "B4": excelize.CellTypeUnset,
		"B3": excelize.CellTypeSharedString, "A4": excelize.CellTypeSharedString}
	for ref, want := range cellTypes {
		got, err := f.GetCellType("Summary", ref)
		if err != nil || got != want && !(want == excelize.CellTypeUnset && got == excelize.CellTypeNumber) {
			t.Errorf("%s type = %v (%v), want %v", ref, got, err, want)
		}
	}
	if fm, _ := f.GetCellFormula("Summary", "A4"); fm != "" {
		t.Errorf("text %q became the formula %q", formula, fm)
	}
	style, _ := f.GetCellStyle("Summary", "A1")
	if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
		t.Error("the header row is not bold")
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestWriteXLSXNoSheets(t *testing.T) {
	if err := WriteXLSX(io.Discard, nil); err == nil {
		t.Error("no error for a workbook without sheets")
	}
}

func TestCSVSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1":            "'=1+1",
		"+44 20":          "'+44 20",
		"-cmd|' /C calc'": "'-cmd|' /C calc'",
		"@SUM(A1)":        "'@SUM(A1)",
		"\tx":             "'\tx",
		"-3.5":            "-3.5",
		"+2":              "+2",
		"42":              "42",
		"":                "",
		"Staff listened":  "Staff listened",
		"-":               "'-",
	} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q): got %q, want %q", in, got, want)
		}
	}
}
