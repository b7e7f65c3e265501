package webui

import (
	"fmt"

	"github.com/chorus-nhs/chorus/survey"
)

// reasonOrder is the order the reasons for hidden figures are listed in.
var reasonOrder = []string{survey.ReasonBelowMinBase, survey.ReasonSmallCount, survey.ReasonSmallGroup,
	survey.ReasonProtectsOther, survey.ReasonCorrection}

// hiddenNotes says in plain English why the report's hidden figures are
// hidden, one sentence per reason with how many figures it hides.
func hiddenNotes(r *survey.Report) []string {
	counts := survey.HiddenReasons(*r)
	var out []string
	for _, code := range reasonOrder {
		n := counts[code]
		if n == 0 {
			continue
		}
		word := "figures"
		if n == 1 {
			word = "figure"
		}
		out = append(out, fmt.Sprintf("%d %s: %s", n, word, survey.ReasonText(code)))
	}
	return out
}

// minBaseNote is the notice of a unit below the minimum base ("" if not).
func minBaseNote(r *survey.Report) string {
	if !r.Suppression.BelowMinBase {
		return ""
	}
	return fmt.Sprintf("Fewer than %d people responded here this quarter, so no figures are shown: this report only says that it exists.", r.Suppression.MinBase)
}

// reasonCell is the "Why hidden" column of an export row.
func reasonCell(f Figure) Cell {
	if f.Count != nil || f.Reason == "" {
		return textCell("")
	}
	return textCell(survey.ReasonText(f.Reason))
}
