package survey

// Report statuses.
const (
	ReportDraft     = "draft"
	ReportInReview  = "in_review"
	ReportPublished = "published"
)

// Report scope levels.
const (
	LevelTeam         = "team"
	LevelService      = "service"
	LevelOrganisation = "organisation"
)

// RoleNotStated is the role key of responses that did not say (or whose
// survey has no role question).
const RoleNotStated = "not_stated"

// ReportRoles are the role keys of a report, in display order. They
// partition the responses.
var ReportRoles = []string{RoleServiceUser, RoleCarer, RoleOther, RoleNotStated}

// Sentiment groups of a theme's comments: 1–2 positive, 3 neutral, 4–5
// negative.
const (
	SentimentPositive = "positive"
	SentimentNeutral  = "neutral"
	SentimentNegative = "negative"
)

// Action statuses ("you said, we did").
const (
	ActionPlanned    = "planned"
	ActionInProgress = "in_progress"
	ActionDone       = "done"
)

// Report is the quarterly report of a team, service or organisation as a
// value: everything a reader may see, with small-number suppression already
// applied. The reports of an organisation's quarter are taken only from
// its one disclosure decision (DecideQuarter, QuarterDecision.Report);
// BuildReport suppresses a lone rollup on its own. Every output (JSON,
// HTML, CSV/XLSX, the public page) renders this value and so cannot forget
// to suppress.
type Report struct {
	Quarter   string      `json:"quarter"`
	Label     string      `json:"label"`
	Status    string      `json:"status"`
	Scope     ReportScope `json:"scope"`
	Responses Responses   `json:"responses"`
	FFT       FFTResult   `json:"fft"`
	// Roles puts service users, carers and others side by side.
	Roles     []RoleResult     `json:"roles"`
	Questions []QuestionResult `json:"questions"`
	// Comments is the number of free-text answers analysed; theme shares
	// are percentages of it.
	Comments      Cell            `json:"comments"`
	Themes        []ThemeResult   `json:"themes"`
	MajorThemes   []ThemeResult   `json:"major_themes"`
	EmergingTerms []EmergingTerm  `json:"emerging_terms"`
	Quotes        []Quote         `json:"quotes"`
	Actions       []Action        `json:"actions"`
	Suppression   SuppressionInfo `json:"suppression"`
	// Previous is the key of the quarter compared against, "" when none.
	Previous string `json:"previous_quarter,omitempty"`
}

// ReportScope says what a report covers.
type ReportScope struct {
	Level string `json:"level"` // team, service or organisation
	Slug  string `json:"slug"`
	Name  string `json:"name"`
}

// Cell is one published count with what derives from it: the percentage
// of its base, the Wilson 95% interval of that percentage (in percent) and
// the change against the previous quarter. Count is null and Suppressed
// true when the count is suppressed; Percent, Low and High are null
// whenever they cannot be shown (count or base suppressed, fewer responses
// than the quote minimum, or an empty base). Zero counts are shown.
type Cell struct {
	Count      *int     `json:"count"`
	Suppressed bool     `json:"suppressed"`
	Percent    *float64 `json:"percent"`
	Low        *float64 `json:"low"`
	High       *float64 `json:"high"`
	// Change is set when the previous quarter has the same figure.
	Change *Change `json:"change,omitempty"`
	// Reason says why a suppressed count is hidden (one of the Reason*
	// codes; ReasonText gives the plain-English sentence). Empty when shown.
	Reason string `json:"reason,omitempty"`

	// Raw values, never marshalled; the suppression pass reads them and
	// fills the fields above.
	n       int
	base    *Cell // nil: no percentage
	noPct   bool  // percentages withheld for this cell's group
	key     string
	primary bool   // must never be worked out (a small count, or a unit below the minimum base)
	why     string // reason code decided so far ("" until publish: protects another group)
}

// Change is a percentage compared with the previous quarter by a pooled
// two-proportion z-test. Significant is true only where p < 0.05 and both
// quarters' figures are published; every number is null when either side
// is suppressed.
type Change struct {
	Previous    *float64 `json:"previous"`   // percent in the previous quarter
	Difference  *float64 `json:"difference"` // percentage points, current − previous
	Z           *float64 `json:"z"`
	P           *float64 `json:"p"`
	Significant bool     `json:"significant"`
	Suppressed  bool     `json:"suppressed"`
}

