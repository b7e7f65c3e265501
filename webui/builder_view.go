package webui

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
)

// BuilderPage is the survey builder: the whole draft as one form.
type BuilderPage struct {
	StaffPage
	Slug                                     string
	Action, PreviewURL, ImportURL, ExportURL string
	VersionsURL                              string
	Version                                  int
	Notice                                   string
	Unsaved                                  bool // the page shows changes that are not saved
	Published                                bool // the latest version is published: saving starts a new one
	Errors                                   []ErrorLink
	Survey                                   Field // the form's heading, where errors without a field go
	Languages                                Field
	Langs                                    []LangView
	NewLanguage                              Field
	SurveyTitle, Intro                       LabelGroup
	Teams                                    Field
	TeamChoices                              []TeamChoice
	Keywords                                 Field
	KeywordRows                              []KeywordRow
	SectionsHead                             Field
	Sections                                 []SectionForm
}

// Field is one input, or the heading of a group, named after its JSON
// path, with its error and whether it gets the focus.
type Field struct {
	Name, ID, Value, Error string
	Focus                  bool
	// Label, Hint and Class describe a single text input.
	Label, Hint, Class string
}

// MoveView is the move and delete buttons of an item of a list.
type MoveView struct {
	Path, Noun  string
	Number      int
	First, Last bool
	// Keep replaces "Delete" with why it is not offered (a section that
	// still has questions: deleting it must not take them all at once).
	Keep string
}

// LabelGroup is a label's inputs, one per language, in a fieldset.
type LabelGroup struct {
	Field
	Legend   string
	Hint     string
	Textarea bool
	Inputs   []LabelInput
}

// LabelInput is a label's input in one language.
type LabelInput struct {
	Field
	Lang, LangName, Dir string
}

// LangView is one language of the survey.
type LangView struct {
	Tag, Name string
	Removable bool
}

// TeamChoice is a team of the organisation as a checkbox.
type TeamChoice struct {
	Slug, Name, ID string
	Checked        bool
	// TeamName is the team's own name, which the schema carries.
	TeamName string
}

// Choice is an option of a select.
type Choice struct {
	Value, Name string
	Selected    bool
}

// KeywordRow is one keyword with its team.
type KeywordRow struct {
	Head          Field
	Path          string
	Number        int
	Keyword, Team Field
	TeamChoices   []Choice
	Moves         MoveView
}

// SectionForm is one section of the builder.
type SectionForm struct {
	Head          Field
	Path          string
	Number        int
	Name          string
	ID            Field
	Title         LabelGroup
	Cond          CondForm
	QuestionsHead Field
	Count         string
	Questions     []QuestionForm
	Moves         MoveView
}

// QuestionForm is one question of the builder.
type QuestionForm struct {
	Head                          Field
	Path                          string
	Number                        int
	Name                          string
	ID, Type                      Field
	Types                         []Choice
	Required                      Field
	Label, Hint, EasyRead         LabelGroup
	Choice, Multi, Rating, Num    bool
	Text, Long                    bool
	Options                       []OptionForm
	OptionsHead                   Field
	OptionCount                   string
	MaxSelected, Min, Max, MaxLen Field
	Integer                       Field
	PromptKind                    Field
	PromptKinds                   []Choice
	Cond                          CondForm
	Moves                         MoveView
}

// OptionForm is one option of a choice question.
type OptionForm struct {
	Head            Field
	Path            string
	Number          int
	Value           Field
	Label, EasyRead LabelGroup
	Moves           MoveView
}

// CondForm chooses when a question or section is shown: ticked answers of
// one earlier question.
type CondForm struct {
	Field
	Subject string // "question" or "section"
	Open    bool
	Groups  []CondGroup
	// JSON keeps a condition the boxes cannot show (on a number answer),
	// described in Text, until Remove is ticked.
	JSON, Text string
	Remove     Field
}

// CondGroup is the answers of one earlier question.
type CondGroup struct {
	Legend string
	Items  []CondItem
}

