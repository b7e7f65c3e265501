package survey

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Size limits of a survey, so that a saved schema stays small enough to
// render on an old phone and to store as one document.
const (
	MaxSections    = 50
	MaxQuestions   = 200
	MaxOptions     = 50
	MaxLanguages   = 20
	MaxTeams       = 200
	MaxKeywords    = 50
	MaxLabelLength = 1000 // characters, per language
	MaxNameLength  = 200  // characters of a team name
)

var (
	// idRE matches question and section ids.
	idRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
	// optionValueRE matches option values. They end up as answer values and
	// as keys of report documents, so they avoid '.', '$' and spaces.
	optionValueRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)
	// languageRE matches BCP 47-looking tags such as en, cy, pt-BR, zh-Hant.
	languageRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	// keywordRE: letters, digits, spaces and hyphens, starting and ending
	// with a letter or digit (accents typed as combining marks count as
	// part of their letter).
	keywordRE = regexp.MustCompile(`^[\p{L}\p{N}]([\p{L}\p{M}\p{N} -]*[\p{L}\p{M}\p{N}])?$`)
)

// roleValues are the option values allowed on the "role" question.
var roleValues = []string{RoleServiceUser, RoleCarer, RoleOther}

// promptKinds are the prompt kinds of a long_text question.
var promptKinds = []string{PromptWhatGood, PromptCouldImprove, PromptNonspecific}

// CheckSurvey checks the schema of a survey version before it is saved. It
// does not modify s. It returns nil, or an EUNPROCESS *Error ("The survey
// has errors.") with one FieldError per problem, each naming its JSON path
// such as "sections[1].questions[0].options". Call NormaliseSurvey to fill
// defaults; CheckSurvey accepts a survey before or after it.
func CheckSurvey(s *Survey) error {
	if s == nil {
		return Errorf(EUNPROCESS, "The survey is empty.")
	}
	c := checker{s: s}
	c.slug()
	if s.Version < 0 {
		c.fail("version", "The version cannot be negative.")
	}
	c.languages()
	c.label("title", s.Title, "title", true)
	c.label("intro", s.Intro, "introduction", false)
	c.teams()
	c.keywords()
	c.sections()
	return FieldErrors("The survey has errors.", c.errs)
}

// checker walks a survey collecting field errors in document order.
type checker struct {
	s     *Survey
	langs []string // the declared valid languages, "en" included
	// declared holds every listed language, valid or not, so that a bad
	// languages list is reported once and not again on every label.
	declared map[string]bool
	errs     []FieldError
	// questions seen so far, by id, for uniqueness and conditions.
	seen map[string]seenQuestion
}

// seenQuestion locates a question already checked.
type seenQuestion struct {
	q       *Question
	section int
	path    string
}

func (c *checker) fail(field, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	c.errs = append(c.errs, FieldError{Field: field, Message: msg})
}

func (c *checker) slug() {
	switch {
	case c.s.Slug == "":
		c.fail("slug", "Enter a slug.")
	case !ValidSlug(c.s.Slug):
		c.fail("slug", "Use a slug of lower-case letters, digits and single hyphens, at most 64 characters, such as quarterly-feedback.")
	}
}

func (c *checker) languages() {
	ls := c.s.Languages
	c.langs = []string{"en"}
	c.declared = map[string]bool{"en": true}
	for _, l := range ls {
		c.declared[l] = true
	}
	switch {
	case len(ls) == 0:
		c.fail("languages", "List at least one language, including en.")
		return
	case len(ls) > MaxLanguages:
		c.fail("languages", "List at most %d languages.", MaxLanguages)
		return
	case !contains(ls, "en"):
		c.fail("languages", "Add English: every label needs English text.")
	}
	seen := map[string]bool{}
	for i, l := range ls {
		field := fmt.Sprintf("languages[%d]", i)
		switch {
		case !languageRE.MatchString(l) || len(l) > 35:
			c.fail(field, "Use a language tag such as en, cy or pt-BR.")
		case seen[l]:
			c.fail(field, "%s is listed twice: remove one.", LanguageName(l))
		default:
			seen[l] = true
			if l != "en" {
				c.langs = append(c.langs, l)
			}
		}
	}
}

