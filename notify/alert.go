package notify

import (
	"context"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// AlertPayload is the JSON body of a risk_alert webhook. It holds only the
// team, quarter, date, risk kind, the redacted comment and a link to the
// alert's dashboard page: nothing that identifies the respondent.
type AlertPayload struct {
	Event    string       `json:"event"`
	Delivery string       `json:"delivery"`
	Team     payloadTeam  `json:"team"`
	Alert    AlertSummary `json:"alert"`
}

// AlertSummary is the alert inside an AlertPayload.
type AlertSummary struct {
	ID      string `json:"id"`
	Quarter string `json:"quarter"`
	Date    string `json:"date"` // YYYY-MM-DD
	// Hour is the hour the alert was raised, in the organisation's time
	// zone ("14:00"), or "" for alerts from before hours were kept.
	Hour     string `json:"hour,omitempty"`
	RiskKind string `json:"risk_kind"`
	Comment  string `json:"comment"` // redacted
	URL      string `json:"url"`     // the dashboard's alert page
}

// riskKindNames name the theme engine's risk kinds in plain English.
var riskKindNames = map[string]string{
	"suicide":            "Suicide",
	"self_harm":          "Self-harm",
	"harm_from_others":   "Harm from others",
	"harm_to_others":     "Harm to others",
	"safeguarding_child": "Child safeguarding",
}

// RiskKindName returns the plain-English name of a risk kind.
func RiskKindName(kind string) string {
	if n, ok := riskKindNames[kind]; ok {
		return n
	}
	return strings.ReplaceAll(kind, "_", " ")
}

// Alert queues a webhook and an e-mail to the team's safeguarding contact
// about a risk alert just stored. It only records the deliveries; workers
// send them. Its signature fits api.Config.OnAlert.
func (n *Notifier) Alert(ctx context.Context, a store.Alert) {
	n.enqueueBoth(ctx, EventRiskAlert, a.Team, a.ID)
}

func (n *Notifier) buildAlert(ctx context.Context, d *store.Delivery) (*message, error) {
	a, err := n.st.FindAlert(ctx, d.Ref)
	if err != nil {
		return nil, err
	}
	t, err := n.st.FindTeam(ctx, a.Team)
	if err != nil {
		return nil, err
	}
	sum := AlertSummary{ID: a.ID, Quarter: a.Quarter, Date: a.Date, RiskKind: a.RiskKind, Comment: a.Redacted,
		URL: n.link("/staff/alerts/%s", a.ID), Hour: n.alertHour(ctx, a)}
	msg := &message{Team: t, Payload: AlertPayload{Event: EventRiskAlert, Delivery: d.ID,
		Team: payloadTeam{Slug: t.Slug, Name: t.Name, Service: t.Service}, Alert: sum}}
	msg.Email = alertEmail(t, sum)
	if t.SafeguardingEmail != "" {
		msg.Email.To = []string{t.SafeguardingEmail}
	}
	return msg, nil
}

var alertHTML = template.Must(template.New("alert").Parse(`<!doctype html>
<html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5">
<h1 style="font-size: 24px">{{.Title}}</h1>
<p>A comment left for {{.Team}} on {{.Alert.Date}}{{with .Alert.Hour}} in the hour from {{.}}{{end}} ({{.Alert.Quarter}}) suggests a risk: <strong>{{.Kind}}</strong>.</p>
<p>The comment, with personal details removed:</p>
<blockquote style="border-left: 4px solid #b1b4b6; margin: 0; padding-left: 16px">{{.Alert.Comment}}</blockquote>
<p>Feedback is anonymous: Chorus does not know who wrote it. The person was shown crisis support details.</p>
<p>Record that you have dealt with it: <a href="{{.Alert.URL}}">{{.Alert.URL}}</a></p>
<p style="color: #4c6272">Sent by Chorus to the team's safeguarding contact. Please do not reply to this message.</p>
</body></html>
`))

func alertEmail(t *survey.Team, a AlertSummary) email {
	kind := RiskKindName(a.RiskKind)
	title := fmt.Sprintf("Risk alert for %s: %s", t.Name, kind)
	var text strings.Builder
	fmt.Fprintf(&text, "%s\n\n", title)
	when := a.Date
	if a.Hour != "" {
		when += " in the hour from " + a.Hour
	}
	fmt.Fprintf(&text, "A comment left for %s on %s (%s) suggests a risk: %s.\n\n", t.Name, when, a.Quarter, kind)
	fmt.Fprintf(&text, "The comment, with personal details removed:\n\n  %s\n\n", a.Comment)
	text.WriteString("Feedback is anonymous: Chorus does not know who wrote it. The person was shown crisis support details.\n\n")
	fmt.Fprintf(&text, "Record that you have dealt with it:\n%s\n\n", a.URL)
	text.WriteString("Sent by Chorus to the team's safeguarding contact. Please do not reply to this message.\n")
	var html strings.Builder
	_ = alertHTML.Execute(&html, struct {
		Title, Team, Kind string
		Alert             AlertSummary
	}{title, t.Name, kind, a})
	return email{Subject: title, Text: text.String(), HTML: html.String()}
}

// alertHour is the hour the alert was raised in its organisation's zone.
func (n *Notifier) alertHour(ctx context.Context, a *store.Alert) string {
	if a.Raised.IsZero() {
		return ""
	}
	loc := time.UTC
	if o, err := n.st.FindOrganisation(ctx, a.Organisation); err == nil {
		if cal, err := survey.NewCalendar(o.Settings.YearStartMonth, o.Settings.Timezone); err == nil {
			loc = cal.Location
		}
	}
	return a.Raised.In(loc).Format("15:04")
}