// CondItem is one answer as a checkbox.
type CondItem struct {
	ID, Value, Label string
	Checked          bool
}

// pathIDRE finds the characters of a JSON path that ids avoid.
var pathIDRE = regexp.MustCompile(`[\[\].]+`)

// fieldID is the HTML id of the input for a JSON path:
// "sections[1].questions[0].label.en" → "f-sections-1-questions-0-label-en".
func fieldID(path string) string {
	return "f-" + strings.Trim(pathIDRE.ReplaceAllString(path, "-"), "-")
}

// viewBuilder builds the page, recording every path that has an input or
// heading so that errors can be placed on the nearest one.
type viewBuilder struct {
	sv    *survey.Survey
	known map[string]bool
	errs  map[string][]string
	focus string
	teams []TeamChoice
	// earlier are the fixed-answer questions before the current one.
	earlier []*survey.Question
}

// input is a text input with its label, hint and width class.
func (b *viewBuilder) input(path, value, label, hint, class string) Field {
	f := b.fld(path, value)
	f.Label, f.Hint, f.Class = label, hint, class
	return f
}

func (b *viewBuilder) fld(path, value string) Field {
	b.known[path] = true
	return Field{Name: path, ID: fieldID(path), Value: value, Error: strings.Join(b.errs[path], " "), Focus: path == b.focus}
}

// builderView builds the builder page for a survey with the API's field
// errors (nil when none) and the path to focus. orgTeams are the teams the
// survey can be offered to.
func builderView(sv *survey.Survey, fields []survey.FieldError, focus string, orgTeams []TeamChoice) (BuilderPage, []ErrorLink) {
	b := &viewBuilder{sv: sv, known: map[string]bool{}, focus: focus, teams: orgTeams}
	b.page() // first pass: which paths have an input
	b.errs = map[string][]string{}
	var links []ErrorLink
	for _, fe := range fields {
		p := fe.Field
		for p != "" && !b.known[p] {
			p = parentPath(p)
		}
		if p == "" {
			p = "survey"
		}
		b.errs[p] = append(b.errs[p], fe.Message)
		links = append(links, ErrorLink{Href: "#" + fieldID(p), Text: describePath(fe.Field) + fe.Message})
	}
	b.known = map[string]bool{}
	return b.page(), links
}

// parentPath drops the last step of a JSON path.
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

var pathStepRE = regexp.MustCompile(`(sections|questions|options|keywords|teams|languages)\[(\d+)\]`)

// describePath names where a path is in words for the error summary:
// "Section 1, question 2, option 1: ".
func describePath(p string) string {
	nouns := map[string]string{"sections": "section", "questions": "question", "options": "option",
		"keywords": "keyword", "teams": "team", "languages": "language"}
	var parts []string
	for _, m := range pathStepRE.FindAllStringSubmatch(p, -1) {
		n, _ := strconv.Atoi(m[2])
		parts = append(parts, fmt.Sprintf("%s %d", nouns[m[1]], n+1))
	}
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, ", ")
	return strings.ToUpper(s[:1]) + s[1:] + ": "
}

func (b *viewBuilder) page() BuilderPage {
	sv := b.sv
	p := BuilderPage{Survey: b.fld("survey", ""), Languages: b.fld("languages", ""), NewLanguage: b.fld("new_language", "")}
	for _, l := range sv.Languages {
		p.Langs = append(p.Langs, LangView{Tag: l, Name: languageName(l), Removable: l != "en"})
	}
	p.SurveyTitle = b.labels("title", sv.Title, "Title", "")
	p.Intro = b.labels("intro", sv.Intro, "Introduction (optional)", "A sentence or two above the first question.")
	p.Intro.Textarea = true
	p.Teams = b.fld("teams", "")
	p.TeamChoices = b.teamChoices()
	p.Keywords = b.fld("keywords", "")
	for i, k := range sv.Keywords {
		path := fmt.Sprintf("keywords[%d]", i)
		row := KeywordRow{Head: b.fld(path, ""), Path: path, Number: i + 1,
			Keyword: b.input(path+".keyword", k.Keyword, fmt.Sprintf("Keyword %d", i+1), "Such as bluebell: letters, digits, spaces and hyphens.", "nhsuk-input--width-20"),
			Team:    b.fld(path+".team", k.Team),
			Moves:   MoveView{Path: path, Noun: "keyword", Number: i + 1, First: i == 0, Last: i == len(sv.Keywords)-1}}
		row.TeamChoices = append(row.TeamChoices, Choice{Value: "", Name: "The survey's first team", Selected: k.Team == ""})
		for _, t := range b.teams {
			row.TeamChoices = append(row.TeamChoices, Choice{Value: t.Slug, Name: t.Name, Selected: t.Slug == k.Team})
		}
		p.KeywordRows = append(p.KeywordRows, row)
	}
	p.SectionsHead = b.fld("sections", "")
	b.earlier = nil
	for i := range sv.Sections {
		p.Sections = append(p.Sections, b.section(i))
	}
	return p
}

