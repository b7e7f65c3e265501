package api_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// Principals of the allow/deny table, by letter:
//
//	B bootstrap token          A administrator of trust
//	M manager of crisis-team   N manager of north-cmht (same service)
//	P panel member of cmh      V viewer of crisis-team
//	O API token of other-trust with every permission
//
// and three that are always refused with 401: no credentials, an expired
// session and a revoked token of trust.
const allPrincipals = "BAMNPVO"

// publicRoutes are the /api/v1 routes that need no staff credentials.
var publicRoutes = map[string]bool{
	"GET /api/v1/openapi.json": true,
	"POST /api/v1/auth/login":  true, "GET /api/v1/auth/oidc/login": true, "GET /api/v1/auth/oidc/callback": true,
}

type authzRow struct {
	route string // "METHOD /path/template", as registered
	url   string // with parameters filled in
	body  any
	allow string // letters of the principals allowed
}

func authzRows(targetUser, targetToken string, draft *survey.Survey) []authzRow {
	return []authzRow{
		{"POST /api/v1/organisations", "", map[string]any{"slug": "new-org", "name": "New"}, "B"},
		{"GET /api/v1/organisations", "", nil, "BAMNPVO"},
		{"GET /api/v1/organisations/:org", "/api/v1/organisations/trust", nil, "BAMNPV"},
		{"PATCH /api/v1/organisations/:org", "/api/v1/organisations/trust", map[string]any{"name": "Trust"}, "BA"},
		{"POST /api/v1/organisations/:org/services", "/api/v1/organisations/trust/services", map[string]any{"slug": "new-svc", "name": "New"}, "BA"},
		{"GET /api/v1/organisations/:org/services", "/api/v1/organisations/trust/services", nil, "BAMNPV"},
		{"GET /api/v1/services/:service", "/api/v1/services/cmh", nil, "BAMNPV"},
		{"POST /api/v1/services/:service/teams", "/api/v1/services/cmh/teams", map[string]any{"slug": "new-team", "name": "New"}, "BA"},
		{"GET /api/v1/services/:service/teams", "/api/v1/services/cmh/teams", nil, "BAMNPV"},
		{"GET /api/v1/teams/:team", "/api/v1/teams/crisis-team", nil, "BAMPV"},
		{"PATCH /api/v1/teams/:team", "/api/v1/teams/crisis-team", map[string]any{"name": "Crisis"}, "BA"},
		{"POST /api/v1/surveys", "", map[string]any{"slug": "new-survey", "organisation": "trust", "title": map[string]any{"en": "New"}}, "BA"},
		{"GET /api/v1/surveys", "", nil, "BAMNPVO"},
		{"GET /api/v1/surveys/:slug", "/api/v1/surveys/team-a", nil, "BAMP"},
		{"PUT /api/v1/surveys/:slug/draft", "/api/v1/surveys/team-a/draft", draft, "BAM"},
		{"GET /api/v1/surveys/:slug/versions", "/api/v1/surveys/team-a/versions", nil, "BAMP"},
		{"GET /api/v1/surveys/:slug/versions/:version", "/api/v1/surveys/team-a/versions/1", nil, "BAMP"},
		{"POST /api/v1/surveys/:slug/versions/:version/publish", "/api/v1/surveys/team-a/versions/1/publish", nil, "BAM"},
		{"GET /api/v1/surveys/:slug/versions/:version/panel", "/api/v1/surveys/team-a/versions/1/panel", nil, "BAMP"},
		{"POST /api/v1/surveys/:slug/versions/:version/panel/comments", "/api/v1/surveys/team-a/versions/1/panel/comments", map[string]any{"text": "Plainer words, please."}, "BAP"},
		{"POST /api/v1/surveys/:slug/versions/:version/panel/approve", "/api/v1/surveys/team-a/versions/1/panel/approve", nil, "P"},
		{"GET /api/v1/surveys/:slug/versions/:version/diff", "/api/v1/surveys/team-a/versions/1/diff", nil, "BAMP"},
		{"GET /api/v1/auth/me", "", nil, allPrincipals},
		{"POST /api/v1/auth/logout", "", nil, allPrincipals},
		{"POST /api/v1/auth/logout-everywhere", "", nil, allPrincipals},
		{"POST /api/v1/organisations/:org/users", "/api/v1/organisations/trust/users", map[string]any{"email": "new@trust.example", "name": "New",
			"roles": []any{map[string]any{"role": "viewer", "teams": []string{"crisis-team"}}}}, "BA"},
		{"GET /api/v1/organisations/:org/users", "/api/v1/organisations/trust/users", nil, "BA"},
		{"PATCH /api/v1/users/:id", "/api/v1/users/" + targetUser, map[string]any{"name": "Renamed"}, "BA"},
		{"POST /api/v1/users/:id/password-reset", "/api/v1/users/" + targetUser + "/password-reset", nil, "BA"},
		{"POST /api/v1/users/me/password", "", map[string]any{"current_password": "not-the-password-at-all", "new_password": "a-new-long-passphrase-7"}, "AMNPV"},
		{"POST /api/v1/organisations/:org/tokens", "/api/v1/organisations/trust/tokens", map[string]any{"name": "etl", "scopes": []string{"read_report"}, "expires_in_days": 30}, "BA"},
		{"GET /api/v1/organisations/:org/tokens", "/api/v1/organisations/trust/tokens", nil, "BA"},
		{"DELETE /api/v1/tokens/:id", "/api/v1/tokens/" + targetToken, nil, "BA"},
		{"GET /api/v1/organisations/:org/audit", "/api/v1/organisations/trust/audit", nil, "BA"},
		{"GET /api/v1/organisations/:org/audit.csv", "/api/v1/organisations/trust/audit.csv", nil, "BA"},
		{"GET /api/v1/teams/:team/reports/:quarter", "/api/v1/teams/crisis-team/reports/2026-27-Q3", nil, "BAMPV"},
		{"GET /api/v1/services/:service/reports/:quarter", "/api/v1/services/cmh/reports/2026-27-Q3", nil, "BAP"},
		{"GET /api/v1/organisations/:org/reports/:quarter", "/api/v1/organisations/trust/reports/2026-27-Q3", nil, "BA"},
	}
}

