package webui

import (
	"encoding/csv"
	"io"
	"math"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
)

// figHeader is the header of the figure columns of every export.
var figHeader = []string{"Count", "Per cent", "95% interval low", "95% interval high", "Change since previous quarter (points)", "Significant change", "Why hidden"}

// figCells are the figure columns of a row. A suppressed number is the
// text "suppressed", never the number; a number that does not exist (the
// percentage of a total, a change with no previous quarter) is empty.
func figCells(row figRow) []Cell {
	f, ch := row.Fig, row.Change
	cells := []Cell{countCell(f), textCell(""), textCell(""), textCell("")}
	if !row.NoPercent {
		cells[1], cells[2], cells[3] = pctCell(f, f.Percent), pctCell(f, f.Low), pctCell(f, f.High)
	}
	change := textCell(changeText(ch))
	if ch != nil && !ch.Suppressed && ch.Difference != nil {
		change = numCell(round1(*ch.Difference))
	}
	return append(cells, change, textCell(significanceText(ch)), reasonCell(f))
}

func countCell(f Figure) Cell {
	switch {
	case f.Count != nil:
		return numCell(float64(*f.Count))
	case f.Suppressed:
		return textCell(suppressedText)
	}
	return textCell("")
}

func pctCell(f Figure, p *float64) Cell {
	switch {
	case p != nil:
		return numCell(round1(*p))
	case f.Suppressed:
		return textCell(suppressedText)
	}
	return textCell("")
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// reportSheets are the workbook sheets of a report: Summary, Questions,
// Themes and Actions.
func reportSheets(r *survey.Report) []Sheet {
	d := reportRows(r)
	about := [][]Cell{
		{textCell("Report"), textCell(r.Scope.Name)},
		{textCell("Quarter"), textCell(r.Label)},
		{textCell("Status"), textCell(statusName(r.Status))},
		{textCell("Note"), textCell(SuppressionNote(r.Suppression.Threshold))},
	}
	if n := minBaseNote(r); n != "" {
		about = append(about, []Cell{textCell("Minimum base"), textCell(n)})
	}
	for _, h := range hiddenNotes(r) {
		about = append(about, []Cell{textCell("Why hidden"), textCell(h)})
	}
	about = append(about, []Cell{})
	summary := Sheet{Name: "Summary", Header: append([]string{"Measure", "Group"}, figHeader...), Rows: about}
	summary.Rows = append(summary.Rows, figSheetRows(d.Summary)...)
	actions := Sheet{Name: "Actions", Header: []string{"Theme", "What we are doing", "Owner", "Status"}}
	for _, a := range d.Actions {
		actions.Rows = append(actions.Rows, []Cell{textCell(a.Theme), textCell(a.Description), textCell(a.Owner), textCell(a.Status)})
	}
	return []Sheet{
		summary,
		{Name: "Questions", Header: append([]string{"Question", "Answer"}, figHeader...), Rows: figSheetRows(d.Questions)},
		{Name: "Themes", Header: append([]string{"Major theme", "Theme"}, figHeader...), Rows: figSheetRows(d.Themes)},
		actions,
	}
}

func figSheetRows(rows []figRow) [][]Cell {
	out := make([][]Cell, 0, len(rows))
	for _, r := range rows {
		out = append(out, append([]Cell{textCell(r.Item), textCell(r.Detail)}, figCells(r)...))
	}
	return out
}

// csvHeader is the header row of the CSV export: one table, one row per
// figure, with the section (sheet) it belongs to.
var csvHeader = append([]string{"Section", "Item", "Detail"}, append(figHeader, "Owner", "Status")...)

// utf8BOM starts the CSV so that Excel (on Windows above all) reads it as
// UTF-8, not the local code page that garbles "…", "–" and "’".
const utf8BOM = "\ufeff"

// WriteReportCSV writes a report as CSV for spreadsheets: a UTF-8 byte-order
// mark, a header row, CRLF line ends (RFC 4180, as Excel writes). Cells
// that a spreadsheet would run as a formula are made inert (see csvSafe).
func WriteReportCSV(w io.Writer, r *survey.Report) error {
	d := reportRows(r)
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	_ = cw.Write(csvHeader)
	write := func(section string, rows []figRow) {
		for _, row := range rows {
			rec := []string{section, row.Item, row.Detail}
			for _, c := range figCells(row) {
				rec = append(rec, c.String())
			}
			_ = cw.Write(csvRecord(append(rec, "", "")))
		}
	}
	write("Summary", d.Summary)
	write("Questions", d.Questions)
	write("Themes", d.Themes)
	for _, a := range d.Actions {
		rec := []string{"Actions", a.Theme, a.Description, "", "", "", "", "", "", "", a.Owner, a.Status}
		_ = cw.Write(csvRecord(rec))
	}
	cw.Flush()
	return cw.Error()
}

// csvRecord makes every cell of a record safe.
func csvRecord(rec []string) []string {
	for i, s := range rec {
		rec[i] = csvSafe(s)
	}
	return rec
}

// csvSafe guards against CSV (formula) injection: a cell that starts with
// = + - @, a tab or a carriage return is prefixed with an apostrophe so that
// spreadsheet programs show it as text. Numbers we wrote ourselves, such as
// "-3.5", are left alone.
func csvSafe(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if isNumber(s) {
		return s
	}
	return "'" + s
}

// isNumber reports whether s is a plain decimal number such as -3.5.
func isNumber(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if s == "" {
		return false
	}
	dot := false
	for _, r := range s {
		switch {
		case r == '.' && !dot:
			dot = true
		case r < '0' || r > '9':
			return false
		}
	}
	return true
}

// statusName is the plain-English report status.
func statusName(s string) string {
	switch s {
	case survey.ReportDraft:
		return "Draft"
	case survey.ReportInReview:
		return "In review"
	case survey.ReportPublished:
		return "Published"
	}
	return s
}
