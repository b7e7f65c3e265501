// Package app holds Chorus's use cases between the HTTP layer and the store.
package app

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"sync"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// maxDecisions bounds the cached quarter decisions (organisation ×
// quarter); past it the cache is emptied and refilled on demand.
const maxDecisions = 256

// Disclosure makes and caches the one disclosure decision of each
// organisation's quarter (survey.DecideQuarter). Every report of a team,
// service or organisation, every page, export, snapshot and published
// version is taken from it.
//
// The cache is keyed by organisation and quarter and holds a fingerprint
// (SHA-256) of everything the decision was made from: the organisation's
// settings, its services and teams, every team's rollups of the quarter
// and the one before, the questions reported and the latest published
// version of each team's report. Each read loads those (one rollup query,
// one versions query) and decides again only when the fingerprint changed:
// a new response, a correction or a new team drops the decision.
type Disclosure struct {
	store *store.Store
	mu    sync.Mutex
	cache map[string]cachedDecision
}

type cachedDecision struct {
	fingerprint [32]byte
	decision    *survey.QuarterDecision
}

// NewDisclosure returns a Disclosure reading from st.
func NewDisclosure(st *store.Store) *Disclosure {
	return &Disclosure{store: st, cache: map[string]cachedDecision{}}
}

// Decide returns the disclosure decision of an organisation's quarter.
func (d *Disclosure) Decide(ctx context.Context, org *survey.Organisation, q survey.Quarter) (*survey.QuarterDecision, error) {
	in, err := d.load(ctx, org, q)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	fp := sha256.Sum256(raw)
	key := org.Slug + "|" + q.Key()
	d.mu.Lock()
	c, ok := d.cache[key]
	d.mu.Unlock()
	if ok && c.fingerprint == fp {
		return c.decision, nil
	}
	dec := survey.DecideQuarter(*in)
	d.mu.Lock()
	if len(d.cache) >= maxDecisions {
		clear(d.cache)
	}
	d.cache[key] = cachedDecision{fingerprint: fp, decision: dec}
	d.mu.Unlock()
	return dec, nil
}

// load reads everything the quarter's decision is made from.
func (d *Disclosure) load(ctx context.Context, org *survey.Organisation, q survey.Quarter) (*survey.QuarterData, error) {
	services, err := d.store.ListServices(ctx, org.Slug)
	if err != nil {
		return nil, err
	}
	teams, err := d.store.ListTeams(ctx, store.TeamFilter{Organisation: org.Slug})
	if err != nil {
		return nil, err
	}
	slugs := make([]string, len(teams))
	for i, t := range teams {
		slugs[i] = t.Slug
	}
	prev := q.Prev()
	rollups, err := d.store.ReadTeamRollups(ctx, slugs, []string{q.Key(), prev.Key()})
	if err != nil {
		return nil, err
	}
	versions, err := d.store.LatestVersionsOfQuarter(ctx, org.Slug, q.Key())
	if err != nil {
		return nil, err
	}
	prevVersions, err := d.store.LatestVersionsOfQuarter(ctx, org.Slug, prev.Key())
	if err != nil {
		return nil, err
	}
	qs, err := d.questions(ctx)
	if err != nil {
		return nil, err
	}
	l := loader{org: org, q: q, rollups: rollups, questions: qs, framework: store.ThemeFramework()}
	in := &survey.QuarterData{Settings: org.Settings}
	var all []string
	for _, sv := range services {
		ds := survey.DisclosureService{}
		var sTeams []string
		for _, t := range teams {
			if t.Service != sv.Slug {
				continue
			}
			u := l.unit(survey.ReportScope{Level: survey.LevelTeam, Slug: t.Slug, Name: t.Name}, []string{t.Slug})
			if u.Published, err = publishedFigures(versions, t.Slug); err != nil {
				return nil, err
			}
			if u.PrevPublished, err = publishedFigures(prevVersions, t.Slug); err != nil {
				return nil, err
			}
			ds.Teams = append(ds.Teams, u)
			sTeams = append(sTeams, t.Slug)
		}
		ds.Unit = l.unit(survey.ReportScope{Level: survey.LevelService, Slug: sv.Slug, Name: sv.Name}, sTeams)
		in.Services = append(in.Services, ds)
		all = append(all, sTeams...)
	}
	in.Org = l.unit(survey.ReportScope{Level: survey.LevelOrganisation, Slug: org.Slug, Name: org.Name}, all)
	return in, nil
}

// publishedFigures returns the figures of a team's latest published
// version (nil when it has none).
func publishedFigures(versions map[string]store.ReportVersion, team string) (map[string]*int, error) {
	v, ok := versions[team]
	if !ok {
		return nil, nil
	}
	rep, err := store.DecodeReport(v.Report)
	if err != nil {
		return nil, err
	}
	return survey.ReportFigures(*rep), nil
}

// loader builds the units of one quarter.
type loader struct {
	org       *survey.Organisation
	q         survey.Quarter
	rollups   map[string]survey.Rollup
	questions []*survey.Survey
	framework []survey.ThemeRef
}

// unit sums the teams' rollups of the quarter and the previous one.
func (l *loader) unit(scope survey.ReportScope, teams []string) survey.DisclosureUnit {
	var cur, prev survey.Rollup
	for _, t := range teams {
		cur.Add(l.rollups[store.RollupID(t, l.q.Key())])
		prev.Add(l.rollups[store.RollupID(t, l.q.Prev().Key())])
	}
	cal := l.org.Settings.Calendar()
	u := survey.DisclosureUnit{Rollup: cur, Meta: survey.ReportMeta{Scope: scope, Quarter: l.q, Label: cal.Label(l.q),
		Questions: questionsFor(l.questions, teams), Framework: l.framework}}
	if prev.Total > 0 {
		u.Prev = &prev
	}
	return u
}

// questions returns the latest published version of every survey.
func (d *Disclosure) questions(ctx context.Context) ([]*survey.Survey, error) {
	infos, err := d.store.ListSurveys(ctx, store.SurveyFilter{PublishedOnly: true})
	if err != nil {
		return nil, err
	}
	var out []*survey.Survey
	for _, info := range infos {
		sv, err := d.store.LatestPublished(ctx, info.Slug)
		if survey.ErrorCode(err) == survey.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, sv)
	}
	return out, nil
}

// questionsFor returns the questions of the surveys offered to any of the
// teams, in survey order, each question id once (as the report of those
// teams lists them).
func questionsFor(svs []*survey.Survey, teams []string) []survey.Question {
	var out []survey.Question
	seen := map[string]bool{}
	for _, sv := range svs {
		offered := false
		for _, t := range teams {
			if sv.HasTeam(t) {
				offered = true
				break
			}
		}
		if !offered {
			continue
		}
		for _, q := range sv.Questions() {
			if !seen[q.ID] {
				seen[q.ID] = true
				out = append(out, *q)
			}
		}
	}
	return out
}
