package api

// operations lists every route of the API for the OpenAPI document.
// TestOpenAPICoversRoutes fails when a registered route is missing here or
// a route here is not registered.
func operations() []operation {
	var ops []operation
	for _, group := range [][]operation{healthOps(), publicOps(), orgOps(), surveyOps(), accountOps(), reportOps(), workflowOps(), actionOps(), alertOps()} {
		ops = append(ops, group...)
	}
	return ops
}

func list(key string, items obj, more ...any) obj {
	return object(append([]any{key + "!", arr(items)}, more...)...)
}

func healthOps() []operation {
	status := object("status!", enum("Always ok when answered.", "ok"))
	return []operation{
		{method: "GET", path: "/healthz", tag: "health", summary: "The process is up", resp: status},
		{method: "GET", path: "/readyz", tag: "health", summary: "The store answers (503 otherwise)", resp: status},
		{method: "GET", path: "/api/v1/openapi.json", tag: "health", summary: "This OpenAPI document", resp: obj{"type": "object"}},
	}
}

func publicOps() []operation {
	return []operation{
		{method: "GET", path: "/api/v1/public/surveys", tag: "public", summary: "Published surveys",
			resp: list("surveys", ref("PublicSurvey"))},
		{method: "GET", path: "/api/v1/public/surveys/{slug}", tag: "public", summary: "Latest published version of a survey, in the schema's wire shape",
			resp: ref("Survey"), errs: []int{404}},
		{method: "POST", path: "/api/v1/public/surveys/{slug}/responses", tag: "public", summary: "Submit an anonymous response",
			desc: "Idempotent on id: the same id again answers 200 with the same receipt and stores nothing. " +
				"Nothing identifying is stored (no IP address, user agent, cookie or time finer than the date).",
			body: ref("Submission"), status: 201, resp: ref("Receipt"), more: map[int]obj{200: ref("Receipt")}, errs: []int{404, 429}},
		{method: "GET", path: "/api/v1/public/services/{service}/you-said-we-did", tag: "public",
			summary: "\"You said, we did\" of a service: latest published themes and quotes per team, and actions",
			resp:    ref("YouSaidWeDid"), errs: []int{404}},
	}
}

func orgOps() []operation {
	return []operation{
		{method: "POST", path: "/api/v1/organisations", tag: "organisations", summary: "Create an organisation", perm: PermAdmin,
			body: ref("OrganisationRequest"), status: 201, resp: ref("Organisation"), errs: []int{409}},
		{method: "GET", path: "/api/v1/organisations", tag: "organisations", summary: "Organisations the caller may see", perm: "staff",
			resp: list("organisations", ref("Organisation"))},
		{method: "GET", path: "/api/v1/organisations/{org}", tag: "organisations", summary: "An organisation", perm: PermReadOrg,
			resp: ref("Organisation"), errs: []int{404}},
		{method: "PATCH", path: "/api/v1/organisations/{org}", tag: "organisations", summary: "Rename or change settings", perm: PermAdmin,
			body: object("name", typ("string"), "settings", ref("OrgSettings")), resp: ref("Organisation"), errs: []int{404}},
		{method: "POST", path: "/api/v1/organisations/{org}/services", tag: "organisations", summary: "Create a service", perm: PermAdmin,
			body: object("slug!", typ("string"), "name!", typ("string")), status: 201, resp: ref("Service"), errs: []int{404, 409}},
		{method: "GET", path: "/api/v1/organisations/{org}/services", tag: "organisations", summary: "Services of an organisation", perm: PermReadOrg,
			resp: list("services", ref("Service")), errs: []int{404}},
		{method: "GET", path: "/api/v1/services/{service}", tag: "organisations", summary: "A service", perm: PermReadOrg,
			resp: ref("Service"), errs: []int{404}},
		{method: "POST", path: "/api/v1/services/{service}/teams", tag: "organisations", summary: "Create a team",
			desc: "With a webhook_url, the answer carries the webhook signing secret: the only time it is shown.",
			perm: PermAdmin, body: ref("TeamRequest"), status: 201, resp: ref("TeamWithSecret"), errs: []int{404, 409}},
		{method: "GET", path: "/api/v1/services/{service}/teams", tag: "organisations", summary: "Teams of a service the caller may see", perm: PermReadOrg,
			resp: list("teams", ref("Team")), errs: []int{404}},
		{method: "GET", path: "/api/v1/teams/{team}", tag: "organisations", summary: "A team (never its webhook secret)", perm: PermReadOrg,
			resp: ref("Team"), errs: []int{404}},
		{method: "PATCH", path: "/api/v1/teams/{team}", tag: "organisations", summary: "Change a team's name and contacts",
			desc: "Setting a new webhook_url makes a new signing secret, returned in this answer only; an empty webhook_url removes the webhook and its secret.",
			perm: PermAdmin, body: ref("TeamUpdate"), resp: ref("TeamWithSecret"), errs: []int{404}},
		{method: "POST", path: "/api/v1/teams/{team}/webhook-secret", tag: "organisations", summary: "Rotate the team's webhook signing secret (shown once)",
			perm: PermAdmin, resp: ref("TeamWithSecret"), errs: []int{404, 422}},
		{method: "GET", path: "/api/v1/teams/{team}/deliveries", tag: "organisations", summary: "The team's delivery log of webhooks and e-mails (never payloads)",
			perm: PermAdmin, query: []obj{queryParam("state", "pending, delivered or failed.", enum("Delivery state.", "pending", "delivered", "failed"))},
			resp: list("deliveries", ref("Delivery"), "total!", typ("integer")), errs: []int{400, 404}},
	}
}

