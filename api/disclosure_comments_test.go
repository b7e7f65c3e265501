package api

import (
	"slices"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

// TestMaskComment: a listed comment keeps only the themes whose count the
// report shows, and its sentiment only where every split it falls in is
// shown, so that tallying the list gives back nothing hidden.
func TestMaskComment(t *testing.T) {
	n := func(v int) *int { return &v }
	cell := func(c *int) *survey.Cell { return &survey.Cell{Count: c, Suppressed: c == nil} }
	theme := func(name, major string, count *int, sentimentShown bool) survey.ThemeResult {
		s := n(1)
		if !sentimentShown {
			s = nil
		}
		return survey.ThemeResult{Theme: name, Major: major, Cell: cell(count),
			Sentiment: map[string]*survey.Cell{"positive": cell(n(6)), "neutral": cell(s), "negative": cell(n(5))}}
	}
	rep := &survey.Report{
		Themes:      []survey.ThemeResult{theme("Kind", "Staff", n(12), true), theme("Food", "Place", nil, false), theme("Wait", "Access", n(9), false)},
		MajorThemes: []survey.ThemeResult{theme("", "Staff", n(12), true), theme("", "Place", nil, false), theme("", "Access", n(9), true)},
	}
	shown := shownThemes(rep)
	for _, tc := range []struct {
		themes, majors []string
		wantThemes     []string
		wantSentiment  int
	}{
		{[]string{"Kind"}, []string{"Staff"}, []string{"Kind"}, 2},
		{[]string{"Kind", "Food"}, []string{"Staff", "Place"}, []string{"Kind"}, 0},
		{[]string{"Wait"}, []string{"Access"}, []string{"Wait"}, 0}, // its sentiment split is hidden
	} {
		got := maskComment(shown, commentJSON{Themes: tc.themes, Major: tc.majors, Sentiment: 2})
		if !slices.Equal(got.Themes, tc.wantThemes) || got.Sentiment != tc.wantSentiment {
			t.Errorf("%v: themes %v sentiment %d, want %v %d", tc.themes, got.Themes, got.Sentiment, tc.wantThemes, tc.wantSentiment)
		}
	}
	if !commentsHidden(&survey.Report{Suppression: survey.SuppressionInfo{Quotes: true}, Themes: rep.Themes}, "Food") {
		t.Error("the comments of a hidden theme are listed")
	}
}
