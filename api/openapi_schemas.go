package api

// schemas are the components of the OpenAPI document. The public shapes
// follow DESIGN.md exactly; the report is survey.Report.
func schemas() obj {
	s := obj{
		"Error": object("error!", object(
			"code!", enum("Error code.", "invalid", "unauthorized", "forbidden", "not_found", "method_not_allowed", "conflict",
				"too_large", "unprocessable", "rate_limited", "unavailable", "internal"),
			"message!", typ("string", "Safe to show to people."),
			"fields", arr(ref("FieldError")))),
		"FieldError": object("field!", typ("string", "Dotted JSON path, e.g. answers.fft."), "message!", typ("string")),
		"Label": obj{"type": "object", "description": "Text by language tag; en is required.",
			"additionalProperties": obj{"type": "string"}, "required": []any{"en"}},
	}
	for k, v := range surveyJSSchemas() {
		s[k] = v
	}
	for k, v := range surveySchemas() {
		s[k] = v
	}
	for k, v := range orgSchemas() {
		s[k] = v
	}
	for k, v := range reportSchemas() {
		s[k] = v
	}
	for k, v := range workflowSchemas() {
		s[k] = v
	}
	return s
}

func surveySchemas() obj {
	return obj{
		"TeamRef":      object("slug!", typ("string"), "name!", typ("string")),
		"PublicSurvey": object("slug!", typ("string"), "title!", ref("Label"), "teams!", arr(ref("TeamRef"))),
		"Survey": object(
			"slug!", typ("string"), "version!", typ("integer"), "title!", ref("Label"), "intro", ref("Label"),
			"languages!", arr(typ("string")), "teams!", arr(ref("TeamRef")),
			"keywords", arr(object("keyword!", typ("string"), "team", typ("string"))),
			"sections!", arr(ref("Section"))),
		"Section": object("id!", typ("string"), "title!", ref("Label"), "visible_if", ref("Condition"), "questions!", arr(ref("Question"))),
		"Question": object(
			"id!", typ("string"),
			"type!", enum("Question type.", "single_choice", "multi_choice", "likert", "fft", "rating", "yes_no", "number", "short_text", "long_text"),
			"required", typ("boolean"), "label!", ref("Label"), "easy_read", ref("Label"), "hint", ref("Label"),
			"options", arr(object("value!", typ("string"), "label!", ref("Label"), "easy_read", ref("Label"))),
			"max_selected", typ("integer"), "min", typ("number"), "max", typ("number"), "integer", typ("boolean"),
			"max_length", typ("integer"), "prompt_kind", enum("Kind of free-text prompt.", "what_good", "could_improve", "nonspecific"),
			"visible_if", ref("Condition")),
		"Condition": obj{"type": "object", "required": []any{"question"}, "additionalProperties": false, "description": "Visible only when an earlier answer equals a value or is in a list.",
			"properties": obj{"question": typ("string"), "equals": obj{}, "in": arr(obj{})}},
		"Submission": object(
			"id!", obj{"type": "string", "format": "uuid", "description": "Chosen by the client; makes the submission idempotent."},
			"team", typ("string", "May be left out when the survey is offered to one team."),
			"language", typ("string"),
			"answers!", obj{"type": "object", "description": "Answers by question id.", "additionalProperties": true}),
		"Receipt": object("id!", typ("string"), "survey!", typ("string"), "version!", typ("integer"), "team!", typ("string"), "quarter!", typ("string"),
			"crisis", typ("boolean", "Present (true) when a comment suggests the respondent may be at risk: show crisis support at once.")),
		"PanelNote": object("id!", typ("string"), "survey!", typ("string"), "version!", typ("integer"),
			"kind!", enum("Note kind.", "comment", "approval"), "question", typ("string"), "author!", typ("string"),
			"name!", typ("string"), "text", typ("string"), "date!", typ("string"), "created!", typ("string")),
		"Panel": object("survey!", typ("string"), "version!", typ("integer"), "status!", typ("string"),
			"approvals_needed!", typ("integer"), "approvals!", typ("integer"), "notes!", arr(ref("PanelNote"))),
		"SurveyInfo": object("slug!", typ("string"), "organisation!", typ("string"), "title!", ref("Label"), "latest_version!", typ("integer"),
			"published_version!", typ("integer"), "created!", typ("string"),
			"teams", arr(typ("string", "Teams the survey was started for."))),
	}
}

