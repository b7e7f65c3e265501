package webui

import (
	"net/http"
	"slices"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// confirmUnfinishedField is the checkbox that confirms sending to review,
// or publishing, a quarter that has not ended.
const confirmUnfinishedField = "confirm_unfinished"

// formConfirmations reads the confirmation checkbox of a workflow form.
func formConfirmations(c echo.Context) []app.Confirmation {
	if c.FormValue(confirmUnfinishedField) == "yes" {
		return []app.Confirmation{app.ConfirmUnfinished}
	}
	return nil
}

// needsConfirmation reports whether err is the use case asking to confirm
// an unfinished quarter.
func needsConfirmation(err error) bool {
	return survey.ErrorCode(err) == survey.ECONFLICT && slices.ContainsFunc(survey.ErrorFields(err),
		func(f survey.FieldError) bool { return f.Field == confirmUnfinishedField })
}

// confirmRedirect sends the manager back to the report's workflow panel,
// where the unconfirmed checkbox shows its error.
func confirmRedirect(c echo.Context, page string) error {
	return c.Redirect(http.StatusSeeOther, page+"?confirm=needed#confirm-unfinished")
}

// unfinishedView adds the warning about an unfinished quarter to the
// workflow panel of a manager.
func (u *UI) unfinishedView(c echo.Context, wf *WorkflowView, team string, q survey.Quarter) error {
	if !wf.CanManage {
		return nil
	}
	un, err := u.app.UnfinishedQuarter(c.Request().Context(), currentStaff(c), team, q.Key())
	if err != nil {
		return err
	}
	wf.Unfinished, wf.ConfirmError = un, un != nil && c.QueryParam("confirm") == "needed"
	return nil
}
