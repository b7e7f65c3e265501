package webui

import (
	"context"

	"github.com/chorus-nhs/chorus/api"
	"github.com/labstack/echo/v4"
)

// AlertCounter is implemented by backends that count the open risk alerts
// a staff member may see (api.Server does); ok is false when they have no
// access to alerts.
type AlertCounter interface {
	OpenAlertCount(ctx context.Context, p *api.Staff) (n int, ok bool, err error)
}

// SafetyStatus is what the dashboard must warn about: organisations whose
// risk alerts reach no one, and alert deliveries that failed for good.
type SafetyStatus struct {
	Problems []SafetyProblem
	Failed   []FailedAlert
}

// SafetyProblem is an organisation with no working alert channel.
type SafetyProblem struct {
	Organisation, Reason string
}

// FailedAlert is a risk alert delivery that failed after its last attempt.
type FailedAlert struct {
	Organisation, Team, Channel, Error, Date string
}

// SafetyFunc reports the safety status (cmd/chorus wires it to notify).
type SafetyFunc func(ctx context.Context) (SafetyStatus, error)

// alertBadge fills the open-alert count of a staff page's menu.
func (u *UI) alertBadge(c echo.Context, sp *StaffPage) {
	ac, ok := u.backend.(AlertCounter)
	if !ok || sp.Staff == nil {
		return
	}
	n, access, err := ac.OpenAlertCount(c.Request().Context(), sp.Staff)
	if err != nil {
		u.log.Error("webui: count open alerts", "error", err)
		return
	}
	sp.OpenAlerts, sp.AlertAccess = n, access
}

// safetyFor returns the warnings for the staff member's organisation (all
// of them for the bootstrap token).
func (u *UI) safetyFor(c echo.Context, p *api.Staff) SafetyStatus {
	var out SafetyStatus
	if u.safety == nil || p == nil {
		return out
	}
	st, err := u.safety(c.Request().Context())
	if err != nil {
		u.log.Error("webui: safety status", "error", err)
		return out
	}
	mine := func(org string) bool { return p.Kind == api.KindBootstrap || org == p.Organisation }
	for _, pr := range st.Problems {
		if mine(pr.Organisation) {
			out.Problems = append(out.Problems, pr)
		}
	}
	for _, f := range st.Failed {
		if mine(f.Organisation) {
			out.Failed = append(out.Failed, f)
		}
	}
	return out
}

// staffPageData lets renderStaff reach the layout data of any staff page.
func (sp *StaffPage) staffPageData() *StaffPage { return sp }

type staffPager interface{ staffPageData() *StaffPage }
