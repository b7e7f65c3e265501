package survey

import (
	"strings"
	"unicode/utf8"
)

// Limits of the organisation settings.
const (
	MaxSuppressionThreshold = 100
	MaxPanelApprovals       = 10
)

// CheckOrgSettings checks an organisation's settings before they are saved.
// It returns nil, or an EUNPROCESS *Error with one FieldError per problem,
// named "settings.<field>" as in the Organisation JSON. Zero values mean
// the defaults and are always valid.
func CheckOrgSettings(o OrgSettings) error {
	var errs []FieldError
	fail := func(field, msg string) {
		errs = append(errs, FieldError{Field: "settings." + field, Message: msg})
	}
	if o.YearStartMonth < 0 || o.YearStartMonth > 12 {
		fail("year_start_month", "Set the first month of the reporting year from 1 (January) to 12 (December), or leave it out for April.")
	}
	if o.Timezone != "" {
		if _, err := NewCalendar(0, o.Timezone); err != nil {
			fail("timezone", ErrorMessage(err))
		}
	}
	if t := o.SuppressionThreshold; t != 0 && (t < MinSuppressionThreshold || t > MaxSuppressionThreshold) {
		fail("suppression_threshold", "Set the suppression threshold from 3 to 100, or leave it out for 5.")
	}
	if q := o.QuoteThreshold; q != 0 && (q < o.Threshold() || q > 1000) {
		fail("quote_threshold", "Set the quote threshold from the suppression threshold to 1000, or leave it out for 10.")
	}
	if m := o.MinBase; m != 0 && (m < o.Threshold() || m > 1000) {
		fail("min_base", "Set the minimum base from the suppression threshold to 1000, or leave it out for 10.")
	}
	if o.PanelApprovals < 0 || o.PanelApprovals > MaxPanelApprovals {
		fail("panel_approvals", "Set the number of panel approvals from 1 to 10, or leave it out for 1.")
	}
	if len(o.CrisisText) > 0 {
		switch en := o.CrisisText["en"]; {
		case strings.TrimSpace(en) == "":
			fail("crisis_text.en", "Enter the crisis support text in English.")
		case utf8.RuneCountInString(en) > MaxLabelLength:
			fail("crisis_text.en", "Keep the crisis support text to 1000 characters or fewer.")
		}
	}
	return FieldErrors("The settings have errors.", errs)
}
