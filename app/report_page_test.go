package app_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
)

var fixedNow = time.Date(2026, time.November, 20, 14, 30, 0, 0, time.UTC)

// seedTeam creates an organisation, a service, the teams ward-a and
// ward-b and the published survey of ../webui/testdata/survey.json.
func seedTeam(t *testing.T, st *store.Store) *survey.Survey {
	t.Helper()
	ctx := context.Background()
	must(t, st.CreateOrganisation(ctx, survey.Organisation{Slug: "trust", Name: "Test Trust"}))
	must(t, st.CreateService(ctx, survey.Service{Slug: "adult-mh", Organisation: "trust", Name: "Adult mental health"}))
	for _, team := range []string{"ward-a", "ward-b"} {
		_, err := st.CreateTeam(ctx, survey.Team{Slug: team, Service: "adult-mh", Organisation: "trust", Name: team})
		must(t, err)
	}
	raw, err := os.ReadFile("../webui/testdata/survey.json")
	must(t, err)
	var sv survey.Survey
	must(t, json.Unmarshal(raw, &sv))
	survey.NormaliseSurvey(&sv)
	must(t, st.CreateSurvey(ctx, store.SurveyInfo{Slug: sv.Slug, Organisation: "trust", Title: sv.Title}))
	v, err := st.SaveDraft(ctx, &sv)
	must(t, err)
	_, err = st.PublishVersion(ctx, sv.Slug, v)
	must(t, err)
	return &sv
}

// submit posts n responses to ward-a through the public JSON API as if it
// were the time at; every third is a carer's poor rating.
func submit(t *testing.T, st *store.Store, slug string, at time.Time, n, poorEvery int) {
	t.Helper()
	srv := api.New(api.Config{Store: st, Now: func() time.Time { return at }, SubmitRate: 100000})
	e := api.NewEcho(nil)
	srv.Register(e)
	for i := range n {
		answers := map[string]any{"role": "service_user", "fft": "good", "good": "The staff listened and the food was good."}
		if i%poorEvery == 0 {
			answers = map[string]any{"role": "carer", "fft": "poor", "carer_involved": false, "good": "Waiting for a call back took far too long."}
		}
		body, _ := json.Marshal(map[string]any{"id": newUUID(), "team": "ward-a", "answers": answers})
		req := httptest.NewRequest(http.MethodPost, "/api/v1/public/surveys/"+slug+"/responses", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			t.Fatalf("submit: %d %s", rec.Code, rec.Body)
		}
	}
}

// TestReportWithTrendMatchesEachQuarter checks that the report page's
// batched read (every rollup once, the workflow states in one read) gives,
// quarter by quarter, the same report as reading each quarter on its own:
// live quarters, an empty one, and a published quarter that received more
// responses after publication (the published figures must win).
func TestReportWithTrendMatchesEachQuarter(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, func() time.Time { return fixedNow })
	sv := seedTeam(t, st)
	a := app.New(app.Config{Store: st, Now: func() time.Time { return fixedNow }})
	boot := app.BootstrapStaff()
	cal := survey.DefaultCalendar()
	q := cal.QuarterOf(fixedNow)

	submit(t, st, sv.Slug, fixedNow, 12, 3)
	submit(t, st, sv.Slug, fixedNow.AddDate(0, -3, 0), 15, 2)
	submit(t, st, sv.Slug, fixedNow.AddDate(0, -9, 0), 11, 4)
	prev := q.Prev().Key()
	if _, err := a.StartReview(ctx, boot, "ward-a", prev); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Publish(ctx, boot, "ward-a", prev, ""); err != nil {
		t.Fatal(err)
	}
	submit(t, st, sv.Slug, fixedNow.AddDate(0, -3, 0), 9, 1) // after publication: all poor

	ed, trend, err := a.ReportWithTrend(ctx, boot, survey.LevelTeam, "ward-a", q.Key(), "", 8)
	if err != nil {
		t.Fatal(err)
	}
	one, err := a.TeamReport(ctx, boot, "ward-a", q.Key(), "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ed.Report, one.Report) {
		t.Errorf("the page's report differs from TeamReport:\n%+v\n%+v", ed.Report, one.Report)
	}
	if len(trend) != 7 {
		t.Fatalf("trend has %d quarters, want 7", len(trend))
	}
	pq := q
	for i := len(trend) - 1; i >= 0; i-- {
		pq = pq.Prev()
		want, err := a.TeamReport(ctx, boot, "ward-a", pq.Key(), "")
		if err != nil {
			t.Fatal(err)
		}
		if trend[i].Quarter != pq.Key() || !reflect.DeepEqual(trend[i].FFT, want.Report.FFT) ||
			!reflect.DeepEqual(trend[i].Responses, want.Report.Responses) {
			t.Errorf("trend quarter %s: got %s %+v %+v, want %+v %+v", pq.Key(), trend[i].Quarter,
				trend[i].FFT, trend[i].Responses, want.Report.FFT, want.Report.Responses)
		}
	}
	// The published quarter shows its published figures, not the 9 later
	// responses.
	if pub := trend[len(trend)-1]; pub.Status != survey.ReportPublished || pub.Responses.Total == nil || *pub.Responses.Total != 15 {
		t.Errorf("published quarter: status %q, responses %v; want published with 15", pub.Status, pub.Responses.Total)
	}
}

// TestReportUseCasesAuthorise checks that the report use cases refuse
// nobody and someone without a role on the team.
func TestReportUseCasesAuthorise(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, func() time.Time { return fixedNow })
	seedTeam(t, st)
	a := app.New(app.Config{Store: st, Now: func() time.Time { return fixedNow }})
	key := survey.DefaultCalendar().QuarterOf(fixedNow).Key()
	viewerB := app.UserStaff(&store.Account{ID: "v", Organisation: "trust",
		Roles: []store.Role{{Role: app.RoleViewer, Teams: []string{"ward-b"}}}})
	for _, tc := range []struct {
		name string
		p    *app.Staff
		code string
	}{{"nobody", nil, survey.EUNAUTH}, {"viewer of another team", viewerB, survey.EFORBIDDEN}} {
		if _, _, err := a.ReportWithTrend(ctx, tc.p, survey.LevelTeam, "ward-a", key, "", 8); survey.ErrorCode(err) != tc.code {
			t.Errorf("%s: ReportWithTrend error %v, want %s", tc.name, err, tc.code)
		}
		if _, err := a.TeamReport(ctx, tc.p, "ward-a", key, ""); survey.ErrorCode(err) != tc.code {
			t.Errorf("%s: TeamReport error %v, want %s", tc.name, err, tc.code)
		}
	}
	if _, err := a.TeamReport(ctx, viewerB, "ward-b", key, ""); err != nil {
		t.Errorf("viewer of ward-b reading ward-b: %v", err)
	}
}

func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