func orgSchemas() obj {
	team := []any{"slug!", typ("string"), "service!", typ("string"), "organisation!", typ("string"), "name!", typ("string"),
		"safeguarding_email", typ("string", "Receives risk alerts."), "webhook_url", typ("string", "Receives signed risk_alert and report_published webhooks."),
		"contact_emails", arr(typ("string")),
	}
	return obj{
		"OrgSettings": object("year_start_month", typ("integer"), "timezone", typ("string"), "suppression_threshold", typ("integer"),
			"quote_threshold", typ("integer"), "min_base", typ("integer", "Fewest responses for a unit to show any figure (default 10)."),
			"panel_approvals", typ("integer"), "crisis_text", ref("Label"), "safeguarding_email", typ("string")),
		"Organisation":        object("slug!", typ("string"), "name!", typ("string"), "settings!", ref("OrgSettings")),
		"OrganisationRequest": object("slug!", typ("string"), "name!", typ("string"), "settings", ref("OrgSettings")),
		"Service":             object("slug!", typ("string"), "organisation!", typ("string"), "name!", typ("string")),
		"Team":                object(team...),
		"TeamWithSecret": object(append(team, "webhook_secret", typ("string",
			"Signing secret of the webhook; only in the answer that made it."))...),
		"TeamRequest": object("slug!", typ("string"), "name!", typ("string"), "safeguarding_email", typ("string"),
			"webhook_url", typ("string"), "contact_emails", arr(typ("string"))),
		"TeamUpdate": object("name", typ("string"), "safeguarding_email", typ("string"), "webhook_url", typ("string"),
			"contact_emails", arr(typ("string"))),
		"Role": object("role!", enum("Role.", RoleAdministrator, RoleManager, RolePanel, RoleViewer),
			"teams", arr(typ("string")), "services", arr(typ("string"))),
		"User": object("id!", typ("string"), "email!", typ("string"), "name!", typ("string"), "organisation!", typ("string"),
			"roles!", arr(ref("Role")), "must_change_password!", typ("boolean"), "disabled!", typ("boolean"), "created", typ("string")),
		"Me": object("kind!", enum("Principal kind.", KindUser, KindToken, KindBootstrap), "id", typ("string"), "email", typ("string"),
			"name!", typ("string"), "organisation", typ("string"), "roles!", nullable("array"), "scopes", arr(typ("string")),
			"must_change_password!", typ("boolean"), "csrf_token", typ("string")),
		"Token": object("id!", typ("string"), "name!", typ("string"), "scopes!", arr(typ("string")), "teams!", nullable("array"),
			"services!", nullable("array"), "created!", typ("string"), "expires!", typ("string"), "revoked!", typ("boolean"),
			"last_used", typ("string"), "token", typ("string", "The secret; only in the answer that creates it.")),
		"AuditEntry": object("time!", typ("string"), "actor_kind!", typ("string"), "actor_id", typ("string"), "actor!", typ("string"),
			"action!", typ("string"), "target!", typ("string")),
	}
}

// cellFields are the fields of a report cell; themes and options are
// cells with more fields (one object each, so that additionalProperties
// false holds on the whole).
func cellFields(more ...any) []any {
	return append([]any{
		"count!", nullable("integer", "Null when suppressed."), "suppressed!", typ("boolean"),
		"percent!", nullable("number"), "low!", nullable("number", "Wilson 95% interval, percent."), "high!", nullable("number"),
		"change", ref("Change"), "reason", enum("Why the count is hidden (suppressed cells only).",
			"small_count", "small_group", "protects_other", "below_min_base", "correction")}, more...)
}

