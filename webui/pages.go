package webui

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strconv"

	"github.com/chorus-nhs/chorus/survey"
)

// view holds the choices that shape every respondent page: the language,
// easy-read words and kiosk mode. They travel in the query string (and as
// hidden fields in forms), never in a cookie.
type view struct {
	Lang  string
	Easy  bool
	Kiosk bool
}

// query returns the view as query parameters; defaults are left out.
func (v view) query(defaultLang string) url.Values {
	q := url.Values{}
	if v.Lang != "" && v.Lang != defaultLang {
		q.Set("lang", v.Lang)
	}
	if v.Easy {
		q.Set("easy", "1")
	}
	if v.Kiosk {
		q.Set("kiosk", "1")
	}
	return q
}

// withQuery appends q to path.
func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// Page is what the layout needs on every page.
type Page struct {
	L         Locale
	Title     string     // <title> text
	Languages []LangLink // picker; empty when there is one language
	EasyURL   string     // toggles easy read; empty when the survey has none
	Easy      bool
	Kiosk     bool
	HomeURL   string // the header links here; "" for no link
	// Organisation names who runs the survey in the header; "" shows the
	// service's name.
	Organisation string
}

// LangLink is one entry of the language picker.
type LangLink struct {
	Tag, Name, URL string
	Current        bool
}

// SurveyPage is the survey form.
type SurveyPage struct {
	Page
	SurveyTitle template.HTML
	Intro       template.HTML
	TeamName    string
	Action      string // form action (this page's URL with the view query)
	APIURL      string // JSON endpoint for the JavaScript submission
	ThanksURL   string // thank-you page without the quarter
	ResponseID  string
	Team        string
	Sections    []SectionView
	Errors      []SummaryError
	FormError   template.HTML // a failure not tied to a question
	DraftKey    string
	Posted      bool // re-rendered from a post: the script must not restore a draft over it
}

// SummaryError is one entry of the error summary.
type SummaryError struct {
	Href string // "#a-fft", or "" when the error has no field
	Text template.HTML
}

// SectionView is a section of the form.
type SectionView struct {
	ID        string
	Title     template.HTML
	Hidden    bool
	Cond      *CondView
	Questions []QuestionView
}

// CondView is a visible_if condition for the JavaScript: the question it
// depends on and the form values that show it, as a JSON array of strings.
type CondView struct {
	Question string
	Values   string
}

// QuestionView is one question as the form renders it.
type QuestionView struct {
	L          Locale
	ID         string
	Type       string
	Kind       string // radios, checkboxes, input or textarea
	Name       string // form field name and id of the first input
	Label      template.HTML
	Hint       template.HTML
	Required   bool
	Error      template.HTML
	Items      []ItemView
	Inline     bool
	Value      string
	InputMode  string
	InputClass string
	MaxLength  int
	Hidden     bool
	Cond       *CondView
	Controls   bool // other questions depend on it: offer "Update the questions"
	// RefreshAction posts "Update the questions" back to this question.
	RefreshAction string
	DescribedBy   string
}

// ItemView is one radio or checkbox.
type ItemView struct {
	ID      string
	Value   string
	Label   template.HTML
	Checked bool
}

// text picks the label to show: easy read in the page language when asked
// for and present, else the label in the page language, else English
// (marked lang="en").
func text(l Locale, easy bool, label, easyRead survey.Label) template.HTML {
	for _, cand := range []survey.Label{easyIf(easy, easyRead), label} {
		if s := cand[l.Lang]; s != "" {
			return wrapLang(s, false)
		}
	}
	for _, cand := range []survey.Label{easyIf(easy, easyRead), label} {
		if s := cand["en"]; s != "" {
			return wrapLang(s, l.Lang != "en")
		}
	}
	return ""
}

func easyIf(easy bool, l survey.Label) survey.Label {
	if easy {
		return l
	}
	return nil
}

// hasEasyRead reports whether any question or option has easy-read words.
func hasEasyRead(s *survey.Survey) bool {
	for _, q := range s.Questions() {
		if len(q.EasyRead) > 0 {
			return true
		}
		for _, o := range q.Options {
			if len(o.EasyRead) > 0 {
				return true
			}
		}
	}
	return false
}

// condView converts a condition to the form values that satisfy it.
func condView(c *survey.Condition) *CondView {
	if c == nil {
		return nil
	}
	vals := c.In
	if c.Equals != nil {
		vals = []any{c.Equals}
	}
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		out = append(out, formValue(v))
	}
	b, _ := json.Marshal(out)
	return &CondView{Question: c.Question, Values: string(b)}
}

// formValue spells a schema value the way the form posts it.
func formValue(v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// controllers returns the ids of questions that a condition refers to.
func controllers(s *survey.Survey) map[string]bool {
	out := map[string]bool{}
	for i := range s.Sections {
		if c := s.Sections[i].VisibleIf; c != nil {
			out[c.Question] = true
		}
		for _, q := range s.Sections[i].Questions {
			if q.VisibleIf != nil {
				out[q.VisibleIf.Question] = true
			}
		}
	}
	return out
}

// checked reports whether v is among the posted values.
func checked(raw []string, v string) bool { return slices.Contains(raw, v) }
