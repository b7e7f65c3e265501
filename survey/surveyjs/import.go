package surveyjs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
)

// element is one SurveyJS object (survey, page, panel or question) with
// its properties still raw, so that every property can be accounted for.
type element map[string]json.RawMessage

// maxDepth bounds the nesting of panels.
const maxDepth = 8

// maxElements bounds the elements walked, so that a hostile file cannot
// make the importer work without end; the schema allows far fewer.
const maxElements = 2000

// ignoredSurveySettings are survey-level SurveyJS settings that change
// what is asked or what happens after it, which Chorus does not do.
var ignoredSurveySettings = []string{"triggers", "calculatedValues", "completedHtml", "completedHtmlOnCondition",
	"navigateToUrl", "navigateToUrlOnCondition", "cookieName", "firstPageIsStarted", "maxTimeToFinish"}

// ignoredQuestionSettings are question settings with a meaning that Chorus
// cannot keep; layout and display settings are dropped silently.
var ignoredQuestionSettings = []string{"enableIf", "requiredIf", "validators", "defaultValue", "defaultValueExpression",
	"correctAnswer", "choicesByUrl", "choicesFromQuestion", "hasOther", "showOtherItem", "hasNone", "showNoneItem",
	"hasSelectAll", "showSelectAllItem", "choicesVisibleIf", "choicesEnableIf", "setValueIf", "setValueExpression",
	"resetValueIf", "hasComment", "showCommentArea", "minSelectedChoices", "inputMask", "maskType"}

// Import converts a SurveyJS survey JSON into a Chorus survey. The result
// has no slug, version or teams: the caller sets them, then checks the
// survey with survey.CheckSurvey and Result.Explain. What cannot be mapped
// is left out with a warning naming the element. The error is EINVALID
// when data is not a SurveyJS survey at all.
func Import(data []byte) (*Result, error) {
	var root element
	if err := json.Unmarshal(data, &root); err != nil || root == nil {
		return nil, survey.Errorf(survey.EINVALID, "The file is not a SurveyJS survey: it must be one JSON object.")
	}
	im := &importer{
		res:     &Result{Survey: &survey.Survey{}, elements: map[string]string{}},
		langs:   map[string]bool{"en": true},
		ids:     map[string]bool{},
		byName:  map[string]*imported{},
		secIDs:  map[string]bool{},
		labeled: map[string][]labelRef{},
	}
	if err := im.survey(root); err != nil {
		return nil, err
	}
	im.finishLanguages()
	return im.res, nil
}

// importer holds the state of one import.
type importer struct {
	res    *Result
	langs  map[string]bool
	ids    map[string]bool      // question ids taken
	secIDs map[string]bool      // section ids taken
	byName map[string]*imported // SurveyJS value names → questions, for conditions
	count  int
	// labeled lists the labels of each element, to fill missing languages.
	labeled map[string][]labelRef
	order   []string // element names in order, for stable warnings
}

// imported is a question made from a SurveyJS element, with the map from
// the element's choice values (as text) to option values.
type imported struct {
	section, index int
	choices        map[string]string
}

// labelRef points at a label of the survey being built.
type labelRef struct {
	get func() survey.Label
	set func(survey.Label)
}

func (im *importer) warn(elem, format string, args ...any) {
	im.res.Warnings = append(im.res.Warnings, Warning{Element: elem, Message: fmt.Sprintf(format, args...)})
}

func (im *importer) survey(root element) error {
	sv := im.res.Survey
	sv.Title = im.text(root, "title", "survey")
	sv.Intro = im.text(root, "description", "survey")
	im.track("survey", func() survey.Label { return sv.Title }, func(l survey.Label) { sv.Title = l })
	im.track("survey", func() survey.Label { return sv.Intro }, func(l survey.Label) { sv.Intro = l })
	if loc := stringProp(root, "locale"); loc != "" && loc != "en" {
		im.warn("survey", "The default language is %q in SurveyJS; Chorus reads the default texts as English (en).", loc)
	}
	for _, k := range ignoredSurveySettings {
		if _, ok := root[k]; ok {
			im.warn("survey", "The SurveyJS setting %q has no Chorus equivalent and was ignored.", k)
		}
	}
	pages, err := rawList(root, "pages")
	if err != nil {
		return err
	}
	if len(pages) == 0 {
		// A survey without pages holds its elements at the top level.
		return im.page(root, 0, true)
	}
	for i, p := range pages {
		var pg element
		if json.Unmarshal(p, &pg) != nil || pg == nil {
			return survey.Errorf(survey.EINVALID, "Page %d of the SurveyJS survey is not a JSON object.", i+1)
		}
		if err := im.page(pg, i, false); err != nil {
			return err
		}
	}
	return nil
}

