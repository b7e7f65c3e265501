package main

import (
	"context"
	"fmt"
	"io"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// demoAccount is a staff member of the demo trust, so that the dashboard,
// the survey builder and the panel review can be tried at once.
type demoAccount struct {
	Email, Name string
	Role        store.Role
}

var demoAccounts = func() []demoAccount {
	services := make([]string, len(demo.Services))
	for i, s := range demo.Services {
		services[i] = s.Slug
	}
	return []demoAccount{
		{"manager@demo.invalid", "Demo service manager", store.Role{Role: api.RoleManager, Services: services}},
		{"panel@demo.invalid", "Demo panel member", store.Role{Role: api.RolePanel, Services: services}},
		{"admin@demo.invalid", "Demo administrator", store.Role{Role: api.RoleAdministrator}},
	}
}()

// demoLogin is what to print about one demo account: the password only
// when it was created by this run.
type demoLogin struct {
	Email, Password string
}

// seedDemo creates the demo trust, publishes its survey and adds the demo
// staff accounts, idempotently. New accounts get a generated password,
// returned so it can be printed once.
func seedDemo(ctx context.Context, st *store.Store) ([]demoLogin, error) {
	if err := demo.Seed(ctx, st); err != nil {
		return nil, err
	}
	logins := make([]demoLogin, 0, len(demoAccounts))
	for _, a := range demoAccounts {
		password := api.GeneratePassword()
		_, err := st.CreateAccount(ctx, store.Account{Email: a.Email, Name: a.Name, Organisation: demo.Organisation.Slug,
			Roles: []store.Role{a.Role}, PasswordHash: api.HashPassword(password)})
		switch survey.ErrorCode(err) {
		case "":
			logins = append(logins, demoLogin{a.Email, password})
		case survey.ECONFLICT:
			logins = append(logins, demoLogin{a.Email, ""})
		default:
			return nil, err
		}
	}
	return logins, nil
}

func printDemoURLs(w io.Writer, base string, logins []demoLogin) {
	fmt.Fprintf(w, "\nChorus demo is ready. Open on a phone or in a browser:\n\n")
	fmt.Fprintf(w, "  The survey (choose a team)\n    %s/s/%s\n", base, demo.SurveySlug)
	for _, t := range demo.Teams {
		fmt.Fprintf(w, "  %s\n    %s/s/%s/%s\n", t.Name, base, demo.SurveySlug, t.Slug)
	}
	fmt.Fprintf(w, "  By keyword\n    %s/k/sunflower\n", base)
	fmt.Fprintf(w, "  The public API\n    %s/api/v1/public/surveys\n", base)
	fmt.Fprintf(w, "  \"You said, we did\"\n    %s/you-said-we-did/%s\n", base, demo.Services[0].Slug)
	fmt.Fprintf(w, "\n  Staff sign-in\n    %s/staff/login\n", base)
	for _, l := range logins {
		if l.Password != "" {
			fmt.Fprintf(w, "    %-22s password: %s  (shown once)\n", l.Email, l.Password)
		} else {
			fmt.Fprintf(w, "    %-22s (password shown when first created; `chorus admin reset-password` sets a new one)\n", l.Email)
		}
	}
	fmt.Fprintln(w)
}
