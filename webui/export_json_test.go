package webui

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

// readCSV checks the byte-order mark and CRLF line ends of an export and
// returns its records.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(b, []byte("\xef\xbb\xbf"))
	if !ok {
		t.Fatalf("CSV does not start with a UTF-8 byte-order mark: %q", b[:min(len(b), 8)])
	}
	if n, crlf := bytes.Count(rest, []byte("\n")), bytes.Count(rest, []byte("\r\n")); n == 0 || n != crlf {
		t.Fatalf("%d line ends, %d of them CRLF: want CRLF everywhere", n, crlf)
	}
	rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// figureColumns are the count, per cent and interval cells of a row whose
// figures start at column from (empty where the row stops early).
func figureColumns(row []string, from int) []string {
	out := make([]string, 4)
	for i := range out {
		if from+i < len(row) {
			out[i] = row[from+i]
		}
	}
	return out
}

// jsonCell is a report cell as the JSON API writes it.
type jsonCell struct {
	Count      *float64 `json:"count"`
	Suppressed bool     `json:"suppressed"`
	Percent    *float64 `json:"percent"`
	Low        *float64 `json:"low"`
	High       *float64 `json:"high"`
}

// jsonReport is the part of the JSON report the exports are compared with.
type jsonReport struct {
	Responses struct {
		Total  *float64            `json:"total"`
		ByRole map[string]jsonCell `json:"by_role"`
	} `json:"responses"`
	FFT struct {
		Question string   `json:"question"`
		Total    jsonCell `json:"total"`
		Positive jsonCell `json:"positive"`
		Negative jsonCell `json:"negative"`
	} `json:"fft"`
	Comments  jsonCell `json:"comments"`
	Questions []struct {
		ID       string     `json:"id"`
		Answered jsonCell   `json:"answered"`
		Options  []jsonCell `json:"options"`
	} `json:"questions"`
}

// want is how a JSON cell must read in an export: a number exactly as
// JSON has it, "suppressed" where JSON suppresses it, empty where JSON has
// no number and nothing is suppressed.
func (c jsonCell) want(hasPercent bool) []string {
	num := func(v *float64) string {
		switch {
		case v != nil:
			return strconv.FormatFloat(*v, 'f', -1, 64)
		case c.Suppressed || hasPercent && c.Count != nil && *c.Count > 0:
			return suppressedText
		}
		return ""
	}
	count := num(c.Count)
	if !hasPercent {
		return []string{count, "", "", ""}
	}
	return []string{count, num(c.Percent), num(c.Low), num(c.High)}
}

// exportsOf writes a report as CSV and XLSX and returns the JSON report and
// the rows of each output, by section.
func exportsOf(t *testing.T, r survey.Rollup) (jsonReport, map[string][][]string, map[string][][]string) {
	t.Helper()
	rep := testReport(t, r, nil)
	raw, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var j jsonReport
	if err := json.Unmarshal(raw, &j); err != nil {
		t.Fatal(err)
	}
	var c, x bytes.Buffer
	if err := WriteReportCSV(&c, rep); err != nil {
		t.Fatal(err)
	}
	if err := WriteXLSX(&x, reportSheets(rep)); err != nil {
		t.Fatal(err)
	}
	csvRows := map[string][][]string{}
	for _, row := range readCSV(t, c.Bytes())[1:] {
		csvRows[row[0]] = append(csvRows[row[0]], row[1:])
	}
	f := openXLSX(t, x.Bytes())
	xlsxRows := map[string][][]string{}
	for _, sheet := range []string{"Summary", "Questions", "Themes"} {
		for _, row := range sheetRows(t, f, sheet)[1:] {
			if len(row) >= 2 {
				xlsxRows[sheet] = append(xlsxRows[sheet], row)
			}
		}
	}
	return j, csvRows, xlsxRows
}

// find is the row of a section whose first two cells are item and detail.
func find(rows [][]string, item, detail string) []string {
	for _, r := range rows {
		if len(r) >= 2 && r[0] == item && r[1] == detail {
			return r
		}
	}
	return nil
}

