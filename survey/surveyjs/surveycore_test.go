package surveyjs_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/survey/surveyjs"
)

// coreResult is what testdata/check.mjs prints about a survey that
// SurveyJS's own library (survey-core) loaded.
type coreResult struct {
	Errors    []string `json:"errors"`
	Locales   []string `json:"locales"`
	Title     string   `json:"title"`
	TitleCy   string   `json:"titleCy"`
	Questions []struct {
		Name      string   `json:"name"`
		Type      string   `json:"type"`
		Required  bool     `json:"required"`
		VisibleIf string   `json:"visibleIf"`
		Choices   []string `json:"choices"`
		Rates     []string `json:"rates"`
		InputType string   `json:"inputType"`
	} `json:"questions"`
	Condition struct {
		Question          string `json:"question"`
		HiddenAtFirst     bool   `json:"hiddenAtFirst"`
		ShownWhenAnswered bool   `json:"shownWhenAnswered"`
	} `json:"condition"`
}

// surveyCore makes survey-core available under testdata/node_modules
// (npm ci from the committed lock file), or skips the test when node or
// the npm registry is not there; with CHORUS_REQUIRE_NODE=1 (CI) it fails
// instead. Nothing of it goes into the binary.
func surveyCore(t *testing.T) {
	t.Helper()
	skip := t.Skipf
	if os.Getenv("CHORUS_REQUIRE_NODE") == "1" {
		skip = t.Fatalf
	}
	if _, err := exec.LookPath("node"); err != nil {
		skip("node is not installed: SurveyJS's own library cannot be run")
	}
	if _, err := os.Stat("testdata/node_modules/survey-core/package.json"); err == nil {
		return
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		skip("npm is not installed: survey-core cannot be fetched")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts")
	cmd.Dir = "testdata"
	if out, err := cmd.CombinedOutput(); err != nil {
		skip("npm ci in testdata failed (no registry?): %v\n%s", err, out)
	}
}

// TestSurveyCoreLoadsExport loads the export of the all-types survey with
// survey-core under node: no JSON errors, every question present with the
// SurveyJS type and answers Chorus expects, Welsh as a locale, and a
// condition that hides and shows its question.
func TestSurveyCoreLoadsExport(t *testing.T) {
	surveyCore(t)
	var sv survey.Survey
	if err := json.Unmarshal(readFile(t, "../testdata/all-types.json"), &sv); err != nil {
		t.Fatal(err)
	}
	survey.NormaliseSurvey(&sv)
	b, err := json.Marshal(surveyjs.Export(&sv))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "export.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("node", "testdata/check.mjs", file).Output()
	if err != nil {
		t.Fatalf("node check.mjs: %v", err)
	}
	var got coreResult
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("check.mjs printed %s: %v", out, err)
	}
	if len(got.Errors) > 0 {
		t.Errorf("survey-core reported JSON errors: %v", got.Errors)
	}
	if !slices.Contains(got.Locales, "cy") || got.TitleCy != sv.Title["cy"] || got.Title != sv.Title["en"] {
		t.Errorf("locales %v, titles %q / %q, want cy and %q / %q", got.Locales, got.Title, got.TitleCy, sv.Title["en"], sv.Title["cy"])
	}
	qs := sv.Questions()
	if len(got.Questions) != len(qs) {
		t.Fatalf("survey-core has %d questions, want %d", len(got.Questions), len(qs))
	}
	for i, q := range qs {
		g := got.Questions[i]
		typ, answers := coreShape(q)
		if g.Name != q.ID || g.Type != typ || g.Required != q.Required {
			t.Errorf("question %d = %s %s required=%v, want %s %s required=%v", i, g.Name, g.Type, g.Required, q.ID, typ, q.Required)
		}
		if have := append(g.Choices, g.Rates...); !slices.Equal(have, answers) {
			t.Errorf("%s: answers %v, want %v", q.ID, have, answers)
		}
		if q.Type == survey.TypeNumber && g.InputType != "number" {
			t.Errorf("%s: inputType %q, want number", q.ID, g.InputType)
		}
		if (q.VisibleIf != nil) != (g.VisibleIf != "") {
			t.Errorf("%s: visibleIf %q, want one only when visible_if is set", q.ID, g.VisibleIf)
		}
	}
	if c := got.Condition; c.Question == "" || !c.HiddenAtFirst || !c.ShownWhenAnswered {
		t.Errorf("condition check = %+v, want a question hidden at first and shown once answered", c)
	}
}

// coreShape is the survey-core question type of a Chorus question and its
// answers as survey-core lists them.
func coreShape(q *survey.Question) (string, []string) {
	var answers []string
	for _, o := range q.Options {
		answers = append(answers, o.Value)
	}
	switch q.Type {
	case survey.TypeSingleChoice:
		return "radiogroup", answers
	case survey.TypeMultiChoice:
		return "checkbox", answers
	case survey.TypeFFT:
		return "radiogroup", survey.FFTAnswers
	case survey.TypeLikert:
		return "rating", []string{"1", "2", "3", "4", "5"}
	case survey.TypeRating:
		for i := 1; i <= int(*q.Max); i++ {
			answers = append(answers, strconv.Itoa(i))
		}
		return "rating", answers
	case survey.TypeYesNo:
		return "boolean", nil
	case survey.TypeLongText:
		return "comment", nil
	}
	return "text", nil
}
