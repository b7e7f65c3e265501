package notify

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"strconv"
	"strings"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// message is what one delivery sends: the JSON payload of a webhook or an
// e-mail, and the team it goes to.
type message struct {
	Team    *survey.Team
	Payload any
	Email   email
}

// build rebuilds the message of a delivery from the store.
func (n *Notifier) build(ctx context.Context, d *store.Delivery) (*message, error) {
	switch d.Event {
	case EventReportPublished:
		return n.buildPublished(ctx, d)
	case EventRiskAlert:
		return n.buildAlert(ctx, d)
	case EventRiskEscalation:
		return n.buildEscalation(ctx, d)
	}
	return nil, survey.Errorf(survey.ENOTFOUND, "Unknown event %q.", d.Event)
}

// PublishedPayload is the JSON body of a report_published webhook.
type PublishedPayload struct {
	Event    string          `json:"event"`
	Delivery string          `json:"delivery"`
	Team     payloadTeam     `json:"team"`
	Report   PublishedReport `json:"report"`
}

// PublishedReport describes the published version; the report itself is
// read from the API link.
type PublishedReport struct {
	Quarter   string `json:"quarter"`
	Label     string `json:"label"`
	Version   int    `json:"version"`
	Published string `json:"published"` // YYYY-MM-DD
	// Reason is why a correction was published ("" for version 1).
	Reason string `json:"reason,omitempty"`
	URL    string `json:"url"`     // staff dashboard page
	APIURL string `json:"api_url"` // JSON of this version
	// PublicURL is the service's public "you said, we did" page.
	PublicURL string `json:"public_url"`
}

// ReportPublished queues a webhook and an e-mail to the team about a newly
// published version of its report. It only records the deliveries; workers
// send them.
func (n *Notifier) ReportPublished(ctx context.Context, v *store.ReportVersion) {
	n.enqueueBoth(ctx, EventReportPublished, v.Team, v.Ref())
}

// enqueueBoth records a webhook delivery when the team has a webhook and
// an e-mail delivery when e-mail is configured. Failures are logged: a
// notification never fails the request that caused it.
func (n *Notifier) enqueueBoth(ctx context.Context, event, team, ref string) {
	t, err := n.st.FindTeam(ctx, team)
	if err != nil {
		n.log.Warn("notify: find team", slog.String("team", team), slog.String("error_code", survey.ErrorCode(err)))
		return
	}
	if t.WebhookURL != "" {
		if _, err := n.enqueue(ctx, store.ChannelWebhook, event, team, ref); err != nil {
			n.log.Warn("notify: queue webhook", slog.String("event", event), slog.String("error_code", survey.ErrorCode(err)))
		}
	}
	if n.mail != nil {
		if _, err := n.enqueue(ctx, store.ChannelEmail, event, team, ref); err != nil {
			n.log.Warn("notify: queue e-mail", slog.String("event", event), slog.String("error_code", survey.ErrorCode(err)))
		}
	}
}

func parseVersionRef(ref string) (team, quarter string, version int, err error) {
	parts := strings.Split(ref, "/")
	if len(parts) == 3 {
		version, err = strconv.Atoi(parts[2])
		if err == nil {
			return parts[0], parts[1], version, nil
		}
	}
	return "", "", 0, survey.Errorf(survey.ENOTFOUND, "Bad report reference %q.", ref)
}

func (n *Notifier) buildPublished(ctx context.Context, d *store.Delivery) (*message, error) {
	team, quarter, version, err := parseVersionRef(d.Ref)
	if err != nil {
		return nil, err
	}
	v, err := n.st.FindReportVersion(ctx, team, quarter, version)
	if err != nil {
		return nil, err
	}
	t, err := n.st.FindTeam(ctx, team)
	if err != nil {
		return nil, err
	}
	label := quarter
	if r, err := store.DecodeReport(v.Report); err == nil && r.Label != "" {
		label = r.Label
	}
	pr := PublishedReport{Quarter: quarter, Label: label, Version: version, Published: v.Published.Format("2006-01-02"),
		Reason:    v.Reason,
		URL:       n.link("/staff/teams/%s/reports/%s?version=%d", team, quarter, version),
		APIURL:    n.link("/api/v1/teams/%s/reports/%s?version=%d", team, quarter, version),
		PublicURL: n.link("/you-said-we-did/%s", v.Service)}
	msg := &message{Team: t, Payload: PublishedPayload{Event: EventReportPublished, Delivery: d.ID,
		Team: payloadTeam{Slug: t.Slug, Name: t.Name, Service: t.Service}, Report: pr}}
	msg.Email = publishedEmail(t, pr)
	msg.Email.To = t.ContactEmails
	return msg, nil
}

var publishedHTML = template.Must(template.New("published").Parse(`<!doctype html>
<html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5">
<h1 style="font-size: 24px">{{.Title}}</h1>
<p>The {{.Report.Label}} feedback report of {{.Team}} has been published (version {{.Report.Version}}, {{.Report.Published}}).</p>
{{if .Report.Reason}}<p><strong>This is a correction.</strong> Reason: {{.Report.Reason}}</p>{{end}}
<p>Read the themes, approved quotes and actions, and record what you will change:</p>
<p><a href="{{.Report.URL}}">{{.Report.URL}}</a></p>
<p>Service users and carers see the themes and your actions on the public page: <a href="{{.Report.PublicURL}}">{{.Report.PublicURL}}</a></p>
<p style="color: #4c6272">Sent by Chorus. Please do not reply to this message.</p>
</body></html>
`))

func publishedEmail(t *survey.Team, pr PublishedReport) email {
	title := fmt.Sprintf("%s: %s feedback report published", t.Name, pr.Label)
	if pr.Reason != "" {
		title = fmt.Sprintf("%s: %s feedback report corrected (version %d)", t.Name, pr.Label, pr.Version)
	}
	var text strings.Builder
	fmt.Fprintf(&text, "%s\n\n", title)
	fmt.Fprintf(&text, "The %s feedback report of %s has been published (version %d, %s).\n\n", pr.Label, t.Name, pr.Version, pr.Published)
	if pr.Reason != "" {
		fmt.Fprintf(&text, "This is a correction. Reason: %s\n\n", pr.Reason)
	}
	fmt.Fprintf(&text, "Read the themes, approved quotes and actions, and record what you will change:\n%s\n\n", pr.URL)
	fmt.Fprintf(&text, "Service users and carers see the themes and your actions on the public page:\n%s\n\n", pr.PublicURL)
	text.WriteString("Sent by Chorus. Please do not reply to this message.\n")
	var html strings.Builder
	_ = publishedHTML.Execute(&html, struct {
		Title, Team string
		Report      PublishedReport
	}{title, t.Name, pr})
	return email{Subject: title, Text: text.String(), HTML: html.String()}
}