// staffRoutes lists every registered /api/v1 route that is not public.
func staffRoutes(t *testing.T) []string {
	e := echo.New()
	api.New(api.Config{Store: storetest.Open(t)}).Register(e)
	var out []string
	for _, r := range e.Routes() {
		key := r.Method + " " + r.Path
		if strings.HasPrefix(r.Path, "/api/v1/") && !strings.HasPrefix(r.Path, "/api/v1/public/") && !publicRoutes[key] {
			out = append(out, key)
		}
	}
	sort.Strings(out)
	return out
}

// TestAuthorizationTable tries every staff route with every principal and
// checks allow or deny against one table. A staff route missing from the
// table fails the test.
func TestAuthorizationTable(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	must(t, h.store.CreateOrganisation(ctx, survey.Organisation{Slug: "other-trust", Name: "Other"}))
	must(t, h.store.CreateService(ctx, survey.Service{Slug: "other-svc", Organisation: "other-trust", Name: "Other"}))
	draft := loadSurvey(t)
	draft.Slug, draft.Keywords = "team-a", nil
	draft.Teams = []survey.TeamRef{{Slug: "crisis-team", Name: "Crisis"}}
	must(t, h.store.CreateSurvey(ctx, store.SurveyInfo{Slug: "team-a", Organisation: "trust", Title: draft.Title}))
	_, err := h.store.SaveDraft(ctx, draft)
	must(t, err)

	users := map[byte]*store.Account{
		'A': h.account("admin@trust.example", "trust", store.Role{Role: api.RoleAdministrator}),
		'M': h.account("manager-a@trust.example", "trust", store.Role{Role: api.RoleManager, Teams: []string{"crisis-team"}}),
		'N': h.account("manager-b@trust.example", "trust", store.Role{Role: api.RoleManager, Teams: []string{"north-cmht"}}),
		'P': h.account("panel@trust.example", "trust", store.Role{Role: api.RolePanel, Services: []string{"cmh"}}),
		'V': h.account("viewer@trust.example", "trust", store.Role{Role: api.RoleViewer, Teams: []string{"crisis-team"}}),
	}
	target := h.account("target@trust.example", "trust", store.Role{Role: api.RoleViewer, Teams: []string{"north-cmht"}})
	otherToken := h.token("other-trust", api.Permissions, false)
	revoked := h.token("trust", api.Permissions, true)
	secret, hash := api.NewAPIToken()
	tt, err := h.store.CreateToken(ctx, store.APIToken{Hash: hash, Name: "target", Organisation: "trust", Scopes: []string{api.PermReadReport}, Expires: fixedNow().Add(time.Hour)})
	must(t, err)
	_ = secret

	// credentials returns the request headers of a principal. Sessions are
	// kept per principal until a logout route ends them.
	sessions := map[byte][2]string{}
	credentials := func(p byte, unsafe bool) []string {
		switch p {
		case 'B':
			return []string{"Authorization", "Bearer " + adminToken}
		case 'O':
			return []string{"Authorization", "Bearer " + otherToken}
		case 'R':
			return []string{"Authorization", "Bearer " + revoked}
		case 'E':
			return sessionHeader(h.session(users['M'], fixedNow().Add(-time.Second)), "")
		case '-':
			return nil
		}
		s, ok := sessions[p]
		if !ok {
			raw := h.session(users[p], fixedNow().Add(time.Hour))
			s = [2]string{raw, h.csrf(raw)}
			sessions[p] = s
		}
		if !unsafe {
			return sessionHeader(s[0], "")
		}
		return sessionHeader(s[0], s[1])
	}

	rows := authzRows(target.ID, tt.ID, draft)
	rows = append(rows, workflowAuthzRows(t, h)...)
	tabled := map[string]bool{}
	for _, r := range rows {
		tabled[r.route] = true
	}
	for _, route := range staffRoutes(t) {
		if !tabled[route] {
			t.Errorf("staff route %s is missing from the authorization table", route)
		}
	}
	for _, r := range rows {
		method, path, _ := strings.Cut(r.route, " ")
		url := r.url
		if url == "" {
			url = path
		}
		for _, p := range []byte(allPrincipals + "-ER") {
			name := fmt.Sprintf("%s/%c", r.route, p)
			status, raw, _ := h.raw(method, url, r.body, credentials(p, method != http.MethodGet)...)
			body := string(raw)
			switch {
			case p == '-' || p == 'E' || p == 'R':
				if status != http.StatusUnauthorized {
					t.Errorf("%s: status %d, want 401 (%v)", name, status, body)
				}
			case strings.IndexByte(r.allow, p) >= 0:
				if status == http.StatusUnauthorized || status == http.StatusForbidden || status == http.StatusNotFound ||
					status == http.StatusMethodNotAllowed || status >= 500 {
					t.Errorf("%s: status %d, want allowed (%v)", name, status, body)
				}
			default:
				if status != http.StatusForbidden {
					t.Errorf("%s: status %d, want 403 (%v)", name, status, body)
				}
			}
		}
		if strings.Contains(r.route, "/auth/logout") {
			clear(sessions)
		}
	}
}