// teamChoices marks the survey's teams among the organisation's.
func (b *viewBuilder) teamChoices() []TeamChoice {
	out := make([]TeamChoice, 0, len(b.teams))
	seen := map[string]bool{}
	for _, t := range b.teams {
		t.Checked = b.sv.HasTeam(t.Slug)
		t.ID = fieldID("teams." + t.Slug)
		seen[t.Slug] = true
		out = append(out, t)
	}
	for _, t := range b.sv.Teams {
		if !seen[t.Slug] {
			out = append(out, TeamChoice{Slug: t.Slug, Name: t.Slug, ID: fieldID("teams." + t.Slug), Checked: true})
		}
	}
	return out
}

// labels is the inputs of a label, one per language of the survey.
func (b *viewBuilder) labels(path string, l survey.Label, legend, hint string) LabelGroup {
	g := LabelGroup{Field: b.fld(path, ""), Legend: legend, Hint: hint}
	for _, lang := range b.sv.Languages {
		in := LabelInput{Field: b.fld(path+"."+lang, l[lang]), Lang: lang, LangName: languageName(lang), Dir: newLocale(lang).Dir}
		g.Inputs = append(g.Inputs, in)
	}
	return g
}

func (b *viewBuilder) section(i int) SectionForm {
	sec := &b.sv.Sections[i]
	path := fmt.Sprintf("sections[%d]", i)
	f := SectionForm{Head: b.fld(path, ""), Path: path, Number: i + 1, Name: sec.Title.In("en"),
		ID:    b.input(path+".id", sec.ID, fmt.Sprintf("Section %d ID", i+1), "Lower-case letters, digits and underscores, such as about_you.", "nhsuk-input--width-20"),
		Title: b.labels(path+".title", sec.Title, "Section title", ""),
		Moves: MoveView{Path: path, Noun: "section", Number: i + 1, First: i == 0, Last: i == len(b.sv.Sections)-1,
			Keep: keepSection(len(sec.Questions))},
		QuestionsHead: b.fld(path+".questions", ""), Count: strconv.Itoa(len(sec.Questions))}
	f.Cond = b.cond(path+".visible_if", sec.VisibleIf, "section")
	for j := range sec.Questions {
		f.Questions = append(f.Questions, b.question(path, j, &sec.Questions[j], len(sec.Questions)))
	}
	return f
}

