package webui

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
)

// formState is what a render of the survey form starts from.
type formState struct {
	Survey     *survey.Survey
	Team       string
	View       view
	ResponseID string
	Raw        url.Values               // posted values; nil on a fresh form
	Errors     map[string]template.HTML // inline errors by question id
	Summary    []SummaryError
	FormError  template.HTML
}

// surveyPage builds the form page: every section and question, with the
// ones hidden by visible_if marked hidden (the JavaScript shows them live;
// without it "Update the questions" re-renders).
func (u *UI) surveyPage(st formState) *SurveyPage {
	s, v := st.Survey, st.View
	page := u.basePage(s, v, surveyPath(s.Slug, st.Team))
	page.EasyURL = easyToggle(s, v, surveyPath(s.Slug, st.Team))
	p := &SurveyPage{
		Page:        page,
		SurveyTitle: text(page.L, false, s.Title, nil),
		Intro:       text(page.L, false, s.Intro, nil),
		TeamName:    teamName(s, st.Team),
		Action:      withQuery(surveyPath(s.Slug, st.Team), v.query(defaultLang(s))),
		APIURL:      "/api/v1/public/surveys/" + url.PathEscape(s.Slug) + "/responses",
		ThanksURL:   u.thanksURL(s, st.Team, v, "", ""),
		ResponseID:  st.ResponseID,
		Team:        st.Team,
		Errors:      st.Summary,
		FormError:   st.FormError,
		DraftKey:    "chorus-draft:" + s.Slug + ":" + st.Team,
		Posted:      st.Raw != nil,
	}
	p.Title = plainTitle(s, page.L)
	if len(st.Summary) > 0 || st.FormError != "" {
		p.Title = page.L.S("error_prefix") + " " + p.Title
	}
	answers := answersFromRaw(s, st.Raw)
	visible := s.Visible(answers)
	sectionsShown := s.SectionsVisible(answers)
	ctl := controllers(s)
	for i := range s.Sections {
		sec := &s.Sections[i]
		sv := SectionView{ID: sec.ID, Title: text(page.L, false, sec.Title, nil), Hidden: !sectionsShown[sec.ID], Cond: condView(sec.VisibleIf)}
		for j := range sec.Questions {
			q := &sec.Questions[j]
			qv := questionView(page.L, v.Easy, q, st.Raw[fieldName(q.ID)])
			qv.Hidden = !visible[q.ID] && !sv.Hidden
			qv.Controls = ctl[q.ID]
			if qv.Controls {
				// Come back to this place in the page after the re-render.
				qv.RefreshAction = p.Action + "#q-" + q.ID
			}
			qv.Error = st.Errors[q.ID]
			qv.DescribedBy = describedBy(qv)
			sv.Questions = append(sv.Questions, qv)
		}
		p.Sections = append(p.Sections, sv)
	}
	return p
}

// questionView renders one question's data, with the values posted for it.
func questionView(l Locale, easy bool, q *survey.Question, raw []string) QuestionView {
	qv := QuestionView{
		L: l, ID: q.ID, Type: q.Type, Name: fieldName(q.ID), Required: q.Required,
		Label: text(l, easy, q.Label, q.EasyRead), Hint: text(l, easy, q.Hint, nil),
		Cond: condView(q.VisibleIf),
	}
	if len(raw) > 0 {
		qv.Value = raw[0]
	}
	switch q.Type {
	case survey.TypeSingleChoice, survey.TypeMultiChoice:
		qv.Kind = "radios"
		if q.Type == survey.TypeMultiChoice {
			qv.Kind = "checkboxes"
			if qv.Hint == "" || q.MaxSelected > 0 {
				qv.Hint = joinHint(qv.Hint, multiHint(l, q))
			}
		}
		for _, o := range q.Options {
			qv.Items = append(qv.Items, ItemView{Value: o.Value, Label: text(l, easy, o.Label, o.EasyRead)})
		}
	case survey.TypeFFT:
		qv.Kind = "radios"
		for _, a := range survey.FFTAnswers {
			qv.Items = append(qv.Items, ItemView{Value: a, Label: l.T("fft_" + a)})
		}
	case survey.TypeLikert:
		qv.Kind = "radios"
		for n := 5; n >= 1; n-- {
			qv.Items = append(qv.Items, ItemView{Value: strconv.Itoa(n), Label: l.T("likert_" + strconv.Itoa(n))})
		}
	case survey.TypeRating:
		qv.Kind, qv.Inline = "radios", true
		max := ratingMax(q)
		qv.Hint = joinHint(qv.Hint, l.T("rating_hint", max))
		for n := 1; n <= max; n++ {
			qv.Items = append(qv.Items, ItemView{Value: strconv.Itoa(n), Label: template.HTML(strconv.Itoa(n))})
		}
	case survey.TypeYesNo:
		qv.Kind, qv.Inline = "radios", true
		qv.Items = []ItemView{{Value: "yes", Label: l.T("yes")}, {Value: "no", Label: l.T("no")}}
	case survey.TypeNumber:
		qv.Kind, qv.InputMode, qv.InputClass = "input", "decimal", "nhsuk-input--width-5"
		if q.Integer {
			qv.InputMode = "numeric"
		}
		qv.Hint = joinHint(qv.Hint, numberHint(l, q))
	case survey.TypeShortText:
		qv.Kind, qv.MaxLength = "input", survey.TextLimit(q)
	case survey.TypeLongText:
		qv.Kind, qv.MaxLength = "textarea", survey.TextLimit(q)
	}
	for i := range qv.Items {
		it := &qv.Items[i]
		it.ID = qv.Name
		if i > 0 {
			it.ID = qv.Name + "-" + strconv.Itoa(i+1)
		}
		it.Checked = checked(raw, it.Value)
	}
	return qv
}

// describedBy lists the hint and error ids of a question for aria-describedby.
func describedBy(qv QuestionView) string {
	var ids []string
	if qv.Hint != "" {
		ids = append(ids, qv.Name+"-hint")
	}
	if qv.Kind == "textarea" {
		ids = append(ids, qv.Name+"-info")
	}
	if qv.Error != "" {
		ids = append(ids, qv.Name+"-error")
	}
	return strings.Join(ids, " ")
}

func multiHint(l Locale, q *survey.Question) template.HTML {
	if q.MaxSelected > 0 {
		return l.T("select_up_to", q.MaxSelected)
	}
	return l.T("select_all")
}

// numberHint tells the range a number answer must be in, if it has one.
func numberHint(l Locale, q *survey.Question) template.HTML {
	key := "number_range"
	if q.Integer {
		key = "number_whole_range"
	}
	switch {
	case q.Min != nil && q.Max != nil:
		return l.T(key, formatNumber(*q.Min), formatNumber(*q.Max))
	case q.Integer:
		return l.T("number_whole")
	}
	return ""
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func joinHint(a, b template.HTML) template.HTML {
	if a == "" {
		return b
	}
	return a + " " + b
}

func ratingMax(q *survey.Question) int {
	if q.Max != nil && *q.Max >= survey.MinRatingScale && *q.Max <= survey.MaxRatingScale {
		return int(*q.Max)
	}
	return 5
}