func reportSchemas() obj {
	return obj{
		"Cell": object(cellFields()...),
		"Change": object("previous!", nullable("number"), "difference!", nullable("number", "Percentage points."), "z!", nullable("number"),
			"p!", nullable("number"), "significant!", typ("boolean", "Two-proportion z-test, p < 0.05."), "suppressed!", typ("boolean")),
		"Responses": object("total!", nullable("integer"), "suppressed!", typ("boolean"), "reason", typ("string", "As Cell.reason."),
			"by_role!", obj{"type": "object", "additionalProperties": ref("Cell"), "description": "service_user, carer, other, not_stated."}),
		"FFT": object("question!", typ("string"), "total!", ref("Cell"), "positive!", ref("Cell"), "negative!", ref("Cell"),
			"answers!", obj{"type": "object", "additionalProperties": ref("Cell")}),
		"Theme": object(cellFields("major!", typ("string"), "theme!", typ("string", "\"\" for a major theme."),
			"share!", nullable("number", "Percent of all comments."),
			"sentiment", obj{"type": "object", "additionalProperties": ref("Cell"), "description": "positive, neutral, negative."})...),
		"Quote": object("id!", typ("string"), "question!", typ("string"), "text!", typ("string", "Redacted."), "themes!", arr(typ("string")),
			"status!", enum("Decision.", "pending", "approved", "rejected")),
		"Action": object("id!", typ("string"), "theme!", typ("string"), "description!", typ("string"), "owner!", typ("string"),
			"status!", enum("Action status.", "planned", "in_progress", "done")),
		"Report": object(
			"quarter!", typ("string"), "label!", typ("string"),
			"status!", enum("Workflow status.", "draft", "in_review", "published"),
			"scope!", object("level!", enum("Scope.", "team", "service", "organisation"), "slug!", typ("string"), "name!", typ("string")),
			"responses!", ref("Responses"), "fft!", ref("FFT"),
			"roles!", arr(object("role!", typ("string"), "responses!", ref("Cell"), "fft!", ref("FFT"), "comments!", ref("Cell"), "themes!", arr(ref("Theme")))),
			"questions!", arr(object("id!", typ("string"), "type!", typ("string"), "label", ref("Label"), "answered!", ref("Cell"),
				"options!", arr(object(cellFields("value!", typ("string"), "label", ref("Label"))...)))),
			"comments!", ref("Cell"), "themes!", arr(ref("Theme")), "major_themes!", arr(ref("Theme")),
			"emerging_terms!", arr(object("term!", typ("string"), "z!", typ("number"), "count_current!", nullable("integer"),
				"count_previous!", nullable("integer"), "suppressed!", typ("boolean"))),
			"quotes!", arr(ref("Quote")), "actions!", arr(ref("Action")),
			"suppression!", object("threshold!", typ("integer"), "quote_min!", typ("integer"), "percentages!", typ("boolean"), "quotes!", typ("boolean"),
				"min_base!", typ("integer", "A unit with fewer responses shows no figures."), "below_min_base!", typ("boolean")),
			"previous_quarter", typ("string"),
			"version", typ("integer", "Published versions only."), "published", typ("string", "Published versions only: YYYY-MM-DD."),
			"reason", typ("string", "Corrections only.")),
		"Comment": object("id!", typ("string"), "question!", typ("string"), "redacted!", typ("string"), "themes!", arr(typ("string")),
			"major!", arr(typ("string")), "sentiment!", typ("integer", "1 very positive … 5 very negative.")),
	}
}

