package webui_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/webui"
	"github.com/xuri/excelize/v2"
)

// adminToken is the bootstrap token of the staff test server.
const adminToken = "test-bootstrap-token-0123456789"

// quarter is the quarter of fixedNow.
const quarter = "2026-27-Q3"

// newStaffEnv starts the API and every page, with the bootstrap token
// enabled, on a fresh database holding the test survey.
func newStaffEnv(t *testing.T) *env {
	t.Helper()
	return newStaffEnvWith(t, nil)
}

// newStaffEnvWith is newStaffEnv with a safety status for the dashboard.
func newStaffEnvWith(t *testing.T, safety webui.SafetyFunc) *env {
	t.Helper()
	st := storetest.Open(t, func() time.Time { return fixedNow })
	seed(t, st)
	log := slog.New(slog.DiscardHandler)
	now := func() time.Time { return fixedNow }
	srv := api.New(api.Config{Store: st, Logger: log, Now: now, SubmitRate: 10000, AdminToken: adminToken})
	e := api.NewEcho(log)
	srv.Register(e)
	ui, err := webui.New(srv, webui.Options{Logger: log, PublicURL: "https://feedback.example.nhs.uk", Now: now, Safety: safety})
	if err != nil {
		t.Fatalf("webui.New: %v", err)
	}
	ui.Register(e)
	ts := httptest.NewServer(e)
	t.Cleanup(ts.Close)
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &env{t: t, URL: ts.URL, Store: st, client: client}
}

// bearer is the header pair of the bootstrap token.
var bearer = []string{"Authorization", "Bearer " + adminToken}

// respond submits n responses to a team through the public API: role,
// FFT answer and a comment each.
func (e *env) respond(team, role, fft, comment string, n int) {
	e.t.Helper()
	for i := 0; i < n; i++ {
		answers := map[string]any{"role": role, "fft": fft}
		if role == "carer" {
			answers["carer_involved"] = true
		}
		if comment != "" {
			answers["good"] = comment
		}
		body, _ := json.Marshal(map[string]any{"id": newUUID(), "team": team, "answers": answers})
		req, err := http.NewRequest(http.MethodPost, e.URL+"/api/v1/public/surveys/"+testSlug+"/responses", bytes.NewReader(body))
		must(e.t, err)
		req.Header.Set("Content-Type", "application/json")
		p := e.do(req)
		if p.Status != http.StatusCreated {
			e.t.Fatalf("submit: status %d: %s", p.Status, p.Body)
		}
	}
}

var uuidN int

// newUUID returns a fresh valid UUID (version 4 layout).
func newUUID() string {
	uuidN++
	return fmt.Sprintf("6f1c2a3b-4d5e-4f60-8a7b-%012d", uuidN)
}

func TestStaffPagesNeedSignIn(t *testing.T) {
	e := newStaffEnv(t)
	for _, path := range []string{"/staff", "/staff/teams/ward-a/reports/" + quarter, "/staff/teams/ward-a/reports/" + quarter + ".csv",
		"/staff/teams/ward-a/reports/" + quarter + ".xlsx", "/staff/services/adult-mh/reports/" + quarter, "/staff/alerts"} {
		for name, header := range map[string][]string{
			"NoSession":  nil,
			"BadCookie":  {"Cookie", "chorus_session=forged"},
			"WrongToken": {"Authorization", "Bearer not-the-token"},
		} {
			p := e.get(path, header...)
			want := "/staff/login?next=" + url.QueryEscape(path)
			if p.Status != http.StatusSeeOther || p.Header.Get("Location") != want {
				t.Errorf("%s %s: got %d to %q, want 303 to %q", name, path, p.Status, p.Header.Get("Location"), want)
			}
			assertNotContains(t, p.Body, "suppressed", "Ward")
		}
	}
	p := e.post("/staff/teams/ward-a/reports/"+quarter+"/review", url.Values{})
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Header.Get("Location"), "/staff/login") {
		t.Errorf("POST review without a session: got %d to %q", p.Status, p.Header.Get("Location"))
	}
}