// page turns a SurveyJS page (or the survey itself, when it has no pages)
// into a section.
func (im *importer) page(pg element, i int, top bool) error {
	name := stringProp(pg, "name")
	elem := name
	if elem == "" || top {
		elem = fmt.Sprintf("page %d", i+1)
	}
	sec := survey.Section{ID: im.sectionID(name, i)}
	if top {
		sec.Title = survey.Label{"en": "Questions"}
	} else if sec.Title = im.text(pg, "title", elem); len(sec.Title) == 0 {
		sec.Title = survey.Label{"en": cmpOr(name, fmt.Sprintf("Part %d", i+1))}
	}
	im.res.Survey.Sections = append(im.res.Survey.Sections, sec)
	s := len(im.res.Survey.Sections) - 1
	path := fmt.Sprintf("sections[%d]", s)
	im.res.elements[path] = elem
	im.track(elem, func() survey.Label { return im.res.Survey.Sections[s].Title },
		func(l survey.Label) { im.res.Survey.Sections[s].Title = l })
	if !top {
		im.res.Survey.Sections[s].VisibleIf = im.visibleIf(pg, elem)
	}
	els, err := elementList(pg, elem)
	if err != nil {
		return err
	}
	for _, e := range els {
		if err := im.element(e, s, nil, 0); err != nil {
			return err
		}
	}
	return nil
}

// elementList reads "elements" (or the older "questions") of a page or
// panel.
func elementList(e element, elem string) ([]element, error) {
	key := "elements"
	if _, ok := e[key]; !ok {
		key = "questions"
	}
	raws, err := rawList(e, key)
	if err != nil {
		return nil, err
	}
	out := make([]element, 0, len(raws))
	for k, r := range raws {
		var el element
		if json.Unmarshal(r, &el) != nil || el == nil {
			return nil, survey.Errorf(survey.EINVALID, "Element %d of %q is not a JSON object.", k+1, elem)
		}
		out = append(out, el)
	}
	return out, nil
}

// element maps one SurveyJS element into section s. cond is the condition
// of an enclosing panel.
func (im *importer) element(el element, s int, cond *survey.Condition, depth int) error {
	if im.count++; im.count > maxElements {
		return survey.Errorf(survey.EINVALID, "The SurveyJS survey has more than %d elements.", maxElements)
	}
	typ, name := stringProp(el, "type"), stringProp(el, "name")
	elem := cmpOr(name, fmt.Sprintf("unnamed %s", cmpOr(typ, "element")))
	switch typ {
	case "panel":
		return im.panel(el, elem, s, cond, depth)
	case "matrix":
		im.matrix(el, elem, s, cond)
		return nil
	case "html", "image", "expression":
		im.warn(elem, "A SurveyJS %q element shows content but asks nothing; Chorus has no equivalent, so it was left out.", typ)
		return nil
	}
	q, choices, ok := im.question(el, typ, elem)
	if !ok {
		return nil
	}
	im.add(el, elem, name, s, q, choices, cond)
	return nil
}

