package webui

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
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

// WriteXLSX writes sheets as an Excel workbook (built with excelize) with
// bold header rows. A number is a number cell; text is always a string
// cell, never a formula, whatever it starts with, so an action description
// such as "=cmd|…" is shown, not run.
func WriteXLSX(w io.Writer, sheets []Sheet) error {
	if len(sheets) == 0 {
		return fmt.Errorf("xlsx: no sheets")
	}
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for i, name := range sheetNames(sheets) {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err == nil {
			err = writeSheet(f, name, sheets[i], bold)
		}
		if err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", name, err)
		}
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// writeSheet writes the header (bold) and the rows of s.
func writeSheet(f *excelize.File, name string, s Sheet, bold int) error {
	row := 1
	if len(s.Header) > 0 {
		hdr := make([]Cell, len(s.Header))
		for i, h := range s.Header {
			hdr[i] = textCell(h)
		}
		if err := writeRow(f, name, row, hdr); err != nil {
			return err
		}
		last, _ := excelize.CoordinatesToCellName(len(hdr), 1)
		if err := f.SetCellStyle(name, "A1", last, bold); err != nil {
			return err
		}
		row++
	}
	for _, r := range s.Rows {
		if err := writeRow(f, name, row, r); err != nil {
			return err
		}
		row++
	}
	return nil
}

func writeRow(f *excelize.File, sheet string, row int, cells []Cell) error {
	for i, c := range cells {
		ref, err := excelize.CoordinatesToCellName(i+1, row)
		if err != nil {
			return err
		}
		if c.IsNum {
			err = f.SetCellFloat(sheet, ref, c.Num, -1, 64)
		} else if c.Text != "" {
			err = f.SetCellStr(sheet, ref, c.Text)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// sheetNames are the sheets' names made valid and unique (Excel compares
// them without case).
func sheetNames(sheets []Sheet) []string {
	seen := map[string]bool{}
	out := make([]string, len(sheets))
	for i, s := range sheets {
		name := sheetName(s.Name, i)
		for seen[strings.ToLower(name)] {
			name = sheetName(fmt.Sprintf("%s %d", s.Name, i+1), i)
		}
		seen[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

// sheetName makes a valid sheet name: 1–31 characters, none of []:*?/\,
// not starting or ending with an apostrophe.
func sheetName(s string, i int) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return ' '
		}
		return r
	}, s)
	if r := []rune(strings.TrimSpace(s)); len(r) > 31 {
		s = string(r[:31])
	}
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "'"))
	if strings.TrimSpace(s) == "" {
		s = fmt.Sprintf("Sheet%d", i+1)
	}
	return s
}
