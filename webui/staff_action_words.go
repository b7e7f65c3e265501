package webui

import "strings"

// actionMessage turns the API's message about a field of the action form
// into the NHS error pattern, which says what to do in the form's own
// words ("Enter what you will do"): generic validator messages are
// replaced; specific ones, which already say what to do, are kept.
func actionMessage(field, msg string) string {
	generic := msg == "" || msg == "This field is required." || strings.HasPrefix(msg, "Must be ")
	if !generic {
		return msg
	}
	switch field {
	case "theme":
		return "Choose the theme people told you about"
	case "description":
		if strings.Contains(msg, "at most") {
			return "What you will do must be 1000 characters or fewer"
		}
		return "Enter what you will do"
	case "owner":
		if strings.Contains(msg, "at most") {
			return "Who is responsible must be 200 characters or fewer"
		}
		return "Enter who is responsible, such as a role or team"
	case "status":
		return "Choose a status"
	}
	return msg
}