// loginForm fetches the sign-in page and returns its token and cookie.
func (e *env) loginForm() (token, cookie string) {
	e.t.Helper()
	p := e.get("/staff/login")
	if p.Status != http.StatusOK {
		e.t.Fatalf("login page: %d", p.Status)
	}
	checkHTML(e.t, p.Body)
	token = hiddenValue(e.t, p.Body, "csrf_token")
	for _, c := range p.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "chorus_login_csrf=") {
			cookie = strings.SplitN(c, ";", 2)[0]
			if !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Strict") {
				e.t.Errorf("login token cookie lacks HttpOnly or SameSite=Strict: %s", c)
			}
		}
	}
	if cookie == "" {
		e.t.Fatal("no login token cookie")
	}
	return token, cookie
}

func TestLoginLogout(t *testing.T) {
	e := newStaffEnv(t)
	ctx := context.Background()
	_, err := e.Store.CreateAccount(ctx, store.Account{Email: "manager@example.nhs.uk", Name: "Morgan Manager", Organisation: "trust",
		Roles: []store.Role{{Role: api.RoleManager, Teams: []string{"ward-a"}}}, PasswordHash: api.HashPassword("correct horse battery staple")})
	must(t, err)

	t.Run("ErrMissingToken", func(t *testing.T) {
		p := e.post("/staff/login", url.Values{"email": {"manager@example.nhs.uk"}, "password": {"correct horse battery staple"}})
		if p.Status != http.StatusForbidden {
			t.Errorf("status: got %d, want 403", p.Status)
		}
		assertContains(t, p.Body, "Your sign-in form had expired")
		assertNotContains(t, p.Header.Get("Set-Cookie"), "chorus_session=")
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		tok, ck := e.loginForm()
		p := e.post("/staff/login", url.Values{"csrf_token": {tok}}, "Cookie", ck)
		if p.Status != http.StatusUnprocessableEntity {
			t.Errorf("status: got %d, want 422", p.Status)
		}
		assertContains(t, p.Body, `<title>Error: Sign in – Chorus staff</title>`, `<a href="#email">Enter your e-mail address</a>`, `<a href="#password">Enter your password</a>`,
			`aria-describedby="email-error"`)
		checkHTML(t, p.Body)
	})
	t.Run("ErrWrongPassword", func(t *testing.T) {
		tok, ck := e.loginForm()
		p := e.post("/staff/login", url.Values{"csrf_token": {tok}, "email": {"manager@example.nhs.uk"}, "password": {"wrong password here"}}, "Cookie", ck)
		if p.Status != http.StatusUnauthorized {
			t.Errorf("status: got %d, want 401", p.Status)
		}
		assertContains(t, p.Body, "The e-mail address or password is wrong", `value="manager@example.nhs.uk"`)
		assertNotContains(t, p.Body, "wrong password here")
	})
	t.Run("OK", func(t *testing.T) {
		tok, ck := e.loginForm()
		next := "/staff/teams/ward-a/reports/" + quarter
		p := e.post("/staff/login", url.Values{"csrf_token": {tok}, "email": {"manager@example.nhs.uk"}, "password": {"correct horse battery staple"}, "next": {next}}, "Cookie", ck)
		if p.Status != http.StatusSeeOther || p.Header.Get("Location") != next {
			t.Fatalf("got %d to %q, want 303 to %s: %s", p.Status, p.Header.Get("Location"), next, p.Body)
		}
		session := ""
		for _, c := range p.Header.Values("Set-Cookie") {
			if strings.HasPrefix(c, api.SessionCookie+"=") {
				session = strings.SplitN(c, ";", 2)[0]
			}
		}
		if session == "" {
			t.Fatal("no session cookie")
		}
		home := e.get("/staff", "Cookie", session)
		if home.Status != http.StatusOK {
			t.Fatalf("home: %d", home.Status)
		}
		// A manager of ward-a sees ward-a only.
		assertContains(t, home.Body, "Morgan Manager", `href="/staff/teams/ward-a/reports/2026-27-Q2"`, `name="csrf_token"`)
		assertNotContains(t, home.Body, "/staff/teams/ward-b/", "/staff/organisations/trust/")
		checkHTML(t, home.Body)
		// Browsers send "Origin: null" on form posts under "no-referrer",
		// which the CSRF origin check refuses: staff pages use same-origin.
		if got := home.Header.Get("Referrer-Policy"); got != "same-origin" {
			t.Errorf("Referrer-Policy: got %q, want same-origin", got)
		}
		assertContains(t, home.Body, `<meta name="referrer" content="same-origin">`)
		if p := e.get("/staff/teams/ward-b/reports/"+quarter, "Cookie", session); p.Status != http.StatusForbidden {
			t.Errorf("another team's report: got %d, want 403", p.Status)
		}
		csrf := hiddenValue(t, home.Body, "csrf_token")
		if p := e.post("/staff/logout", url.Values{}, "Cookie", session); p.Status != http.StatusForbidden {
			t.Errorf("logout without the CSRF token: got %d, want 403", p.Status)
		}
		out := e.post("/staff/logout", url.Values{"csrf_token": {csrf}}, "Cookie", session)
		if out.Status != http.StatusSeeOther || out.Header.Get("Location") != "/staff/login?notice=signed-out" {
			t.Errorf("logout: got %d to %q", out.Status, out.Header.Get("Location"))
		}
		if p := e.get("/staff", "Cookie", session); p.Status != http.StatusSeeOther {
			t.Errorf("after logout: got %d, want a redirect to sign in", p.Status)
		}
	})
}

