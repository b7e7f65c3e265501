package webui

import (
	"net/http"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// PasswordPage is the form to choose a new password, also where a person
// is sent after an administrator has reset theirs.
type PasswordPage struct {
	StaffPage
	Required bool // the password was reset: nothing else works until changed
	Errors   []ErrorLink
	// Field errors, shown at each field.
	CurrentError, NewError, ConfirmError string
}

func (u *UI) passwordPage(c echo.Context) *PasswordPage {
	p := &PasswordPage{StaffPage: staffPage(c, "Change your password", "password")}
	if s := currentStaff(c); s != nil {
		p.Required = s.MustChangePassword
	}
	return p
}

func (u *UI) handlePasswordPage(c echo.Context) error {
	return u.renderStaff(c, http.StatusOK, "password", u.passwordPage(c))
}

// handlePassword changes the password (POST-redirect-GET), or shows the
// form again with the policy's reasons at each field.
func (u *UI) handlePassword(c echo.Context) error {
	current, next, confirm := c.FormValue("current_password"), c.FormValue("new_password"), c.FormValue("confirm_password")
	p := u.passwordPage(c)
	switch {
	case current == "":
		p.CurrentError = "Enter your current password"
	case next == "":
		p.NewError = "Enter a new password"
	case confirm != next:
		p.ConfirmError = "The two new passwords are not the same"
	}
	if p.CurrentError == "" && p.NewError == "" && p.ConfirmError == "" {
		err := u.dash.staff.ChangePassword(c, current, next)
		if err == nil {
			return c.Redirect(http.StatusSeeOther, "/staff?notice=password-changed")
		}
		if survey.ErrorCode(err) != survey.EUNPROCESS {
			return u.staffError(c, err)
		}
		for _, f := range survey.ErrorFields(err) {
			switch f.Field {
			case "current_password":
				p.CurrentError = f.Message
			default:
				p.NewError = f.Message
			}
		}
	}
	for _, e := range []struct{ id, msg string }{{"current_password", p.CurrentError}, {"new_password", p.NewError}, {"confirm_password", p.ConfirmError}} {
		if e.msg != "" {
			p.Errors = append(p.Errors, ErrorLink{Href: "#" + e.id, Text: e.msg})
		}
	}
	p.Title = "Error: " + p.Title
	return u.renderStaff(c, http.StatusUnprocessableEntity, "password", p)
}

// PasswordField is one password input of the form.
type PasswordField struct{ ID, Label, Autocomplete, Error string }

func passwordField(id, label, autocomplete, err string) PasswordField {
	return PasswordField{ID: id, Label: label, Autocomplete: autocomplete, Error: err}
}