func surveyOps() []operation {
	info := ref("SurveyInfo")
	state := object("slug!", typ("string"), "version!", typ("integer"), "status!", enum("Version status.", "draft", "published"))
	format := queryParam("format", "surveyjs: the body (PUT) or answer (GET) is SurveyJS survey JSON instead of Chorus's schema; see docs/surveyjs.md. Any other value is 400.",
		enum("Format.", "surveyjs"))
	saved := object("slug!", typ("string"), "version!", typ("integer"), "status!", enum("Version status.", "draft"),
		"warnings", arr(ref("SurveyJSWarning")))
	return []operation{
		{method: "POST", path: "/api/v1/surveys", tag: "surveys", summary: "Create a survey record", perm: PermManageSurvey,
			body: object("slug!", typ("string"), "organisation!", typ("string"), "title!", ref("Label"),
				"teams", arr(typ("string", "Teams the survey is started for; a manager may start surveys only for teams they manage."))),
			status: 201, resp: info, errs: []int{403, 409}},
		{method: "GET", path: "/api/v1/surveys", tag: "surveys", summary: "Surveys the caller may see", perm: "staff",
			query: []obj{queryParam("organisation", "Only this organisation's surveys.", typ("string"))}, resp: list("surveys", info)},
		{method: "GET", path: "/api/v1/surveys/{slug}", tag: "surveys", summary: "A survey record", perm: PermReadSurvey, resp: info, errs: []int{404}},
		{method: "PUT", path: "/api/v1/surveys/{slug}/draft", tag: "surveys", summary: "Save the draft version (schema checked)", perm: PermManageSurvey,
			desc: "With ?format=surveyjs the body is a SurveyJS survey: teams and keywords are kept from the latest saved version, " +
				"the answer lists per SurveyJS element what could not be mapped (warnings), and schema errors name the element.",
			query: []obj{format}, body: obj{"anyOf": []any{ref("Survey"), ref("SurveyJS")}}, resp: saved, errs: []int{404}},
		{method: "GET", path: "/api/v1/surveys/{slug}/versions", tag: "surveys", summary: "Version history", perm: PermReadSurvey,
			resp: object("slug!", typ("string"), "versions!", arr(object("version!", typ("integer"), "status!", typ("string"),
				"saved!", typ("string"), "published", typ("string")))), errs: []int{404}},
		{method: "GET", path: "/api/v1/surveys/{slug}/versions/{version}", tag: "surveys", summary: "One version (X-Chorus-Version-Status header)",
			desc: "With ?format=surveyjs, the version as SurveyJS JSON that SurveyJS's own library renders.",
			perm: PermReadSurvey, query: []obj{format}, resp: obj{"oneOf": []any{ref("Survey"), ref("SurveyJSExport")}}, errs: []int{400, 404}},
		{method: "POST", path: "/api/v1/surveys/{slug}/versions/{version}/publish", tag: "surveys", summary: "Publish a version; published versions never change",
			desc: "Needs the organisation's number of co-production panel approvals of the version's present content.",
			perm: PermManageSurvey, resp: state, errs: []int{404, 409}},
		{method: "GET", path: "/api/v1/surveys/{slug}/versions/{version}/panel", tag: "surveys", summary: "Co-production panel notes and approvals of a version",
			perm: PermReadSurvey, resp: ref("Panel"), errs: []int{404}},
		{method: "POST", path: "/api/v1/surveys/{slug}/versions/{version}/panel/comments", tag: "surveys", summary: "Panel comment on a draft version",
			perm: PermReviewSurvey, body: object("question", typ("string", "Question id the comment is about."), "text!", typ("string")),
			status: 201, resp: ref("PanelNote"), errs: []int{404, 409}},
		{method: "POST", path: "/api/v1/surveys/{slug}/versions/{version}/panel/approve", tag: "surveys", summary: "Panel approval of a version's present content",
			perm: PermReviewSurvey, resp: ref("Panel"), errs: []int{404, 409}},
		{method: "GET", path: "/api/v1/surveys/{slug}/versions/{version}/diff", tag: "surveys", summary: "Changes from an earlier version, in plain English",
			perm: PermReadSurvey, query: []obj{queryParam("from", "Version compared against (default the one before).", typ("integer"))},
			resp: object("survey!", typ("string"), "from!", typ("integer"), "to!", typ("integer"),
				"changes!", nullable("array", "Each {path, kind, text}.")), errs: []int{400, 404}},
	}
}