func workflowSchemas() obj {
	return obj{
		"ReviewComment":  object("id!", typ("string"), "text!", typ("string"), "author", typ("string"), "date!", typ("string")),
		"VersionSummary": object("version!", typ("integer"), "published!", typ("string"), "reason", typ("string")),
		"Review": object("team!", typ("string"), "quarter!", typ("string"), "status!", enum("Workflow status.", "in_review", "published"),
			"round!", typ("integer"), "reviewed!", typ("string"), "published_version!", typ("integer"), "quotes_allowed!", typ("boolean"),
			"quotes!", arr(object("id!", typ("string"), "question!", typ("string"), "prompt_kind", typ("string"), "text!", typ("string"),
				"themes!", arr(typ("string")), "sentiment!", typ("integer"), "status!", enum("Decision.", "pending", "approved", "rejected"),
				"decided_by", typ("string"), "decided", typ("string"))),
			"comments!", arr(ref("ReviewComment")), "report!", ref("Report"), "versions", arr(ref("VersionSummary"))),
		"ActionRequest": object("quarter!", typ("string"), "theme!", typ("string", "A sub-theme of the framework."),
			"description!", typ("string", "Plain English, at most 1000 characters."),
			"owner!", typ("string", "A role or team, never a person's e-mail address."),
			"status", enum("Default planned.", "planned", "in_progress", "done")),
		"ActionUpdate": object("quarter", typ("string"), "theme", typ("string"), "description", typ("string"), "owner", typ("string"),
			"status", enum("Action status.", "planned", "in_progress", "done")),
		"ActionRecord": object("id!", typ("string"), "team!", typ("string"), "service!", typ("string"), "quarter!", typ("string"),
			"theme!", typ("string"), "description!", typ("string"), "owner!", typ("string"),
			"status!", enum("Action status.", "planned", "in_progress", "done"), "created!", typ("string"), "updated!", typ("string")),
		"Alert": object("id!", typ("string"), "organisation!", typ("string"), "service!", typ("string"), "team!", typ("string"),
			"quarter!", typ("string"), "date!", typ("string", "YYYY-MM-DD; never a time."), "question!", typ("string"),
			"risk_kind!", typ("string"), "redacted!", typ("string"), "status!", enum("Alert status.", "open", "acknowledged"),
			"acknowledged_by", typ("string"), "acknowledged_date", typ("string")),
		"YouSaidWeDid": object("service!", object("slug!", typ("string"), "name!", typ("string")),
			"teams!", arr(object("slug!", typ("string"), "name!", typ("string"),
				"report!", obj{"oneOf": []any{obj{"type": "null"}, object("quarter!", typ("string"), "label!", typ("string"),
					"version!", typ("integer"), "published!", typ("string"), "responses!", ref("Responses"), "fft", ref("FFT"),
					"themes!", arr(ref("Theme")), "quotes!", arr(ref("Quote")))}},
				"actions!", arr(object("quarter!", typ("string"), "theme!", typ("string"), "description!", typ("string"),
					"owner!", typ("string"), "status!", typ("string")))))),
		"Delivery": object("id!", typ("string"), "channel!", enum("Channel.", "webhook", "email"),
			"event!", enum("Event.", "risk_alert", "report_published"), "ref!", typ("string", "Alert id or team/quarter/version."),
			"state!", enum("State.", "pending", "delivered", "failed"), "attempts!", typ("integer"),
			"last_status!", typ("integer", "HTTP status or SMTP reply code; 0 if none."),
			"last_error", typ("string", "Failure class: http_status, timeout, connection, tls, smtp, no_secret, no_target, …"),
			"created!", typ("string"), "updated!", typ("string"), "next_attempt", typ("string")),
		"WebhookTeam": object("slug!", typ("string"), "name!", typ("string"), "service!", typ("string")),
		"RiskAlertEvent": object("event!", enum("Event.", "risk_alert"), "delivery!", typ("string"), "team!", ref("WebhookTeam"),
			"alert!", object("id!", typ("string"), "quarter!", typ("string"), "date!", typ("string"), "risk_kind!", typ("string"),
				"comment!", typ("string", "Redacted."), "url!", typ("string", "Dashboard page of the alert."))),
		"ReportPublishedEvent": object("event!", enum("Event.", "report_published"), "delivery!", typ("string"), "team!", ref("WebhookTeam"),
			"report!", object("quarter!", typ("string"), "label!", typ("string"), "version!", typ("integer"), "published!", typ("string"),
				"reason", typ("string"), "url!", typ("string"), "api_url!", typ("string"),
				"public_url!", typ("string", "The service's public \"you said, we did\" page."))),
	}
}