func (b *viewBuilder) question(secPath string, j int, q *survey.Question, n int) QuestionForm {
	path := fmt.Sprintf("%s.questions[%d]", secPath, j)
	f := QuestionForm{Head: b.fld(path, ""), Path: path, Number: j + 1, Name: q.Label.In("en"),
		ID: b.input(path+".id", q.ID, fmt.Sprintf("Question %d ID", j+1),
			"Used in reports and conditions: lower-case letters, digits and underscores. Use role for the question asking whether someone is a service user or a carer.", "nhsuk-input--width-20"),
		Type: b.fld(path+".type", q.Type), Required: b.fld(path+".required", ""),
		Moves: MoveView{Path: path, Noun: "question", Number: j + 1, First: j == 0 && secPath == "sections[0]",
			Last: j == n-1 && secPath == fmt.Sprintf("sections[%d]", len(b.sv.Sections)-1)}}
	for _, t := range survey.QuestionTypes {
		f.Types = append(f.Types, Choice{Value: t, Name: typeName(t), Selected: t == q.Type})
	}
	if q.Required {
		f.Required.Value = "1"
	}
	f.Label = b.labels(path+".label", q.Label, "Question", "")
	f.Hint = b.labels(path+".hint", q.Hint, "Hint (optional)", "Help shown under the question.")
	f.EasyRead = b.labels(path+".easy_read", q.EasyRead, "Easy read wording (optional)", "Shorter, plainer words, shown to people who choose easy read.")
	f.Cond = b.cond(path+".visible_if", q.VisibleIf, "question")
	switch q.Type {
	case survey.TypeSingleChoice, survey.TypeMultiChoice:
		f.Choice, f.Multi = true, q.Type == survey.TypeMultiChoice
		f.OptionsHead = b.fld(path+".options", "")
		f.OptionCount = strconv.Itoa(len(q.Options))
		for k, o := range q.Options {
			op := fmt.Sprintf("%s.options[%d]", path, k)
			f.Options = append(f.Options, OptionForm{Head: b.fld(op, ""), Path: op, Number: k + 1,
				Value: b.input(op+".value", o.Value, fmt.Sprintf("Answer %d value kept in the data", k+1), "Lower-case letters, digits, _ and -, such as carer.", "nhsuk-input--width-20"),
				Label: b.labels(op+".label", o.Label, "Answer text", ""), EasyRead: b.labels(op+".easy_read", o.EasyRead, "Easy read wording (optional)", ""),
				Moves: MoveView{Path: op, Noun: "answer", Number: k + 1, First: k == 0, Last: k == len(q.Options)-1}})
		}
		if f.Multi {
			f.MaxSelected = b.input(path+".max_selected", wholeOrEmpty(q.MaxSelected), "Most answers someone can tick (optional)", "Leave empty for no limit.", "nhsuk-input--width-3")
		}
	case survey.TypeRating:
		f.Rating = true
		f.Max = b.input(path+".max", numberOrEmpty(q.Max), "Top of the scale", "From 2 to 10: people rate from 1 to this.", "nhsuk-input--width-3")
	case survey.TypeNumber:
		f.Num = true
		f.Min = b.input(path+".min", numberOrEmpty(q.Min), "Smallest answer (optional)", "", "nhsuk-input--width-5")
		f.Max = b.input(path+".max", numberOrEmpty(q.Max), "Largest answer (optional)", "", "nhsuk-input--width-5")
		f.Integer = b.fld(path+".integer", "")
		if q.Integer {
			f.Integer.Value = "1"
		}
	case survey.TypeShortText, survey.TypeLongText:
		f.Text, f.Long = true, q.Type == survey.TypeLongText
		f.MaxLen = b.input(path+".max_length", wholeOrEmpty(q.MaxLength), "Most characters allowed",
			fmt.Sprintf("Up to %d.", survey.TextLimitOf(q.Type)), "nhsuk-input--width-5")
		if f.Long {
			f.PromptKind = b.fld(path+".prompt_kind", q.PromptKind)
			for _, k := range []string{survey.PromptWhatGood, survey.PromptCouldImprove, survey.PromptNonspecific} {
				f.PromptKinds = append(f.PromptKinds, Choice{Value: k, Name: promptKindNames[k], Selected: k == q.PromptKind})
			}
		}
	}
	if fixedAnswers(q) {
		b.earlier = append(b.earlier, q)
	}
	return f
}

var promptKindNames = map[string]string{
	survey.PromptWhatGood:     "What was good",
	survey.PromptCouldImprove: "What could be better",
	survey.PromptNonspecific:  "Anything else",
}

func wholeOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func numberOrEmpty(f *float64) string {
	if f == nil {
		return ""
	}
	return formatNumber(*f)
}

