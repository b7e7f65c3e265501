package webui

import (
	"bytes"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

// decidedTeamReport decides a quarter of one service with two teams
// (rollupOf(a1, a2) and rollupOf(b1, b2)) and returns the second team's
// report.
func decidedTeamReport(t *testing.T, a, b survey.Rollup) *survey.Report {
	t.Helper()
	q, _ := survey.ParseQuarter("2026-27-Q3")
	meta := func(level, slug string) survey.ReportMeta {
		return survey.ReportMeta{Scope: survey.ReportScope{Level: level, Slug: slug, Name: slug}, Quarter: q,
			Label: "Q3 2026/27 (Oct–Dec 2026)", Questions: testQuestions(t), Framework: testFramework}
	}
	sum := a.Clone()
	sum.Add(b)
	in := survey.QuarterData{
		Org: survey.DisclosureUnit{Meta: meta(survey.LevelOrganisation, "trust"), Rollup: sum},
		Services: []survey.DisclosureService{{Unit: survey.DisclosureUnit{Meta: meta(survey.LevelService, "adult-mh"), Rollup: sum},
			Teams: []survey.DisclosureUnit{{Meta: meta(survey.LevelTeam, "ward-a"), Rollup: a}, {Meta: meta(survey.LevelTeam, "ward-b"), Rollup: b}}}},
	}
	rep, ok := survey.DecideQuarter(in).Report(survey.LevelTeam, "ward-b", survey.ReportView{})
	if !ok {
		t.Fatal("ward-b is not in the decision")
	}
	return &rep
}

// TestReasonsInPagesAndExports: a team whose figures are hidden to protect
// a smaller sibling says so in plain English in the page, the CSV and the
// workbook; a team below the minimum base says it shows no figures.
func TestReasonsInPagesAndExports(t *testing.T) {
	protects := survey.ReasonText(survey.ReasonProtectsOther)
	rep := decidedTeamReport(t, rollupOf(3, 0), rollupOf(20, 10))
	if rep.Responses.Total != nil || rep.Responses.Reason != survey.ReasonProtectsOther {
		t.Fatalf("ward-b responses %+v: want hidden to protect ward-a's 3", rep.Responses)
	}
	html := renderTestReport(t, rep)
	mustContain(t, html, `id="hidden-reasons"`, "Hidden so that a smaller group&#39;s numbers cannot be worked out.")
	var csvBuf bytes.Buffer
	if err := WriteReportCSV(&csvBuf, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csvBuf.String(), "Summary,Responses,All,suppressed,") || !strings.Contains(csvBuf.String(), protects) {
		t.Errorf("CSV lacks the reason %q:\n%s", protects, csvBuf.String())
	}
	var x bytes.Buffer
	if err := WriteXLSX(&x, reportSheets(rep)); err != nil {
		t.Fatal(err)
	}
	wb := openXLSX(t, x.Bytes())
	var sheet strings.Builder
	for _, row := range sheetRows(t, wb, wb.GetSheetList()[0]) {
		sheet.WriteString(strings.Join(row, "\t") + "\n")
	}
	if s := sheet.String(); !strings.Contains(s, "Hidden so that a smaller group's numbers cannot be worked out.") {
		t.Errorf("Summary sheet lacks the reason:\n%s", s)
	}

	small := decidedTeamReport(t, rollupOf(30, 10), rollupOf(4, 4))
	html = renderTestReport(t, small)
	mustContain(t, html, `id="below-min-base"`, "Fewer than 10 people responded here this quarter, so no figures are shown")
}

func mustContain(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}