// TestExportsMatchJSON compares the CSV and the XLSX (opened with
// excelize) with the JSON report of the same value, figure by figure, for
// a large team and for one whose carers are too few to show.
func TestExportsMatchJSON(t *testing.T) {
	for _, tc := range []struct {
		name     string
		su, carr int
	}{{"OK", 30, 10}, {"SmallGroup", 30, 3}} {
		t.Run(tc.name, func(t *testing.T) {
			j, csvRows, xlsxRows := exportsOf(t, rollupOf(tc.su, tc.carr))
			check := func(section, item, detail string, want []string) {
				t.Helper()
				for out, rows := range map[string][][]string{"CSV": csvRows[section], "XLSX": xlsxRows[section]} {
					row := find(rows, item, detail)
					if row == nil {
						t.Errorf("%s %s has no row %s / %s", out, section, item, detail)
						continue
					}
					if got := figureColumns(row, 2); fmt.Sprint(got) != fmt.Sprint(want) {
						t.Errorf("%s %s %s / %s = %q, JSON says %q", out, section, item, detail, got, want)
					}
				}
			}
			check("Summary", "Responses", "All", jsonCell{Count: j.Responses.Total}.want(false))
			check("Summary", "Responses", "Service users", j.Responses.ByRole["service_user"].want(true))
			check("Summary", "Responses", "Carers", j.Responses.ByRole["carer"].want(true))
			check("Summary", "FFT positive (very good or good)", "All", j.FFT.Positive.want(true))
			check("Summary", "FFT negative (poor or very poor)", "All", j.FFT.Negative.want(true))
			check("Summary", "Comments", "All", j.Comments.want(false))
			checkQuestions(t, j, csvRows["Questions"], xlsxRows["Questions"])
		})
	}
}

// checkQuestions compares the Questions section row by row: each
// question's answered count, then its options, in the JSON's order.
func checkQuestions(t *testing.T, j jsonReport, csvRows, xlsxRows [][]string) {
	t.Helper()
	var want [][]string
	for _, q := range j.Questions {
		// The FFT question's answered count is the FFT block's total, of
		// which no percentage applies; every other is a share of all
		// responses.
		isTotal := q.ID == j.FFT.Question && slices.Equal(q.Answered.want(false), j.FFT.Total.want(false))
		want = append(want, q.Answered.want(!isTotal))
		for _, o := range q.Options {
			want = append(want, o.want(true))
		}
	}
	for out, rows := range map[string][][]string{"CSV": csvRows, "XLSX": xlsxRows} {
		if len(rows) != len(want) {
			t.Fatalf("%s Questions has %d rows, JSON %d", out, len(rows), len(want))
		}
		for i, row := range rows {
			if got := figureColumns(row, 2); fmt.Sprint(got) != fmt.Sprint(want[i]) {
				t.Errorf("%s Questions row %q = %q, JSON says %q", out, row[:2], got, want[i])
			}
		}
	}
}

// TestSuppressedOnlyWhereSuppressed: with 40 responses nothing is
// suppressed, so no cell of either export says so, and the totals, which
// have no percentage, leave those cells empty.
func TestSuppressedOnlyWhereSuppressed(t *testing.T) {
	_, csvRows, xlsxRows := exportsOf(t, rollupOf(30, 10))
	for out, sections := range map[string]map[string][][]string{"CSV": csvRows, "XLSX": xlsxRows} {
		for section, rows := range sections {
			for _, row := range rows {
				if len(row) > 2 && strings.Contains(strings.Join(row[2:], ","), suppressedText) {
					t.Errorf("%s %s row %q says suppressed; nothing is", out, section, row)
				}
			}
		}
	}
}

// TestCSVForExcel: the byte-order mark and CRLF (checked by readCSV) and
// non-ASCII text kept as UTF-8.
func TestCSVForExcel(t *testing.T) {
	rep := testReport(t, rollupOf(30, 10), nil)
	rep.Actions[0].Description = "We’ll call back – within a day…"
	var buf bytes.Buffer
	if err := WriteReportCSV(&buf, rep); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	if got := rows[len(rows)-1][2]; got != rep.Actions[0].Description {
		t.Errorf("action description = %q, want %q", got, rep.Actions[0].Description)
	}
	if rows[0][0] != "Section" {
		t.Errorf("first header cell = %q, want Section (the byte-order mark is not part of it)", rows[0][0])
	}
}