func accountOps() []operation {
	user := ref("User")
	me := object("user!", ref("Me"), "csrf_token", typ("string", "Send as X-CSRF-Token on state-changing requests of this session."))
	return []operation{
		{method: "POST", path: "/api/v1/auth/login", tag: "accounts", summary: "Sign in with e-mail and password (sets the session cookie)",
			body: object("email!", typ("string"), "password!", typ("string")), resp: me, errs: []int{401, 429}},
		{method: "GET", path: "/api/v1/auth/oidc/login", tag: "accounts", summary: "Start single sign-on (redirect to the identity provider)",
			status: 302, errs: []int{404}},
		{method: "GET", path: "/api/v1/auth/oidc/callback", tag: "accounts", summary: "Single sign-on callback (sets the session cookie, redirects)",
			status: 302, errs: []int{400, 401}},
		{method: "GET", path: "/api/v1/auth/me", tag: "accounts", summary: "Who is signed in", perm: "staff", resp: me},
		{method: "POST", path: "/api/v1/auth/logout", tag: "accounts", summary: "End this session", perm: "staff", status: 204},
		{method: "POST", path: "/api/v1/auth/logout-everywhere", tag: "accounts", summary: "End every session of the account", perm: "staff", status: 204},
		{method: "POST", path: "/api/v1/organisations/{org}/users", tag: "accounts", summary: "Create a staff account", perm: PermAdmin,
			body:   object("email!", typ("string"), "name!", typ("string"), "roles", arr(ref("Role")), "password", typ("string")),
			status: 201, resp: object("user!", user, "temporary_password", typ("string", "Only when generated.")), errs: []int{404, 409}},
		{method: "GET", path: "/api/v1/organisations/{org}/users", tag: "accounts", summary: "Staff accounts of an organisation", perm: PermAdmin,
			resp: list("users", user, "total!", typ("integer")), errs: []int{404}},
		{method: "PATCH", path: "/api/v1/users/{id}", tag: "accounts", summary: "Rename, change roles, disable", perm: PermAdmin,
			body: object("name", typ("string"), "roles", arr(ref("Role")), "disabled", typ("boolean")), resp: object("user!", user), errs: []int{404}},
		{method: "POST", path: "/api/v1/users/{id}/password-reset", tag: "accounts", summary: "Set a temporary password and end the user's sessions",
			perm: PermAdmin, optionalBody: true, body: object("temporary_password", typ("string", "Left out: one is generated and returned once.")),
			resp: object("user!", typ("string"), "must_change_password!", typ("boolean"), "temporary_password", typ("string")), errs: []int{404}},
		{method: "POST", path: "/api/v1/users/me/password", tag: "accounts", summary: "Change one's own password", perm: "staff",
			body: object("current_password!", typ("string"), "new_password!", typ("string")), status: 204},
		{method: "POST", path: "/api/v1/organisations/{org}/tokens", tag: "accounts", summary: "Create an API token (secret shown once)", perm: PermAdmin,
			body: object("name!", typ("string"), "scopes!", arr(typ("string")), "teams", arr(typ("string")), "services", arr(typ("string")),
				"expires_in_days!", typ("integer")), status: 201, resp: ref("Token"), errs: []int{404}},
		{method: "GET", path: "/api/v1/organisations/{org}/tokens", tag: "accounts", summary: "API tokens of an organisation", perm: PermAdmin,
			resp: list("tokens", ref("Token")), errs: []int{404}},
		{method: "DELETE", path: "/api/v1/tokens/{id}", tag: "accounts", summary: "Revoke an API token", perm: PermAdmin, status: 204, errs: []int{404}},
		{method: "GET", path: "/api/v1/organisations/{org}/audit", tag: "accounts", summary: "Audit log of staff actions", perm: PermAdmin,
			query: auditQuery(), resp: list("entries", ref("AuditEntry"), "total!", typ("integer"), "offset!", typ("integer"), "limit!", typ("integer")),
			errs: []int{400, 404}},
		{method: "GET", path: "/api/v1/organisations/{org}/audit.csv", tag: "accounts", summary: "Audit log as CSV", perm: PermAdmin,
			query: auditQuery(), resp: typ("string"), respType: "text/csv", errs: []int{400, 404}},
	}
}

