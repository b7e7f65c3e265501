package webui

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// readZip returns the parts of a zip archive by name.
func readZip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(body)
	}
	return parts
}

func TestWriteXLSX(t *testing.T) {
	sheets := []Sheet{
		{Name: "Summary", Header: []string{"Measure", "Count"}, Rows: [][]Cell{
			{textCell("Responses"), numCell(42)},
			{textCell("Carers"), textCell("suppressed")},
			{textCell(`=HYPERLINK("x") & <tag>`), numCell(-3.5)},
		}},
		{Name: "Bad:/name?*[]", Rows: [][]Cell{{textCell("x")}}},
		{Name: "Summary"},
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, sheets); err != nil {
		t.Fatal(err)
	}
	parts := readZip(t, buf.Bytes())
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
		"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"} {
		body, ok := parts[name]
		if !ok {
			t.Errorf("no part %s", name)
			continue
		}
		if err := wellFormed(body); err != nil {
			t.Errorf("%s is not well-formed XML: %v", name, err)
		}
	}
	s1 := parts["xl/worksheets/sheet1.xml"]
	for _, want := range []string{
		`<c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">Measure</t></is></c>`,
		`<c r="B2"><v>42</v></c>`,
		`<c r="B3" t="inlineStr"><is><t xml:space="preserve">suppressed</t></is></c>`,
		`<t xml:space="preserve">=HYPERLINK(&#34;x&#34;) &amp; &lt;tag&gt;</t>`,
		`<c r="B4"><v>-3.5</v></c>`,
	} {
		if !strings.Contains(s1, want) {
			t.Errorf("sheet1 lacks %q", want)
		}
	}
	wb := parts["xl/workbook.xml"]
	for _, want := range []string{`name="Summary" sheetId="1" r:id="rId1"`, `name="Bad  name    " sheetId="2"`, `name="Summary 3" sheetId="3"`, `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`} {
		if !strings.Contains(wb, want) {
			t.Errorf("workbook lacks %q:\n%s", want, wb)
		}
	}
	if !strings.Contains(parts["[Content_Types].xml"], `PartName="/xl/worksheets/sheet3.xml"`) {
		t.Error("content types do not list sheet3")
	}
}

func TestWriteXLSXNoSheets(t *testing.T) {
	if err := WriteXLSX(io.Discard, nil); err == nil {
		t.Error("no error for a workbook without sheets")
	}
}

func TestColName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := colName(i); got != want {
			t.Errorf("colName(%d): got %q, want %q", i, got, want)
		}
	}
}

func wellFormed(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
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
