package webui

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/survey/surveyjs"
	"github.com/labstack/echo/v4"
)

// handlePreview shows the latest saved version of a survey as a
// respondent sees it (the "Preview" link of the builder without
// JavaScript).
func (u *UI) handlePreview(c echo.Context) error {
	slug := c.Param("slug")
	info, err := u.fetchSurveyInfo(c, slug)
	if err != nil {
		return err
	}
	if info.LatestVersion == 0 {
		return u.staffMessage(c, http.StatusNotFound, "Nothing to preview yet", "Save a draft of the survey first.")
	}
	sv, err := u.fetchVersion(c, slug, info.LatestVersion)
	if err != nil {
		return err
	}
	return u.renderPreview(c, sv)
}

// handlePreviewPost shows the builder's form as it stands, saved or not:
// the builder's script posts it into the preview frame as it changes.
func (u *UI) handlePreviewPost(c echo.Context) error {
	slug := c.Param("slug")
	if err := u.canManage(c, slug); err != nil {
		return err
	}
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, maxBuilderForm)
	form, err := c.FormParams()
	if err != nil {
		return survey.Errorf(survey.ETOOLARGE, "The form is too large to preview.")
	}
	sv, _ := parseBuilderForm(form, slug)
	survey.NormaliseSurvey(sv)
	return u.renderPreview(c, sv)
}

// renderPreview renders the respondent form of a survey that may not be
// published: its answers go to a page that keeps nothing.
func (u *UI) renderPreview(c echo.Context, sv *survey.Survey) error {
	team := ""
	if len(sv.Teams) > 0 {
		team = sv.Teams[0].Slug
	}
	v := view{Lang: defaultLang(sv)}
	if l := c.QueryParam("lang"); l != "" {
		for _, d := range sv.Languages {
			if d == l {
				v.Lang = l
			}
		}
	}
	p := u.surveyPage(formState{Survey: sv, Team: team, View: v})
	sink := builderPath(sv.Slug, "preview", "responses")
	p.Action, p.APIURL, p.ThanksURL = sink, sink, builderPath(sv.Slug, "preview")
	p.DraftKey = "chorus-preview:" + sv.Slug
	p.TeamName = strings.TrimSpace("Preview " + teamName(sv, team))
	p.Languages, p.EasyURL, p.HomeURL = nil, "", ""
	return u.render(c, http.StatusOK, "survey", p)
}