// webhooks documents the calls Chorus makes to a team's webhook_url.
func webhooks() obj {
	hook := func(event, summary, schema string) obj {
		return obj{"post": obj{
			"summary": summary,
			"description": "Signed: X-Chorus-Signature is \"sha256=\" and the hex HMAC-SHA256, keyed with the team's webhook secret, of " +
				"X-Chorus-Timestamp, a full stop and the raw body. Answer 2xx to accept; 408, 429, 5xx and network errors are retried " +
				"with exponential back-off (5 attempts). See docs/reports-workflow.md.",
			"parameters": []any{
				obj{"name": "X-Chorus-Event", "in": "header", "required": true, "schema": obj{"type": "string", "enum": []any{event}}},
				obj{"name": "X-Chorus-Delivery", "in": "header", "required": true, "description": "Delivery id, the same on every retry.", "schema": obj{"type": "string"}},
				obj{"name": "X-Chorus-Timestamp", "in": "header", "required": true, "description": "Unix seconds of this attempt.", "schema": obj{"type": "string"}},
				obj{"name": "X-Chorus-Signature", "in": "header", "required": true, "description": "sha256=<hex>.", "schema": obj{"type": "string"}},
			},
			"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": ref(schema)}}},
			"responses":   obj{"200": obj{"description": "Accepted (any 2xx)."}},
		}}
	}
	return obj{
		"risk_alert":       hook("risk_alert", "A comment with risk language was left for the team", "RiskAlertEvent"),
		"report_published": hook("report_published", "A version of the team's quarterly report was published", "ReportPublishedEvent"),
	}
}

// surveyJSSchemas describe SurveyJS survey JSON: SurveyJSExport is
// exactly what the export writes; SurveyJS is what the import reads (any
// SurveyJS survey: what it cannot map is listed in warnings, not refused).
func surveyJSSchemas() obj {
	text := obj{"description": "Text, or texts by locale with \"default\" for English.",
		"oneOf": []any{typ("string"), obj{"type": "object", "additionalProperties": typ("string")}}}
	choice := object("value!", obj{"type": []any{"string", "number", "boolean"}}, "text!", text)
	element := object("type!", enum("SurveyJS question type.", "radiogroup", "checkbox", "rating", "boolean", "text", "comment"),
		"name!", typ("string"), "title", text, "description", text, "isRequired", typ("boolean"), "visibleIf", typ("string"),
		"choices", arr(choice), "maxSelectedChoices", typ("integer"), "rateMin", typ("integer"), "rateMax", typ("integer"),
		"rateValues", arr(choice), "inputType", enum("Only for numbers.", "number"), "min", typ("number"), "max", typ("number"),
		"step", typ("number"), "maxLength", typ("integer"))
	page := object("name!", typ("string"), "title", text, "visibleIf", typ("string"), "elements!", arr(element))
	return obj{
		"SurveyJSWarning": object("element!", typ("string", "The SurveyJS element's name, or \"survey\"."), "message!", typ("string", "Plain English.")),
		"SurveyJSExport":  object("title", text, "description", text, "pages!", arr(page)),
		"SurveyJS": obj{"type": "object", "description": "A SurveyJS survey (https://surveyjs.io): pages of elements, or elements at the top level. " +
			"Every property SurveyJS defines may be sent; docs/surveyjs.md lists what is mapped.",
			"properties": obj{"title": text, "description": text, "pages": arr(obj{"type": "object"}),
				"elements": arr(obj{"type": "object"}), "questions": arr(obj{"type": "object"})}},
	}
}
