package survey

// Answers maps question ids to validated answers. Values are normalised:
// string (single_choice, fft, short_text, long_text), []string
// (multi_choice), int (likert, rating), float64 (number), bool (yes_no).
type Answers map[string]any

// Submission is a response as posted by a respondent.
type Submission struct {
	ID       string         `json:"id"`
	Team     string         `json:"team,omitempty"`
	Language string         `json:"language,omitempty"`
	Answers  map[string]any `json:"answers"`
}

// Receipt is what the respondent gets back for a stored response.
type Receipt struct {
	ID      string `json:"id"`
	Survey  string `json:"survey"`
	Version int    `json:"version"`
	Team    string `json:"team"`
	Quarter string `json:"quarter"`
	// Crisis is set when a comment suggests the respondent may be at risk;
	// the thank-you page then shows crisis support. It is in the JSON only
	// when true, so that the page script (which submits by JSON) can show
	// crisis support too.
	Crisis bool `json:"crisis,omitempty"`
}

// Role returns the respondent's role from validated answers ("" if none).
func (a Answers) Role() string {
	s, _ := a[RoleQuestionID].(string)
	return s
}
