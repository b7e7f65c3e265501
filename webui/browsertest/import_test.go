package browsertest

import (
	"os"
	"testing"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chromedp/chromedp"
)

// TestImportSurveyJS pastes a SurveyJS survey into the builder's import
// page in a real browser: the draft is saved with the demo survey's teams,
// the page lists what could not be kept, and it passes axe.
func TestImportSurveyJS(t *testing.T) {
	sample, err := os.ReadFile("../../survey/surveyjs/testdata/surveyjs-sample.json")
	if err != nil {
		t.Fatal(err)
	}
	a := newApp(t)
	a.account(t, "admin@demo.invalid", "Alex Admin", store.Role{Role: api.RoleAdministrator})
	ctx := newTab(t)
	signIn(t, ctx, a, "admin@demo.invalid")
	before := a.versions(t, demo.SurveySlug)
	do(t, ctx, "import page", chromedp.Navigate(a.URL+"/staff/surveys/"+demo.SurveySlug+"/import"), chromedp.WaitVisible(chromedp.ID("schema")))
	do(t, ctx, "paste the survey", chromedp.SetValue(chromedp.ID("schema"), string(sample)))
	press(t, ctx, `form[enctype="multipart/form-data"] button[type="submit"]`)
	waitFor(t, ctx, "the warnings", `document.getElementById("import-warnings") !== null &&
  document.getElementById("import-warnings").textContent.indexOf("signaturepad") >= 0`)
	runAxe(t, ctx, "import with warnings")
	if got := a.versions(t, demo.SurveySlug); got != before+1 {
		t.Fatalf("%d versions after the import, want %d", got, before+1)
	}
	sv := a.latest(t, demo.SurveySlug)
	if sv.Question("quality_staff") == nil || len(sv.Teams) == 0 {
		t.Fatalf("the imported draft has no matrix row question or no teams: %+v", sv.Teams)
	}
	if os.Getenv("CHORUS_SCREENSHOT") != "" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(os.Getenv("CHORUS_SCREENSHOT"), png, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
