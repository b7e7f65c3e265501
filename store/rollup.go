package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/themes"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// colRollups holds one document per team × quarter with the counts a
// report is built from (survey.Rollup). Its _id is "team|quarter".
//
// Document shape (every key below the top level is a validated value,
// never respondent text; see rollupPaths):
//
//	{_id, team, service, organisation, quarter,
//	 total, comments,
//	 roles:         {role: n},
//	 answered:      {question: n},
//	 options:       {question: {"v"+answer: n}},
//	 fft:           {answer: n},
//	 role_fft:      {role: {answer: n}},
//	 role_comments: {role: n},
//	 themes:        {"t"+index: {"s"+sentiment: n}},
//	 majors:        {"m"+index: {"s"+sentiment: n}},
//	 role_themes:   {role: {"t"+index: n}}}
//
// Themes are keyed by their index in the framework (themes.SubThemes and
// themes.MajorCategories), because their names hold spaces, '&' and '/'.
// Answer keys carry a "v" prefix so that a numeric answer ("3") is never
// read as an array index in a dotted path.
const colRollups = "rollups"

// rollupDoc is a stored rollup as decoded.
type rollupDoc struct {
	ID           string                    `bson:"_id"`
	Team         string                    `bson:"team"`
	Service      string                    `bson:"service"`
	Organisation string                    `bson:"organisation"`
	Quarter      string                    `bson:"quarter"`
	Total        int                       `bson:"total"`
	Comments     int                       `bson:"comments"`
	Roles        map[string]int            `bson:"roles"`
	Answered     map[string]int            `bson:"answered"`
	Options      map[string]map[string]int `bson:"options"`
	FFT          map[string]int            `bson:"fft"`
	RoleFFT      map[string]map[string]int `bson:"role_fft"`
	RoleComments map[string]int            `bson:"role_comments"`
	Themes       map[string]map[string]int `bson:"themes"`
	Majors       map[string]map[string]int `bson:"majors"`
	RoleThemes   map[string]map[string]int `bson:"role_themes"`
}

// RollupID is the _id of a team's rollup for a quarter.
func RollupID(team, quarter string) string { return team + "|" + quarter }