// label checks that a label has text, of at most MaxLabelLength characters,
// in every declared language, and no text in an undeclared one. An absent
// optional label is fine; noun names the label in messages.
func (c *checker) label(field string, l Label, noun string, required bool) {
	if len(l) == 0 {
		if required {
			c.fail(field, "Enter the %s.", noun)
		}
		return
	}
	for _, lang := range c.langs {
		text, ok := l[lang]
		switch {
		case !ok || strings.TrimSpace(text) == "":
			c.fail(field+"."+lang, "Enter the %s in %s.", noun, LanguageName(lang))
		case utf8.RuneCountInString(text) > MaxLabelLength:
			c.fail(field+"."+lang, "Keep the %s to %d characters or fewer.", noun, MaxLabelLength)
		}
	}
	for _, lang := range sortedKeys(l) {
		if !c.declared[lang] {
			name := LanguageName(truncate(lang, 40))
			c.fail(field+"."+truncate(lang, 40), "Remove the %s text, or add %s to the survey's languages.", name, name)
		}
	}
}

func (c *checker) teams() {
	ts := c.s.Teams
	switch {
	case len(ts) == 0:
		c.fail("teams", "Offer the survey to at least one team.")
		return
	case len(ts) > MaxTeams:
		c.fail("teams", "Offer the survey to at most %d teams.", MaxTeams)
		return
	}
	seen := map[string]bool{}
	for i, t := range ts {
		field := fmt.Sprintf("teams[%d]", i)
		switch {
		case t.Slug == "":
			c.fail(field+".slug", "Enter the team's slug.")
		case !ValidSlug(t.Slug):
			c.fail(field+".slug", "Use a team slug of lower-case letters, digits and single hyphens, at most 64 characters.")
		case seen[t.Slug]:
			c.fail(field+".slug", "Team %q is listed twice.", t.Slug)
		case ReservedTeamSlug(t.Slug):
			c.fail(field+".slug", "The team slug %q is reserved for the survey's own pages; choose another.", t.Slug)
		}
		seen[t.Slug] = true
		switch {
		case strings.TrimSpace(t.Name) == "":
			c.fail(field+".name", "Enter the team's name.")
		case utf8.RuneCountInString(t.Name) > MaxNameLength:
			c.fail(field+".name", "Keep the team's name to %d characters or fewer.", MaxNameLength)
		}
	}
}

func (c *checker) keywords() {
	ks := c.s.Keywords
	if len(ks) > MaxKeywords {
		c.fail("keywords", "Give at most %d keywords.", MaxKeywords)
		return
	}
	seen := map[string]int{}
	for i, k := range ks {
		field := fmt.Sprintf("keywords[%d]", i)
		n := utf8.RuneCountInString(k.Keyword)
		switch {
		case strings.TrimSpace(k.Keyword) == "":
			c.fail(field+".keyword", "Enter the keyword.")
		case n < 2 || n > 40:
			c.fail(field+".keyword", "Use a keyword of 2 to 40 characters.")
		case !keywordRE.MatchString(k.Keyword):
			c.fail(field+".keyword", "Use only letters, digits, spaces and hyphens in a keyword, starting and ending with a letter or digit.")
		default:
			key := KeywordKey(k.Keyword)
			if j, dup := seen[key]; dup {
				c.fail(field+".keyword", "Keyword %q is the same as keywords[%d].", k.Keyword, j)
			} else {
				seen[key] = i
			}
		}
		if k.Team != "" && !c.s.HasTeam(k.Team) {
			c.fail(field+".team", "Team %q is not one of the survey's teams.", truncate(k.Team, 64))
		}
	}
}