func TestReportPage(t *testing.T) {
	e := newStaffEnv(t)
	e.respond("ward-a", "service_user", "very_good", "The staff were kind and listened to me every day.", 8)
	e.respond("ward-a", "carer", "poor", "I waited three weeks for a call back, far too long.", 6)
	base := "/staff/teams/ward-a/reports/" + quarter
	p := e.get(base, bearer...)
	if p.Status != http.StatusOK {
		t.Fatalf("status %d: %s", p.Status, p.Body)
	}
	checkHTML(t, p.Body)
	assertContains(t, p.Body,
		`<h1>ward-a</h1>`, `id="status">Draft</strong>`,
		`<span class="chorus-stat__value">14</span>`,
		`<div class="chorus-bars" role="img" aria-labelledby="chart-fft-title chart-fft-desc">`,
		`<span id="chart-fft-title" hidden="">Friends and Family Test: every answer</span>`,
		`</div><details class="chorus-details" id="chart-fft-data"><summary>Show the data as a table<span class="nhsuk-u-visually-hidden">: Friends and Family Test: every answer</span></summary>`,
		`<th scope="row">Very good</th><td class="chorus-num">8</td><td class="chorus-num">57%</td>`,
		`id="chart-trend"`, `id="chart-carers"`, `id="chart-roles"`,
		`href="`+base+`.csv"`, `href="`+base+`.xlsx"`,
		`action="`+base+`/review"`,
	)
	// The trend is drawn twice, for wide and narrow screens, with one table.
	if n := strings.Count(p.Body, `role="img"`) - 1; n < 5 || n != strings.Count(p.Body, "Show the data as a table") {
		t.Errorf("%d charts, %d table alternatives", n, strings.Count(p.Body, "Show the data as a table"))
	}

	t.Run("CSV", func(t *testing.T) {
		p := e.get(base+".csv", bearer...)
		if p.Status != http.StatusOK || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("got %d %s", p.Status, p.Header.Get("Content-Type"))
		}
		assertContains(t, p.Header.Get("Content-Disposition"), `attachment; filename="chorus-ward-a-2026-27-q3.csv"`)
		rows, err := csv.NewReader(strings.NewReader(p.Body)).ReadAll()
		must(t, err)
		assertContains(t, strings.Join(rows[0], ","), "Section,Item,Detail,Count,Per cent")
		assertContains(t, p.Body, "Summary,Responses,All,14,", "Summary,Responses,Carers,6,")
	})
	t.Run("XLSX", func(t *testing.T) {
		p := e.get(base+".xlsx", bearer...)
		if p.Status != http.StatusOK || p.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("got %d %s", p.Status, p.Header.Get("Content-Type"))
		}
		parts := unzip(t, []byte(p.Body))
		for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
			"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml"} {
			if _, ok := parts[name]; !ok {
				t.Errorf("workbook lacks %s", name)
			}
		}
		assertContains(t, parts["xl/workbook.xml"], `name="Summary"`, `name="Questions"`, `name="Themes"`, `name="Actions"`)
		assertContains(t, parts["xl/worksheets/sheet1.xml"], "<v>14</v>", "<v>6</v>")
	})
}

