package webui

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Sheet is one worksheet of an export: a header row and data rows.
type Sheet struct {
	Name   string
	Header []string
	Rows   [][]Cell
}

// Cell is one spreadsheet cell: text, or a number when IsNum is set.
// Suppressed figures are always text ("suppressed").
type Cell struct {
	Text  string
	Num   float64
	IsNum bool
}

// textCell and numCell build cells.
func textCell(s string) Cell { return Cell{Text: s} }
func numCell(f float64) Cell { return Cell{Num: f, IsNum: true} }
func (c Cell) String() string {
	if c.IsNum {
		return strconv.FormatFloat(c.Num, 'f', -1, 64)
	}
	return c.Text
}

// The fixed parts of a minimal Office Open XML workbook (ECMA-376): content
// types, package relationships and a style sheet whose style 1 is bold,
// used for header rows.
const (
	xlsxContentTypesHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`
	xlsxRootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	xlsxStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Arial"/></font><font><b/><sz val="11"/><name val="Arial"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
	mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	relNS  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// xlsxEpoch is the modification time of every part, so that the same report
// always gives the same bytes.
var xlsxEpoch = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteXLSX writes sheets as a minimal valid .xlsx workbook: inline strings
// (no shared-string table) and bold header rows.
func WriteXLSX(w io.Writer, sheets []Sheet) error {
	if len(sheets) == 0 {
		return fmt.Errorf("xlsx: no sheets")
	}
	z := zip.NewWriter(w)
	parts := []struct {
		name string
		body func(io.Writer) error
	}{
		{"[Content_Types].xml", func(w io.Writer) error { return contentTypes(w, len(sheets)) }},
		{"_rels/.rels", constPart(xlsxRootRels)},
		{"xl/workbook.xml", func(w io.Writer) error { return workbookXML(w, sheets) }},
		{"xl/_rels/workbook.xml.rels", func(w io.Writer) error { return workbookRels(w, len(sheets)) }},
		{"xl/styles.xml", constPart(xlsxStyles)},
	}
	for i := range sheets {
		s := sheets[i]
		parts = append(parts, struct {
			name string
			body func(io.Writer) error
		}{fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), func(w io.Writer) error { return sheetXML(w, s) }})
	}
	for _, p := range parts {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: xlsxEpoch})
		if err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		if err := p.body(f); err != nil {
			return fmt.Errorf("xlsx: %s: %w", p.name, err)
		}
	}
	return z.Close()
}

func constPart(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func contentTypes(w io.Writer, n int) error {
	var b strings.Builder
	b.WriteString(xlsxContentTypesHead)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i)
	}
	b.WriteString(`</Types>`)
	_, err := io.WriteString(w, b.String())
	return err
}

func workbookRels(w io.Writer, n int) error {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i, i)
	}
	fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`, n+1)
	_, err := io.WriteString(w, b.String())
	return err
}

type xWorkbook struct {
	XMLName xml.Name  `xml:"workbook"`
	NS      string    `xml:"xmlns,attr"`
	R       string    `xml:"xmlns:r,attr"`
	Sheets  []xSheetR `xml:"sheets>sheet"`
}

type xSheetR struct {
	Name    string `xml:"name,attr"`
	SheetID int    `xml:"sheetId,attr"`
	RID     string `xml:"r:id,attr"`
}

func workbookXML(w io.Writer, sheets []Sheet) error {
	wb := xWorkbook{NS: mainNS, R: relNS}
	seen := map[string]bool{}
	for i, s := range sheets {
		name := sheetName(s.Name, i)
		for seen[strings.ToLower(name)] {
			name = sheetName(fmt.Sprintf("%s %d", s.Name, i+1), i)
		}
		seen[strings.ToLower(name)] = true
		wb.Sheets = append(wb.Sheets, xSheetR{Name: name, SheetID: i + 1, RID: fmt.Sprintf("rId%d", i+1)})
	}
	return writeXML(w, wb)
}

// sheetName makes a valid sheet name: 1–31 characters, none of []:*?/\.
func sheetName(s string, i int) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return ' '
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" {
		s = fmt.Sprintf("Sheet%d", i+1)
	}
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}

type xWorksheet struct {
	XMLName xml.Name `xml:"worksheet"`
	NS      string   `xml:"xmlns,attr"`
	Rows    []xRow   `xml:"sheetData>row"`
}

type xRow struct {
	R     int     `xml:"r,attr"`
	Cells []xCell `xml:"c"`
}

type xCell struct {
	Ref    string   `xml:"r,attr"`
	Style  int      `xml:"s,attr,omitempty"`
	Type   string   `xml:"t,attr,omitempty"`
	Value  string   `xml:"v,omitempty"`
	Inline *xInline `xml:"is,omitempty"`
}

type xInline struct {
	T xText `xml:"t"`
}

type xText struct {
	Space string `xml:"xml:space,attr,omitempty"`
	Text  string `xml:",chardata"`
}

func sheetXML(w io.Writer, s Sheet) error {
	ws := xWorksheet{NS: mainNS}
	if len(s.Header) > 0 {
		hdr := make([]Cell, len(s.Header))
		for i, h := range s.Header {
			hdr[i] = textCell(h)
		}
		ws.Rows = append(ws.Rows, xmlRow(1, hdr, 1))
	}
	for _, r := range s.Rows {
		ws.Rows = append(ws.Rows, xmlRow(len(ws.Rows)+1, r, 0))
	}
	return writeXML(w, ws)
}

func xmlRow(n int, cells []Cell, style int) xRow {
	row := xRow{R: n}
	for i, c := range cells {
		x := xCell{Ref: colName(i) + strconv.Itoa(n), Style: style}
		if c.IsNum {
			x.Value = c.String()
		} else {
			x.Type = "inlineStr"
			x.Inline = &xInline{T: xText{Space: "preserve", Text: c.Text}}
		}
		row.Cells = append(row.Cells, x)
	}
	return row
}

// colName is the spreadsheet column of a zero-based index: A, B, …, Z, AA.
func colName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	return xml.NewEncoder(w).Encode(v)
}
