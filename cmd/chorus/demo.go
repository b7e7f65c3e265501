package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// demoAccount is a staff member of the demo trust, so that the dashboard,
// the survey builder and the panel review can be tried at once. Demo
// accounts exist only while the server runs with --demo: without it they
// are disabled at start-up (disableDemoAccounts).
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

// demoLogin is what to print about one demo account.
type demoLogin struct {
	Email, Name, Password string
}

// seedDemo creates the demo trust, publishes its survey, makes sure the
// demo staff accounts exist, are enabled and have their installation's
// stable password, and seeds the history (unless history is false),
// idempotently.
func seedDemo(ctx context.Context, st *store.Store, clock *demo.Clock, history bool, out io.Writer, log *slog.Logger) ([]demoLogin, error) {
	if err := demo.Seed(ctx, st); err != nil {
		return nil, err
	}
	logins := make([]demoLogin, 0, len(demoAccounts))
	for _, a := range demoAccounts {
		l, err := ensureDemoAccount(ctx, st, a)
		if err != nil {
			return nil, fmt.Errorf("account %s: %w", a.Email, err)
		}
		logins = append(logins, l)
	}
	if history {
		if err := seedDemoHistory(ctx, st, clock, out, log); err != nil {
			return nil, err
		}
	}
	return logins, nil
}

// ensureDemoAccount creates a demo account, or brings an existing one back
// to its printed password, enabled and without a forced password change.
func ensureDemoAccount(ctx context.Context, st *store.Store, a demoAccount) (demoLogin, error) {
	password, err := demo.AccountPassword(ctx, st, a.Email)
	if err != nil {
		return demoLogin{}, err
	}
	l := demoLogin{a.Email, a.Name, password}
	acc, err := st.FindAccountByEmail(ctx, a.Email)
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		_, err = st.CreateAccount(ctx, store.Account{Email: a.Email, Name: a.Name, Organisation: demo.Organisation.Slug,
			Roles: []store.Role{a.Role}, PasswordHash: api.HashPassword(password)})
		return l, err
	} else if err != nil {
		return l, err
	}
	if acc.Organisation != demo.Organisation.Slug {
		return l, fmt.Errorf("the address belongs to an account of %q, not of the demo trust", acc.Organisation)
	}
	if acc.Disabled {
		enabled := false
		if _, err := st.UpdateAccount(ctx, acc.ID, store.AccountUpdate{Disabled: &enabled}); err != nil {
			return l, err
		}
	}
	if acc.MustChangePassword || !api.VerifyPassword(acc.PasswordHash, password) {
		if err := st.SetPassword(ctx, acc.ID, api.HashPassword(password), false); err != nil {
			return l, err
		}
	}
	return l, nil
}

// disableDemoAccounts disables the demo staff accounts and ends their
// sessions when the server runs without --demo: their sign-in details are
// printed by every demo start, so they must never work on a real service
// that once ran as a demo.
func disableDemoAccounts(ctx context.Context, st *store.Store, log *slog.Logger) error {
	for _, a := range demoAccounts {
		acc, err := st.FindAccountByEmail(ctx, a.Email)
		if survey.ErrorCode(err) == survey.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		if acc.Organisation != demo.Organisation.Slug {
			continue
		}
		if !acc.Disabled {
			disabled := true
			if _, err := st.UpdateAccount(ctx, acc.ID, store.AccountUpdate{Disabled: &disabled}); err != nil {
				return err
			}
			log.Warn("demo account disabled: the server runs without --demo", slog.String("account", a.Email))
		}
		if _, err := st.DeleteAccountSessions(ctx, acc.ID, ""); err != nil {
			return err
		}
	}
	return nil
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
		fmt.Fprintf(w, "    %-22s password: %s  (%s)\n", l.Email, l.Password, l.Name)
	}
	fmt.Fprintf(w, "    These are demo accounts: they work only while Chorus runs with --demo, and the same\n"+
		"    details are printed at every demo start. Never use them for real feedback.\n\n")
}

// demoToday is the day the history is seeded as of: today at noon in the
// demo trust's time zone.
func demoToday(ctx context.Context, st *store.Store) (time.Time, error) {
	org, err := st.FindOrganisation(ctx, demo.Organisation.Slug)
	if err != nil {
		return time.Time{}, err
	}
	loc := org.Settings.Calendar().Location
	if loc == nil {
		loc = time.UTC
	}
	now := time.Now().In(loc)
	return time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, loc), nil
}
