package webui_test

import (
	"net/http"
	"net/url"
	"os"
	"testing"
)

// TestBuilderImportSurveyJS imports a SurveyJS survey through the
// builder's import page: it is saved with what could not be kept listed,
// and a file that cannot make a survey names the element in plain English.
func TestBuilderImportSurveyJS(t *testing.T) {
	b := newBuilder(t, "sjs")
	e := b.e
	sample, err := os.ReadFile("../survey/surveyjs/testdata/surveyjs-sample.json")
	must(t, err)
	post := func(schema string) page {
		t.Helper()
		form := e.get("/staff/surveys/sjs/import", "Cookie", b.session)
		return e.post("/staff/surveys/sjs/import", url.Values{"csrf_token": {hiddenValue(t, form.Body, "csrf_token")}, "schema": {schema}}, "Cookie", b.session)
	}
	t.Run("ErrNoTeams", func(t *testing.T) {
		p := post(string(sample))
		if p.Status != http.StatusUnprocessableEntity {
			t.Fatalf("got %d, want 422", p.Status)
		}
		assertContains(t, p.Body, "teams: A SurveyJS file names no teams")
	})
	b.buildBasic() // saves a draft offered to ward-a
	t.Run("ErrElement", func(t *testing.T) {
		p := post(`{"title": "T", "pages": [{"name": "p", "elements": [{"type": "dropdown", "name": "only_one", "title": "Pick", "choices": ["a"]}]}]}`)
		if p.Status != http.StatusUnprocessableEntity {
			t.Fatalf("got %d, want 422", p.Status)
		}
		checkHTML(t, p.Body)
		assertContains(t, p.Body, "nothing was saved", "only_one: choices: Give at least two options.")
	})
	t.Run("ErrPlainEnglish", func(t *testing.T) {
		p := post(`{"title": "Imported", "languages": ["en"], "sections": []}`)
		if p.Status != http.StatusUnprocessableEntity {
			t.Fatalf("got %d, want 422", p.Status)
		}
		assertContains(t, p.Body, "title should be texts by language, such as {&#34;en&#34;: &#34;…&#34;}, not text")
		assertNotContains(t, p.Body, "survey.Label")
	})
	t.Run("OK", func(t *testing.T) {
		p := post(string(sample))
		if p.Status != http.StatusOK {
			t.Fatalf("got %d: %s", p.Status, p.Body)
		}
		checkHTML(t, p.Body)
		assertContains(t, p.Body, "The survey was imported and saved as the draft", "<strong>sign</strong>: SurveyJS &#34;signaturepad&#34; questions have no Chorus equivalent")
		if sv := mustDraft(b); sv.Question("quality_staff") == nil || len(sv.Teams) != 1 || sv.Teams[0].Slug != "ward-a" {
			t.Fatalf("draft after import: %d questions, teams %v", len(sv.Questions()), sv.Teams)
		}
	})
}
