package survey

import "regexp"

// Organisation is an NHS trust or other provider: the top of the
// organisation → service → team hierarchy.
type Organisation struct {
	Slug     string      `json:"slug"`
	Name     string      `json:"name"`
	Settings OrgSettings `json:"settings"`
}

// OrgSettings are the per-organisation choices. Zero values mean the default.
type OrgSettings struct {
	// YearStartMonth is the first month of the reporting year (1–12; default 4, April).
	YearStartMonth int `json:"year_start_month,omitempty"`
	// Timezone is an IANA zone name (default Europe/London).
	Timezone string `json:"timezone,omitempty"`
	// SuppressionThreshold: counts from 1 to threshold-1 are suppressed (default 5, never below 3).
	SuppressionThreshold int `json:"suppression_threshold,omitempty"`
	// QuoteThreshold: no quote or percentage for a team with fewer responses (default 10).
	QuoteThreshold int `json:"quote_threshold,omitempty"`
	// MinBase: a unit (team, service or organisation) with fewer responses
	// in a quarter shows no figures at all, only that it exists (default 10,
	// as the GP Patient Survey; never below the suppression threshold).
	MinBase int `json:"min_base,omitempty"`
	// PanelApprovals needed to publish a survey version (default 1).
	PanelApprovals int `json:"panel_approvals,omitempty"`
	// CrisisText is the crisis-support wording shown after a risk-flagged comment.
	CrisisText Label `json:"crisis_text,omitempty"`
	// SafeguardingEmail is the organisation's safeguarding contact: a risk
	// alert no one has acknowledged after the escalation time is sent here
	// too (notify.Options.EscalateAfter).
	SafeguardingEmail string `json:"safeguarding_email,omitempty"`
}

// Service is a service of an organisation, e.g. "Adult community mental health".
type Service struct {
	Slug         string `json:"slug"`
	Organisation string `json:"organisation"`
	Name         string `json:"name"`
}

// Team is a team of a service; feedback is reported per team and quarter.
type Team struct {
	Slug         string `json:"slug"`
	Service      string `json:"service"`
	Organisation string `json:"organisation"`
	Name         string `json:"name"`
	// SafeguardingEmail receives risk alerts for the team.
	SafeguardingEmail string `json:"safeguarding_email,omitempty"`
	// WebhookURL receives alerts and publication notices (signed JSON).
	WebhookURL string `json:"webhook_url,omitempty"`
	// ContactEmails receive publication notices of the team's reports.
	ContactEmails []string `json:"contact_emails,omitempty"`
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s is a slug: 1–64 lower-case letters, digits and
// single hyphens, not starting or ending with a hyphen.
func ValidSlug(s string) bool {
	return len(s) >= 1 && len(s) <= 64 && slugRE.MatchString(s)
}

// Defaults and floors of the organisation settings.
const (
	DefaultSuppressionThreshold = 5
	MinSuppressionThreshold     = 3
	DefaultQuoteThreshold       = 10
	DefaultPanelApprovals       = 1
	DefaultMinBase              = 10
)

// Calendar returns the organisation's reporting calendar. Settings that do
// not make a calendar (a month out of range, an unknown zone) fall back to
// the default, April in Europe/London; CheckOrgSettings reports them.
func (o OrgSettings) Calendar() Calendar {
	c, err := NewCalendar(o.YearStartMonth, o.Timezone)
	if err != nil {
		return DefaultCalendar()
	}
	return c
}

// Threshold returns the suppression threshold: counts below it are not
// shown. Default 5, never below 3.
func (o OrgSettings) Threshold() int {
	if o.SuppressionThreshold == 0 {
		return DefaultSuppressionThreshold
	}
	return max(o.SuppressionThreshold, MinSuppressionThreshold)
}

// QuoteMin returns the fewest responses a team needs before quotes and
// percentages are shown. Default 10, never below Threshold.
func (o OrgSettings) QuoteMin() int {
	n := o.QuoteThreshold
	if n == 0 {
		n = DefaultQuoteThreshold
	}
	return max(n, o.Threshold())
}

// MinBaseOf returns the minimum base: a unit with fewer responses shows no
// figures. Default 10, never below Threshold.
func (o OrgSettings) MinBaseOf() int {
	n := o.MinBase
	if n == 0 {
		n = DefaultMinBase
	}
	return max(n, o.Threshold())
}

// Approvals returns how many panel approvals publishing needs (default 1,
// never fewer than 1).
func (o OrgSettings) Approvals() int {
	return max(o.PanelApprovals, DefaultPanelApprovals)
}