// TestListsAreFiltered checks that list routes show only what a principal
// may see.
func TestListsAreFiltered(t *testing.T) {
	h := newHarness(t)
	m := h.account("m@trust.example", "trust", store.Role{Role: api.RoleManager, Teams: []string{"north-cmht"}})
	hdr := sessionHeader(h.session(m, fixedNow().Add(time.Hour)), "")
	status, body, _ := h.do("GET", "/api/v1/services/cmh/teams", nil, hdr...)
	teams := body["teams"].([]any)
	if status != http.StatusOK || len(teams) != 1 || teams[0].(map[string]any)["slug"] != "north-cmht" {
		t.Fatalf("teams = %d %v", status, body)
	}
	// all-types is offered to crisis-team and north-cmht: readable by a
	// manager of one, changeable only by someone with both.
	status, body, _ = h.do("GET", "/api/v1/surveys", nil, hdr...)
	if list := body["surveys"].([]any); status != http.StatusOK || len(list) != 1 {
		t.Fatalf("surveys = %d %v", status, body)
	}
	status, body, _ = h.do("POST", "/api/v1/surveys/all-types/versions/1/publish", nil,
		sessionHeader(h.session(m, fixedNow().Add(time.Hour)), h.csrf(hdr[1][len(api.SessionCookie)+1:]))...)
	wantError(t, status, body, http.StatusForbidden, survey.EFORBIDDEN)
	status, body, _ = h.do("GET", "/api/v1/organisations", nil, "Authorization", "Bearer "+h.token("trust", []string{api.PermReadOrg}, false))
	if list := body["organisations"].([]any); status != http.StatusOK || len(list) != 1 {
		t.Fatalf("organisations = %d %v", status, body)
	}
}
