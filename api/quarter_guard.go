package api

import (
	"github.com/chorus-nhs/chorus/app"
	"github.com/labstack/echo/v4"
)

// reviewRequest is the optional body of POST …/review.
type reviewRequest struct {
	// ConfirmUnfinished confirms sending a quarter that has not ended.
	ConfirmUnfinished bool `json:"confirm_unfinished"`
}

// confirmations turns a request's confirm_unfinished into the use case's
// confirmations.
func confirmations(unfinished bool) []app.Confirmation {
	if unfinished {
		return []app.Confirmation{app.ConfirmUnfinished}
	}
	return nil
}

// bindReview reads the optional body of POST …/review (an empty body
// confirms nothing).
func bindReview(c echo.Context) (*reviewRequest, error) {
	if c.Request().ContentLength == 0 {
		return &reviewRequest{}, nil
	}
	return bind[reviewRequest](c)
}

// unfinishedNote and confirmUnfinishedDoc document the guard on the
// unfinished quarter in the OpenAPI document.
const (
	unfinishedNote = "A quarter that has not ended yet (in the organisation's calendar and time zone) answers 409 conflict, " +
		"naming its last day and the responses so far and still expected, unless the body has \"confirm_unfinished\": true."
	confirmUnfinishedDoc = "Confirms going ahead with a quarter that has not ended; needed only then, ignored otherwise."
)