// Responses counts the responses of a report and splits them by role.
type Responses struct {
	Total      *int             `json:"total"`
	Suppressed bool             `json:"suppressed"`
	Reason     string           `json:"reason,omitempty"`
	ByRole     map[string]*Cell `json:"by_role"`
	total      *Cell
}

// FFTResult is the Friends and Family Test: % positive (very good + good)
// and % negative (poor + very poor) out of every FFT answer, don't know
// included, as NHS England publishes it, with the count of each answer.
type FFTResult struct {
	// Question is the id of the FFT question reported ("" when none).
	Question string           `json:"question"`
	Total    *Cell            `json:"total"`
	Positive *Cell            `json:"positive"`
	Negative *Cell            `json:"negative"`
	Answers  map[string]*Cell `json:"answers"`
}

// RoleResult is one role's figures, for the side-by-side view.
type RoleResult struct {
	Role      string        `json:"role"`
	Responses *Cell         `json:"responses"`
	FFT       FFTResult     `json:"fft"`
	Comments  *Cell         `json:"comments"`
	Themes    []ThemeResult `json:"themes"`
}

// QuestionResult is the distribution of one question's answers. Answered
// is the number of responses that answered it (percent of all responses);
// each option's percent is of Answered. Free-text and number questions
// have no options.
type QuestionResult struct {
	ID       string         `json:"id"`
	Type     string         `json:"type"`
	Label    Label          `json:"label,omitempty"`
	Answered *Cell          `json:"answered"`
	Options  []OptionResult `json:"options"`
}

// OptionResult is one answer value of a question with its count.
type OptionResult struct {
	Value string `json:"value"`
	Label Label  `json:"label,omitempty"`
	*Cell
}

// ThemeResult is one theme: how many comments carry it ("count"), their
// share of all comments ("share", equal to "percent"), the interval, and
// the split of those comments by sentiment (percent of the theme's count).
// For a major theme, Theme is "".
type ThemeResult struct {
	Major string `json:"major"`
	Theme string `json:"theme"`
	*Cell
	Share     *float64         `json:"share"`
	Sentiment map[string]*Cell `json:"sentiment,omitempty"`
}

// EmergingTerm is a word or phrase whose use rose since the previous
// quarter (from the theme engine). Terms used fewer times than the
// suppression threshold are dropped from the report altogether.
type EmergingTerm struct {
	Term          string  `json:"term"`
	Z             float64 `json:"z"`
	CountCurrent  *int    `json:"count_current"`
	CountPrevious *int    `json:"count_previous"`
	Suppressed    bool    `json:"suppressed"` // CountPrevious is suppressed
}

// Quote is a redacted comment proposed for, or approved for, publication.
type Quote struct {
	ID       string   `json:"id"`
	Question string   `json:"question"`
	Text     string   `json:"text"` // redacted
	Themes   []string `json:"themes"`
	Status   string   `json:"status"` // pending, approved, rejected
}

// Action is a change a service commits to because of what people said
// ("you said, we did").
type Action struct {
	ID          string `json:"id"`
	Theme       string `json:"theme"`
	Description string `json:"description"`
	Owner       string `json:"owner"`
	Status      string `json:"status"` // planned, in_progress, done
}

// SuppressionInfo states the rules applied to a report. Percentages is
// false when the report has fewer responses than QuoteMin, so that no
// percentage and no quote is shown.
type SuppressionInfo struct {
	Threshold int `json:"threshold"`
	QuoteMin  int `json:"quote_min"`
	// MinBase is the organisation's minimum base: a unit with fewer
	// responses shows no figures at all, only that it exists.
	MinBase int `json:"min_base"`
	// BelowMinBase is true when this unit has fewer responses than MinBase.
	BelowMinBase bool `json:"below_min_base"`
	Percentages  bool `json:"percentages"`
	Quotes       bool `json:"quotes"`
}

// ThemeRef is one sub-theme of the framework with its major category, in
// framework order; reports list themes in this order.
type ThemeRef struct {
	Theme string
	Major string
}

// ReportMeta is what BuildReport needs besides the counts.
type ReportMeta struct {
	Scope   ReportScope
	Quarter Quarter
	Label   string // display label of the quarter
	Status  string // draft, in_review or published
	// Questions are the questions to report, in order (the union of the
	// survey versions answered). Counted questions missing here are
	// reported after them with their raw values.
	Questions []Question
	// Framework lists the sub-themes in framework order.
	Framework     []ThemeRef
	EmergingTerms []EmergingTerm
	Quotes        []Quote
	Actions       []Action
}