func auditQuery() []obj {
	return []obj{
		queryParam("from", "First day, YYYY-MM-DD (UTC).", typ("string")),
		queryParam("to", "Last day, YYYY-MM-DD (UTC).", typ("string")),
		queryParam("offset", "Entries to skip.", typ("integer")),
		queryParam("limit", "Most entries to return.", typ("integer")),
	}
}

func reportOps() []operation {
	version := queryParam("version", "A published version (team reports only).", typ("integer"))
	return []operation{
		{method: "GET", path: "/api/v1/teams/{team}/reports/{quarter}", tag: "reports", summary: "A team's quarterly report",
			desc: "The latest published version once published (or ?version=N), the review snapshot while in review, " +
				"the live draft otherwise. Small numbers are suppressed in the value itself.",
			perm: PermReadReport, query: []obj{version}, resp: ref("Report"), errs: []int{404}},
		{method: "GET", path: "/api/v1/services/{service}/reports/{quarter}", tag: "reports", summary: "A service's quarterly report (sum of its teams; live)",
			perm: PermReadReport, resp: ref("Report"), errs: []int{404}},
		{method: "GET", path: "/api/v1/organisations/{org}/reports/{quarter}", tag: "reports", summary: "An organisation's quarterly report (sum of its teams; live)",
			perm: PermReadReport, resp: ref("Report"), errs: []int{404}},
		{method: "GET", path: "/api/v1/teams/{team}/reports/{quarter}/comments", tag: "reports", summary: "Redacted comments of a team's quarter (drill-down)",
			desc: "Risk-flagged comments are left out; none are listed when the team had fewer responses than the quote minimum.",
			perm: PermReadReport, query: []obj{queryParam("theme", "Only comments with this sub-theme.", typ("string"))},
			resp: object("team!", typ("string"), "quarter!", typ("string"), "suppressed!", typ("boolean"), "comments!", arr(ref("Comment"))),
			errs: []int{404}},
	}
}