// panel flattens a panel's elements into the section: Chorus has no
// panels. The panel's condition applies to each element that has none.
func (im *importer) panel(el element, elem string, s int, cond *survey.Condition, depth int) error {
	if depth >= maxDepth {
		return survey.Errorf(survey.EINVALID, "Panel %q is nested more than %d deep.", elem, maxDepth)
	}
	if _, ok := el["title"]; ok {
		im.warn(elem, "Chorus has no panels: the panel's questions were added to the page and its title was left out.")
	}
	if c := im.visibleIf(el, elem); c != nil {
		if cond != nil {
			im.warn(elem, "Both this panel and an outer panel have a condition; only this panel's condition is kept.")
		}
		cond = c
	}
	els, err := elementList(el, elem)
	if err != nil {
		return err
	}
	for _, child := range els {
		if err := im.element(child, s, cond, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// add appends a mapped question to section s with its common settings.
func (im *importer) add(el element, elem, name string, s int, q survey.Question, choices map[string]string, cond *survey.Condition) {
	q.ID = im.questionID(name, elem)
	q.Required = boolProp(el, "isRequired")
	if q.Label = im.text(el, "title", elem); len(q.Label) == 0 {
		q.Label = survey.Label{"en": cmpOr(name, "Question")}
	}
	q.Hint = im.text(el, "description", elem)
	if c := im.visibleIf(el, elem); c != nil {
		if cond != nil {
			im.warn(elem, "Both this question and its panel have a condition; only the question's own condition is kept.")
		}
		cond = c
	}
	q.VisibleIf = cond
	for _, k := range ignoredQuestionSettings {
		if _, ok := el[k]; ok {
			im.warn(elem, "The SurveyJS setting %q has no Chorus equivalent and was ignored.", k)
		}
	}
	im.place(elem, name, s, q, choices)
}

// place appends q to section s and records it for conditions and errors.
func (im *importer) place(elem, name string, s int, q survey.Question, choices map[string]string) {
	sec := &im.res.Survey.Sections[s]
	sec.Questions = append(sec.Questions, q)
	j := len(sec.Questions) - 1
	im.res.elements[fmt.Sprintf("sections[%d].questions[%d]", s, j)] = elem
	if name != "" && im.byName[name] == nil {
		im.byName[name] = &imported{section: s, index: j, choices: choices}
	}
	qp := func() *survey.Question { return &im.res.Survey.Sections[s].Questions[j] }
	im.track(elem, func() survey.Label { return qp().Label }, func(l survey.Label) { qp().Label = l })
	im.track(elem, func() survey.Label { return qp().Hint }, func(l survey.Label) { qp().Hint = l })
	for k := range q.Options {
		im.track(elem, func() survey.Label { return qp().Options[k].Label }, func(l survey.Label) { qp().Options[k].Label = l })
	}
}

// question maps a question element by type; ok is false when it was left
// out (with a warning).
func (im *importer) question(el element, typ, elem string) (q survey.Question, choices map[string]string, ok bool) {
	switch typ {
	case "radiogroup", "dropdown":
		return im.choice(el, elem, survey.TypeSingleChoice)
	case "checkbox", "tagbox":
		q, choices, ok = im.choice(el, elem, survey.TypeMultiChoice)
		if n, has := numberProp(el, "maxSelectedChoices"); has && n > 0 {
			q.MaxSelected = int(n)
		}
		return q, choices, ok
	case "imagepicker":
		kind := survey.TypeSingleChoice
		if boolProp(el, "multiSelect") {
			kind = survey.TypeMultiChoice
		}
		im.warn(elem, "Chorus shows image choices as text choices; the images were left out.")
		return im.choice(el, elem, kind)
	case "rating":
		return im.rating(el, elem)
	case "boolean":
		if _, has := el["labelTrue"]; has {
			im.warn(elem, "Chorus always shows a yes/no question as Yes and No; labelTrue and labelFalse were left out.")
		}
		return survey.Question{Type: survey.TypeYesNo}, nil, true
	case "text":
		return im.textQuestion(el, elem), nil, true
	case "comment":
		return survey.Question{Type: survey.TypeLongText, MaxLength: im.maxLength(el, elem, survey.MaxLongText)}, nil, true
	case "":
		im.warn(elem, "The element has no type, so it was left out.")
	default:
		im.warn(elem, "SurveyJS %q questions have no Chorus equivalent, so it was left out.", truncate(typ, 40))
	}
	return q, nil, false
}

// choice maps a question with choices. A single choice whose values are
// exactly the six NHS Friends and Family Test answers becomes an fft
// question, as Export writes one.
func (im *importer) choice(el element, elem, typ string) (survey.Question, map[string]string, bool) {
	opts, choices := im.choices(el, "choices", elem)
	if typ == survey.TypeSingleChoice && isFFT(opts) {
		return survey.Question{Type: survey.TypeFFT}, choices, true
	}
	return survey.Question{Type: typ, Options: opts}, choices, true
}

func isFFT(opts []survey.Option) bool {
	if len(opts) != len(survey.FFTAnswers) {
		return false
	}
	for i, o := range opts {
		if o.Value != survey.FFTAnswers[i] {
			return false
		}
	}
	return true
}

// choices reads a list of choices (strings, numbers or {value, text}) into
// options, renaming values Chorus cannot store, and returns the map from
// each SurveyJS value (as text) to its option value.
func (im *importer) choices(el element, key, elem string) ([]survey.Option, map[string]string) {
	raws, err := rawList(el, key)
	if err != nil {
		im.warn(elem, "Its %s are not a list, so it has none.", key)
		return nil, nil
	}
	var opts []survey.Option
	values := map[string]string{}
	taken := map[string]bool{}
	for k, r := range raws {
		raw, text, ok := im.choice1(r, elem)
		if !ok {
			im.warn(elem, "Choice %d is neither a value nor {value, text}, so it was left out.", k+1)
			continue
		}
		v := uniqueName(optionValue(raw, k), taken, 40)
		taken[v] = true
		if v != raw {
			im.warn(elem, "Choice value %q is stored as %q (lower-case letters, digits, hyphens and underscores).", truncate(raw, 40), v)
		}
		if len(text) == 0 {
			text = survey.Label{"en": raw}
		}
		values[raw] = v
		opts = append(opts, survey.Option{Value: v, Label: text})
	}
	return opts, values
}

// choice1 reads one choice: a bare value, or an object with value and text.
func (im *importer) choice1(r json.RawMessage, elem string) (string, survey.Label, bool) {
	if v, ok := scalarText(r); ok {
		return v, nil, true
	}
	var c element
	if json.Unmarshal(r, &c) != nil || c == nil {
		return "", nil, false
	}
	v, ok := scalarText(c["value"])
	if !ok {
		return "", nil, false
	}
	return v, im.text(c, "text", elem), true
}

// scalarText returns a JSON string, number or boolean as text.
func scalarText(r json.RawMessage) (string, bool) {
	r = bytes.TrimSpace(r)
	if len(r) == 0 {
		return "", false
	}
	var s string
	if json.Unmarshal(r, &s) == nil {
		return s, true
	}
	var n json.Number
	if json.Unmarshal(r, &n) == nil {
		return n.String(), true
	}
	var b bool
	if json.Unmarshal(r, &b) == nil {
		return fmt.Sprint(b), true
	}
	return "", false
}

// textQuestion maps a "text" question: a number box for inputType
// number or range, otherwise one line of text.
func (im *importer) textQuestion(el element, elem string) survey.Question {
	switch it := stringProp(el, "inputType"); it {
	case "number", "range":
		q := survey.Question{Type: survey.TypeNumber}
		if v, ok := numberProp(el, "min"); ok {
			q.Min = &v
		}
		if v, ok := numberProp(el, "max"); ok {
			q.Max = &v
		}
		step, ok := numberProp(el, "step")
		q.Integer = ok && step == 1
		return q
	case "", "text":
	default:
		im.warn(elem, "Chorus asks %q input as plain text.", truncate(it, 20))
	}
	return survey.Question{Type: survey.TypeShortText, MaxLength: im.maxLength(el, elem, survey.MaxShortText)}
}

// maxLength reads maxLength, capped at Chorus's limit for the type.
func (im *importer) maxLength(el element, elem string, limit int) int {
	n, ok := numberProp(el, "maxLength")
	switch {
	case !ok || n <= 0:
		return limit
	case n > float64(limit):
		im.warn(elem, "Its maxLength of %d is more than Chorus allows here; it is %d.", int(n), limit)
		return limit
	}
	return int(n)
}

// track records a label of an element, so that languages missing from it
// can be filled in at the end.
func (im *importer) track(elem string, get func() survey.Label, set func(survey.Label)) {
	if _, ok := im.labeled[elem]; !ok {
		im.order = append(im.order, elem)
	}
	im.labeled[elem] = append(im.labeled[elem], labelRef{get: get, set: set})
}

// finishLanguages declares every language seen and fills each label's
// missing languages with its English text (as SurveyJS itself shows the
// default text), with one warning per element.
func (im *importer) finishLanguages() {
	langs := make([]string, 0, len(im.langs))
	for l := range im.langs {
		if l != "en" {
			langs = append(langs, l)
		}
	}
	sort.Strings(langs)
	im.res.Survey.Languages = append([]string{"en"}, langs...)
	for _, elem := range im.order {
		missing := map[string]bool{}
		for _, ref := range im.labeled[elem] {
			l := ref.get()
			if len(l) == 0 {
				continue
			}
			l = fillLabel(l, im.res.Survey.Languages, missing)
			ref.set(l)
		}
		if len(missing) > 0 {
			im.warn(elem, "It has no text in %s; the English text is used there.", strings.Join(sortedSet(missing), ", "))
		}
	}
}

// fillLabel returns l with every language of langs, copying English (or
// any text, when English is missing) into the ones it lacks.
func fillLabel(l survey.Label, langs []string, missing map[string]bool) survey.Label {
	fallback := l["en"]
	if strings.TrimSpace(fallback) == "" {
		for _, k := range sortedKeys(l) {
			if strings.TrimSpace(l[k]) != "" {
				fallback = l[k]
				break
			}
		}
	}
	out := survey.Label{}
	for _, lang := range langs {
		if t := l[lang]; strings.TrimSpace(t) != "" {
			out[lang] = t
			continue
		}
		if fallback != "" {
			missing[lang] = true
			out[lang] = fallback
		}
	}
	return out
}