// safeKeyRE matches a field name that may be used in a dotted update path:
// no '.', no '$', no spaces, nothing from a respondent.
var safeKeyRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// ApplyResponse adds one stored response to its team × quarter rollup with
// a single upsert made only of $inc (and $setOnInsert for the team, service,
// organisation and quarter). It is for tests and seeding only: it is not
// crash-safe, and on the embedded store two concurrent calls on one rollup
// lose a count (FerretDB's update is a read and a write-back).
// Submissions go through the ingest writer and CommitGroup instead.
// sv is the survey version the response answered. Returns an internal
// error, writing nothing, if any key would not be a safe field name.
func (s *Store) ApplyResponse(ctx context.Context, r *Response, sv *survey.Survey) error {
	paths, err := rollupPaths(tallyOf(r, sv))
	if err != nil {
		return err
	}
	inc := bson.D{}
	for _, p := range slices.Sorted(mapsKeys(paths)) {
		inc = append(inc, bson.E{Key: p, Value: paths[p]})
	}
	update := bson.D{
		{Key: "$inc", Value: inc},
		{Key: "$setOnInsert", Value: bson.D{
			{Key: "team", Value: r.Team}, {Key: "service", Value: r.Service},
			{Key: "organisation", Value: r.Organisation}, {Key: "quarter", Value: r.Quarter},
		}},
	}
	_, err = s.db.Collection(colRollups).UpdateOne(ctx, bson.M{"_id": RollupID(r.Team, r.Quarter)}, update,
		options.UpdateOne().SetUpsert(true))
	if err != nil {
		return formatError(fmt.Errorf("store: apply response to rollup: %w", err))
	}
	return nil
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// tallyOf is the rollup of one stored response.
func tallyOf(r *Response, sv *survey.Survey) survey.Rollup {
	comments := make([]survey.CommentTally, 0, len(r.Comments))
	for _, c := range r.Comments {
		comments = append(comments, survey.CommentTally{Themes: c.Themes, Major: c.Major, Sentiment: c.Sentiment})
	}
	return survey.Tally(sv, answersOf(r.Answers), comments)
}

// answersOf turns answers read back from BSON into the shapes survey.Tally
// reads: arrays become []any.
func answersOf(m bson.M) survey.Answers {
	a := make(survey.Answers, len(m))
	for k, v := range m {
		if arr, ok := v.(bson.A); ok {
			v = []any(arr)
		}
		a[k] = v
	}
	return a
}

// rollupPaths flattens a rollup into dotted field paths and counts. Every
// path component is checked against safeKeyRE.
func rollupPaths(r survey.Rollup) (map[string]int, error) {
	p := map[string]int{}
	add := func(n int, parts ...string) error {
		if n == 0 {
			return nil
		}
		for _, part := range parts {
			if !safeKeyRE.MatchString(part) {
				return fmt.Errorf("store: rollup key %q is not a safe field name", part)
			}
		}
		p[strings.Join(parts, ".")] += n
		return nil
	}
	var errs []error
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	check(add(r.Total, "total"))
	check(add(r.Comments, "comments"))
	for k, n := range r.ByRole {
		check(add(n, "roles", k))
	}
	for k, n := range r.Answered {
		check(add(n, "answered", k))
	}
	for q, m := range r.Options {
		for k, n := range m {
			check(add(n, "options", q, "v"+k))
		}
	}
	for k, n := range r.FFT {
		check(add(n, "fft", k))
	}
	for role, m := range r.RoleFFT {
		for k, n := range m {
			check(add(n, "role_fft", role, k))
		}
	}
	for k, n := range r.RoleComments {
		check(add(n, "role_comments", k))
	}
	for t, m := range r.ThemeSentiment {
		key, ok := themeKey(t)
		for sent, n := range m {
			if ok {
				check(add(n, "themes", key, "s"+strconv.Itoa(sent)))
			}
		}
	}
	for t, m := range r.MajorSentiment {
		key, ok := majorKey(t)
		for sent, n := range m {
			if ok {
				check(add(n, "majors", key, "s"+strconv.Itoa(sent)))
			}
		}
	}
	for role, m := range r.RoleTheme {
		for t, n := range m {
			if key, ok := themeKey(t); ok {
				check(add(n, "role_themes", role, key))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return p, nil
}

// themeKey maps a framework sub-theme name to its stored key ("t07"). A
// name outside the framework is not counted.
func themeKey(name string) (string, bool) {
	i := slices.Index(themes.SubThemes, name)
	return fmt.Sprintf("t%02d", i), i >= 0
}

func majorKey(name string) (string, bool) {
	i := slices.Index(themes.MajorCategories, name)
	return fmt.Sprintf("m%d", i), i >= 0
}

// themeName maps a stored key back to a name ("" for an unknown key).
func themeName(key string, prefix string, names []string) string {
	i, err := strconv.Atoi(strings.TrimPrefix(key, prefix))
	if !strings.HasPrefix(key, prefix) || err != nil || i < 0 || i >= len(names) {
		return ""
	}
	return names[i]
}

// rollup converts a stored document back into counts.
func (d rollupDoc) rollup() survey.Rollup {
	r := survey.Rollup{Total: d.Total, Comments: d.Comments, ByRole: d.Roles, Answered: d.Answered,
		FFT: d.FFT, RoleFFT: d.RoleFFT, RoleComments: d.RoleComments}
	for q, m := range d.Options {
		for k, n := range m {
			if v, ok := strings.CutPrefix(k, "v"); ok {
				setNested(&r.Options, q, v, n)
			}
		}
	}
	for k, m := range d.Themes {
		name := themeName(k, "t", themes.SubThemes)
		for sk, n := range m {
			if sent, err := strconv.Atoi(strings.TrimPrefix(sk, "s")); err == nil && name != "" {
				setNested(&r.ThemeSentiment, name, sent, n)
			}
		}
	}
	for k, m := range d.Majors {
		name := themeName(k, "m", themes.MajorCategories)
		for sk, n := range m {
			if sent, err := strconv.Atoi(strings.TrimPrefix(sk, "s")); err == nil && name != "" {
				setNested(&r.MajorSentiment, name, sent, n)
			}
		}
	}
	for role, m := range d.RoleThemes {
		for k, n := range m {
			if name := themeName(k, "t", themes.SubThemes); name != "" {
				setNested(&r.RoleTheme, role, name, n)
			}
		}
	}
	return r
}

func setNested[K, J comparable](m *map[K]map[J]int, k K, j J, n int) {
	if *m == nil {
		*m = map[K]map[J]int{}
	}
	if (*m)[k] == nil {
		(*m)[k] = map[J]int{}
	}
	(*m)[k][j] += n
}

// ThemeFramework returns the framework's sub-themes with their major
// categories, in framework order, for survey.ReportMeta.Framework.
func ThemeFramework() []survey.ThemeRef {
	out := make([]survey.ThemeRef, len(themes.SubThemes))
	for i, t := range themes.SubThemes {
		out[i] = survey.ThemeRef{Theme: t, Major: themes.MajorOf(i)}
	}
	return out
}

// ReadRollup returns the rollup of a team's quarter. A quarter without
// responses has a zero rollup (no error). Returns unavailable if the store
// cannot be reached.
func (s *Store) ReadRollup(ctx context.Context, team, quarter string) (survey.Rollup, error) {
	return s.ReadRollups(ctx, []string{team}, quarter)
}

// ReadRollups returns the sum of the teams' rollups for a quarter: the
// rollup of a service or an organisation. It reads one small document per
// team and never scans responses.
func (s *Store) ReadRollups(ctx context.Context, teams []string, quarter string) (survey.Rollup, error) {
	byQ, err := s.ReadRollupsByQuarter(ctx, teams, []string{quarter})
	return byQ[quarter], err
}

// ReadRollupsByQuarter returns, for each quarter, the sum of the teams'
// rollups (a zero rollup for a quarter without responses): a trend over
// the last 8 quarters is 8 × teams small documents, and no response is
// read.
//
// A few documents are read one by one by _id; more with one $in query.
// MongoDB answers both from the _id index. The embedded server answers an
// _id equality from its index (store/embedded_index.go) but a $in by
// decoding every rollup document once, so the $in's cost grows with the
// number of rollup documents (teams × quarters), never with responses.
func (s *Store) ReadRollupsByQuarter(ctx context.Context, teams, quarters []string) (map[string]survey.Rollup, error) {
	docs, err := s.rollupDocs(ctx, rollupIDs(teams, quarters))
	if err != nil {
		return nil, err
	}
	out := make(map[string]survey.Rollup, len(quarters))
	for _, q := range quarters {
		out[q] = survey.Rollup{}
	}
	for _, d := range docs {
		if sum, ok := out[d.Quarter]; ok {
			sum.Add(d.rollup())
			out[d.Quarter] = sum
		}
	}
	return out, nil
}

// maxLookups is how many rollup documents are read one by one before a
// single $in query is cheaper on the embedded server.
const maxLookups = 4

func (s *Store) rollupDocs(ctx context.Context, ids []string) ([]rollupDoc, error) {
	col := s.db.Collection(colRollups)
	var docs []rollupDoc
	if len(ids) > maxLookups {
		cur, err := col.Find(ctx, bson.M{"_id": bson.M{"$in": ids}})
		if err != nil {
			return nil, formatError(fmt.Errorf("store: read rollups: %w", err))
		}
		if err := cur.All(ctx, &docs); err != nil {
			return nil, formatError(fmt.Errorf("store: read rollups: %w", err))
		}
		return docs, nil
	}
	for _, id := range ids {
		var d rollupDoc
		err := col.FindOne(ctx, bson.M{"_id": id}).Decode(&d)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		} else if err != nil {
			return nil, formatError(fmt.Errorf("store: read rollup: %w", err))
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// PutRollup replaces the stored rollup of a team's quarter with r (for
// Rebuild, and for seeding benchmarks). Returns an internal error, writing
// nothing, if a key of r is not a safe field name.
func (s *Store) PutRollup(ctx context.Context, t survey.Team, quarter string, r survey.Rollup) error {
	doc, err := rollupDocument(&rollupAcc{team: t.Slug, service: t.Service, org: t.Organisation, quarter: quarter, r: r})
	if err != nil {
		return err
	}
	_, err = s.db.Collection(colRollups).ReplaceOne(ctx, bson.M{"_id": RollupID(t.Slug, quarter)}, doc,
		options.Replace().SetUpsert(true))
	if err != nil {
		return formatError(fmt.Errorf("store: put rollup: %w", err))
	}
	return nil
}

// rollupIDs are the rollup ids of every team in every quarter.
func rollupIDs(teams, quarters []string) []string {
	ids := make([]string, 0, len(teams)*len(quarters))
	for _, q := range quarters {
		for _, t := range teams {
			ids = append(ids, RollupID(t, q))
		}
	}
	return ids
}
