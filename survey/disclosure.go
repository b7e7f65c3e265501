package survey

// Reason codes of a suppressed figure (Cell.Reason). ReasonText turns each
// into the sentence staff see in pages and exports.
const (
	// ReasonSmallCount: the count itself is from 1 to threshold−1.
	ReasonSmallCount = "small_count"
	// ReasonSmallGroup: the group the figure belongs to is smaller than
	// the threshold, so even its zeros would tell.
	ReasonSmallGroup = "small_group"
	// ReasonProtectsOther: hidden so that another, smaller group's numbers
	// cannot be worked out by subtraction (secondary suppression).
	ReasonProtectsOther = "protects_other"
	// ReasonBelowMinBase: the unit has fewer responses than the minimum
	// base and shows no figures.
	ReasonBelowMinBase = "below_min_base"
	// ReasonCorrection: hidden in a corrected version so that comparing it
	// with the earlier published version cannot reveal late responses.
	ReasonCorrection = "correction"
)

// ReasonText returns the plain-English reason of a suppressed figure.
func ReasonText(code string) string {
	switch code {
	case ReasonSmallCount:
		return "Hidden because fewer than the threshold number of people gave this answer."
	case ReasonSmallGroup:
		return "Hidden because the group it belongs to is too small to show."
	case ReasonProtectsOther:
		return "Hidden so that a smaller group's numbers cannot be worked out."
	case ReasonBelowMinBase:
		return "Hidden because too few people responded here to show any figures."
	case ReasonCorrection:
		return "Hidden so that comparing this correction with the earlier version cannot reveal the late responses."
	}
	return ""
}

// DisclosureUnit is one team, service or organisation of a quarter: what
// its report is built from.
type DisclosureUnit struct {
	// Meta gives the scope (level, slug, name), quarter, label, questions
	// and theme framework; status, quotes, actions and emerging terms are
	// given per view to QuarterDecision.Report.
	Meta   ReportMeta
	Rollup Rollup
	// Prev is the previous quarter's rollup (nil: no comparison).
	Prev *Rollup
	// Published holds, for a team whose report of the quarter has been
	// published, the figures of its latest published version by key
	// (ReportFigures; nil values were suppressed). A correction then hides
	// every figure that was hidden before or has changed by 1 to
	// threshold−1 since, and protects them like small counts.
	Published map[string]*int
	// PrevPublished is Published for the previous quarter, so that the
	// previous quarter is decided here exactly as its own reports are and
	// a change never compares with a figure hidden there.
	PrevPublished map[string]*int
}

// DisclosureService is a service with its teams.
type DisclosureService struct {
	Unit  DisclosureUnit
	Teams []DisclosureUnit
}

// QuarterData is everything one disclosure decision covers: an
// organisation's quarter, every service and team of it.
type QuarterData struct {
	Org      DisclosureUnit
	Services []DisclosureService
	Settings OrgSettings
}

// QuarterDecision is the one disclosure decision of an organisation's
// quarter: which figure of which unit is shown, decided jointly over every
// unit and every view. Every report of the quarter is taken from it, so no
// view can contradict another. It is immutable and safe to share.
type QuarterDecision struct {
	units map[string]*decidedUnit
	// Hidden counts the suppressed figures over every unit (for logs).
	Hidden int
}

type decidedUnit struct {
	meta ReportMeta
	u    *unitBuild
	rep  Report
}

// ReportView is what a view adds to the decided figures.
type ReportView struct {
	Status        string
	EmergingTerms []EmergingTerm
	Quotes        []Quote
	Actions       []Action
}

func unitKey(level, slug string) string { return level + "/" + slug }

// Report returns the report of one unit (level and slug) of the decided
// quarter, with the view's status, emerging terms, quotes and actions.
// Quotes and emerging terms are dropped where the unit has too few
// responses. ok is false for a unit outside the decision.
func (d *QuarterDecision) Report(level, slug string, v ReportView) (Report, bool) {
	du := d.units[unitKey(level, slug)]
	if du == nil {
		return Report{}, false
	}
	rep := du.rep
	if v.Status != "" {
		rep.Status = v.Status
	}
	rep.EmergingTerms = du.u.b.emerging(v.EmergingTerms)
	rep.Quotes = []Quote{}
	if du.u.b.pctOK && v.Quotes != nil {
		rep.Quotes = v.Quotes
	}
	rep.Actions = v.Actions
	if rep.Actions == nil {
		rep.Actions = []Action{}
	}
	return rep, true
}

// DecideQuarter makes the disclosure decision of a quarter. Over every
// unit's report at once:
//   - primary suppression: counts from 1 to threshold−1, the cells of a
//     group smaller than the threshold, every figure of a unit below the
//     minimum base, and (for a correction) every figure hidden in or
//     changed by 1 to threshold−1 since the last published version;
//   - NHS sibling rule: among a parent's figure and the same figure of its
//     children (organisation = Σ services, service = Σ teams), and among
//     every total and its cells inside a report, never exactly one value
//     is hidden: the next-smallest non-zero sibling is hidden too;
//   - NHS cascade rule: when a parent's figure is hidden, at least its two
//     smallest children's figures are hidden too;
//   - an exact audit: the linear system of every equation linking the
//     quarter's figures (inside each report, across roles, and across the
//     hierarchy) is reduced, and a protected figure it pins down gets a
//     neighbour hidden; repeated until nothing is pinned down.
//
// The previous quarter, where given, is decided the same way so that
// changes compare published figures only.
func DecideQuarter(in QuarterData) *QuarterDecision {
	cur := newJoint(in, false)
	cur.suppress()
	var prev *joint
	if hasPrev(in) {
		prev = newJoint(in, true)
		prev.suppress()
		for _, pu := range prev.units {
			pu.u.b.publish()
		}
	}
	d := &QuarterDecision{units: map[string]*decidedUnit{}}
	for i, du := range cur.units {
		rep := du.u.finish(du.meta)
		if prev != nil && du.prevOK {
			cur.units[i].u.b.compare(prev.units[i].u.b)
			rep.Previous = du.meta.Quarter.Prev().Key()
		}
		rep.Suppression.MinBase = cur.minBase
		rep.Suppression.BelowMinBase = du.belowBase
		d.units[unitKey(du.meta.Scope.Level, du.meta.Scope.Slug)] = &decidedUnit{meta: du.meta, u: du.u, rep: rep}
	}
	for _, c := range cur.b.cells {
		if c.Suppressed {
			d.Hidden++
		}
	}
	return d
}

func hasPrev(in QuarterData) bool {
	if in.Org.Prev != nil && in.Org.Prev.Total > 0 {
		return true
	}
	for _, s := range in.Services {
		for _, t := range s.Teams {
			if t.Prev != nil && t.Prev.Total > 0 {
				return true
			}
		}
	}
	return false
}
