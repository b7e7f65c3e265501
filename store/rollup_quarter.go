package store

import (
	"context"
	"fmt"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// ReadTeamRollups returns each team's own rollup of each quarter, keyed by
// RollupID(team, quarter) (teams without responses in a quarter are
// absent): what the quarter's disclosure decision is made from. One $in
// query on _id (rollupDocs), so an organisation of 200 teams costs one
// round trip.
func (s *Store) ReadTeamRollups(ctx context.Context, teams, quarters []string) (map[string]survey.Rollup, error) {
	docs, err := s.rollupDocs(ctx, rollupIDs(teams, quarters))
	if err != nil {
		return nil, err
	}
	out := make(map[string]survey.Rollup, len(docs))
	for _, d := range docs {
		r := out[RollupID(d.Team, d.Quarter)]
		r.Add(d.rollup())
		out[RollupID(d.Team, d.Quarter)] = r
	}
	return out, nil
}

// LatestVersionsOfQuarter returns, per team of the organisation, the
// latest published version of its report of the quarter (teams never
// published are absent). One query on {organisation, quarter}; the
// versions of one quarter are few.
func (s *Store) LatestVersionsOfQuarter(ctx context.Context, org, quarter string) (map[string]ReportVersion, error) {
	cur, err := s.db.Collection(colReportVersions).Find(ctx, bson.M{"organisation": org, "quarter": quarter},
		options.Find().SetSort(bson.D{{Key: "team", Value: 1}, {Key: "version", Value: 1}}))
	if err != nil {
		return nil, formatError(fmt.Errorf("store: read versions of a quarter: %w", err))
	}
	var vs []ReportVersion
	if err := cur.All(ctx, &vs); err != nil {
		return nil, formatError(fmt.Errorf("store: read versions of a quarter: %w", err))
	}
	out := map[string]ReportVersion{}
	for _, v := range vs {
		if v.Version > out[v.Team].Version {
			out[v.Team] = v
		}
	}
	return out, nil
}
