package webui

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
)

// A builder action is the value of the submit button pressed, such as
// "up sections[0].questions[2]" or "add-question sections[1]". Every button
// is a plain submit, so the builder works without JavaScript.

// builderOp is one parsed action.
type builderOp struct {
	Verb string // save, add-section, add-question, add-option, add-keyword, add-language, remove-language, up, down, delete, change-type
	Path string
}

func parseOp(v string) builderOp {
	verb, path, _ := strings.Cut(strings.TrimSpace(v), " ")
	if verb == "" {
		verb = "save"
	}
	return builderOp{Verb: verb, Path: path}
}

// opResult says what an action did: where to put the focus and what to
// tell the person.
type opResult struct {
	Focus  string // path of the item to focus
	Notice string
}

var (
	itemRE    = regexp.MustCompile(`^sections\[(\d+)\](?:\.questions\[(\d+)\](?:\.options\[(\d+)\])?)?$`)
	keywordRE = regexp.MustCompile(`^keywords\[(\d+)\]$`)
)

// applyOp changes the survey as the action asks. It returns an error for
// an action on something that does not exist (a stale form).
func applyOp(sv *survey.Survey, op builderOp, newLanguage string) (opResult, error) {
	switch op.Verb {
	case "save":
		return opResult{Notice: "Draft saved."}, nil
	case "add-section":
		sv.Sections = append(sv.Sections, survey.Section{ID: freshID(sv, "section_"), Title: blankLabel(sv)})
		p := fmt.Sprintf("sections[%d]", len(sv.Sections)-1)
		return opResult{Focus: p, Notice: "Section added. Give it a title, then add its questions."}, nil
	case "add-keyword":
		sv.Keywords = append(sv.Keywords, survey.Keyword{})
		return opResult{Focus: fmt.Sprintf("keywords[%d]", len(sv.Keywords)-1), Notice: "Keyword added. Type it and choose its team."}, nil
	case "add-language":
		return addLanguage(sv, newLanguage)
	case "remove-language":
		if op.Path == "en" || !slices.Contains(sv.Languages, op.Path) {
			return opResult{}, staleForm()
		}
		sv.Languages = slices.DeleteFunc(sv.Languages, func(l string) bool { return l == op.Path })
		dropLanguage(sv, op.Path)
		return opResult{Focus: "languages", Notice: languageName(op.Path) + " removed."}, nil
	}
	if m := keywordRE.FindStringSubmatch(op.Path); m != nil {
		i, _ := strconv.Atoi(m[1])
		return listOp(&sv.Keywords, i, op, "keywords", "Keyword")
	}
	m := itemRE.FindStringSubmatch(op.Path)
	if m == nil {
		return opResult{}, staleForm()
	}
	idx := []int{}
	for _, s := range m[1:] {
		if s != "" {
			n, _ := strconv.Atoi(s)
			idx = append(idx, n)
		}
	}
	if idx[0] >= len(sv.Sections) {
		return opResult{}, staleForm()
	}
	sec := &sv.Sections[idx[0]]
	switch len(idx) {
	case 1:
		if op.Verb == "add-question" {
			sec.Questions = append(sec.Questions, survey.Question{ID: freshID(sv, "q"), Type: survey.TypeShortText, Label: blankLabel(sv)})
			p := fmt.Sprintf("%s.questions[%d]", op.Path, len(sec.Questions)-1)
			return opResult{Focus: p, Notice: "Question added. Write it and choose its type."}, nil
		}
		if op.Verb == "delete" && len(sec.Questions) > 0 {
			return opResult{}, survey.Errorf(survey.EINVALID, "%s", keepSection(len(sec.Questions)))
		}
		return listOp(&sv.Sections, idx[0], op, "sections", "Section")
	case 2:
		if idx[1] >= len(sec.Questions) {
			return opResult{}, staleForm()
		}
		q := &sec.Questions[idx[1]]
		switch op.Verb {
		case "change-type":
			return opResult{Focus: op.Path, Notice: "Question type changed to " + typeName(q.Type) + "."}, nil
		case "add-option":
			q.Options = append(q.Options, survey.Option{Label: blankLabel(sv)})
			return opResult{Focus: fmt.Sprintf("%s.options[%d]", op.Path, len(q.Options)-1), Notice: "Option added."}, nil
		}
		if r, ok := moveAcross(sv, idx[0], idx[1], op.Verb); ok {
			return r, nil
		}
		return listOp(&sec.Questions, idx[1], op, fmt.Sprintf("sections[%d].questions", idx[0]), "Question")
	default:
		if idx[1] >= len(sec.Questions) {
			return opResult{}, staleForm()
		}
		q := &sec.Questions[idx[1]]
		return listOp(&q.Options, idx[2], op, fmt.Sprintf("sections[%d].questions[%d].options", idx[0], idx[1]), "Option")
	}
}

