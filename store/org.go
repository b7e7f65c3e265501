package store

import (
	"context"
	"fmt"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

type orgDoc struct {
	Slug     string `bson:"_id"`
	Name     string `bson:"name"`
	Settings string `bson:"settings"` // JSON of survey.OrgSettings
}

type serviceDoc struct {
	Slug         string `bson:"_id"`
	Organisation string `bson:"organisation"`
	Name         string `bson:"name"`
}

type teamDoc struct {
	Slug              string   `bson:"_id"`
	Service           string   `bson:"service"`
	Organisation      string   `bson:"organisation"`
	Name              string   `bson:"name"`
	SafeguardingEmail string   `bson:"safeguarding_email,omitempty"`
	WebhookURL        string   `bson:"webhook_url,omitempty"`
	ContactEmails     []string `bson:"contact_emails,omitempty"`
	// WebhookSecret signs webhook deliveries; it never leaves the store
	// through survey.Team (see TeamWebhookSecret).
	WebhookSecret string `bson:"webhook_secret,omitempty"`
}

// CreateOrganisation stores a new organisation. Returns conflict if the slug
// is taken.
func (s *Store) CreateOrganisation(ctx context.Context, o survey.Organisation) error {
	doc := orgDoc{Slug: o.Slug, Name: o.Name, Settings: mustJSON(o.Settings)}
	defer s.cache.drop()
	if _, err := s.db.Collection(colOrganisations).InsertOne(ctx, doc); err != nil {
		return conflictAs(formatError(fmt.Errorf("store: create organisation: %w", err)), "An organisation with slug %q already exists.", o.Slug)
	}
	return nil
}

// UpdateOrganisation replaces the name and settings of an organisation.
// Returns not_found if it does not exist.
func (s *Store) UpdateOrganisation(ctx context.Context, o survey.Organisation) error {
	defer s.cache.drop()
	res, err := s.db.Collection(colOrganisations).UpdateOne(ctx, bson.M{"_id": o.Slug},
		bson.M{"$set": bson.M{"name": o.Name, "settings": mustJSON(o.Settings)}})
	if err != nil {
		return formatError(fmt.Errorf("store: update organisation: %w", err))
	}
	if res.MatchedCount == 0 {
		return survey.Errorf(survey.ENOTFOUND, "No organisation %q.", o.Slug)
	}
	return nil
}

// FindOrganisation returns the organisation with the slug. Returns not_found
// if there is none.
func (s *Store) FindOrganisation(ctx context.Context, slug string) (*survey.Organisation, error) {
	var d orgDoc
	if err := s.db.Collection(colOrganisations).FindOne(ctx, bson.M{"_id": slug}).Decode(&d); err != nil {
		return nil, notFoundAs(formatError(fmt.Errorf("store: find organisation: %w", err)), "No organisation %q.", slug)
	}
	o := &survey.Organisation{Slug: d.Slug, Name: d.Name}
	if err := unmarshalJSON(d.Settings, &o.Settings); err != nil {
		return nil, fmt.Errorf("store: organisation %q settings: %w", slug, err)
	}
	return o, nil
}

// ListOrganisations returns every organisation, by slug.
func (s *Store) ListOrganisations(ctx context.Context) ([]survey.Organisation, error) {
	var docs []orgDoc
	if err := s.findAll(ctx, colOrganisations, bson.M{}, &docs); err != nil {
		return nil, err
	}
	out := make([]survey.Organisation, 0, len(docs))
	for _, d := range docs {
		o := survey.Organisation{Slug: d.Slug, Name: d.Name}
		if err := unmarshalJSON(d.Settings, &o.Settings); err != nil {
			return nil, fmt.Errorf("store: organisation %q settings: %w", d.Slug, err)
		}
		out = append(out, o)
	}
	return out, nil
}

// CreateService stores a new service of an existing organisation. Returns
// not_found if the organisation does not exist; conflict if the slug is taken.
func (s *Store) CreateService(ctx context.Context, sv survey.Service) error {
	if _, err := s.FindOrganisation(ctx, sv.Organisation); err != nil {
		return err
	}
	doc := serviceDoc{Slug: sv.Slug, Organisation: sv.Organisation, Name: sv.Name}
	if _, err := s.db.Collection(colServices).InsertOne(ctx, doc); err != nil {
		return conflictAs(formatError(fmt.Errorf("store: create service: %w", err)), "A service with slug %q already exists.", sv.Slug)
	}
	return nil
}

// FindService returns the service with the slug. Returns not_found if none.
func (s *Store) FindService(ctx context.Context, slug string) (*survey.Service, error) {
	var d serviceDoc
	if err := s.db.Collection(colServices).FindOne(ctx, bson.M{"_id": slug}).Decode(&d); err != nil {
		return nil, notFoundAs(formatError(fmt.Errorf("store: find service: %w", err)), "No service %q.", slug)
	}
	return &survey.Service{Slug: d.Slug, Organisation: d.Organisation, Name: d.Name}, nil
}

// ListServices returns the services of an organisation (all when org is "").
func (s *Store) ListServices(ctx context.Context, org string) ([]survey.Service, error) {
	filter := bson.M{}
	if org != "" {
		filter["organisation"] = org
	}
	var docs []serviceDoc
	if err := s.findAll(ctx, colServices, filter, &docs); err != nil {
		return nil, err
	}
	out := make([]survey.Service, 0, len(docs))
	for _, d := range docs {
		out = append(out, survey.Service{Slug: d.Slug, Organisation: d.Organisation, Name: d.Name})
	}
	return out, nil
}

// CreateTeam stores a new team of an existing service; its organisation is
// taken from the service. Returns not_found if the service does not exist;
// conflict if the slug is taken.
func (s *Store) CreateTeam(ctx context.Context, t survey.Team) (*survey.Team, error) {
	sv, err := s.FindService(ctx, t.Service)
	if err != nil {
		return nil, err
	}
	t.Organisation = sv.Organisation
	defer s.cache.drop()
	if _, err := s.db.Collection(colTeams).InsertOne(ctx, teamToDoc(t)); err != nil {
		return nil, conflictAs(formatError(fmt.Errorf("store: create team: %w", err)), "A team with slug %q already exists.", t.Slug)
	}
	return &t, nil
}

// UpdateTeam replaces a team's name and contacts. Returns not_found if the
// team does not exist.
func (s *Store) UpdateTeam(ctx context.Context, t survey.Team) error {
	return s.updateTeam(ctx, t, nil)
}

// UpdateTeamWithSecret is UpdateTeam that also replaces the webhook secret,
// in the same write. Returns not_found if the team does not exist.
func (s *Store) UpdateTeamWithSecret(ctx context.Context, t survey.Team, secret string) error {
	return s.updateTeam(ctx, t, &secret)
}

func (s *Store) updateTeam(ctx context.Context, t survey.Team, secret *string) error {
	set := bson.M{"name": t.Name, "safeguarding_email": t.SafeguardingEmail, "webhook_url": t.WebhookURL,
		"contact_emails": t.ContactEmails}
	if secret != nil {
		set["webhook_secret"] = *secret
	}
	defer s.cache.drop()
	res, err := s.db.Collection(colTeams).UpdateOne(ctx, bson.M{"_id": t.Slug}, bson.M{"$set": set})
	if err != nil {
		return formatError(fmt.Errorf("store: update team: %w", err))
	}
	if res.MatchedCount == 0 {
		return survey.Errorf(survey.ENOTFOUND, "No team %q.", t.Slug)
	}
	return nil
}

// FindTeam returns the team with the slug. Returns not_found if none.
func (s *Store) FindTeam(ctx context.Context, slug string) (*survey.Team, error) {
	var d teamDoc
	if err := s.db.Collection(colTeams).FindOne(ctx, bson.M{"_id": slug}).Decode(&d); err != nil {
		return nil, notFoundAs(formatError(fmt.Errorf("store: find team: %w", err)), "No team %q.", slug)
	}
	t := docToTeam(d)
	return &t, nil
}

// TeamFilter selects teams; empty fields match everything.
type TeamFilter struct {
	Organisation string
	Service      string
}

// ListTeams returns the teams matching the filter, by slug.
func (s *Store) ListTeams(ctx context.Context, f TeamFilter) ([]survey.Team, error) {
	filter := bson.M{}
	if f.Organisation != "" {
		filter["organisation"] = f.Organisation
	}
	if f.Service != "" {
		filter["service"] = f.Service
	}
	var docs []teamDoc
	if err := s.findAll(ctx, colTeams, filter, &docs); err != nil {
		return nil, err
	}
	out := make([]survey.Team, 0, len(docs))
	for _, d := range docs {
		out = append(out, docToTeam(d))
	}
	return out, nil
}

func teamToDoc(t survey.Team) teamDoc {
	return teamDoc{Slug: t.Slug, Service: t.Service, Organisation: t.Organisation, Name: t.Name,
		SafeguardingEmail: t.SafeguardingEmail, WebhookURL: t.WebhookURL, ContactEmails: t.ContactEmails}
}

func docToTeam(d teamDoc) survey.Team {
	return survey.Team{Slug: d.Slug, Service: d.Service, Organisation: d.Organisation, Name: d.Name,
		SafeguardingEmail: d.SafeguardingEmail, WebhookURL: d.WebhookURL, ContactEmails: d.ContactEmails}
}

// findAll runs a find sorted by _id and decodes every document into out.
func (s *Store) findAll(ctx context.Context, col string, filter any, out any) error {
	cur, err := s.db.Collection(col).Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return formatError(fmt.Errorf("store: list %s: %w", col, err))
	}
	if err := cur.All(ctx, out); err != nil {
		return formatError(fmt.Errorf("store: list %s: %w", col, err))
	}
	return nil
}

// TeamWebhookSecret returns the secret that signs the team's webhook
// deliveries ("" if none was set). Returns not_found if the team does not
// exist.
func (s *Store) TeamWebhookSecret(ctx context.Context, slug string) (string, error) {
	var d teamDoc
	if err := s.db.Collection(colTeams).FindOne(ctx, bson.M{"_id": slug}).Decode(&d); err != nil {
		return "", notFoundAs(formatError(fmt.Errorf("store: find team: %w", err)), "No team %q.", slug)
	}
	return d.WebhookSecret, nil
}

// SetTeamWebhookSecret replaces the secret that signs the team's webhook
// deliveries. Returns not_found if the team does not exist.
func (s *Store) SetTeamWebhookSecret(ctx context.Context, slug, secret string) error {
	defer s.cache.drop()
	res, err := s.db.Collection(colTeams).UpdateOne(ctx, bson.M{"_id": slug},
		bson.M{"$set": bson.M{"webhook_secret": secret}})
	if err != nil {
		return formatError(fmt.Errorf("store: set webhook secret: %w", err))
	}
	if res.MatchedCount == 0 {
		return survey.Errorf(survey.ENOTFOUND, "No team %q.", slug)
	}
	return nil
}