// TestSuppressionEndToEnd seeds a team with 3 responses (threshold 5) and
// checks the page, the CSV and the XLSX: none shows the counts, each says
// the figures are suppressed.
func TestSuppressionEndToEnd(t *testing.T) {
	e := newStaffEnv(t)
	e.respond("ward-b", "service_user", "good", "Lovely garden to sit in.", 2)
	e.respond("ward-b", "carer", "poor", "Nobody rang me back about my son.", 1)
	base := "/staff/teams/ward-b/reports/" + quarter
	html := e.get(base, bearer...)
	if html.Status != http.StatusOK {
		t.Fatalf("status %d", html.Status)
	}
	number := regexp.MustCompile(`<td class="chorus-num">(?:[1-9]|[0-9]+%)[^<]*</td>|<span class="chorus-stat__value">[0-9]`)
	if m := number.FindAllString(html.Body, -1); len(m) > 0 {
		t.Errorf("page shows figures of a suppressed team: %q", m)
	}
	assertContains(t, html.Body, ">suppressed<", "fewer than 5 people", "fewer than 10 people answered")
	assertNotContains(t, html.Body, `class="chorus-bar"`)

	csvPage := e.get(base+".csv", bearer...)
	rows, err := csv.NewReader(strings.NewReader(csvPage.Body)).ReadAll()
	must(t, err)
	for _, row := range rows[1:] {
		for _, cell := range row[3:7] {
			if cell != "" && cell != "0" && cell != "suppressed" {
				t.Errorf("CSV row %q shows %q", row, cell)
			}
		}
	}
	assertContains(t, csvPage.Body, "Summary,Responses,All,suppressed")

	book, err := excelize.OpenReader(strings.NewReader(e.get(base+".xlsx", bearer...).Body))
	must(t, err)
	defer book.Close()
	for _, s := range []string{"Summary", "Questions", "Themes"} {
		suppressed := false
		rows, err := book.GetRows(s, excelize.Options{RawCellValue: true})
		must(t, err)
		for _, row := range rows[1:] {
			for _, cell := range row[min(2, len(row)):min(6, len(row))] {
				if cell == "1" || cell == "2" || cell == "3" {
					t.Errorf("%s row %q holds %s", s, row, cell)
				}
				suppressed = suppressed || cell == "suppressed"
			}
		}
		if !suppressed {
			t.Errorf("sheet %s has no suppressed cell", s)
		}
	}
}

// unzip returns the parts of a zip archive by name.
func unzip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip file: %v", err)
	}
	out := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		must(t, err)
		body, err := io.ReadAll(r)
		must(t, err)
		r.Close()
		out[f.Name] = string(body)
	}
	return out
}

func TestHomeServiceAndOrganisationReports(t *testing.T) {
	e := newStaffEnv(t)
	e.respond("ward-a", "service_user", "good", "", 7)
	e.respond("ward-b", "carer", "very_poor", "", 5)
	home := e.get("/staff", bearer...)
	if home.Status != http.StatusOK {
		t.Fatalf("home: status %d", home.Status)
	}
	checkHTML(t, home.Body)
	assertContains(t, home.Body, "Test Trust", "Adult mental health",
		`href="/staff/organisations/trust/reports/2026-27-Q2"`, `href="/staff/services/adult-mh/reports/2026-27-Q2"`,
		`href="/staff/teams/ward-a/reports/2026-27-Q3"`, `href="/staff/teams/ward-b/reports/2026-27-Q2"`, `href="/you-said-we-did/adult-mh"`)
	for path, want := range map[string]string{
		"/staff/services/adult-mh/reports/" + quarter:   "Adult mental health",
		"/staff/organisations/trust/reports/" + quarter: "Test Trust",
	} {
		p := e.get(path, bearer...)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: status %d", path, p.Status)
		}
		checkHTML(t, p.Body)
		// 7 + 5 responses are added up; a service or organisation report
		// has no review workflow of its own.
		assertContains(t, p.Body, "<h1>"+want+"</h1>", `<span class="chorus-stat__value">12</span>`, `href="`+path+`.xlsx"`)
		assertNotContains(t, p.Body, `id="workflow"`)
		if csv := e.get(path+".csv", bearer...); !strings.Contains(csv.Body, "Summary,Responses,All,12,") {
			t.Errorf("%s.csv lacks the total: %s", path, csv.Body)
		}
	}
	if p := e.get("/staff/teams/ward-a/reports/2026-27-Q9", bearer...); p.Status != http.StatusNotFound {
		t.Errorf("bad quarter: got %d, want 404", p.Status)
	}
	if p := e.get("/staff/teams/nope/reports/"+quarter, bearer...); p.Status != http.StatusNotFound {
		t.Errorf("unknown team: got %d, want 404", p.Status)
	}
}