// moveAcross moves the first question of a section up to the end of the
// section before, or the last one down to the start of the next, so that
// buttons alone can move a question anywhere.
func moveAcross(sv *survey.Survey, i, j int, verb string) (opResult, bool) {
	qs := sv.Sections[i].Questions
	switch {
	case verb == "up" && j == 0 && i > 0:
		q := qs[0]
		sv.Sections[i].Questions = slices.Delete(qs, 0, 1)
		sv.Sections[i-1].Questions = append(sv.Sections[i-1].Questions, q)
		return opResult{Focus: fmt.Sprintf("sections[%d].questions[%d]", i-1, len(sv.Sections[i-1].Questions)-1),
			Notice: "Question moved up into section " + strconv.Itoa(i) + "."}, true
	case verb == "down" && j == len(qs)-1 && i < len(sv.Sections)-1:
		q := qs[j]
		sv.Sections[i].Questions = slices.Delete(qs, j, j+1)
		sv.Sections[i+1].Questions = append([]survey.Question{q}, sv.Sections[i+1].Questions...)
		return opResult{Focus: fmt.Sprintf("sections[%d].questions[0]", i+1),
			Notice: "Question moved down into section " + strconv.Itoa(i+2) + "."}, true
	}
	return opResult{}, false
}

// listOp moves or deletes item i of a list whose path is base.
func listOp[T any](list *[]T, i int, op builderOp, base, noun string) (opResult, error) {
	s := *list
	if i < 0 || i >= len(s) {
		return opResult{}, staleForm()
	}
	at := func(n int) string { return fmt.Sprintf("%s[%d]", base, n) }
	switch op.Verb {
	case "up":
		if i == 0 {
			return opResult{}, staleForm()
		}
		s[i-1], s[i] = s[i], s[i-1]
		return opResult{Focus: at(i - 1), Notice: noun + " moved up."}, nil
	case "down":
		if i == len(s)-1 {
			return opResult{}, staleForm()
		}
		s[i+1], s[i] = s[i], s[i+1]
		return opResult{Focus: at(i + 1), Notice: noun + " moved down."}, nil
	case "delete":
		*list = slices.Delete(s, i, i+1)
		focus := base
		if i > 0 {
			focus = at(i - 1)
		} else if len(*list) > 0 {
			focus = at(0)
		}
		return opResult{Focus: focus, Notice: noun + " deleted."}, nil
	}
	return opResult{}, staleForm()
}

func staleForm() error {
	return survey.Errorf(survey.EINVALID, "This form is out of date: open the survey again and repeat your change.")
}

// addLanguage declares a language; every label then has an empty input
// for it, which the check asks to fill in before the draft can be saved.
func addLanguage(sv *survey.Survey, tag string) (opResult, error) {
	tag = strings.TrimSpace(tag)
	if tag == "" || slices.Contains(sv.Languages, tag) {
		return opResult{Focus: "new_language", Notice: "Type the tag of a language the survey does not have yet, such as cy for Welsh."}, nil
	}
	sv.Languages = append(sv.Languages, tag)
	return opResult{Focus: "languages", Notice: languageName(tag) + " added: every question now has a field for it."}, nil
}

// dropLanguage removes a language's text from every label.
func dropLanguage(sv *survey.Survey, tag string) {
	drop := func(l survey.Label) { delete(l, tag) }
	drop(sv.Title)
	drop(sv.Intro)
	for i := range sv.Sections {
		drop(sv.Sections[i].Title)
	}
	for _, q := range sv.Questions() {
		drop(q.Label)
		drop(q.Hint)
		drop(q.EasyRead)
		for k := range q.Options {
			drop(q.Options[k].Label)
			drop(q.Options[k].EasyRead)
		}
	}
}

// blankLabel is an empty label with every language of the survey.
func blankLabel(sv *survey.Survey) survey.Label {
	l := survey.Label{}
	for _, lang := range sv.Languages {
		l[lang] = ""
	}
	return l
}

// freshID returns prefix followed by the first number no section or
// question uses yet.
func freshID(sv *survey.Survey, prefix string) string {
	used := map[string]bool{}
	for _, sec := range sv.Sections {
		used[sec.ID] = true
		for _, q := range sec.Questions {
			used[q.ID] = true
		}
	}
	for n := 1; ; n++ {
		if id := prefix + strconv.Itoa(n); !used[id] {
			return id
		}
	}
}

// typeNames are the question types in words.
var typeNames = map[string]string{
	survey.TypeSingleChoice: "One answer from a list",
	survey.TypeMultiChoice:  "Several answers from a list",
	survey.TypeLikert:       "Agree or disagree (5 points)",
	survey.TypeFFT:          "Friends and Family Test",
	survey.TypeRating:       "Rating from 1 to a number",
	survey.TypeYesNo:        "Yes or no",
	survey.TypeNumber:       "A number",
	survey.TypeShortText:    "Short text",
	survey.TypeLongText:     "Long text (comments)",
}

func typeName(t string) string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	return t
}