// previewSink answers what a preview sends: nothing is stored. The JSON
// shape is the API's error, so that the page's script shows the message.
func previewSink(c echo.Context) error {
	const msg = "This is a preview: answers are not sent or kept."
	if strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEApplicationJSON) {
		return c.JSON(http.StatusUnprocessableEntity, map[string]any{"error": map[string]any{
			"code": survey.EUNPROCESS, "message": msg, "fields": []survey.FieldError{}}})
	}
	return c.HTML(http.StatusOK, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Preview</title></head><body><main><h1>Preview</h1><p>`+msg+`</p></main></body></html>`)
}

// ImportPage takes a survey schema as JSON, pasted or uploaded: Chorus's
// own shape, or a SurveyJS survey.
type ImportPage struct {
	StaffPage
	Slug, Action, EditURL string
	Schema                string
	Errors                []ErrorLink
	SchemaError           string
	// Warnings list what of an imported SurveyJS survey could not be kept;
	// the draft was saved.
	Warnings []surveyjs.Warning
}

func (u *UI) importPage(c echo.Context, slug string) *ImportPage {
	return &ImportPage{StaffPage: staffPage(c, "Import a schema", "surveys", Crumb{"Surveys", "/staff/surveys"},
		Crumb{"Edit the survey", builderPath(slug, "edit")}), Slug: slug, Action: builderPath(slug, "import"), EditURL: builderPath(slug, "edit")}
}

func (u *UI) handleImportPage(c echo.Context) error {
	slug := c.Param("slug")
	if err := u.canManage(c, slug); err != nil {
		return err
	}
	return u.renderStaff(c, http.StatusOK, "builder_import", u.importPage(c, slug))
}

// handleImport saves a pasted or uploaded schema as the draft through the
// API, or shows every problem with nothing saved. A SurveyJS survey that
// was saved with warnings shows them instead of going back to the builder.
func (u *UI) handleImport(c echo.Context) error {
	slug := c.Param("slug")
	if err := u.canManage(c, slug); err != nil {
		return err
	}
	p := u.importPage(c, slug)
	p.Schema = c.FormValue("schema")
	if fh, err := c.FormFile("file"); err == nil && fh.Size > 0 {
		f, err := fh.Open()
		if err != nil {
			return err
		}
		b, err := io.ReadAll(io.LimitReader(f, maxImportBytes))
		f.Close()
		if err != nil {
			return err
		}
		p.Schema = string(b)
	}
	var err error
	if isSurveyJS(p.Schema) {
		var saved struct {
			Warnings []surveyjs.Warning `json:"warnings"`
		}
		err = u.callAPI(c, http.MethodPut, apiPath("surveys", slug, "draft")+"?format=surveyjs", json.RawMessage(p.Schema), &saved)
		if err == nil && len(saved.Warnings) > 0 {
			p.Warnings, p.Schema = saved.Warnings, ""
			p.Title = "Imported with warnings: " + p.Title
			return u.renderStaff(c, http.StatusOK, "builder_import", p)
		}
	} else {
		var sv *survey.Survey
		if sv, err = decodeSchema(p.Schema); err == nil {
			err = u.callAPI(c, http.MethodPut, apiPath("surveys", slug, "draft"), sv, nil)
		}
	}
	switch survey.ErrorCode(err) {
	case "":
		return c.Redirect(http.StatusSeeOther, builderPath(slug, "edit")+"?done=imported")
	case survey.EINVALID, survey.EUNPROCESS, survey.ETOOLARGE:
	default:
		return err
	}
	p.SchemaError = survey.ErrorMessage(err)
	p.Errors = append(p.Errors, ErrorLink{Href: "#schema", Text: p.SchemaError})
	for _, fe := range survey.ErrorFields(err) {
		p.Errors = append(p.Errors, ErrorLink{Href: "#schema", Text: fe.Field + ": " + fe.Message})
	}
	p.Title = "Error: " + p.Title
	return u.renderStaff(c, http.StatusUnprocessableEntity, "builder_import", p)
}

// isSurveyJS tells a SurveyJS survey from Chorus's own schema: it is one
// JSON object with pages or elements and no sections.
func isSurveyJS(raw string) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal([]byte(raw), &top) != nil {
		return false
	}
	_, sections := top["sections"]
	_, pages := top["pages"]
	_, elements := top["elements"]
	_, questions := top["questions"]
	return !sections && (pages || elements || questions)
}

// decodeSchema reads a schema strictly: unknown fields are mistakes.
func decodeSchema(raw string) (*survey.Survey, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, survey.Errorf(survey.EINVALID, "Paste the survey's JSON, or choose a file.")
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	var sv survey.Survey
	if err := dec.Decode(&sv); err != nil {
		return nil, survey.Errorf(survey.EINVALID, "The JSON could not be read: %s.", jsonProblem(raw, err))
	}
	if dec.More() {
		return nil, survey.Errorf(survey.EINVALID, "The JSON has more after the survey's closing brace.")
	}
	return &sv, nil
}

// jsonProblem says in plain English where JSON went wrong, by line, and
// what a field of the wrong kind should be.
func jsonProblem(raw string, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("%s (line %d)", se.Error(), 1+strings.Count(raw[:min(int(se.Offset), len(raw))], "\n"))
	case errors.As(err, &te):
		return fmt.Sprintf("%s should be %s, not %s", cmp.Or(te.Field, "the survey"), kindWords(te.Type), jsonValueWords(te.Value))
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// kindWords names what a Go type reads from JSON, in plain English.
func kindWords(t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[survey.Label]():
		return `texts by language, such as {"en": "…"}`
	case t.Kind() == reflect.String:
		return "text"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Float64:
		return "a number"
	case t.Kind() == reflect.Slice:
		return "a list"
	}
	return "an object"
}

// jsonValueWords names a JSON value kind as the decoder reports it.
func jsonValueWords(v string) string {
	switch v {
	case "string":
		return "text"
	case "number":
		return "a number"
	case "bool":
		return "true or false"
	case "array":
		return "a list"
	case "object":
		return "an object"
	}
	return v
}

// handleExport downloads a version's schema (the latest, or ?version=).
func (u *UI) handleExport(c echo.Context) error {
	slug := c.Param("slug")
	info, err := u.fetchSurveyInfo(c, slug)
	if err != nil {
		return err
	}
	v := info.LatestVersion
	if q := c.QueryParam("version"); q != "" {
		if _, err := fmt.Sscan(q, &v); err != nil {
			return survey.Errorf(survey.ENOTFOUND, "No such version.")
		}
	}
	if v == 0 {
		return u.staffMessage(c, http.StatusNotFound, "Nothing to export yet", "Save a draft of the survey first.")
	}
	sv, err := u.fetchVersion(c, slug, v)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sv); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s-v%d.json"`, slug, v))
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSONCharsetUTF8, buf.Bytes())
}
