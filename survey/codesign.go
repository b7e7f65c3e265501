package survey

import "time"

// PanelNote is a co-production panel member's comment on a draft survey
// version, or their approval of it. Approvals are bound to the exact content
// they approved: editing the draft afterwards means they no longer count.
type PanelNote struct {
	ID       string
	Survey   string
	Version  int
	Kind     string // "comment" or "approval"
	Question string
	Author   string // account id
	Name     string // display name
	Text     string
	Content  string // SHA-256 of the schema approved
	Date     string
	// Created orders notes; staff actions may carry a precise time.
	Created time.Time
}
