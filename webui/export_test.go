package webui

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// testQuestions are the questions of testdata/survey.json.
func testQuestions(t *testing.T) []survey.Question {
	t.Helper()
	b, err := os.ReadFile("testdata/survey.json")
	if err != nil {
		t.Fatal(err)
	}
	var sv survey.Survey
	if err := json.Unmarshal(b, &sv); err != nil {
		t.Fatal(err)
	}
	var qs []survey.Question
	for _, q := range sv.Questions() {
		qs = append(qs, *q)
	}
	return qs
}

var testFramework = []survey.ThemeRef{
	{Theme: "Staff manner & personal attributes", Major: "Staff"},
	{Theme: "Staffing levels & responsiveness", Major: "Staff"},
	{Theme: "Timeliness of care", Major: "Access to medical care & support"},
}

// rollupOf is a team rollup with n service users and m carers: service
// users say "good", carers "poor"; every service user comments on staff
// manner (positively), every carer on timeliness (negatively).
func rollupOf(n, m int) survey.Rollup {
	return survey.Rollup{
		Total:          n + m,
		ByRole:         map[string]int{survey.RoleServiceUser: n, survey.RoleCarer: m},
		Answered:       map[string]int{"role": n + m, "fft": n + m, "good": n + m},
		Options:        map[string]map[string]int{"role": {survey.RoleServiceUser: n, survey.RoleCarer: m}, "fft": {"good": n, "poor": m}},
		FFT:            map[string]int{"good": n, "poor": m},
		RoleFFT:        map[string]map[string]int{survey.RoleServiceUser: {"good": n}, survey.RoleCarer: {"poor": m}},
		Comments:       n + m,
		RoleComments:   map[string]int{survey.RoleServiceUser: n, survey.RoleCarer: m},
		ThemeSentiment: map[string]map[int]int{"Staff manner & personal attributes": {2: n}, "Timeliness of care": {4: m}},
		MajorSentiment: map[string]map[int]int{"Staff": {2: n}, "Access to medical care & support": {4: m}},
		RoleTheme:      map[string]map[string]int{survey.RoleServiceUser: {"Staff manner & personal attributes": n}, survey.RoleCarer: {"Timeliness of care": m}},
	}
}

func testReport(t *testing.T, r survey.Rollup, prev *survey.Rollup) *survey.Report {
	t.Helper()
	q, _ := survey.ParseQuarter("2026-27-Q3")
	meta := survey.ReportMeta{Scope: survey.ReportScope{Level: survey.LevelTeam, Slug: "ward-b", Name: "Ward B"}, Quarter: q,
		Label: "Q3 2026/27 (Oct–Dec 2026)", Questions: testQuestions(t), Framework: testFramework,
		Actions: []survey.Action{{ID: "a1", Theme: "Timeliness of care", Description: "=cmd|' /C calc'!A0 call back within a day", Owner: "Ward manager", Status: survey.ActionInProgress}}}
	rep := survey.BuildReport(r, prev, meta, survey.OrgSettings{})
	return &rep
}

// renderTestReport renders the staff report page of a report value.
func renderTestReport(t *testing.T, r *survey.Report) string {
	t.Helper()
	u, err := New(noBackend{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := echo.New()
	rec := httptest.NewRecorder()
	c := e.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), rec)
	p := &ReportPage{StaffPage: StaffPage{Title: "Report"}, R: buildReportView(r, nil, func(s string) string { return "/x/" + themeSlug(s) }), Heading: "Ward B"}
	if err := u.renderStaff(c, http.StatusOK, "report", p); err != nil {
		t.Fatal(err)
	}
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// noBackend satisfies Backend for tests that only render; it is never
// called.
type noBackend struct{}

func (noBackend) PublishedSurvey(context.Context, string) (*survey.Survey, error) { return nil, nil }
func (noBackend) SurveyByKeyword(context.Context, string) (string, string, error) { return "", "", nil }
func (noBackend) Submit(context.Context, string, survey.Submission) (survey.Receipt, bool, error) {
	return survey.Receipt{}, false, nil
}

// numericCell matches a table cell or headline figure that holds a number
// other than zero (zero counts of unanswered questions are shown: a zero
// cannot identify anyone, and the report value keeps them).
var numericCell = regexp.MustCompile(`<td class="chorus-num">(?:[^<]*[1-9][^<]*|0[^<]+)</td>|<span class="chorus-stat__value">[^<]*[0-9]`)

// TestSuppressionAcrossOutputs renders a team with 3 responses (below the
// threshold of 5) to HTML, CSV and XLSX: no figure may be shown anywhere,
// and each output says "suppressed". A team with 40 responses shows them.
func TestSuppressionAcrossOutputs(t *testing.T) {
	small := testReport(t, rollupOf(2, 1), nil)
	if small.Responses.Total != nil {
		t.Fatalf("BuildReport did not suppress a total of 3")
	}
	t.Run("HTML", func(t *testing.T) {
		html := renderTestReport(t, small)
		if m := numericCell.FindAllString(html, -1); len(m) > 0 {
			t.Errorf("suppressed report shows numbers: %q", m)
		}
		for _, want := range []string{">suppressed<", "fewer than 5 people", "Percentages and quotes are not shown: fewer than 10 people"} {
			if !strings.Contains(html, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		if strings.Contains(html, `class="chorus-bar"`) {
			t.Error("a suppressed figure is drawn as a bar")
		}
	})
	t.Run("CSV", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteReportCSV(&buf, small); err != nil {
			t.Fatal(err)
		}
		rows := readCSV(t, buf.Bytes())
		if got := strings.Join(rows[0], ","); got != "Section,Item,Detail,Count,Per cent,95% interval low,95% interval high,Change since previous quarter (points),Significant change,Why hidden,Owner,Status" {
			t.Errorf("header: %s", got)
		}
		suppressed := 0
		for _, row := range rows[1:] {
			for _, cell := range row[3:7] {
				switch {
				case cell == "suppressed":
					suppressed++
				case cell != "" && cell != "0":
					t.Errorf("row %q shows %q", row, cell)
				}
			}
		}
		if suppressed == 0 {
			t.Error("no cell says suppressed")
		}
		if !strings.Contains(buf.String(), "'=cmd|") && !strings.Contains(strings.Join(rows[len(rows)-1], ","), "'=cmd|") {
			t.Errorf("formula in an action description was not made inert: %q", rows[len(rows)-1])
		}
	})
	t.Run("XLSX", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, reportSheets(small)); err != nil {
			t.Fatal(err)
		}
		f := openXLSX(t, buf.Bytes())
		for _, sheet := range []string{"Summary", "Questions", "Themes"} {
			suppressed := 0
			for _, row := range sheetRows(t, f, sheet)[1:] {
				for _, cell := range figureColumns(row, 2) {
					switch {
					case cell == "suppressed":
						suppressed++
					case cell != "" && cell != "0":
						t.Errorf("%s row %q shows %q", sheet, row, cell)
					}
				}
			}
			if suppressed == 0 {
				t.Errorf("%s has no suppressed cell", sheet)
			}
		}
	})
}

