package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

const adminUsage = `Usage: chorus admin COMMAND [flags]

Commands:
  create-org      --slug S --name N
  create-service  --org O --slug S --name N
  create-team     --service S --slug T --name N [--safeguarding-email E]
  create-user     --email E --name N --org O --role administrator|manager|panel|viewer
                  [--teams a,b] [--services s] [--password-stdin]
  reset-password  --email E [--password-stdin]
  issue-token     --org O --name N --scopes p1,p2 [--teams a,b] [--services s] [--expires-days 90]
  revoke-token    --id ID

Every command also takes --data-dir (the embedded store; stop the server
first) and reads CHORUS_MONGODB_URI and CHORUS_MONGODB_DATABASE. Passwords
are read from the first line of standard input with --password-stdin;
otherwise a temporary one is generated and printed once. Tokens are printed
once.
`

// adminCmd is one `chorus admin` command: its flags, then what it does.
type adminCmd struct {
	flags func(fs *flag.FlagSet, o *adminOpts)
	run   func(ctx context.Context, a *adminEnv, o *adminOpts) error
}

// adminOpts holds every flag of every admin command.
type adminOpts struct {
	slug, name, org, service, email, role string
	teams, services, scopes, id           string
	safeguarding                          string
	passwordStdin                         bool
	expiresDays                           int
}

// adminEnv is what a command works with.
type adminEnv struct {
	st     *store.Store
	stdin  io.Reader
	stdout io.Writer
}

var adminCmds = map[string]adminCmd{
	"create-org":     {flagsSlugName, adminCreateOrg},
	"create-service": {withFlags(flagsSlugName, flagOrg), adminCreateService},
	"create-team":    {withFlags(flagsSlugName, flagService), adminCreateTeam},
	"create-user":    {flagsUser, adminCreateUser},
	"reset-password": {flagsReset, adminResetPassword},
	"issue-token":    {flagsToken, adminIssueToken},
	"revoke-token":   {func(fs *flag.FlagSet, o *adminOpts) { fs.StringVar(&o.id, "id", "", "token ID") }, adminRevokeToken},
}

// runAdmin runs `chorus admin COMMAND [flags]` against the store that
// `chorus serve` would use.
func runAdmin(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stderr, adminUsage)
		return errUsage
	}
	cmd, ok := adminCmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "chorus admin: unknown command %q\n\n%s", args[0], adminUsage)
		return errUsage
	}
	fs := flag.NewFlagSet("admin "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o adminOpts
	cfg := Config{DataDir: getenv("CHORUS_DATA_DIR"), MongoURI: getenv("CHORUS_MONGODB_URI"), Database: getenv("CHORUS_MONGODB_DATABASE")}
	if cfg.DataDir == "" {
		cfg.DataDir = "./chorus-data"
	}
	if cfg.Database == "" {
		cfg.Database = "chorus"
	}
	fs.StringVar(&cfg.DataDir, "data-dir", cfg.DataDir, "directory of the embedded store")
	cmd.flags(fs, &o)
	if err := fs.Parse(args[1:]); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("admin %s: unexpected argument %q", args[0], fs.Arg(0))
	}
	st, emb, err := openStore(ctx, cfg, slog.New(slog.DiscardHandler), nil)
	if emb != nil {
		defer emb.Close()
	}
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	if err := cmd.run(ctx, &adminEnv{st: st, stdin: stdin, stdout: stdout}, &o); err != nil {
		return adminError(args[0], err)
	}
	return nil
}

// adminError spells out a survey error with its fields.
func adminError(cmd string, err error) error {
	var se *survey.Error
	if !errors.As(err, &se) {
		return fmt.Errorf("admin %s: %w", cmd, err)
	}
	msg := se.Message
	for _, f := range se.Fields {
		msg += fmt.Sprintf("\n  %s: %s", f.Field, f.Message)
	}
	return fmt.Errorf("admin %s: %s", cmd, msg)
}

func withFlags(fns ...func(*flag.FlagSet, *adminOpts)) func(*flag.FlagSet, *adminOpts) {
	return func(fs *flag.FlagSet, o *adminOpts) {
		for _, f := range fns {
			f(fs, o)
		}
	}
}

func flagsSlugName(fs *flag.FlagSet, o *adminOpts) {
	fs.StringVar(&o.slug, "slug", "", "slug (lower-case letters, digits, hyphens)")
	fs.StringVar(&o.name, "name", "", "name")
}

func flagOrg(fs *flag.FlagSet, o *adminOpts) { fs.StringVar(&o.org, "org", "", "organisation slug") }

func flagService(fs *flag.FlagSet, o *adminOpts) {
	fs.StringVar(&o.service, "service", "", "service slug")
	fs.StringVar(&o.safeguarding, "safeguarding-email", "", "address for the team's risk alerts")
}

func flagUnits(fs *flag.FlagSet, o *adminOpts) {
	fs.StringVar(&o.teams, "teams", "", "comma-separated team slugs")
	fs.StringVar(&o.services, "services", "", "comma-separated service slugs")
}

func flagsUser(fs *flag.FlagSet, o *adminOpts) {
	flagOrg(fs, o)
	flagUnits(fs, o)
	fs.StringVar(&o.email, "email", "", "e-mail address")
	fs.StringVar(&o.name, "name", "", "name")
	fs.StringVar(&o.role, "role", "", "administrator, manager, panel or viewer")
	fs.BoolVar(&o.passwordStdin, "password-stdin", false, "read the password from standard input")
}

func flagsReset(fs *flag.FlagSet, o *adminOpts) {
	fs.StringVar(&o.email, "email", "", "e-mail address")
	fs.BoolVar(&o.passwordStdin, "password-stdin", false, "read the password from standard input")
}

func flagsToken(fs *flag.FlagSet, o *adminOpts) {
	flagOrg(fs, o)
	flagUnits(fs, o)
	fs.StringVar(&o.name, "name", "", "what the token is for")
	fs.StringVar(&o.scopes, "scopes", "", "comma-separated permissions: "+strings.Join(api.Permissions, ", "))
	fs.IntVar(&o.expiresDays, "expires-days", 90, "days until the token expires (1 to 366)")
}

// required reports the first empty flag among name=value pairs.
func required(kv ...string) error {
	for i := 0; i+1 < len(kv); i += 2 {
		if strings.TrimSpace(kv[i+1]) == "" {
			return fmt.Errorf("--%s is required", kv[i])
		}
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func checkSlug(flagName, v string) error {
	if !survey.ValidSlug(v) {
		return fmt.Errorf("--%s %q: want lower-case letters, digits and single hyphens (at most 64)", flagName, v)
	}
	return nil
}

// cliAudit records an action taken with the command line.
func cliAudit(ctx context.Context, st *store.Store, action, target, org string) error {
	return st.AppendAudit(ctx, store.AuditEntry{Organisation: org, ActorKind: "cli", Actor: "chorus admin", Action: action, Target: target})
}