func workflowOps() []operation {
	base := "/api/v1/teams/{team}/reports/{quarter}"
	decided := object("id!", typ("string"), "status!", enum("Decision.", "approved", "rejected"), "decided!", typ("string"))
	return []operation{
		{method: "POST", path: base + "/review", tag: "workflow", summary: "Move to review: freeze a snapshot with candidate quotes",
			desc: "From draft, or from published to start a correction. Candidate quotes are the redacted, non-risk comments; none when quotes are suppressed.",
			perm: PermManageReport, status: 201, resp: ref("Review"), errs: []int{404, 409}},
		{method: "GET", path: base + "/review", tag: "workflow", summary: "The review: candidates with decisions, comments, versions",
			perm: PermReadReport, resp: ref("Review"), errs: []int{404}},
		{method: "POST", path: base + "/comments", tag: "workflow", summary: "Comment on the review (panel members and managers)",
			perm: PermReviewReport, body: object("text!", typ("string", "At most 2000 characters.")), status: 201, resp: ref("ReviewComment"), errs: []int{404}},
		{method: "POST", path: base + "/quotes/{quote}/approve", tag: "workflow", summary: "Approve a candidate quote",
			perm: PermReviewReport, resp: decided, errs: []int{404, 409}},
		{method: "POST", path: base + "/quotes/{quote}/reject", tag: "workflow", summary: "Reject a candidate quote",
			perm: PermReviewReport, resp: decided, errs: []int{404, 409}},
		{method: "POST", path: base + "/publish", tag: "workflow", summary: "Publish the next version (a correction needs a reason)",
			desc: "Stores an immutable version with only the approved quotes and the actions, and notifies the team (webhook report_published, e-mail). The body may be empty for version 1.",
			perm: PermManageReport, optionalBody: true,
			body:   object("reason", typ("string", "Why a correction is published; required from version 2, refused for version 1.")),
			status: 201, resp: ref("Report"), errs: []int{404, 409}},
		{method: "GET", path: base + "/versions", tag: "workflow", summary: "Published versions",
			perm: PermReadReport, resp: object("team!", typ("string"), "quarter!", typ("string"), "versions!", arr(ref("VersionSummary"))), errs: []int{404}},
	}
}

func actionOps() []operation {
	return []operation{
		{method: "POST", path: "/api/v1/teams/{team}/actions", tag: "actions", summary: "Record a \"you said, we did\" action",
			perm: PermManageReport, body: ref("ActionRequest"), status: 201, resp: ref("ActionRecord"), errs: []int{404}},
		{method: "GET", path: "/api/v1/teams/{team}/actions", tag: "actions", summary: "Actions of a team", perm: PermReadReport,
			query: []obj{queryParam("quarter", "Only this quarter.", typ("string")), queryParam("status", "Only this status.", typ("string"))},
			resp:  list("actions", ref("ActionRecord"), "total!", typ("integer")), errs: []int{404}},
		{method: "GET", path: "/api/v1/actions/{id}", tag: "actions", summary: "An action", perm: PermReadReport, resp: ref("ActionRecord"), errs: []int{404}},
		{method: "PATCH", path: "/api/v1/actions/{id}", tag: "actions", summary: "Change an action (status, description, owner, theme, quarter)",
			perm: PermManageReport, body: ref("ActionUpdate"), resp: ref("ActionRecord"), errs: []int{404}},
	}
}

func alertOps() []operation {
	status := queryParam("status", "open or acknowledged.", enum("Alert status.", "open", "acknowledged"))
	return []operation{
		{method: "GET", path: "/api/v1/alerts", tag: "alerts", summary: "Risk alerts of every team the caller is safeguarding contact for, open first",
			perm: "staff", query: []obj{status}, resp: list("alerts", ref("Alert")), errs: []int{400}},
		{method: "GET", path: "/api/v1/teams/{team}/alerts", tag: "alerts", summary: "Risk alerts of a team, open first",
			perm: PermSafeguarding, query: []obj{status}, resp: list("alerts", ref("Alert")), errs: []int{400, 404}},
		{method: "GET", path: "/api/v1/alerts/{id}", tag: "alerts", summary: "A risk alert", perm: PermSafeguarding, resp: ref("Alert"), errs: []int{404}},
		{method: "POST", path: "/api/v1/alerts/{id}/acknowledge", tag: "alerts", summary: "Record that the alert was dealt with",
			perm: PermSafeguarding, resp: ref("Alert"), errs: []int{404}},
	}
}