// TestExportsShowFigures checks the other side: a team with 40 responses
// gets its counts, percentages and intervals in every output.
func TestExportsShowFigures(t *testing.T) {
	big := testReport(t, rollupOf(30, 10), nil)
	var buf bytes.Buffer
	if err := WriteReportCSV(&buf, big); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\r\nSummary,Responses,All,40,,,,,,,,\r\n", "\r\nSummary,Responses,Service users,30,75,", "\r\nSummary,FFT positive (very good or good),All,30,75,"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("CSV lacks %q:\n%s", want, buf.String())
		}
	}
	var x bytes.Buffer
	if err := WriteXLSX(&x, reportSheets(big)); err != nil {
		t.Fatal(err)
	}
	summary := sheetRows(t, openXLSX(t, x.Bytes()), "Summary")
	if !slices.ContainsFunc(summary, func(r []string) bool { return slices.Equal(r, []string{"Responses", "All", "40"}) }) {
		t.Errorf("Summary sheet lacks the 40 responses alone on their row: %q", summary)
	}
	html := renderTestReport(t, big)
	for _, want := range []string{`<span class="chorus-stat__value">40</span>`, `<span class="chorus-stat__value">75%</span>`, `class="chorus-bar"`, `href="/x/staff-manner-personal-attributes"`} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestChangesAndEmergingTerms compares with a previous quarter: a large
// rise is marked significant in the page and the exports, a small one is
// not marked; emerging terms are listed.
func TestChangesAndEmergingTerms(t *testing.T) {
	prev := rollupOf(20, 20)
	cur := testReportWith(t, rollupOf(36, 5), &prev, []survey.EmergingTerm{{Term: "call back", Z: 3.2, CountCurrent: intPtr(9), CountPrevious: intPtr(0)}})
	html := renderTestReport(t, cur)
	for _, want := range []string{
		"▲ Significant: up 38 points since last quarter.", // FFT positive 50% → 88%
		`<strong class="chorus-sig">significant</strong>`,
		`<th scope="row">call back</th><td class="chorus-num">9</td><td class="chorus-num">0</td>`,
		"Change since Q2 2026/27",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	var buf bytes.Buffer
	if err := WriteReportCSV(&buf, cur); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Summary,FFT positive (very good or good),All,36,87.8,") || !strings.Contains(buf.String(), ",37.8,yes,") {
		t.Errorf("CSV lacks the significant change of FFT positive:\n%s", buf.String())
	}
	small := testReportWith(t, rollupOf(21, 19), &prev, nil)
	if html := renderTestReport(t, small); strings.Contains(html, "Significant:") || !strings.Contains(html, "(could be chance)") {
		t.Error("a 2.5-point change is marked significant, or not described as possibly chance")
	}
}

func testReportWith(t *testing.T, r survey.Rollup, prev *survey.Rollup, emerging []survey.EmergingTerm) *survey.Report {
	t.Helper()
	q, _ := survey.ParseQuarter("2026-27-Q3")
	meta := survey.ReportMeta{Scope: survey.ReportScope{Level: survey.LevelTeam, Slug: "ward-b", Name: "Ward B"}, Quarter: q,
		Label: "Q3 2026/27 (Oct–Dec 2026)", Questions: testQuestions(t), Framework: testFramework, EmergingTerms: emerging}
	rep := survey.BuildReport(r, prev, meta, survey.OrgSettings{})
	return &rep
}
