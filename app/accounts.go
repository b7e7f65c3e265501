package app

import (
	"context"
	"fmt"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// RoleInput is one role of an account being created or changed.
type RoleInput struct {
	Role     string   `json:"role" validate:"required,oneof=administrator manager panel viewer"`
	Teams    []string `json:"teams" validate:"max=100,dive,slug"`
	Services []string `json:"services" validate:"max=100,dive,slug"`
}

// NewUser is an account to create; an empty Password means a generated
// temporary one.
type NewUser struct {
	Email    string      `json:"email" validate:"required,email,max=254"`
	Name     string      `json:"name" validate:"required,max=200"`
	Roles    []RoleInput `json:"roles" validate:"max=50,dive"`
	Password string      `json:"password" validate:"max=1024"`
}

// UserChange changes an account; nil fields stay as they are.
type UserChange struct {
	Name     *string      `json:"name" validate:"omitempty,min=1,max=200"`
	Roles    *[]RoleInput `json:"roles" validate:"omitempty,max=50,dive"`
	Disabled *bool        `json:"disabled"`
}

func toRoles(rs []RoleInput) []store.Role {
	out := make([]store.Role, 0, len(rs))
	for _, r := range rs {
		out = append(out, store.Role{Role: r.Role, Teams: r.Teams, Services: r.Services})
	}
	return out
}

// CheckRoles checks roles for an account of org: known role names, an
// administrator without teams or services, a panel member with services
// only, a manager or viewer with at least one team or service, and every
// team and service in org. Errors name the field (roles[0].teams[1]).
func CheckRoles(ctx context.Context, st *store.Store, org string, roles []store.Role) error {
	var fields []survey.FieldError
	add := func(f, msg string, args ...any) {
		fields = append(fields, survey.FieldError{Field: f, Message: fmt.Sprintf(msg, args...)})
	}
	for i, r := range roles {
		p := fmt.Sprintf("roles[%d]", i)
		switch {
		case RolePermissions(r.Role) == nil:
			add(p+".role", "Must be one of: administrator, manager, panel, viewer.")
		case r.Role == RoleAdministrator && len(r.Teams)+len(r.Services) > 0:
			add(p, "An administrator covers the whole organisation: leave out teams and services.")
		case r.Role == RolePanel && len(r.Teams) > 0:
			add(p+".teams", "Panel members are scoped to services: list services instead.")
		case r.Role != RoleAdministrator && len(r.Teams)+len(r.Services) == 0:
			add(p, "Name at least one team or service.")
		}
		more, err := checkUnits(ctx, st, org, p+".", r.Teams, r.Services)
		if err != nil {
			return err
		}
		fields = append(fields, more...)
	}
	return survey.FieldErrors("Some roles are not valid.", fields)
}

// checkUnits requires every team and service to exist in org; fields are
// named prefix+"teams[j]" and prefix+"services[j]".
func checkUnits(ctx context.Context, st *store.Store, org, prefix string, teams, services []string) ([]survey.FieldError, error) {
	var fields []survey.FieldError
	for j, t := range teams {
		if tm, err := st.FindTeam(ctx, t); survey.ErrorCode(err) == survey.ENOTFOUND || (err == nil && tm.Organisation != org) {
			fields = append(fields, survey.FieldError{Field: fmt.Sprintf("%steams[%d]", prefix, j), Message: fmt.Sprintf("There is no team %q in this organisation.", t)})
		} else if err != nil {
			return nil, err
		}
	}
	for j, sv := range services {
		if x, err := st.FindService(ctx, sv); survey.ErrorCode(err) == survey.ENOTFOUND || (err == nil && x.Organisation != org) {
			fields = append(fields, survey.FieldError{Field: fmt.Sprintf("%sservices[%d]", prefix, j), Message: fmt.Sprintf("There is no service %q in this organisation.", sv)})
		} else if err != nil {
			return nil, err
		}
	}
	return fields, nil
}

// CreateUser creates an account of org that must change its password at
// first sign-in; temp is the generated temporary password when in gave
// none ("" otherwise).
func (a *App) CreateUser(ctx context.Context, p *Staff, org string, in NewUser) (acc *store.Account, temp string, err error) {
	if err := Authorize(p, PermAdmin, Scope{Organisation: org}); err != nil {
		return nil, "", err
	}
	if err := Validate(&in); err != nil {
		return nil, "", err
	}
	roles := toRoles(in.Roles)
	if err := CheckRoles(ctx, a.store, org, roles); err != nil {
		return nil, "", err
	}
	password, generated := in.Password, in.Password == ""
	if generated {
		password = GeneratePassword()
	} else if err := CheckPassword("password", password, in.Email); err != nil {
		return nil, "", err
	}
	acc, err = a.store.CreateAccount(ctx, store.Account{Email: in.Email, Name: in.Name, Organisation: org, Roles: roles,
		PasswordHash: HashPassword(password), MustChangePassword: true})
	if err != nil {
		return nil, "", err
	}
	a.Audit(ctx, p, "user.create", acc.Email, org)
	if generated {
		temp = password
	}
	return acc, temp, nil
}

// ListUsers lists the accounts of org, from offset, at most limit (1 to
// 500; 0 means the store's default).
func (a *App) ListUsers(ctx context.Context, p *Staff, org string, offset, limit int) ([]store.Account, int64, error) {
	if err := Authorize(p, PermAdmin, Scope{Organisation: org}); err != nil {
		return nil, 0, err
	}
	if offset < 0 || limit < 0 || limit > 500 {
		return nil, 0, survey.Errorf(survey.EINVALID, "offset must be 0 or more and limit from 1 to 500.")
	}
	return a.store.ListAccounts(ctx, store.AccountFilter{Organisation: org, Offset: offset, Limit: limit})
}

// UserFor returns an account once p may administer its organisation. An
// unknown account is forbidden, like another organisation's (no probing),
// except for the bootstrap token.
func (a *App) UserFor(ctx context.Context, p *Staff, id string) (*store.Account, error) {
	acc, err := a.store.FindAccount(ctx, id)
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		if p == nil || p.Kind != KindBootstrap {
			return nil, survey.Errorf(survey.EFORBIDDEN, "You do not have permission to do this here.")
		}
		return nil, err
	} else if err != nil {
		return nil, err
	}
	if err := Authorize(p, PermAdmin, Scope{Organisation: acc.Organisation}); err != nil {
		return nil, err
	}
	return acc, nil
}

