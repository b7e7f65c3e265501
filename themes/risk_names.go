package themes

import "strings"

// riskKindNames are the one table of the risk kinds' names in plain
// English, for e-mails, webhooks and pages alike.
var riskKindNames = map[string]string{
	RiskSuicide:           "Suicide",
	RiskSelfHarm:          "Self-harm",
	RiskHarmFromOthers:    "Harm from others",
	RiskHarmToOthers:      "Harm to others",
	RiskSafeguardingChild: "Child safeguarding",
}

// RiskKindName returns the plain-English name of a risk kind (an unknown
// kind with its underscores as spaces).
func RiskKindName(kind string) string {
	if n, ok := riskKindNames[kind]; ok {
		return n
	}
	return strings.ReplaceAll(kind, "_", " ")
}
