package api_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

const submitPath = "/api/v1/public/surveys/all-types/responses"

// TestStrictInput sends bodies that a lenient JSON reader would take:
// each is refused with the field named, and nothing is stored.
func TestStrictInput(t *testing.T) {
	h := newHarness(t)
	const id = `"id":"5d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77"`
	for _, tc := range []struct {
		name, body string
		header     []string
		status     int
		code       string
		field      string
	}{
		{"ErrDuplicateID", `{` + id + `,"id":"6d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77","team":"crisis-team","answers":{"fft":"good"}}`,
			nil, http.StatusBadRequest, survey.EINVALID, "id"},
		{"ErrDuplicateNested", `{` + id + `,"team":"crisis-team","answers":{"fft":"good","role":"carer","fft":"poor"}}`,
			nil, http.StatusBadRequest, survey.EINVALID, "answers.fft"},
		{"ErrDuplicateInArray", `{` + id + `,"answers":{"helped_with":["x"]},"x":[{"a":1,"a":2}]}`,
			nil, http.StatusBadRequest, survey.EINVALID, "x[0].a"},
		{"ErrInvalidUTF8", `{` + id + `,"team":"crisis-team","answers":{"role":"service_user","fft":"good","good":"Staff ` + "\xff\xfe" + ` listened"}}`,
			nil, http.StatusBadRequest, survey.EINVALID, ""},
		{"ErrLoneSurrogate", `{` + id + `,"team":"crisis-team","answers":{"role":"service_user","fft":"good","good":"Staff \ud800 listened"}}`,
			nil, http.StatusBadRequest, survey.EINVALID, ""},
		{"ErrNUL", `{` + id + `,"team":"crisis-team","answers":{"role":"service_user","fft":"good","good":"Staff\u0000listened"}}`,
			nil, http.StatusUnprocessableEntity, survey.EUNPROCESS, "answers.good"},
		{"ErrEscapeInLongText", `{` + id + `,"team":"crisis-team","answers":{"role":"service_user","fft":"good","good":"Staff\u001b[31m listened"}}`,
			nil, http.StatusUnprocessableEntity, survey.EUNPROCESS, "answers.good"},
		{"ErrNewlineInShortText", `{` + id + `,"team":"crisis-team","answers":{"role":"carer","fft":"good","carer_involved":false,"carer_how":"one\ntwo"}}`,
			nil, http.StatusUnprocessableEntity, survey.EUNPROCESS, "answers.carer_how"},
		{"ErrJSONP", `{` + id + `,"team":"crisis-team","answers":{"fft":"good"}}`,
			[]string{"Content-Type", "application/jsonp"}, http.StatusBadRequest, survey.EINVALID, ""},
		{"ErrCharset", `{` + id + `,"team":"crisis-team","answers":{"fft":"good"}}`,
			[]string{"Content-Type", "application/json; charset=iso-8859-1"}, http.StatusBadRequest, survey.EINVALID, ""},
		{"ErrTextPlain", `{` + id + `,"team":"crisis-team","answers":{"fft":"good"}}`,
			[]string{"Content-Type", "text/plain"}, http.StatusBadRequest, survey.EINVALID, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := h.count()
			status, body, _ := h.do("POST", submitPath, tc.body, tc.header...)
			e := wantError(t, status, body, tc.status, tc.code)
			if tc.field != "" && !reflect.DeepEqual(fieldNames(e), []string{tc.field}) {
				t.Errorf("fields = %v, want [%s]", e["fields"], tc.field)
			}
			if n := h.count(); n != before {
				t.Errorf("%d responses stored by a refused body", n-before)
			}
		})
	}
	t.Run("OKTabsAndLinesInLongText", func(t *testing.T) {
		status, body, _ := h.do("POST", submitPath, `{`+id+`,"team":"crisis-team","answers":{"role":"service_user","fft":"good","good":"Staff\tlistened.\r\nThank you."}}`,
			"Content-Type", "application/json; charset=UTF-8")
		if status != http.StatusCreated {
			t.Fatalf("got %d %v, want 201", status, body)
		}
	})
}

// TestLongSlugsNotEchoed asks for addresses with very long slugs: the
// answer is not found, and the message does not repeat the slug.
func TestLongSlugsNotEchoed(t *testing.T) {
	h := newHarness(t)
	long := strings.Repeat("a", 65)
	for _, path := range []string{
		"/api/v1/public/surveys/" + long,
		"/api/v1/public/surveys/" + long + "/responses",
		"/api/v1/teams/" + long,
		"/api/v1/surveys/all-types/versions/" + strings.Repeat("9", 81),
	} {
		method := "GET"
		if strings.HasSuffix(path, "/responses") {
			method = "POST"
		}
		status, body, _ := h.do(method, path, nil, "Authorization", "Bearer "+adminToken)
		e := wantError(t, status, body, http.StatusNotFound, survey.ENOTFOUND)
		if msg := e["message"].(string); strings.Contains(msg, long) || strings.Contains(msg, strings.Repeat("9", 81)) {
			t.Errorf("%s: message %q echoes the address", path, msg)
		}
	}
	// Long slugs in bodies are not repeated whole either, whichever check
	// names them.
	longTeam := strings.Repeat("b", 300)
	sv := loadSurvey(t)
	sv.Teams[0].Slug = longTeam
	status, raw, _ := h.raw("PUT", "/api/v1/surveys/all-types/draft", sv, "Authorization", "Bearer "+adminToken)
	if status != http.StatusUnprocessableEntity || strings.Contains(string(raw), longTeam) {
		t.Errorf("draft with a long team slug: %d %.300s", status, raw)
	}
	sub := validResponse("7d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77")
	sub["team"] = longTeam
	status, raw, _ = h.raw("POST", submitPath, sub)
	if status < 400 || strings.Contains(string(raw), longTeam) {
		t.Errorf("response with a long team slug: %d %.300s", status, raw)
	}
	// A slug of the longest allowed length still reaches the handler.
	status, body, _ := h.do("GET", "/api/v1/public/surveys/"+strings.Repeat("a", 64), nil)
	e := wantError(t, status, body, http.StatusNotFound, survey.ENOTFOUND)
	if msg := e["message"].(string); !strings.Contains(msg, "No published survey") {
		t.Errorf("64-character slug: message %q, want the handler's own", msg)
	}
}