// UpdateUser changes acc (found with UserFor); disabling it ends its
// sessions.
func (a *App) UpdateUser(ctx context.Context, p *Staff, acc *store.Account, in UserChange) (*store.Account, error) {
	if err := Validate(&in); err != nil {
		return nil, err
	}
	u := store.AccountUpdate{Name: in.Name, Disabled: in.Disabled}
	if in.Roles != nil {
		roles := toRoles(*in.Roles)
		if err := CheckRoles(ctx, a.store, acc.Organisation, roles); err != nil {
			return nil, err
		}
		u.Roles = &roles
	}
	updated, err := a.store.UpdateAccount(ctx, acc.ID, u)
	if err != nil {
		return nil, err
	}
	if updated.Disabled {
		if _, err := a.store.DeleteAccountSessions(ctx, acc.ID, ""); err != nil {
			return nil, err
		}
	}
	a.Audit(ctx, p, "user.update", acc.Email, acc.Organisation)
	return updated, nil
}

// ResetPassword sets a temporary password on acc (found with UserFor):
// temp, or a generated one that is returned, which the user must change at
// their next sign-in; every session of the account ends.
func (a *App) ResetPassword(ctx context.Context, p *Staff, acc *store.Account, temp string) (generated string, err error) {
	password, gen := temp, temp == ""
	if gen {
		password = GeneratePassword()
	} else if err := CheckPassword("temporary_password", password, acc.Email); err != nil {
		return "", err
	}
	if err := a.store.SetPassword(ctx, acc.ID, HashPassword(password), true); err != nil {
		return "", err
	}
	if _, err := a.store.DeleteAccountSessions(ctx, acc.ID, ""); err != nil {
		return "", err
	}
	a.Audit(ctx, p, "user.password_reset", acc.Email, acc.Organisation)
	if gen {
		return password, nil
	}
	return "", nil
}

// ChangePassword lets p, a signed-in person, choose a new password after
// giving the current one; their other sessions end. Errors: forbidden for
// anyone but a signed-in person; unprocessable naming current_password or
// new_password.
func (a *App) ChangePassword(ctx context.Context, p *Staff, current, next string) error {
	if p == nil || p.Kind != KindUser {
		return survey.Errorf(survey.EFORBIDDEN, "Only a signed-in person has a password to change.")
	}
	acc, err := a.store.FindAccount(ctx, p.ID)
	if err != nil {
		return err
	}
	if !VerifyPassword(acc.PasswordHash, current) {
		if _, _, err := a.store.RecordLoginFailure(ctx, acc.ID, FreeLoginFailures, Lockout); err != nil {
			return err
		}
		return survey.FieldErrors("The current password is wrong.", []survey.FieldError{{Field: "current_password", Message: "This is not your current password."}})
	}
	if err := CheckPassword("new_password", next, acc.Email); err != nil {
		return err
	}
	if next == current {
		return survey.FieldErrors("Choose a different password.", []survey.FieldError{{Field: "new_password", Message: "Must differ from the current password."}})
	}
	if err := a.store.SetPassword(ctx, acc.ID, HashPassword(next), false); err != nil {
		return err
	}
	if _, err := a.store.DeleteAccountSessions(ctx, acc.ID, p.Session); err != nil {
		return err
	}
	a.Audit(ctx, p, "user.password_change", acc.Email, acc.Organisation)
	return nil
}