// BenchmarkReportPage measures the whole team report page: the report,
// seven earlier quarters for the trend, the team and its review, and the
// rendering, for a team with 60 responses with comments.
func BenchmarkReportPage(b *testing.B) {
	st := storetest.Open(b, func() time.Time { return fixedNow })
	ctx := context.Background()
	if err := st.CreateOrganisation(ctx, survey.Organisation{Slug: "trust", Name: "Test Trust"}); err != nil {
		b.Fatal(err)
	}
	if err := st.CreateService(ctx, survey.Service{Slug: "adult-mh", Organisation: "trust", Name: "Adult mental health"}); err != nil {
		b.Fatal(err)
	}
	if _, err := st.CreateTeam(ctx, survey.Team{Slug: "ward-a", Service: "adult-mh", Organisation: "trust", Name: "Ward A"}); err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile("testdata/survey.json")
	if err != nil {
		b.Fatal(err)
	}
	var sv survey.Survey
	if err := json.Unmarshal(raw, &sv); err != nil {
		b.Fatal(err)
	}
	survey.NormaliseSurvey(&sv)
	if err := st.CreateSurvey(ctx, store.SurveyInfo{Slug: sv.Slug, Organisation: "trust", Title: sv.Title}); err != nil {
		b.Fatal(err)
	}
	v, err := st.SaveDraft(ctx, &sv)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.PublishVersion(ctx, sv.Slug, v); err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	now := func() time.Time { return fixedNow }
	srv := api.New(api.Config{Store: st, Logger: log, Now: now, SubmitRate: 10000, AdminToken: adminToken})
	e := api.NewEcho(log)
	srv.Register(e)
	ui, err := webui.New(srv, webui.Options{Logger: log, Now: now})
	if err != nil {
		b.Fatal(err)
	}
	ui.Register(e)
	for i := 0; i < 60; i++ {
		answers := map[string]any{"role": "service_user", "fft": "good", "good": "The staff listened and the food was good."}
		if i%3 == 0 {
			answers = map[string]any{"role": "carer", "fft": "poor", "carer_involved": false, "good": "Waiting for a call back took far too long."}
		}
		body, _ := json.Marshal(map[string]any{"id": newUUID(), "team": "ward-a", "answers": answers})
		req := httptest.NewRequest(http.MethodPost, "/api/v1/public/surveys/"+sv.Slug+"/responses", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			b.Fatalf("submit: %d %s", rec.Code, rec.Body)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/staff/teams/ward-a/reports/"+quarter, nil)
		req.Header.Set("Authorization", "Bearer "+adminToken)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// TestDashboardStylesheet fetches the staff stylesheet the way a browser
// does, gzip accepted, and gets the whole file back.
func TestDashboardStylesheet(t *testing.T) {
	e := newStaffEnv(t)
	login := e.get("/staff/login")
	href := regexp.MustCompile(`href="(/static/dashboard\.[0-9a-f]+\.css)"`).FindStringSubmatch(login.Body)
	if href == nil {
		t.Fatal("sign-in page does not link the dashboard stylesheet")
	}
	want, err := os.ReadFile("static/dashboard.css")
	must(t, err)
	for _, enc := range []string{"", "gzip"} {
		var p page
		if enc == "" {
			p = e.get(href[1])
		} else {
			p = e.get(href[1], "Accept-Encoding", enc)
		}
		if p.Status != http.StatusOK || p.Body != string(want) {
			t.Errorf("Accept-Encoding %q: status %d, %d bytes, want the %d-byte file", enc, p.Status, len(p.Body), len(want))
		}
		if !strings.HasPrefix(p.Header.Get("Content-Type"), "text/css") {
			t.Errorf("Accept-Encoding %q: content type %q", enc, p.Header.Get("Content-Type"))
		}
	}
	if strings.Contains(e.get("/s/"+testSlug+"/ward-a").Body, "dashboard.") {
		t.Error("a respondent page loads the dashboard stylesheet")
	}
}