// KeywordKey returns the form in which keywords are compared and looked up:
// lower case, with spaces, hyphens, underscores and plus signs removed, so
// that "Blue Bell", "bluebell" and "BLUE-BELL" (or "blue+bell" from a URL)
// are the same keyword.
func KeywordKey(keyword string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(keyword) {
		if unicode.IsSpace(r) || r == '-' || r == '_' || r == '+' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (c *checker) sections() {
	secs := c.s.Sections
	switch {
	case len(secs) == 0:
		c.fail("sections", "Add at least one section.")
		return
	case len(secs) > MaxSections:
		c.fail("sections", "A survey can have at most %d sections; this one has %d.", MaxSections, len(secs))
		return
	}
	total := 0
	for i := range secs {
		total += len(secs[i].Questions)
	}
	switch {
	case total == 0:
		c.fail("sections", "Add at least one question.")
		return
	case total > MaxQuestions:
		c.fail("sections", "A survey can have at most %d questions; this one has %d.", MaxQuestions, total)
		return
	}
	c.seen = map[string]seenQuestion{}
	ids := map[string]int{}
	for i := range secs {
		sec := &secs[i]
		field := fmt.Sprintf("sections[%d]", i)
		switch j, dup := ids[sec.ID]; {
		case sec.ID == "":
			c.fail(field+".id", "Enter a section id.")
		case !idRE.MatchString(sec.ID):
			c.fail(field+".id", "Use a section id of lower-case letters, digits and underscores, starting with a letter, at most 40 characters.")
		case dup:
			c.fail(field+".id", "Section id %q is already used by sections[%d].", sec.ID, j)
		default:
			ids[sec.ID] = i
		}
		c.label(field+".title", sec.Title, "section title", true)
		if sec.VisibleIf != nil {
			c.condition(field+".visible_if", sec.VisibleIf, i, nil)
		}
		if len(sec.Questions) == 0 {
			c.fail(field+".questions", "Add at least one question to this section.")
		}
		for j := range sec.Questions {
			c.question(fmt.Sprintf("%s.questions[%d]", field, j), &sec.Questions[j], i)
		}
	}
}

func (c *checker) question(field string, q *Question, section int) {
	prev, dup := c.seen[q.ID]
	switch {
	case q.ID == "":
		c.fail(field+".id", "Enter a question id.")
	case !idRE.MatchString(q.ID):
		c.fail(field+".id", "Use a question id of lower-case letters, digits and underscores, starting with a letter, at most 40 characters.")
	case dup:
		c.fail(field+".id", "Question id %q is already used by %s.", q.ID, prev.path)
	}
	// The condition is checked before this question is recorded, so that a
	// question cannot depend on itself.
	if q.VisibleIf != nil {
		c.condition(field+".visible_if", q.VisibleIf, section, q)
	}
	if !dup && q.ID != "" {
		c.seen[q.ID] = seenQuestion{q: q, section: section, path: field}
	}
	c.label(field+".label", q.Label, "question", true)
	c.label(field+".hint", q.Hint, "hint", false)
	c.label(field+".easy_read", q.EasyRead, "easy read text", false)
	if !contains(QuestionTypes, q.Type) {
		if q.Type == "" {
			c.fail(field+".type", "Choose a question type.")
		} else {
			c.fail(field+".type", "Unknown question type %q: use one of %s.", truncate(q.Type, 40), strings.Join(QuestionTypes, ", "))
		}
		return
	}
	c.options(field, q)
	c.typeFields(field, q)
	if q.ID == RoleQuestionID && !dup {
		c.role(field, q)
	}
}

// options checks the options of a choice question, and that other types
// have none.
func (c *checker) options(field string, q *Question) {
	choice := q.Type == TypeSingleChoice || q.Type == TypeMultiChoice
	switch {
	case !choice && len(q.Options) > 0:
		c.fail(field+".options", "Only single_choice and multi_choice questions have options.")
		return
	case !choice:
		return
	case len(q.Options) < 2:
		c.fail(field+".options", "Give at least two options.")
		return
	case len(q.Options) > MaxOptions:
		c.fail(field+".options", "Give at most %d options; this question has %d.", MaxOptions, len(q.Options))
		return
	}
	seen := map[string]int{}
	for k := range q.Options {
		o := &q.Options[k]
		of := fmt.Sprintf("%s.options[%d]", field, k)
		switch j, dup := seen[o.Value]; {
		case o.Value == "":
			c.fail(of+".value", "Enter a value for this option.")
		case !optionValueRE.MatchString(o.Value):
			c.fail(of+".value", "Use an option value of lower-case letters, digits, underscores and hyphens, at most 40 characters, such as service_user.")
		case dup:
			c.fail(of+".value", "Option value %q is already used by options[%d].", o.Value, j)
		default:
			seen[o.Value] = k
		}
		c.label(of+".label", o.Label, "option", true)
		c.label(of+".easy_read", o.EasyRead, "easy read text", false)
	}
}

// typeFields checks the fields that only some question types have.
func (c *checker) typeFields(field string, q *Question) {
	switch {
	case q.MaxSelected != 0 && q.Type != TypeMultiChoice:
		c.fail(field+".max_selected", "Only multi_choice questions have max_selected.")
	case q.MaxSelected < 0 || (q.Type == TypeMultiChoice && len(q.Options) >= 2 && q.MaxSelected > len(q.Options)):
		c.fail(field+".max_selected", "Set max_selected from 1 to %d (the number of options), or leave it out.", len(q.Options))
	}
	switch q.Type {
	case TypeRating:
		c.rating(field, q)
	case TypeNumber:
		c.number(field, q)
	default:
		if q.Min != nil {
			c.fail(field+".min", "Only number questions have min.")
		}
		if q.Max != nil {
			c.fail(field+".max", "Only number and rating questions have max.")
		}
	}
	if q.Integer && q.Type != TypeNumber {
		c.fail(field+".integer", "Only number questions have integer.")
	}
	switch q.Type {
	case TypeShortText, TypeLongText:
		if limit := TextLimitOf(q.Type); q.MaxLength < 0 || q.MaxLength > limit {
			c.fail(field+".max_length", "Set max_length from 1 to %d, or leave it out for %d.", limit, limit)
		}
	default:
		if q.MaxLength != 0 {
			c.fail(field+".max_length", "Only short_text and long_text questions have max_length.")
		}
	}
	switch {
	case q.PromptKind != "" && q.Type != TypeLongText:
		c.fail(field+".prompt_kind", "Only long_text questions have prompt_kind.")
	case q.PromptKind != "" && !contains(promptKinds, q.PromptKind):
		c.fail(field+".prompt_kind", "Use prompt_kind what_good, could_improve or nonspecific.")
	}
}

// TextLimitOf returns the largest max_length of a text question type (200
// for short_text, 5000 for long_text, 0 for other types).
func TextLimitOf(typ string) int {
	switch typ {
	case TypeShortText:
		return MaxShortText
	case TypeLongText:
		return MaxLongText
	}
	return 0
}

func (c *checker) rating(field string, q *Question) {
	if q.Min != nil {
		c.fail(field+".min", "A rating always starts at 1: leave min out.")
	}
	if q.Max == nil || *q.Max != float64(int(*q.Max)) || *q.Max < MinRatingScale || *q.Max > MaxRatingScale {
		c.fail(field+".max", "Set the top of the rating scale (max) to a whole number from %d to %d.", MinRatingScale, MaxRatingScale)
	}
}

func (c *checker) number(field string, q *Question) {
	if q.Min == nil || q.Max == nil {
		return
	}
	lo, hi := *q.Min, *q.Max
	switch {
	case lo > hi:
		c.fail(field+".min", "The minimum (%s) is greater than the maximum (%s).", formatNumber(lo), formatNumber(hi))
	case q.Integer && math.Ceil(lo) > math.Floor(hi):
		c.fail(field+".min", "No whole number lies between the minimum (%s) and the maximum (%s).", formatNumber(lo), formatNumber(hi))
	}
}

// role checks the question whose answer is the respondent's role.
func (c *checker) role(field string, q *Question) {
	if q.Type != TypeSingleChoice {
		c.fail(field+".type", "The %q question must be single_choice.", RoleQuestionID)
		return
	}
	for k, o := range q.Options {
		if o.Value != "" && !contains(roleValues, o.Value) {
			c.fail(fmt.Sprintf("%s.options[%d].value", field, k), "The %q question's options must be service_user, carer or other.", RoleQuestionID)
		}
	}
}

// sortedKeys returns the keys of a label in order, so that errors come out
// the same way every time.
func sortedKeys(l Label) []string {
	keys := make([]string, 0, len(l))
	for k := range l {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// NormaliseSurvey fills the defaults of a survey in place: a keyword without
// a team goes to the first team, keywords lose surrounding spaces, text
// questions get their default max_length (200 or 5000) and long_text
// questions the prompt_kind nonspecific. Call it before saving; it neither
// checks nor rejects anything (see CheckSurvey).
func NormaliseSurvey(s *Survey) {
	if s == nil {
		return
	}
	for i := range s.Keywords {
		k := &s.Keywords[i]
		k.Keyword = strings.TrimSpace(k.Keyword)
		if k.Team == "" && len(s.Teams) > 0 {
			k.Team = s.Teams[0].Slug
		}
	}
	for _, q := range s.Questions() {
		if q.MaxLength == 0 {
			q.MaxLength = TextLimitOf(q.Type)
		}
		if q.Type == TypeLongText && q.PromptKind == "" {
			q.PromptKind = PromptNonspecific
		}
	}
}

// reservedTeamSlugs are words the survey pages use after /s/{slug}/, which
// a team slug must not be.
var reservedTeamSlugs = []string{"thanks", "preview", "qr", "poster", "static"}

// ReservedTeamSlug reports whether a team slug would clash with the survey
// pages' own addresses (such as /s/{slug}/thanks).
func ReservedTeamSlug(slug string) bool { return slices.Contains(reservedTeamSlugs, slug) }
