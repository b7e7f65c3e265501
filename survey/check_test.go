package survey_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

func fe(field, msg string) survey.FieldError { return survey.FieldError{Field: field, Message: msg} }

func ptr(f float64) *float64 { return &f }

// Paths into testdata/all-types.json.
const (
	qRole     = "sections[0].questions[0]"
	qFFT      = "sections[0].questions[1]"
	qLikert   = "sections[0].questions[2]"
	qRating   = "sections[0].questions[3]"
	qNumber   = "sections[0].questions[4]"
	qMulti    = "sections[0].questions[5]"
	qShort    = "sections[0].questions[6]"
	qGood     = "sections[1].questions[0]"
	qPoorWhy  = "sections[1].questions[2]"
	qInvolved = "sections[2].questions[0]"
	qCarerHow = "sections[2].questions[1]"
)

func TestCheckSurvey(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(s *survey.Survey)
		want   []survey.FieldError
	}{
		{"OK", func(s *survey.Survey) {}, nil},

		// Slug, version.
		{"ErrSlugEmpty", func(s *survey.Survey) { s.Slug = "" }, []survey.FieldError{fe("slug", "Enter a slug.")}},
		{"ErrSlugInvalid", func(s *survey.Survey) { s.Slug = "Quarterly_Feedback" }, []survey.FieldError{fe("slug",
			"Use a slug of lower-case letters, digits and single hyphens, at most 64 characters, such as quarterly-feedback.")}},
		{"ErrVersionNegative", func(s *survey.Survey) { s.Version = -1 }, []survey.FieldError{fe("version", "The version cannot be negative.")}},

		// Languages and labels.
		{"ErrLanguagesEmpty", func(s *survey.Survey) { s.Languages = nil; dropLang(s, "cy") },
			[]survey.FieldError{fe("languages", "List at least one language, including en.")}},
		{"ErrLanguagesNoEnglish", func(s *survey.Survey) { s.Languages = []string{"cy"} },
			[]survey.FieldError{fe("languages", "Add English: every label needs English text.")}},
		{"ErrLanguageTag", func(s *survey.Survey) { s.Languages = []string{"en", "cy", "Welsh"} },
			[]survey.FieldError{fe("languages[2]", "Use a language tag such as en, cy or pt-BR.")}},
		{"ErrLanguageTwice", func(s *survey.Survey) { s.Languages = []string{"en", "cy", "en"} },
			[]survey.FieldError{fe("languages[2]", "English is listed twice: remove one.")}},
		{"OK/LanguageRegion", func(s *survey.Survey) {
			s.Languages = []string{"en", "cy", "pt-BR"}
			addLang(s, "pt-BR")
		}, nil},
		{"ErrTitleMissing", func(s *survey.Survey) { s.Title = nil }, []survey.FieldError{fe("title", "Enter the title.")}},
		{"ErrTitleMissingLanguage", func(s *survey.Survey) { delete(s.Title, "cy") },
			[]survey.FieldError{fe("title.cy", "Enter the title in Welsh.")}},
		{"ErrTitleBlankEnglish", func(s *survey.Survey) { s.Title["en"] = "  " },
			[]survey.FieldError{fe("title.en", "Enter the title in English.")}},
		{"ErrTitleUndeclaredLanguage", func(s *survey.Survey) { s.Title["fr"] = "Dites-nous" },
			[]survey.FieldError{fe("title.fr", "Remove the French text, or add French to the survey's languages.")}},
		{"ErrTitleTooLong", func(s *survey.Survey) { s.Title["cy"] = strings.Repeat("ŵ", 1001) },
			[]survey.FieldError{fe("title.cy", "Keep the title to 1000 characters or fewer.")}},
		{"OK/TitleAtLimit", func(s *survey.Survey) { s.Title["cy"] = strings.Repeat("ŵ", 1000) }, nil},
		{"OK/NoIntro", func(s *survey.Survey) { s.Intro = nil }, nil},
		{"ErrIntroLanguage", func(s *survey.Survey) { delete(s.Intro, "en") },
			[]survey.FieldError{fe("intro.en", "Enter the introduction in English.")}},
		{"ErrSectionTitle", func(s *survey.Survey) { delete(s.Sections[1].Title, "cy") },
			[]survey.FieldError{fe("sections[1].title.cy", "Enter the section title in Welsh.")}},
		{"ErrQuestionLabel", func(s *survey.Survey) { s.Sections[0].Questions[1].Label = survey.Label{} },
			[]survey.FieldError{fe(qFFT+".label", "Enter the question.")}},
		{"ErrHintLanguage", func(s *survey.Survey) { delete(s.Sections[0].Questions[2].Hint, "cy") },
			[]survey.FieldError{fe(qLikert+".hint.cy", "Enter the hint in Welsh.")}},
		{"ErrEasyReadLanguage", func(s *survey.Survey) { delete(s.Sections[0].Questions[5].EasyRead, "cy") },
			[]survey.FieldError{fe(qMulti+".easy_read.cy", "Enter the easy read text in Welsh.")}},
		{"ErrOptionLabel", func(s *survey.Survey) { delete(s.Sections[0].Questions[0].Options[1].Label, "cy") },
			[]survey.FieldError{fe(qRole+".options[1].label.cy", "Enter the option in Welsh.")}},
		{"ErrOptionEasyRead", func(s *survey.Survey) {
			s.Sections[0].Questions[0].Options[2].EasyRead = survey.Label{"en": "Someone else"}
		}, []survey.FieldError{fe(qRole+".options[2].easy_read.cy", "Enter the easy read text in Welsh.")}},

		{"ErrTooManyLanguages", func(s *survey.Survey) {
			for i := range 19 {
				s.Languages = append(s.Languages, fmt.Sprintf("x%c", 'a'+i))
			}
		}, []survey.FieldError{fe("languages", "List at most 20 languages.")}},

		// Teams.
		{"ErrTeamsEmpty", func(s *survey.Survey) { s.Teams = nil; s.Keywords = nil },
			[]survey.FieldError{fe("teams", "Offer the survey to at least one team.")}},
		{"ErrTeamSlug", func(s *survey.Survey) { s.Teams[1].Slug = "north cmht"; s.Keywords = nil },
			[]survey.FieldError{fe("teams[1].slug", "Use a team slug of lower-case letters, digits and single hyphens, at most 64 characters.")}},
		{"ErrTeamSlugEmpty", func(s *survey.Survey) { s.Teams[1].Slug = ""; s.Keywords = nil },
			[]survey.FieldError{fe("teams[1].slug", "Enter the team's slug.")}},
		{"ErrTeamTwice", func(s *survey.Survey) { s.Teams[1].Slug = "crisis-team"; s.Keywords = nil },
			[]survey.FieldError{fe("teams[1].slug", `Team "crisis-team" is listed twice.`)}},
		{"ErrTeamName", func(s *survey.Survey) { s.Teams[0].Name = " " },
			[]survey.FieldError{fe("teams[0].name", "Enter the team's name.")}},
		{"ErrTeamNameLong", func(s *survey.Survey) { s.Teams[0].Name = strings.Repeat("n", 201) },
			[]survey.FieldError{fe("teams[0].name", "Keep the team's name to 200 characters or fewer.")}},

		{"ErrTooManyTeams", func(s *survey.Survey) {
			for i := range 199 {
				s.Teams = append(s.Teams, survey.TeamRef{Slug: fmt.Sprintf("t%d", i), Name: "T"})
			}
		}, []survey.FieldError{fe("teams", "Offer the survey to at most 200 teams.")}},

		// Keywords.
		{"OK/BareKeyword", func(s *survey.Survey) { s.Keywords = append(s.Keywords, survey.Keyword{Keyword: "blue door"}) }, nil},
		{"OK/KeywordUnicode", func(s *survey.Survey) { s.Keywords = []survey.Keyword{{Keyword: "Pont-y-Gôf 2"}} }, nil},
		{"OK/KeywordCombiningMark", func(s *survey.Survey) { s.Keywords = []survey.Keyword{{Keyword: "cafe\u0301"}} }, nil},
		{"ErrKeywordStartsWithMark", func(s *survey.Survey) { s.Keywords = []survey.Keyword{{Keyword: "\u0301ab"}} },
			[]survey.FieldError{fe("keywords[0].keyword", "Use only letters, digits, spaces and hyphens in a keyword, starting and ending with a letter or digit.")}},
		{"ErrKeywordTeam", func(s *survey.Survey) { s.Keywords[0].Team = "ward-7" },
			[]survey.FieldError{fe("keywords[0].team", `Team "ward-7" is not one of the survey's teams.`)}},
		{"ErrKeywordEmpty", func(s *survey.Survey) { s.Keywords[1].Keyword = "" },
			[]survey.FieldError{fe("keywords[1].keyword", "Enter the keyword.")}},
		{"ErrKeywordShort", func(s *survey.Survey) { s.Keywords[1].Keyword = "x" },
			[]survey.FieldError{fe("keywords[1].keyword", "Use a keyword of 2 to 40 characters.")}},
		{"ErrKeywordLong", func(s *survey.Survey) { s.Keywords[1].Keyword = strings.Repeat("k", 41) },
			[]survey.FieldError{fe("keywords[1].keyword", "Use a keyword of 2 to 40 characters.")}},
		{"ErrKeywordCharacters", func(s *survey.Survey) { s.Keywords[1].Keyword = "river/walk" },
			[]survey.FieldError{fe("keywords[1].keyword", "Use only letters, digits, spaces and hyphens in a keyword, starting and ending with a letter or digit.")}},
		{"ErrKeywordTrailingSpace", func(s *survey.Survey) { s.Keywords[1].Keyword = "river " },
			[]survey.FieldError{fe("keywords[1].keyword", "Use only letters, digits, spaces and hyphens in a keyword, starting and ending with a letter or digit.")}},
		{"ErrKeywordDuplicateCase", func(s *survey.Survey) { s.Keywords[1].Keyword = "SunFlower" },
			[]survey.FieldError{fe("keywords[1].keyword", `Keyword "SunFlower" is the same as keywords[0].`)}},
		{"ErrKeywordDuplicateSpaces", func(s *survey.Survey) { s.Keywords = append(s.Keywords, survey.Keyword{Keyword: "River  Walk"}) },
			[]survey.FieldError{fe("keywords[2].keyword", `Keyword "River  Walk" is the same as keywords[1].`)}},

		{"ErrTooManyKeywords", func(s *survey.Survey) {
			for i := range 49 {
				s.Keywords = append(s.Keywords, survey.Keyword{Keyword: fmt.Sprintf("word %d", i)})
			}
		}, []survey.FieldError{fe("keywords", "Give at most 50 keywords.")}},
		{"OK/KeywordsAtLimit", func(s *survey.Survey) {
			for i := range 48 {
				s.Keywords = append(s.Keywords, survey.Keyword{Keyword: fmt.Sprintf("word %d", i)})
			}
		}, nil},

		// Sections and question counts.
		{"ErrNoSections", func(s *survey.Survey) { s.Sections = nil }, []survey.FieldError{fe("sections", "Add at least one section.")}},
		{"ErrNoQuestions", func(s *survey.Survey) {
			s.Sections = []survey.Section{{ID: "a", Title: survey.Label{"en": "A", "cy": "A"}}}
		}, []survey.FieldError{fe("sections", "Add at least one question.")}},
		{"ErrEmptySection", func(s *survey.Survey) { s.Sections[1].Questions = nil },
			[]survey.FieldError{fe("sections[1].questions", "Add at least one question to this section.")}},
		{"ErrSectionID", func(s *survey.Survey) { s.Sections[1].ID = "Your say" },
			[]survey.FieldError{fe("sections[1].id", "Use a section id of lower-case letters, digits and underscores, starting with a letter, at most 40 characters.")}},
		{"ErrSectionIDEmpty", func(s *survey.Survey) { s.Sections[1].ID = "" },
			[]survey.FieldError{fe("sections[1].id", "Enter a section id.")}},
		{"ErrSectionIDTwice", func(s *survey.Survey) { s.Sections[2].ID = "about" },
			[]survey.FieldError{fe("sections[2].id", `Section id "about" is already used by sections[0].`)}},
		{"ErrTooManyQuestions", func(s *survey.Survey) {
			for i := range 194 {
				s.Sections[1].Questions = append(s.Sections[1].Questions, survey.Question{
					ID: fmt.Sprintf("extra_%d", i), Type: survey.TypeYesNo, Label: survey.Label{"en": "Q", "cy": "Q"}})
			}
		}, []survey.FieldError{fe("sections", "A survey can have at most 200 questions; this one has 206.")}},
		{"ErrTooManySections", func(s *survey.Survey) {
			for i := range 48 {
				s.Sections = append(s.Sections, survey.Section{ID: fmt.Sprintf("s%d", i)})
			}
		}, []survey.FieldError{fe("sections", "A survey can have at most 50 sections; this one has 51.")}},

		// Question ids and types.
		{"ErrQuestionIDEmpty", func(s *survey.Survey) { s.Sections[1].Questions[1].ID = "" },
			[]survey.FieldError{fe("sections[1].questions[1].id", "Enter a question id.")}},
		{"ErrQuestionIDPattern", func(s *survey.Survey) { s.Sections[1].Questions[1].ID = "2improve" },
			[]survey.FieldError{fe("sections[1].questions[1].id", "Use a question id of lower-case letters, digits and underscores, starting with a letter, at most 40 characters.")}},
		{"ErrQuestionIDDot", func(s *survey.Survey) { s.Sections[1].Questions[1].ID = "a.b" },
			[]survey.FieldError{fe("sections[1].questions[1].id", "Use a question id of lower-case letters, digits and underscores, starting with a letter, at most 40 characters.")}},
		{"ErrQuestionIDLong", func(s *survey.Survey) { s.Sections[1].Questions[1].ID = "a" + strings.Repeat("b", 40) },
			[]survey.FieldError{fe("sections[1].questions[1].id", "Use a question id of lower-case letters, digits and underscores, starting with a letter, at most 40 characters.")}},
		{"ErrQuestionIDTwice", func(s *survey.Survey) { s.Sections[1].Questions[1].ID = "fft" },
			[]survey.FieldError{fe("sections[1].questions[1].id", `Question id "fft" is already used by sections[0].questions[1].`)}},
		{"OK/SectionAndQuestionShareID", func(s *survey.Survey) { s.Sections[1].ID = "good" }, nil},
		{"ErrTypeEmpty", func(s *survey.Survey) { s.Sections[1].Questions[1].Type = "" },
			[]survey.FieldError{fe("sections[1].questions[1].type", "Choose a question type.")}},
		{"ErrTypeUnknown", func(s *survey.Survey) { s.Sections[1].Questions[1].Type = "essay" },
			[]survey.FieldError{fe("sections[1].questions[1].type",
				`Unknown question type "essay": use one of single_choice, multi_choice, likert, fft, rating, yes_no, number, short_text, long_text.`)}},

		// Options.
		{"ErrOptionsMissing", func(s *survey.Survey) { s.Sections[0].Questions[5].Options = nil },
			[]survey.FieldError{fe(qMulti+".options", "Give at least two options.")}},
		{"ErrOptionsOne", func(s *survey.Survey) {
			q := &s.Sections[0].Questions[5]
			q.Options, q.MaxSelected = q.Options[3:], 0
		}, []survey.FieldError{fe(qMulti+".options", "Give at least two options.")}},
		{"ErrOptionsOnLikert", func(s *survey.Survey) { s.Sections[0].Questions[2].Options = s.Sections[0].Questions[0].Options },
			[]survey.FieldError{fe(qLikert+".options", "Only single_choice and multi_choice questions have options.")}},
		{"ErrOptionsTooMany", func(s *survey.Survey) {
			q := &s.Sections[0].Questions[5]
			for i := range 47 {
				q.Options = append(q.Options, survey.Option{Value: fmt.Sprint(i), Label: survey.Label{"en": "o", "cy": "o"}})
			}
		}, []survey.FieldError{fe(qMulti+".options", "Give at most 50 options; this question has 51.")}},
		{"OK/OptionsAtLimit", func(s *survey.Survey) {
			q := &s.Sections[0].Questions[5]
			for i := range 46 {
				q.Options = append(q.Options, survey.Option{Value: fmt.Sprint(i), Label: survey.Label{"en": "o", "cy": "o"}})
			}
		}, nil},
		{"ErrOptionValueEmpty", func(s *survey.Survey) { s.Sections[0].Questions[5].Options[1].Value = "" },
			[]survey.FieldError{fe(qMulti+".options[1].value", "Enter a value for this option.")}},
		{"ErrOptionValuePattern", func(s *survey.Survey) { s.Sections[0].Questions[5].Options[1].Value = "$housing" },
			[]survey.FieldError{fe(qMulti+".options[1].value", "Use an option value of lower-case letters, digits, underscores and hyphens, at most 40 characters, such as service_user.")}},
		{"ErrOptionValueTwice", func(s *survey.Survey) { s.Sections[0].Questions[5].Options[2].Value = "medication" },
			[]survey.FieldError{fe(qMulti+".options[2].value", `Option value "medication" is already used by options[0].`)}},
		{"ErrMaxSelectedTooMany", func(s *survey.Survey) { s.Sections[0].Questions[5].MaxSelected = 5 },
			[]survey.FieldError{fe(qMulti+".max_selected", "Set max_selected from 1 to 4 (the number of options), or leave it out.")}},
		{"ErrMaxSelectedNegative", func(s *survey.Survey) { s.Sections[0].Questions[5].MaxSelected = -1 },
			[]survey.FieldError{fe(qMulti+".max_selected", "Set max_selected from 1 to 4 (the number of options), or leave it out.")}},
		{"OK/MaxSelectedAll", func(s *survey.Survey) { s.Sections[0].Questions[5].MaxSelected = 4 }, nil},
		{"ErrMaxSelectedOnSingle", func(s *survey.Survey) { s.Sections[0].Questions[0].MaxSelected = 1 },
			[]survey.FieldError{fe(qRole+".max_selected", "Only multi_choice questions have max_selected.")}},

		// Rating, number.
		{"ErrRatingNoMax", func(s *survey.Survey) { s.Sections[0].Questions[3].Max = nil },
			[]survey.FieldError{fe(qRating+".max", "Set the top of the rating scale (max) to a whole number from 2 to 10.")}},
		{"ErrRatingMaxOne", func(s *survey.Survey) { s.Sections[0].Questions[3].Max = ptr(1) },
			[]survey.FieldError{fe(qRating+".max", "Set the top of the rating scale (max) to a whole number from 2 to 10.")}},
		{"ErrRatingMaxEleven", func(s *survey.Survey) { s.Sections[0].Questions[3].Max = ptr(11) },
			[]survey.FieldError{fe(qRating+".max", "Set the top of the rating scale (max) to a whole number from 2 to 10.")}},
		{"ErrRatingMaxFraction", func(s *survey.Survey) { s.Sections[0].Questions[3].Max = ptr(5.5) },
			[]survey.FieldError{fe(qRating+".max", "Set the top of the rating scale (max) to a whole number from 2 to 10.")}},
		{"OK/RatingMaxTwo", func(s *survey.Survey) { s.Sections[0].Questions[3].Max = ptr(2) }, nil},
		{"ErrRatingMin", func(s *survey.Survey) { s.Sections[0].Questions[3].Min = ptr(0) },
			[]survey.FieldError{fe(qRating+".min", "A rating always starts at 1: leave min out.")}},
		{"ErrNumberMinAboveMax", func(s *survey.Survey) { s.Sections[0].Questions[4].Min = ptr(101) },
			[]survey.FieldError{fe(qNumber+".min", "The minimum (101) is greater than the maximum (100).")}},
		{"OK/NumberMinEqualsMax", func(s *survey.Survey) { s.Sections[0].Questions[4].Min = ptr(100) }, nil},
		{"OK/NumberOpen", func(s *survey.Survey) { s.Sections[0].Questions[4].Min, s.Sections[0].Questions[4].Max = nil, nil }, nil},
		{"ErrNumberNoWholeNumber", func(s *survey.Survey) {
			s.Sections[0].Questions[4].Min, s.Sections[0].Questions[4].Max = ptr(0.2), ptr(0.8)
		}, []survey.FieldError{fe(qNumber+".min", "No whole number lies between the minimum (0.2) and the maximum (0.8).")}},
		{"ErrMinOnText", func(s *survey.Survey) { s.Sections[1].Questions[0].Min = ptr(1) },
			[]survey.FieldError{fe(qGood+".min", "Only number questions have min.")}},
		{"ErrMaxOnLikert", func(s *survey.Survey) { s.Sections[0].Questions[2].Max = ptr(7) },
			[]survey.FieldError{fe(qLikert+".max", "Only number and rating questions have max.")}},
		{"ErrIntegerOnRating", func(s *survey.Survey) { s.Sections[0].Questions[3].Integer = true },
			[]survey.FieldError{fe(qRating+".integer", "Only number questions have integer.")}},

		// Text.
		{"ErrShortTextMaxLength", func(s *survey.Survey) { s.Sections[0].Questions[6].MaxLength = 201 },
			[]survey.FieldError{fe(qShort+".max_length", "Set max_length from 1 to 200, or leave it out for 200.")}},
		{"OK/ShortTextMaxLength", func(s *survey.Survey) { s.Sections[0].Questions[6].MaxLength = 200 }, nil},
		{"ErrLongTextMaxLength", func(s *survey.Survey) { s.Sections[1].Questions[0].MaxLength = 5001 },
			[]survey.FieldError{fe(qGood+".max_length", "Set max_length from 1 to 5000, or leave it out for 5000.")}},
		{"ErrTextMaxLengthNegative", func(s *survey.Survey) { s.Sections[1].Questions[0].MaxLength = -1 },
			[]survey.FieldError{fe(qGood+".max_length", "Set max_length from 1 to 5000, or leave it out for 5000.")}},
		{"ErrMaxLengthOnFFT", func(s *survey.Survey) { s.Sections[0].Questions[1].MaxLength = 10 },
			[]survey.FieldError{fe(qFFT+".max_length", "Only short_text and long_text questions have max_length.")}},
		{"ErrPromptKind", func(s *survey.Survey) { s.Sections[1].Questions[0].PromptKind = "praise" },
			[]survey.FieldError{fe(qGood+".prompt_kind", "Use prompt_kind what_good, could_improve or nonspecific.")}},
		{"ErrPromptKindOnShortText", func(s *survey.Survey) { s.Sections[0].Questions[6].PromptKind = "what_good" },
			[]survey.FieldError{fe(qShort+".prompt_kind", "Only long_text questions have prompt_kind.")}},

		// Role question.
		{"ErrRoleType", func(s *survey.Survey) { s.Sections[0].Questions[0].Type = survey.TypeMultiChoice },
			[]survey.FieldError{fe(qRole+".type", `The "role" question must be single_choice.`)}},
		{"ErrRoleOption", func(s *survey.Survey) { s.Sections[0].Questions[0].Options[2].Value = "staff" },
			[]survey.FieldError{fe(qRole+".options[2].value", `The "role" question's options must be service_user, carer or other.`)}},

		// Conditions.
		{"ErrConditionNoQuestion", func(s *survey.Survey) { s.Sections[1].Questions[2].VisibleIf.Question = "" },
			[]survey.FieldError{fe(qPoorWhy+".visible_if.question", "Choose the question this depends on.")}},
		{"ErrConditionUnknown", func(s *survey.Survey) { s.Sections[1].Questions[2].VisibleIf.Question = "ftf" },
			[]survey.FieldError{fe(qPoorWhy+".visible_if.question", `No question has the id "ftf".`)}},
		{"ErrConditionLater", func(s *survey.Survey) {
			s.Sections[0].Questions[1].VisibleIf = &survey.Condition{Question: "listened", Equals: 1.0}
		},
			[]survey.FieldError{fe(qFFT+".visible_if.question", `A condition can only depend on an earlier question; "listened" comes later.`)}},
		{"ErrConditionSelf", func(s *survey.Survey) {
			s.Sections[0].Questions[1].VisibleIf = &survey.Condition{Question: "fft", Equals: "good"}
		},
			[]survey.FieldError{fe(qFFT+".visible_if.question", "A question cannot depend on itself.")}},
		{"ErrSectionConditionSameSection", func(s *survey.Survey) {
			s.Sections[1].VisibleIf = &survey.Condition{Question: "good", Equals: "x"}
		}, []survey.FieldError{fe("sections[1].visible_if.question", `A section can only depend on a question in an earlier section; "good" is in this section.`)}},
		{"ErrSectionConditionLater", func(s *survey.Survey) {
			s.Sections[1].VisibleIf = &survey.Condition{Question: "carer_involved", Equals: true}
		}, []survey.FieldError{fe("sections[1].visible_if.question", `A condition can only depend on an earlier question; "carer_involved" comes later.`)}},
		{"ErrConditionOnText", func(s *survey.Survey) {
			s.Sections[1].Questions[1].VisibleIf = &survey.Condition{Question: "good", Equals: "x"}
		}, []survey.FieldError{fe("sections[1].questions[1].visible_if.question", `A condition cannot depend on a free-text answer; "good" is long_text.`)}},
		{"ErrConditionNeither", func(s *survey.Survey) { s.Sections[1].Questions[2].VisibleIf.In = nil },
			[]survey.FieldError{fe(qPoorWhy+".visible_if", "Give either equals or in.")}},
		{"ErrConditionBoth", func(s *survey.Survey) { s.Sections[1].Questions[2].VisibleIf.Equals = "poor" },
			[]survey.FieldError{fe(qPoorWhy+".visible_if", "Give either equals or in, not both.")}},
		{"ErrConditionChoiceValue", func(s *survey.Survey) { s.Sections[2].VisibleIf.Equals = "family" },
			[]survey.FieldError{fe("sections[2].visible_if.equals", `Use one of the option values of "role": service_user, carer, other.`)}},
		{"ErrConditionMultiChoiceValue", func(s *survey.Survey) { s.Sections[0].Questions[6].VisibleIf.Equals = []any{"other"} },
			[]survey.FieldError{fe(qShort+".visible_if.equals", `Use one of the option values of "helped_with": medication, housing, talking, other.`)}},
		{"ErrConditionFFTValue", func(s *survey.Survey) { s.Sections[1].Questions[2].VisibleIf.In = []any{"poor", "bad"} },
			[]survey.FieldError{fe(qPoorWhy+".visible_if.in[1]", "Use one of the FFT answers: very_good, good, neither, poor, very_poor, dont_know.")}},
		{"ErrConditionYesNoValue", func(s *survey.Survey) { s.Sections[2].Questions[1].VisibleIf.Equals = "no" },
			[]survey.FieldError{fe(qCarerHow+".visible_if.equals", `Use true or false: "carer_involved" is a yes/no question.`)}},
		{"OK/ConditionLikert", func(s *survey.Survey) {
			s.Sections[1].Questions[1].VisibleIf = &survey.Condition{Question: "listened", In: []any{1.0, 2.0}}
		}, nil},
		{"ErrConditionLikertValue", func(s *survey.Survey) {
			s.Sections[1].Questions[1].VisibleIf = &survey.Condition{Question: "listened", In: []any{1.0, 6.0}}
		}, []survey.FieldError{fe("sections[1].questions[1].visible_if.in[1]", "Use a whole number from 1 to 5.")}},
		{"ErrConditionRatingValue", func(s *survey.Survey) {
			s.Sections[1].Questions[1].VisibleIf = &survey.Condition{Question: "safety", Equals: 3.5}
		}, []survey.FieldError{fe("sections[1].questions[1].visible_if.equals", "Use a whole number from 1 to 10.")}},
		{"ErrConditionOpenNumberValue", func(s *survey.Survey) {
			s.Sections[0].Questions[4].Min, s.Sections[0].Questions[4].Max, s.Sections[0].Questions[4].Integer = nil, nil, false
			s.Sections[1].Questions[1].VisibleIf = &survey.Condition{Question: "contacts", Equals: "3"}
		}, []survey.FieldError{fe("sections[1].questions[1].visible_if.equals", "Use a number.")}},
		{"ErrConditionMinNumberValue", func(s *survey.Survey) {
			s.Sections[0].Questions[4].Max = nil
			s.Sections[1].Questions[1].VisibleIf = &survey.Condition{Question: "contacts", Equals: -1.0}
		}, []survey.FieldError{fe("sections[1].questions[1].visible_if.equals", "Use a whole number of 0 or more.")}},
		{"ErrConditionMaxNumberValue", func(s *survey.Survey) {
			s.Sections[0].Questions[4].Min, s.Sections[0].Questions[4].Integer = nil, false
			s.Sections[1].Questions[1].VisibleIf = &survey.Condition{Question: "contacts", Equals: 100.5}
		}, []survey.FieldError{fe("sections[1].questions[1].visible_if.equals", "Use a number of 100 or less.")}},
		{"ErrConditionTooManyValues", func(s *survey.Survey) {
			in := make([]any, 51)
			for i := range in {
				in[i] = "poor"
			}
			s.Sections[1].Questions[2].VisibleIf.In = in
		}, []survey.FieldError{fe(qPoorWhy+".visible_if.in", "List at most 50 values.")}},
		{"OK/ConditionNumber", func(s *survey.Survey) {
			s.Sections[1].Questions[1].VisibleIf = &survey.Condition{Question: "contacts", Equals: 0.0}
		}, nil},
		{"ErrConditionNumberValue", func(s *survey.Survey) {
			s.Sections[1].Questions[1].VisibleIf = &survey.Condition{Question: "contacts", Equals: 200.0}
		}, []survey.FieldError{fe("sections[1].questions[1].visible_if.equals", "Use a whole number from 0 to 100.")}},
		{"OK/SectionConditionMultiChoice", func(s *survey.Survey) {
			s.Sections[1].VisibleIf = &survey.Condition{Question: "helped_with", In: []any{"housing", "talking"}}
		}, nil},
		{"ErrSectionConditionOnText", func(s *survey.Survey) {
			s.Sections[2].VisibleIf = &survey.Condition{Question: "poor_why", Equals: "x"}
		}, []survey.FieldError{fe("sections[2].visible_if.question", `A condition cannot depend on a free-text answer; "poor_why" is long_text.`)}},

		// Many problems at once come out in document order.
		{"ErrSeveral", func(s *survey.Survey) {
			s.Slug = ""
			delete(s.Title, "cy")
			s.Sections[0].Questions[1].Type = "stars"
			s.Sections[2].Questions[0].ID = "role"
		}, []survey.FieldError{
			fe("slug", "Enter a slug."),
			fe("title.cy", "Enter the title in Welsh."),
			fe(qFFT+".type", `Unknown question type "stars": use one of single_choice, multi_choice, likert, fft, rating, yes_no, number, short_text, long_text.`),
			fe(qInvolved+".id", `Question id "role" is already used by sections[0].questions[0].`),
			fe(qCarerHow+".visible_if.question", `No question has the id "carer_involved".`),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := allTypes(t)
			tt.mutate(s)
			before, _ := json.Marshal(s)
			err := survey.CheckSurvey(s)
			wantFields(t, err, tt.want...)
			if err != nil && survey.ErrorMessage(err) != "The survey has errors." {
				t.Errorf("message = %q", survey.ErrorMessage(err))
			}
			if after, _ := json.Marshal(s); string(after) != string(before) {
				t.Error("CheckSurvey modified the survey")
			}
		})
	}
}

