package api

import "github.com/chorus-nhs/chorus/survey"

// commentsHidden reports whether the redacted comments of a team's quarter
// (of one theme, when theme is not "") must not be listed: the team has
// too few responses for quotes (below the quote minimum or the minimum
// base), or the quarter's disclosure decision hides the number of comments
// (or of the theme's comments), which counting the list would give back.
func commentsHidden(rep *survey.Report, theme string) bool {
	if !rep.Suppression.Quotes {
		return true
	}
	if theme == "" {
		return rep.Comments.Count == nil
	}
	for _, t := range rep.Themes {
		if t.Theme == theme {
			return t.Count == nil
		}
	}
	return false
}

// themeShown says, per theme or major theme of a report (majors keyed
// "major:" + name), whether its count and its sentiment split are shown.
type themeShown struct{ count, sentiment bool }

func shownThemes(rep *survey.Report) map[string]themeShown {
	out := map[string]themeShown{}
	add := func(key string, t survey.ThemeResult) {
		s := themeShown{count: t.Count != nil, sentiment: true}
		for _, c := range t.Sentiment {
			if c.Count == nil {
				s.sentiment = false
			}
		}
		out[key] = s
	}
	for _, t := range rep.Themes {
		add(t.Theme, t)
	}
	for _, t := range rep.MajorThemes {
		add("major:"+t.Major, t)
	}
	return out
}

// maskComment keeps, of a listed comment's themes, those whose count is
// shown, and its sentiment only where every sentiment split it belongs to
// is shown: tallying the listed comments must not give back a count the
// quarter's decision hides.
func maskComment(shown map[string]themeShown, c commentJSON) commentJSON {
	sentimentOK := true
	keep := func(names []string, prefix string) []string {
		out := []string{}
		for _, n := range names {
			s := shown[prefix+n]
			if s.count {
				out = append(out, n)
			}
			sentimentOK = sentimentOK && s.sentiment && s.count
		}
		return out
	}
	c.Themes, c.Major = keep(c.Themes, ""), keep(c.Major, "major:")
	if !sentimentOK {
		c.Sentiment = 0
	}
	return c
}
