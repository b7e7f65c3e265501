package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

func adminCreateOrg(ctx context.Context, a *adminEnv, o *adminOpts) error {
	if err := required("slug", o.slug, "name", o.name); err != nil {
		return err
	}
	if err := checkSlug("slug", o.slug); err != nil {
		return err
	}
	if err := a.st.CreateOrganisation(ctx, survey.Organisation{Slug: o.slug, Name: o.name}); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "created organisation %s\n", o.slug)
	return cliAudit(ctx, a.st, "organisation.create", o.slug, o.slug)
}

func adminCreateService(ctx context.Context, a *adminEnv, o *adminOpts) error {
	if err := required("org", o.org, "slug", o.slug, "name", o.name); err != nil {
		return err
	}
	if err := checkSlug("slug", o.slug); err != nil {
		return err
	}
	if err := a.st.CreateService(ctx, survey.Service{Slug: o.slug, Organisation: o.org, Name: o.name}); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "created service %s in %s\n", o.slug, o.org)
	return cliAudit(ctx, a.st, "service.create", o.slug, o.org)
}

func adminCreateTeam(ctx context.Context, a *adminEnv, o *adminOpts) error {
	if err := required("service", o.service, "slug", o.slug, "name", o.name); err != nil {
		return err
	}
	if err := checkSlug("slug", o.slug); err != nil {
		return err
	}
	t, err := a.st.CreateTeam(ctx, survey.Team{Slug: o.slug, Service: o.service, Name: o.name, SafeguardingEmail: o.safeguarding})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "created team %s in %s (%s)\n", t.Slug, t.Service, t.Organisation)
	return cliAudit(ctx, a.st, "team.create", t.Slug, t.Organisation)
}

// password reads the password from stdin when asked (checking the policy)
// or generates one; generated reports which.
func (a *adminEnv) password(o *adminOpts, email string) (pw string, generated bool, err error) {
	if !o.passwordStdin {
		return api.GeneratePassword(), true, nil
	}
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", false, fmt.Errorf("--password-stdin: no password on standard input")
	}
	pw = strings.TrimRight(line, "\r\n")
	if err := api.CheckPassword("password", pw, email); err != nil {
		return "", false, err
	}
	return pw, false, nil
}

func adminCreateUser(ctx context.Context, a *adminEnv, o *adminOpts) error {
	if err := required("email", o.email, "name", o.name, "org", o.org, "role", o.role); err != nil {
		return err
	}
	roles := []store.Role{{Role: o.role, Teams: splitList(o.teams), Services: splitList(o.services)}}
	if err := api.CheckRoles(ctx, a.st, o.org, roles); err != nil {
		return err
	}
	pw, generated, err := a.password(o, o.email)
	if err != nil {
		return err
	}
	acc, err := a.st.CreateAccount(ctx, store.Account{Email: o.email, Name: o.name, Organisation: o.org, Roles: roles,
		PasswordHash: api.HashPassword(pw), MustChangePassword: generated})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "created user %s (%s) in %s as %s\n", acc.Email, acc.ID, acc.Organisation, o.role)
	if generated {
		fmt.Fprintf(a.stdout, "temporary password (shown once; to be changed at first sign-in): %s\n", pw)
	}
	return cliAudit(ctx, a.st, "user.create", acc.Email, acc.Organisation)
}

func adminResetPassword(ctx context.Context, a *adminEnv, o *adminOpts) error {
	if err := required("email", o.email); err != nil {
		return err
	}
	acc, err := a.st.FindAccountByEmail(ctx, o.email)
	if err != nil {
		return err
	}
	pw, generated, err := a.password(o, acc.Email)
	if err != nil {
		return err
	}
	if err := a.st.SetPassword(ctx, acc.ID, api.HashPassword(pw), generated); err != nil {
		return err
	}
	if _, err := a.st.DeleteAccountSessions(ctx, acc.ID, ""); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "reset the password of %s; their sessions have ended\n", acc.Email)
	if generated {
		fmt.Fprintf(a.stdout, "temporary password (shown once; to be changed at next sign-in): %s\n", pw)
	}
	return cliAudit(ctx, a.st, "user.password_reset", acc.Email, acc.Organisation)
}

func adminIssueToken(ctx context.Context, a *adminEnv, o *adminOpts) error {
	if err := required("org", o.org, "name", o.name, "scopes", o.scopes); err != nil {
		return err
	}
	if o.expiresDays < 1 || o.expiresDays > api.MaxTokenDays {
		return fmt.Errorf("--expires-days %d: want 1 to %d", o.expiresDays, api.MaxTokenDays)
	}
	scopes := splitList(o.scopes)
	if err := api.CheckScopes(scopes); err != nil {
		return err
	}
	teams, services := splitList(o.teams), splitList(o.services)
	if len(teams)+len(services) > 0 {
		if err := api.CheckRoles(ctx, a.st, o.org, []store.Role{{Role: api.RoleManager, Teams: teams, Services: services}}); err != nil {
			return err
		}
	}
	secret, hash := api.NewAPIToken()
	t, err := a.st.CreateToken(ctx, store.APIToken{Hash: hash, Name: o.name, Organisation: o.org, Scopes: scopes, Teams: teams,
		Services: services, CreatedBy: "chorus admin",
		Expires: a.st.Now().UTC().Add(time.Duration(o.expiresDays) * 24 * time.Hour).Truncate(time.Second)})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "issued token %s (%s) for %s, expires %s\n", t.ID, t.Name, t.Organisation, t.Expires.Format("2006-01-02"))
	fmt.Fprintf(a.stdout, "token (shown once): %s\n", secret)
	return cliAudit(ctx, a.st, "token.create", t.Name+" ("+t.ID+")", t.Organisation)
}

func adminRevokeToken(ctx context.Context, a *adminEnv, o *adminOpts) error {
	if err := required("id", o.id); err != nil {
		return err
	}
	t, err := a.st.FindToken(ctx, o.id)
	if err != nil {
		return err
	}
	if err := a.st.RevokeToken(ctx, t.ID); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "revoked token %s (%s)\n", t.ID, t.Name)
	return cliAudit(ctx, a.st, "token.revoke", t.Name+" ("+t.ID+")", t.Organisation)
}