// dropLang removes a language from every label of the survey.
func dropLang(s *survey.Survey, lang string) {
	eachLabel(s, func(l survey.Label) { delete(l, lang) })
}

// addLang copies the English text of every label to another language.
func addLang(s *survey.Survey, lang string) {
	eachLabel(s, func(l survey.Label) { l[lang] = l["en"] })
}

func eachLabel(s *survey.Survey, f func(survey.Label)) {
	labels := []survey.Label{s.Title, s.Intro}
	for _, sec := range s.Sections {
		labels = append(labels, sec.Title)
		for _, q := range sec.Questions {
			labels = append(labels, q.Label, q.Hint, q.EasyRead)
			for _, o := range q.Options {
				labels = append(labels, o.Label, o.EasyRead)
			}
		}
	}
	for _, l := range labels {
		if l != nil {
			f(l)
		}
	}
}

func TestCheckSurveyNil(t *testing.T) {
	err := survey.CheckSurvey(nil)
	if survey.ErrorCode(err) != survey.EUNPROCESS || survey.ErrorMessage(err) != "The survey is empty." {
		t.Fatalf("err = %v", err)
	}
}

// The example of DESIGN.md, with a team, passes as it is written there.
func TestCheckSurveyDesignExample(t *testing.T) {
	s := mustLoadSurvey(t, "design-example.json")
	if err := survey.CheckSurvey(s); err != nil {
		t.Fatal(err)
	}
	if got, want := s.Keywords, []survey.Keyword{{Keyword: "Sunflower"}, {Keyword: "blue door", Team: "crisis-team"}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("keywords = %v, want %v", got, want)
	}
}

