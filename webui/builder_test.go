package webui_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"golang.org/x/net/html"
)

const builderPassword = "correct horse battery staple"

// staffAccount creates an account of the test trust (or org) with one role.
func (e *env) staffAccount(org, email, role string, teams ...string) {
	e.t.Helper()
	_, err := e.Store.CreateAccount(context.Background(), store.Account{Email: email, Name: email, Organisation: org,
		Roles: []store.Role{{Role: role, Teams: teams, Services: servicesFor(role)}}, PasswordHash: api.HashPassword(builderPassword)})
	must(e.t, err)
}

// servicesFor scopes panel members to the test service.
func servicesFor(role string) []string {
	if role == api.RolePanel {
		return []string{"adult-mh"}
	}
	return nil
}

// signIn signs in through the sign-in page with the builder tests'
// password and returns the session cookie.
func (e *env) signIn(email string) string {
	e.t.Helper()
	return e.signInWith(email, builderPassword)
}

// formValues reads the form with the id as a browser without JavaScript
// would post it (without any submit button).
func formValues(t *testing.T, body, id string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	must(t, err)
	var form *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "form" && attr(n, "id") == id {
			form = n
		}
		for c := n.FirstChild; c != nil && form == nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if form == nil {
		t.Fatalf("no form #%s", id)
	}
	v := url.Values{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name := attr(n, "name")
			switch {
			case name == "":
			case n.Data == "input" && (attr(n, "type") == "checkbox" || attr(n, "type") == "radio"):
				if hasAttr(n, "checked") {
					v.Add(name, attr(n, "value"))
				}
			case n.Data == "input":
				v.Add(name, attr(n, "value"))
			case n.Data == "textarea":
				text := ""
				if n.FirstChild != nil {
					text = n.FirstChild.Data
				}
				v.Add(name, text)
			case n.Data == "select":
				v.Add(name, selected(n))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return v
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// selected is the value of a select's selected option (the first if none).
func selected(n *html.Node) string {
	first, chosen := "", ""
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "option" {
			if first == "" {
				first = attr(n, "value")
			}
			if hasAttr(n, "selected") && chosen == "" {
				chosen = attr(n, "value")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	if chosen != "" {
		return chosen
	}
	return first
}

// builder is a manager's session on one survey's builder page.
type builder struct {
	e       *env
	session string
	slug    string
	form    url.Values
}

// open loads the builder page and reads its form.
func (b *builder) open() page {
	b.e.t.Helper()
	p := b.e.get("/staff/surveys/"+b.slug+"/edit", "Cookie", b.session)
	if p.Status != http.StatusOK {
		b.e.t.Fatalf("builder: %d %s", p.Status, p.Body)
	}
	checkHTML(b.e.t, p.Body)
	b.form = formValues(b.e.t, p.Body, "builder-form")
	return p
}

// press posts the form with the button's op; a page shown again (not a
// redirect) becomes the form for the next press. want 0 accepts a page
// shown again (not saved yet) or a redirect (saved).
func (b *builder) press(op string, want int) page {
	b.e.t.Helper()
	f := url.Values{}
	for k, v := range b.form {
		f[k] = v
	}
	f.Set("op", op)
	p := b.e.post("/staff/surveys/"+b.slug+"/edit", f, "Cookie", b.session)
	if want == 0 && p.Status == http.StatusSeeOther {
		// Saved: open the builder again, as the browser follows the redirect.
		b.open()
		return p
	} else if want == 0 {
		want = http.StatusOK
	}
	if p.Status != want {
		b.e.t.Fatalf("%s: got %d, want %d: %.2000s", op, p.Status, want, p.Body)
	}
	if p.Status == http.StatusOK || p.Status == http.StatusUnprocessableEntity {
		checkHTML(b.e.t, p.Body)
		b.form = formValues(b.e.t, p.Body, "builder-form")
	}
	return p
}

// draft reads the latest version of the survey from the store.
func (b *builder) draft() (*survey.Survey, string) {
	b.e.t.Helper()
	ctx := context.Background()
	info, err := b.e.Store.FindSurvey(ctx, b.slug)
	must(b.e.t, err)
	if info.LatestVersion == 0 {
		return nil, ""
	}
	sv, status, err := b.e.Store.FindVersion(ctx, b.slug, info.LatestVersion)
	must(b.e.t, err)
	return sv, status
}

// newBuilder signs an administrator in and starts survey slug (only
// administrators start surveys; managers edit those of their teams).
func newBuilder(t *testing.T, slug string) *builder {
	e := newStaffEnv(t)
	e.staffAccount("trust", "admin@example.nhs.uk", api.RoleAdministrator)
	e.staffAccount("trust", "manager@example.nhs.uk", api.RoleManager, "ward-a")
	b := &builder{e: e, session: e.signIn("admin@example.nhs.uk"), slug: slug}
	home := e.get("/staff/surveys/new", "Cookie", b.session)
	checkHTML(t, home.Body)
	p := e.post("/staff/surveys/new", url.Values{"csrf_token": {hiddenValue(t, home.Body, "csrf_token")}, "slug": {slug}, "title": {"Carers’ feedback"}},
		"Cookie", b.session)
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/staff/surveys/"+slug+"/edit?done=created" {
		t.Fatalf("start survey: %d to %q: %s", p.Status, p.Header.Get("Location"), p.Body)
	}
	return b
}

// buildBasic fills in a saved two-question survey: role and FFT.
func (b *builder) buildBasic() {
	t := b.e.t
	b.open()
	b.form.Set("sections[0].title.en", "About you")
	b.form["teams"] = []string{"ward-a"}
	b.press("add-question sections[0]", http.StatusOK)
	q := "sections[0].questions[0]"
	b.form.Set(q+".id", "role")
	b.form.Set(q+".label.en", "Are you…")
	b.form.Set(q+".type", survey.TypeSingleChoice)
	b.form.Set(q+".required", "1")
	b.press("change-type "+q, http.StatusOK)
	if b.form.Get(q+".options.count") != "2" {
		t.Fatalf("a choice question starts with two blank answers; got %q", b.form.Get(q+".options.count"))
	}
	b.form.Set(q+".options[0].value", "service_user")
	b.form.Set(q+".options[0].label.en", "Someone who uses the service")
	b.form.Set(q+".options[1].value", "carer")
	b.form.Set(q+".options[1].label.en", "A carer")
	b.press("add-question sections[0]", http.StatusOK)
	q = "sections[0].questions[1]"
	b.form.Set(q+".id", "fft")
	b.form.Set(q+".label.en", "Overall, how was your experience?")
	b.form.Set(q+".type", survey.TypeFFT)
	p := b.press("save", http.StatusSeeOther)
	if loc := p.Header.Get("Location"); !strings.HasPrefix(loc, "/staff/surveys/"+b.slug+"/edit?done=save") {
		t.Fatalf("save redirected to %q", loc)
	}
}

func TestBuilderActions(t *testing.T) {
	b := newBuilder(t, "carers")
	e := b.e
	b.buildBasic()
	sv, status := b.draft()
	if sv == nil || status != store.StatusDraft || len(sv.Questions()) != 2 || sv.Questions()[0].ID != "role" ||
		len(sv.Questions()[0].Options) != 2 || sv.Teams[0].Slug != "ward-a" || sv.Teams[0].Name != "ward-a" {
		t.Fatalf("saved draft: %+v (%s)", sv, status)
	}
	// A manager of the survey's team edits it from here on.
	b.session = e.signIn("manager@example.nhs.uk")
	page := b.open()
	assertContains(t, page.Body, `value="Are you…"`, `id="preview-frame"`, `src="/staff/surveys/carers/preview"`, "Latest version: 1.")

	t.Run("MoveDown", func(t *testing.T) {
		p := b.press("down sections[0].questions[0]", http.StatusSeeOther)
		want := "/staff/surveys/carers/edit?done=down&focus=sections%5B0%5D.questions%5B1%5D#f-sections-0-questions-1"
		if got := p.Header.Get("Location"); got != want {
			t.Errorf("redirect: got %q, want %q", got, want)
		}
		sv, _ := b.draft()
		if sv.Questions()[0].ID != "fft" || sv.Questions()[1].ID != "role" {
			t.Errorf("order after moving down: %s, %s", sv.Questions()[0].ID, sv.Questions()[1].ID)
		}
		// The page opened at the moved question focuses it and says so.
		p = e.get(want[:strings.IndexByte(want, '#')], "Cookie", b.session)
		assertContains(t, p.Body, `<h3 id="f-sections-0-questions-1" tabindex="-1" autofocus>Question 2: Are you…</h3>`, "Moved down. Draft saved.")
		b.open()
		b.press("up sections[0].questions[1]", http.StatusSeeOther)
		if sv, _ := b.draft(); sv.Questions()[0].ID != "role" {
			t.Errorf("moving back up: first question is %s", sv.Questions()[0].ID)
		}
	})
	t.Run("ConditionAndEveryType", func(t *testing.T) {
		b.open()
		for i, typ := range survey.QuestionTypes {
			b.press("add-question sections[0]", http.StatusOK)
			q := "sections[0].questions[" + strconv.Itoa(i+2) + "]"
			b.form.Set(q+".label.en", "Question of type "+typ)
			b.form.Set(q+".type", typ)
			b.press("change-type "+q, 0)
			if typ == survey.TypeSingleChoice || typ == survey.TypeMultiChoice {
				b.form.Set(q+".options[0].value", "a")
				b.form.Set(q+".options[0].label.en", "A")
				b.form.Set(q+".options[1].value", "b")
				b.form.Set(q+".options[1].label.en", "B")
			}
		}
		// Question 3 (single_choice) only for carers.
		b.form["sections[0].questions[2].visible_if"] = []string{"role=carer"}
		b.form["sections[0].questions[3].visible_if"] = []string{"fft=poor", "fft=very_poor"}
		b.press("save", http.StatusSeeOther)
		sv, _ := b.draft()
		if n := len(sv.Questions()); n != 2+len(survey.QuestionTypes) {
			t.Fatalf("%d questions saved", n)
		}
		if c := sv.Questions()[2].VisibleIf; c == nil || c.Question != "role" || c.Equals != "carer" {
			t.Errorf("condition: %+v", c)
		}
		if c := sv.Questions()[3].VisibleIf; c == nil || c.Question != "fft" || len(c.In) != 2 {
			t.Errorf("condition with two answers: %+v", c)
		}
		p := b.open()
		assertContains(t, p.Body, `value="role=carer" checked`)
	})
	t.Run("ErrBlankLabel", func(t *testing.T) {
		before, _ := b.draft()
		b.open()
		b.form.Set("sections[0].questions[1].label.en", "")
		b.form.Set("sections[0].questions[0].options[1].value", "Not A Value")
		p := b.press("save", http.StatusUnprocessableEntity)
		assertContains(t, p.Body, "There is a problem: the draft is not saved",
			`<a href="#f-sections-0-questions-1-label-en">Section 1, question 2: Enter the question in English.</a>`,
			`href="#f-sections-0-questions-0-options-1-value"`, `<title>Error: Edit`)
		after, _ := b.draft()
		if store.ContentHash(before) != store.ContentHash(after) {
			t.Error("a refused save changed the draft")
		}
	})
	t.Run("AddLanguage", func(t *testing.T) {
		b.open()
		b.form.Set("new_language", "cy")
		p := b.press("add-language", http.StatusOK)
		assertContains(t, p.Body, `name="sections[0].questions[0].label.cy"`, `lang="cy"`, "Not saved yet")
		p = b.press("save", http.StatusUnprocessableEntity)
		assertContains(t, p.Body, `href="#f-title-cy"`, `href="#f-sections-0-questions-0-label-cy"`)
		for k := range b.form {
			if strings.HasSuffix(k, ".cy") && strings.Contains(k, "label") || k == "title.cy" || k == "sections[0].title.cy" {
				b.form.Set(k, "Cymraeg "+k)
			}
		}
		b.press("save", http.StatusSeeOther)
		if sv, _ := b.draft(); len(sv.Languages) != 2 || sv.Questions()[0].Label["cy"] == "" {
			t.Errorf("Welsh not saved: %v", sv.Languages)
		}
	})
	t.Run("Keyword", func(t *testing.T) {
		b.open()
		b.press("add-keyword", http.StatusOK)
		b.form.Set("keywords[0].keyword", "Bluebell")
		b.form.Set("keywords[0].team", "ward-a")
		b.press("save", http.StatusSeeOther)
		if sv, _ := b.draft(); len(sv.Keywords) != 1 || sv.Keywords[0].Keyword != "Bluebell" || sv.Keywords[0].Team != "ward-a" {
			t.Errorf("keywords: %+v", sv.Keywords)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		b.open()
		n := len(mustDraft(b).Questions())
		p := b.press("delete sections[0].questions[4]", http.StatusSeeOther)
		assertContains(t, p.Header.Get("Location"), "#f-sections-0-questions-3")
		if got := len(mustDraft(b).Questions()); got != n-1 {
			t.Errorf("after delete: %d questions, want %d", got, n-1)
		}
	})
	t.Run("MoveAcrossSections", func(t *testing.T) {
		b.open()
		b.press("add-section", http.StatusOK)
		b.form.Set("sections[1].title.en", "More about your care")
		b.form.Set("sections[1].title.cy", "Mwy")
		last := len(mustDraft(b).Sections[0].Questions) - 1
		moved := mustDraft(b).Sections[0].Questions[last].ID
		p := b.press("down sections[0].questions["+strconv.Itoa(last)+"]", http.StatusSeeOther)
		assertContains(t, p.Header.Get("Location"), "#f-sections-1-questions-0")
		sv := mustDraft(b)
		if len(sv.Sections) != 2 || sv.Sections[1].Questions[0].ID != moved {
			t.Fatalf("after moving down into the new section: %d sections", len(sv.Sections))
		}
		b.open()
		p = b.press("up sections[1].questions[0]", http.StatusOK) // leaves section 2 empty: not saved yet
		assertContains(t, p.Body, "Question moved up into section 1.", "Not saved yet")
		b.press("delete sections[1]", http.StatusSeeOther)
		b.open()
		if p := b.press("delete sections[0]", http.StatusBadRequest); !strings.Contains(p.Body, "first move its questions") {
			t.Error("a section with questions was not kept")
		}
		if sv := mustDraft(b); len(sv.Sections) != 1 || sv.Questions()[len(sv.Questions())-1].ID != moved {
			t.Errorf("after moving back and deleting the section: %d sections", len(sv.Sections))
		}
	})
	t.Run("ErrNoCSRF", func(t *testing.T) {
		b.open()
		f := url.Values{}
		for k, v := range b.form {
			f[k] = v
		}
		f.Del("csrf_token")
		f.Set("op", "delete sections[0].questions[0]")
		if p := e.post("/staff/surveys/carers/edit", f, "Cookie", b.session); p.Status != http.StatusForbidden {
			t.Errorf("without the CSRF token: got %d, want 403", p.Status)
		}
		for _, path := range []string{"/staff/surveys/new", "/staff/surveys/carers/import", "/staff/surveys/carers/preview",
			"/staff/surveys/carers/versions/1/comments", "/staff/surveys/carers/versions/1/approve", "/staff/surveys/carers/versions/1/publish"} {
			if p := e.post(path, url.Values{"slug": {"x"}, "title": {"x"}, "text": {"x"}}, "Cookie", b.session); p.Status != http.StatusForbidden {
				t.Errorf("POST %s without the CSRF token: got %d, want 403", path, p.Status)
			}
		}
		if sv := mustDraft(b); sv.Questions()[0].ID != "role" {
			t.Error("a post without the CSRF token changed the draft")
		}
	})
	t.Run("Export", func(t *testing.T) {
		p := e.get("/staff/surveys/carers/export.json", "Cookie", b.session)
		if p.Status != http.StatusOK || !strings.Contains(p.Header.Get("Content-Disposition"), `filename="carers-v1.json"`) {
			t.Fatalf("export: %d %q", p.Status, p.Header.Get("Content-Disposition"))
		}
		var sv survey.Survey
		must(t, json.Unmarshal([]byte(p.Body), &sv))
		if store.ContentHash(&sv) != store.ContentHash(mustDraft(b)) {
			t.Error("the export is not the saved draft")
		}
	})
}

func mustDraft(b *builder) *survey.Survey {
	sv, _ := b.draft()
	if sv == nil {
		b.e.t.Fatal("no draft")
	}
	return sv
}

func TestBuilderImport(t *testing.T) {
	b := newBuilder(t, "imported")
	e := b.e
	versions := func() int {
		vs, err := e.Store.ListVersions(context.Background(), "imported")
		must(t, err)
		return len(vs)
	}
	page := e.get("/staff/surveys/imported/import", "Cookie", b.session)
	checkHTML(t, page.Body)
	csrf := hiddenValue(t, page.Body, "csrf_token")
	bad := `{"title":{"en":"Imported"},"languages":["en"],"teams":[{"slug":"ward-a","name":"Ward A"}],"sections":[{"id":"s","title":{"en":"S"},"questions":[{"id":"role","type":"single_choice","label":{"en":"Role"},"options":[{"value":"x","label":{"en":"X"}}]}]}]}`
	t.Run("ErrInvalidSchema", func(t *testing.T) {
		p := e.post("/staff/surveys/imported/import", url.Values{"csrf_token": {csrf}, "schema": {bad}}, "Cookie", b.session)
		if p.Status != http.StatusUnprocessableEntity {
			t.Fatalf("got %d, want 422", p.Status)
		}
		checkHTML(t, p.Body)
		assertContains(t, p.Body, "nothing was saved", "sections[0].questions[0].options: Give at least two options.", `href="#schema"`)
		if n := versions(); n != 0 {
			t.Errorf("%d versions after a refused import, want 0", n)
		}
	})
	t.Run("ErrUnknownField", func(t *testing.T) {
		p := e.post("/staff/surveys/imported/import", url.Values{"csrf_token": {csrf}, "schema": {`{"titel": {}}`}}, "Cookie", b.session)
		if p.Status != http.StatusUnprocessableEntity {
			t.Fatalf("got %d, want 422", p.Status)
		}
		assertContains(t, p.Body, "unknown field")
	})
	t.Run("OKUpload", func(t *testing.T) {
		good := strings.Replace(bad, `{"value":"x","label":{"en":"X"}}`, `{"value":"carer","label":{"en":"Carer"}},{"value":"other","label":{"en":"Other"}}`, 1)
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		must(t, w.WriteField("csrf_token", csrf))
		fw, err := w.CreateFormFile("file", "survey.json")
		must(t, err)
		fw.Write([]byte(good))
		must(t, w.Close())
		req, err := http.NewRequest(http.MethodPost, e.URL+"/staff/surveys/imported/import", &body)
		must(t, err)
		req.Header.Set("Content-Type", w.FormDataContentType())
		p := e.do(req, "Cookie", b.session)
		if p.Status != http.StatusSeeOther {
			t.Fatalf("upload: got %d: %s", p.Status, p.Body)
		}
		if n := versions(); n != 1 {
			t.Errorf("%d versions after the import, want 1", n)
		}
	})
}

func TestBuilderPermissions(t *testing.T) {
	b := newBuilder(t, "carers")
	e := b.e
	b.buildBasic()
	ctx := context.Background()
	must(t, e.Store.CreateOrganisation(ctx, survey.Organisation{Slug: "other-trust", Name: "Other Trust"}))
	e.staffAccount("trust", "panel@example.nhs.uk", api.RolePanel)
	e.staffAccount("other-trust", "other@example.nhs.uk", api.RoleAdministrator)
	e.staffAccount("trust", "viewer@example.nhs.uk", api.RoleViewer, "ward-a")
	e.staffAccount("trust", "manager-b@example.nhs.uk", api.RoleManager, "ward-b")
	// A manager of another organisation, even one naming this team.
	e.staffAccount("other-trust", "other-manager@example.nhs.uk", api.RoleManager, "ward-a")
	before := store.ContentHash(mustDraft(b))
	for _, who := range []string{"panel@example.nhs.uk", "other@example.nhs.uk", "other-manager@example.nhs.uk", "viewer@example.nhs.uk", "manager-b@example.nhs.uk"} {
		session := e.signIn(who)
		for _, path := range []string{"/staff/surveys/carers/edit", "/staff/surveys/carers/import"} {
			if p := e.get(path, "Cookie", session); p.Status != http.StatusForbidden && p.Status != http.StatusNotFound {
				t.Errorf("%s GET %s: got %d, want 403 or 404", who, path, p.Status)
			}
		}
		home := e.get("/staff", "Cookie", session)
		f := url.Values{}
		for k, v := range b.form {
			f[k] = v
		}
		f.Set("csrf_token", hiddenValue(t, home.Body, "csrf_token"))
		f.Set("op", "delete sections[0].questions[0]")
		if p := e.post("/staff/surveys/carers/edit", f, "Cookie", session); p.Status != http.StatusForbidden && p.Status != http.StatusNotFound {
			t.Errorf("%s POST edit: got %d, want 403 or 404", who, p.Status)
		}
	}
	if store.ContentHash(mustDraft(b)) != before {
		t.Error("someone who may not edit changed the draft")
	}
}

func TestCodesignReviewAndPublish(t *testing.T) {
	b := newBuilder(t, "carers")
	e := b.e
	b.buildBasic()
	e.staffAccount("trust", "panel@example.nhs.uk", api.RolePanel)
	panel := e.signIn("panel@example.nhs.uk")
	list := e.get("/staff/surveys", "Cookie", panel)
	checkHTML(t, list.Body)
	assertContains(t, list.Body, "Drafts waiting for your review", `href="/staff/surveys/carers/versions/1/review"`,
		`<a href="/staff/surveys" aria-current="page">Surveys</a>`)
	assertNotContains(t, list.Body, `/staff/surveys/carers/edit`)
	review := "/staff/surveys/carers/versions/1/review"
	p := e.get(review, "Cookie", panel)
	checkHTML(t, p.Body)
	assertContains(t, p.Body, `id="a-role"`, "0 of 1 panel approval(s)", `id="approve"`)
	csrf := hiddenValue(t, p.Body, "csrf_token")

	// A manager cannot publish before the panel approves.
	mp := e.get(review, "Cookie", b.session)
	assertContains(t, mp.Body, `id="publish" disabled`)
	mcsrf := hiddenValue(t, mp.Body, "csrf_token")
	if p := e.post("/staff/surveys/carers/versions/1/publish", url.Values{"csrf_token": {mcsrf}}, "Cookie", b.session); p.Status != http.StatusConflict {
		t.Errorf("publish without approval: got %d, want 409", p.Status)
	}

	empty := e.post("/staff/surveys/carers/versions/1/comments", url.Values{"csrf_token": {csrf}, "question": {"fft"}, "text": {" "}}, "Cookie", panel)
	if empty.Status != http.StatusUnprocessableEntity {
		t.Errorf("empty comment: got %d", empty.Status)
	}
	assertContains(t, empty.Body, `<a href="#comment-fft">Write your comment</a>`)
	c := e.post("/staff/surveys/carers/versions/1/comments", url.Values{"csrf_token": {csrf}, "question": {"fft"}, "text": {"Say “experience of the team”."}}, "Cookie", panel)
	if c.Status != http.StatusSeeOther || c.Header.Get("Location") != review+"?done=comment#review-fft" {
		t.Fatalf("comment: %d to %q", c.Status, c.Header.Get("Location"))
	}
	if p := e.post("/staff/surveys/carers/versions/1/approve", url.Values{"csrf_token": {mcsrf}}, "Cookie", b.session); p.Status != http.StatusForbidden {
		t.Errorf("an administrator approving for the panel: got %d, want 403", p.Status)
	}
	a := e.post("/staff/surveys/carers/versions/1/approve", url.Values{"csrf_token": {csrf}}, "Cookie", panel)
	if a.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", a.Status, a.Body)
	}
	again := e.get(review, "Cookie", panel)
	assertContains(t, again.Body, "You have approved this version.")
	assertNotContains(t, again.Body, `id="approve"`)
	mp = e.get(review, "Cookie", b.session)
	assertContains(t, mp.Body, "Say “experience of the team”.", "1 of 1 panel approval(s)", `<button class="nhsuk-button" type="submit" id="publish">`)
	assertNotContains(t, mp.Body, `id="approve"`)
	if p := e.post("/staff/surveys/carers/versions/1/publish", url.Values{"csrf_token": {csrf}}, "Cookie", panel); p.Status != http.StatusForbidden {
		t.Errorf("a panel member publishing: got %d, want 403", p.Status)
	}
	pub := e.post("/staff/surveys/carers/versions/1/publish", url.Values{"csrf_token": {mcsrf}}, "Cookie", b.session)
	if pub.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", pub.Status, pub.Body)
	}
	if sv, status := b.draft(); status != store.StatusPublished || sv.Version != 1 {
		t.Errorf("after publish: version %d %s", sv.Version, status)
	}
	versions := e.get("/staff/surveys/carers/versions?done=published", "Cookie", b.session)
	checkHTML(t, versions.Body)
	assertContains(t, versions.Body, "Published. Respondents now answer this version.", `href="/staff/surveys/carers/versions/1/diff"`)
	diff := e.get("/staff/surveys/carers/versions/1/diff", "Cookie", panel)
	checkHTML(t, diff.Body)
	assertContains(t, diff.Body, "The question &#34;Are you…&#34; (single_choice) was added.")
	if p := e.get("/s/carers/ward-a"); p.Status != http.StatusOK {
		t.Errorf("the published survey: %d", p.Status)
	}
	// Editing a published survey starts version 2; version 1 stays.
	assertContains(t, b.open().Body, "Version 1 is published and cannot change")
	b.form.Set("sections[0].questions[1].label.en", "How was your experience?")
	b.press("save", http.StatusSeeOther)
	if sv, status := b.draft(); sv.Version != 2 || status != store.StatusDraft {
		t.Errorf("after editing the published survey: version %d %s", sv.Version, status)
	}
	if v1, _, err := e.Store.FindVersion(context.Background(), "carers", 1); err != nil || v1.Questions()[1].Label["en"] != "Overall, how was your experience?" {
		t.Errorf("version 1 changed: %v", err)
	}
	diff = e.get("/staff/surveys/carers/versions/2/diff", "Cookie", panel)
	assertContains(t, diff.Body, "changed from &#34;Overall, how was your experience?&#34; to &#34;How was your experience?&#34;")
}

func TestBuilderPreview(t *testing.T) {
	b := newBuilder(t, "carers")
	e := b.e
	b.buildBasic()
	b.open()
	b.form.Set("sections[0].questions[1].label.en", "Unsaved wording")
	f := url.Values{}
	for k, v := range b.form {
		f[k] = v
	}
	p := e.post("/staff/surveys/carers/preview", f, "Cookie", b.session)
	if p.Status != http.StatusOK {
		t.Fatalf("preview: %d", p.Status)
	}
	assertContains(t, p.Body, "Unsaved wording", `action="/staff/surveys/carers/preview/responses"`, `data-api="/staff/surveys/carers/preview/responses"`)
	if got := p.Header.Get("X-Frame-Options"); got != "SAMEORIGIN" {
		t.Errorf("X-Frame-Options: %q", got)
	}
	if sv := mustDraft(b); sv.Questions()[1].Label["en"] == "Unsaved wording" {
		t.Error("the preview saved the draft")
	}
	g := e.get("/staff/surveys/carers/preview", "Cookie", b.session)
	assertContains(t, g.Body, "Overall, how was your experience?")
	sink := e.post("/staff/surveys/carers/preview/responses", url.Values{"a-fft": {"good"}})
	assertContains(t, sink.Body, "This is a preview")
	if n, err := e.Store.CountResponses(context.Background(), store.ResponseFilter{Survey: "carers"}); err != nil || n != 0 {
		t.Errorf("responses after a preview post: %d %v", n, err)
	}
}