// fixedAnswers reports whether a condition can depend on the question.
func fixedAnswers(q *survey.Question) bool {
	switch q.Type {
	case survey.TypeSingleChoice, survey.TypeMultiChoice, survey.TypeYesNo, survey.TypeFFT, survey.TypeLikert, survey.TypeRating:
		return q.ID != ""
	}
	return false
}

// cond offers the answers of every earlier fixed-answer question, ticking
// those of the current condition.
func (b *viewBuilder) cond(path string, c *survey.Condition, subject string) CondForm {
	f := CondForm{Field: b.fld(path, ""), Subject: subject, Open: c != nil, Remove: b.fld(path+".remove", "")}
	f.Open = f.Open || f.Error != ""
	ticked := map[string]bool{}
	if c != nil {
		vals := c.In
		if c.Equals != nil {
			vals = []any{c.Equals}
		}
		for _, v := range vals {
			ticked[c.Question+"="+conditionToken(v)] = true
		}
	}
	found := 0
	for _, q := range b.earlier {
		g := CondGroup{Legend: q.Label.In("en")}
		if g.Legend == "" {
			g.Legend = q.ID
		}
		for _, a := range answersOf(q) {
			v := q.ID + "=" + a.Value
			item := CondItem{ID: fieldID(path + "." + q.ID + "." + a.Value), Value: v, Label: a.Name, Checked: ticked[v]}
			if item.Checked {
				found++
			}
			g.Items = append(g.Items, item)
		}
		f.Groups = append(f.Groups, g)
	}
	if c != nil && found < len(ticked) {
		raw, _ := json.Marshal(c)
		f.JSON, f.Text = string(raw), describeCond(c)
		for gi := range f.Groups {
			for ii := range f.Groups[gi].Items {
				f.Groups[gi].Items[ii].Checked = false
			}
		}
	}
	return f
}

// answersOf lists the answers of a fixed-answer question as choices.
func answersOf(q *survey.Question) []Choice {
	var out []Choice
	switch q.Type {
	case survey.TypeSingleChoice, survey.TypeMultiChoice:
		for _, o := range q.Options {
			if o.Value != "" {
				out = append(out, Choice{Value: o.Value, Name: firstNonEmpty(o.Label.In("en"), o.Value)})
			}
		}
	case survey.TypeYesNo:
		out = []Choice{{Value: "true", Name: "Yes"}, {Value: "false", Name: "No"}}
	case survey.TypeFFT:
		for _, a := range survey.FFTAnswers {
			out = append(out, Choice{Value: a, Name: fftNames[a]})
		}
	case survey.TypeLikert:
		for n := 5; n >= 1; n-- {
			out = append(out, Choice{Value: strconv.Itoa(n), Name: likertNames[n]})
		}
	case survey.TypeRating:
		for n := 1; n <= ratingMax(q); n++ {
			out = append(out, Choice{Value: strconv.Itoa(n), Name: strconv.Itoa(n)})
		}
	}
	return out
}

var fftNames = map[string]string{survey.FFTVeryGood: "Very good", survey.FFTGood: "Good", survey.FFTNeither: "Neither good nor poor",
	survey.FFTPoor: "Poor", survey.FFTVeryPoor: "Very poor", survey.FFTDontKnow: "Don't know"}

var likertNames = map[int]string{5: "Strongly agree", 4: "Agree", 3: "Neither agree nor disagree", 2: "Disagree", 1: "Strongly disagree"}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// describeCond says when a condition shows its question, in words.
func describeCond(c *survey.Condition) string {
	vals := c.In
	if c.Equals != nil {
		vals = []any{c.Equals}
	}
	words := make([]string, len(vals))
	for i, v := range vals {
		words[i] = conditionToken(v)
	}
	return fmt.Sprintf("Shown only when the answer to %q is %s.", c.Question, strings.Join(words, " or "))
}

// keepSection says why a section with questions has no "Delete" button.
func keepSection(questions int) string {
	if questions == 0 {
		return ""
	}
	return "To delete this section, first move its questions to another section or delete them."
}