func TestNormaliseSurvey(t *testing.T) {
	s := mustLoadSurvey(t, "design-example.json")
	s.Keywords[0].Keyword = "  Sunflower "
	survey.NormaliseSurvey(s)
	if err := survey.CheckSurvey(s); err != nil {
		t.Fatal(err)
	}
	if got, want := s.Keywords, []survey.Keyword{{Keyword: "Sunflower", Team: "crisis-team"}, {Keyword: "blue door", Team: "crisis-team"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("keywords = %v, want %v", got, want)
	}
	for _, tt := range []struct {
		id         string
		maxLength  int
		promptKind string
	}{
		{"role", 0, ""},
		{"good", 2000, "what_good"},
		{"worse", 5000, "nonspecific"},
		{"name", 200, ""},
	} {
		q := s.Question(tt.id)
		if q.MaxLength != tt.maxLength || q.PromptKind != tt.promptKind {
			t.Errorf("%s: max_length %d prompt_kind %q, want %d %q", tt.id, q.MaxLength, q.PromptKind, tt.maxLength, tt.promptKind)
		}
	}
	// Normalising twice changes nothing more.
	once, _ := json.Marshal(s)
	survey.NormaliseSurvey(s)
	if twice, _ := json.Marshal(s); string(twice) != string(once) {
		t.Errorf("not idempotent:\n%s\n%s", once, twice)
	}
	survey.NormaliseSurvey(nil) // must not panic
}

func TestKeywordKey(t *testing.T) {
	for in, want := range map[string]string{
		"Sunflower": "sunflower", " Blue  Door ": "bluedoor", "blue-door": "bluedoor", "Blue_Door": "bluedoor",
		"blue+door": "bluedoor", "PONT-Y-GÔF": "pontygôf"} {
		if got := survey.KeywordKey(in); got != want {
			t.Errorf("KeywordKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckOrgSettings(t *testing.T) {
	tests := []struct {
		name string
		s    survey.OrgSettings
		want []survey.FieldError
	}{
		{"OK/Defaults", survey.OrgSettings{}, nil},
		{"OK/Set", survey.OrgSettings{YearStartMonth: 1, Timezone: "Europe/Dublin", SuppressionThreshold: 3, QuoteThreshold: 3,
			PanelApprovals: 2, CrisisText: survey.Label{"en": "Call 111 and choose the mental health option."}}, nil},
		{"ErrMonth", survey.OrgSettings{YearStartMonth: 13}, []survey.FieldError{fe("settings.year_start_month",
			"Set the first month of the reporting year from 1 (January) to 12 (December), or leave it out for April.")}},
		{"ErrTimezone", survey.OrgSettings{Timezone: "London"}, []survey.FieldError{fe("settings.timezone",
			`Time zone "London" is not an IANA zone name such as Europe/London.`)}},
		{"ErrThreshold", survey.OrgSettings{SuppressionThreshold: 2}, []survey.FieldError{fe("settings.suppression_threshold",
			"Set the suppression threshold from 3 to 100, or leave it out for 5.")}},
		{"ErrQuoteBelowThreshold", survey.OrgSettings{SuppressionThreshold: 6, QuoteThreshold: 5}, []survey.FieldError{fe("settings.quote_threshold",
			"Set the quote threshold from the suppression threshold to 1000, or leave it out for 10.")}},
		{"ErrApprovals", survey.OrgSettings{PanelApprovals: -1}, []survey.FieldError{fe("settings.panel_approvals",
			"Set the number of panel approvals from 1 to 10, or leave it out for 1.")}},
		{"ErrCrisisText", survey.OrgSettings{CrisisText: survey.Label{"cy": "Ffoniwch 111"}}, []survey.FieldError{fe("settings.crisis_text.en",
			"Enter the crisis support text in English.")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantFields(t, survey.CheckOrgSettings(tt.s), tt.want...)
		})
	}
}

func TestCheckSurveyReservedTeamSlug(t *testing.T) {
	s := allTypes(t)
	s.Teams[0].Slug = "thanks"
	s.Keywords = nil
	wantFields(t, survey.CheckSurvey(s), survey.FieldError{Field: "teams[0].slug",
		Message: `The team slug "thanks" is reserved for the survey's own pages; choose another.`})
}
