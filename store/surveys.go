package store

import (
	"context"
	"fmt"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Version statuses.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
)

// SurveyInfo is the record of a survey across its versions.
type SurveyInfo struct {
	Slug             string
	Organisation     string
	Title            survey.Label
	LatestVersion    int
	PublishedVersion int // 0 until a version is published
	Created          string
	// Teams are the teams the survey was started for, which scope who may
	// edit it until its first draft names its teams.
	Teams []string
}

// VersionInfo describes one version of a survey.
type VersionInfo struct {
	Version   int
	Status    string
	Saved     string // date
	Published string // date, when published
}

type surveyDoc struct {
	Slug             string   `bson:"_id"`
	SlugField        string   `bson:"slug"`
	Organisation     string   `bson:"organisation"`
	Title            string   `bson:"title"` // JSON of survey.Label
	LatestVersion    int      `bson:"latest_version"`
	PublishedVersion int      `bson:"published_version"`
	Created          string   `bson:"created"`
	Teams            []string `bson:"teams,omitempty"`
}

type versionDoc struct {
	ID        string `bson:"_id"` // slug@version
	Slug      string `bson:"slug"`
	Version   int    `bson:"version"`
	Status    string `bson:"status"`
	Schema    string `bson:"schema"` // JSON of survey.Survey, exactly as validated
	Saved     string `bson:"saved"`
	Published string `bson:"published,omitempty"`
}

type keywordDoc struct {
	Keyword string `bson:"_id"`
	Field   string `bson:"keyword"`
	Survey  string `bson:"survey"`
	Team    string `bson:"team"`
}

// CreateSurvey stores a new survey record with no versions. Returns not_found
// if the organisation does not exist; conflict if the slug is taken.
func (s *Store) CreateSurvey(ctx context.Context, info SurveyInfo) error {
	if _, err := s.FindOrganisation(ctx, info.Organisation); err != nil {
		return err
	}
	doc := surveyDoc{Slug: info.Slug, SlugField: info.Slug, Organisation: info.Organisation,
		Title: mustJSON(info.Title), Created: s.today(), Teams: info.Teams}
	defer s.cache.drop()
	if _, err := s.db.Collection(colSurveys).InsertOne(ctx, doc); err != nil {
		return conflictAs(formatError(fmt.Errorf("store: create survey: %w", err)), "A survey with slug %q already exists.", info.Slug)
	}
	return nil
}

// FindSurvey returns the survey record. Returns not_found if none.
func (s *Store) FindSurvey(ctx context.Context, slug string) (*SurveyInfo, error) {
	var d surveyDoc
	if err := s.db.Collection(colSurveys).FindOne(ctx, bson.M{"_id": slug}).Decode(&d); err != nil {
		return nil, notFoundAs(formatError(fmt.Errorf("store: find survey: %w", err)), "No survey %q.", slug)
	}
	return surveyInfo(d)
}

// SurveyFilter selects surveys.
type SurveyFilter struct {
	Organisation  string
	PublishedOnly bool
}

// ListSurveys returns the surveys matching the filter, by slug.
func (s *Store) ListSurveys(ctx context.Context, f SurveyFilter) ([]SurveyInfo, error) {
	filter := bson.M{}
	if f.Organisation != "" {
		filter["organisation"] = f.Organisation
	}
	if f.PublishedOnly {
		filter["published_version"] = bson.M{"$gt": 0}
	}
	var docs []surveyDoc
	if err := s.findAll(ctx, colSurveys, filter, &docs); err != nil {
		return nil, err
	}
	out := make([]SurveyInfo, 0, len(docs))
	for _, d := range docs {
		info, err := surveyInfo(d)
		if err != nil {
			return nil, err
		}
		out = append(out, *info)
	}
	return out, nil
}

func surveyInfo(d surveyDoc) (*SurveyInfo, error) {
	info := &SurveyInfo{Slug: d.Slug, Organisation: d.Organisation, LatestVersion: d.LatestVersion,
		PublishedVersion: d.PublishedVersion, Created: d.Created, Teams: d.Teams}
	if err := unmarshalJSON(d.Title, &info.Title); err != nil {
		return nil, fmt.Errorf("store: survey %q title: %w", d.Slug, err)
	}
	return info, nil
}

// SaveDraft stores sv as the draft version of its survey: it replaces the
// current draft, or starts a new version after the latest published one.
// Published versions are never modified. sv must already be checked; its
// Version is set to the version saved. Returns not_found if the survey record
// does not exist.
func (s *Store) SaveDraft(ctx context.Context, sv *survey.Survey) (int, error) {
	if _, err := s.FindSurvey(ctx, sv.Slug); err != nil {
		return 0, err
	}
	col := s.db.Collection(colVersions)
	for attempt := 0; attempt < 3; attempt++ {
		latest, err := s.latestVersion(ctx, sv.Slug, "")
		if err != nil && survey.ErrorCode(err) != survey.ENOTFOUND {
			return 0, err
		}
		if latest != nil && latest.Status == StatusDraft {
			sv.Version = latest.Version
			res, err := col.UpdateOne(ctx, bson.M{"_id": latest.ID, "status": StatusDraft},
				bson.M{"$set": bson.M{"schema": mustJSON(sv), "saved": s.today()}})
			if err != nil {
				return 0, formatError(fmt.Errorf("store: save draft: %w", err))
			}
			if res.MatchedCount == 0 {
				continue // published meanwhile: start a new version
			}
		} else {
			sv.Version = 1
			if latest != nil {
				sv.Version = latest.Version + 1
			}
			doc := versionDoc{ID: versionID(sv.Slug, sv.Version), Slug: sv.Slug, Version: sv.Version,
				Status: StatusDraft, Schema: mustJSON(sv), Saved: s.today()}
			if _, err := col.InsertOne(ctx, doc); err != nil {
				if survey.ErrorCode(formatError(err)) == survey.ECONFLICT {
					continue // another draft was started meanwhile
				}
				return 0, formatError(fmt.Errorf("store: save draft: %w", err))
			}
		}
		defer s.cache.drop()
		_, err = s.db.Collection(colSurveys).UpdateOne(ctx, bson.M{"_id": sv.Slug}, bson.M{
			"$max": bson.M{"latest_version": sv.Version},
			"$set": bson.M{"title": mustJSON(sv.Title)},
		})
		if err != nil {
			return 0, formatError(fmt.Errorf("store: save draft: %w", err))
		}
		return sv.Version, nil
	}
	return 0, survey.Errorf(survey.ECONFLICT, "The survey %q changed while saving; try again.", sv.Slug)
}

// PublishVersion publishes a draft version, making it immutable and the one
// respondents answer, and registers its keywords. Returns not_found if the
// version does not exist; conflict if it is already published or one of its
// keywords belongs to another survey.
func (s *Store) PublishVersion(ctx context.Context, slug string, version int) (*survey.Survey, error) {
	sv, status, err := s.FindVersion(ctx, slug, version)
	if err != nil {
		return nil, err
	}
	if status == StatusPublished {
		return nil, survey.Errorf(survey.ECONFLICT, "Version %d of %q is already published; published versions cannot change.", version, slug)
	}
	var fields []survey.FieldError
	for i, k := range sv.Keywords {
		var d keywordDoc
		err := s.db.Collection(colKeywords).FindOne(ctx, bson.M{"_id": survey.KeywordKey(k.Keyword)}).Decode(&d)
		if err == nil && d.Survey != slug {
			fields = append(fields, survey.FieldError{Field: fmt.Sprintf("keywords[%d]", i),
				Message: fmt.Sprintf("The keyword %q is already used by another survey.", k.Keyword)})
		} else if err != nil && survey.ErrorCode(formatError(err)) != survey.ENOTFOUND {
			return nil, formatError(fmt.Errorf("store: publish: keywords: %w", err))
		}
	}
	if len(fields) > 0 {
		return nil, &survey.Error{Code: survey.ECONFLICT, Message: "A keyword is already in use.", Fields: fields}
	}
	defer s.cache.drop()
	res, err := s.db.Collection(colVersions).UpdateOne(ctx, bson.M{"_id": versionID(slug, version), "status": StatusDraft},
		bson.M{"$set": bson.M{"status": StatusPublished, "published": s.today()}})
	if err != nil {
		return nil, formatError(fmt.Errorf("store: publish: %w", err))
	}
	if res.MatchedCount == 0 {
		return nil, survey.Errorf(survey.ECONFLICT, "Version %d of %q is already published.", version, slug)
	}
	if err := s.registerKeywords(ctx, sv); err != nil {
		return nil, err
	}
	defer s.cache.drop()
	if _, err := s.db.Collection(colSurveys).UpdateOne(ctx, bson.M{"_id": slug},
		bson.M{"$max": bson.M{"published_version": version}}); err != nil {
		return nil, formatError(fmt.Errorf("store: publish: %w", err))
	}
	return sv, nil
}

func (s *Store) registerKeywords(ctx context.Context, sv *survey.Survey) error {
	col := s.db.Collection(colKeywords)
	keep := make([]string, 0, len(sv.Keywords))
	for _, k := range sv.Keywords {
		key := survey.KeywordKey(k.Keyword)
		keep = append(keep, key)
		_, err := col.UpdateOne(ctx, bson.M{"_id": key},
			bson.M{"$set": bson.M{"keyword": key, "survey": sv.Slug, "team": k.Team}},
			options.UpdateOne().SetUpsert(true))
		if err != nil {
			return formatError(fmt.Errorf("store: keyword %q: %w", k.Keyword, err))
		}
	}
	_, err := col.DeleteMany(ctx, bson.M{"survey": sv.Slug, "_id": bson.M{"$nin": keep}})
	if err != nil {
		return formatError(fmt.Errorf("store: keywords: %w", err))
	}
	return nil
}

// FindKeyword returns the survey and team a keyword reaches (the keyword is
// normalised here). Returns not_found if no published survey uses it.
func (s *Store) FindKeyword(ctx context.Context, keyword string) (slug, team string, err error) {
	var d keywordDoc
	if err := s.db.Collection(colKeywords).FindOne(ctx, bson.M{"_id": survey.KeywordKey(keyword)}).Decode(&d); err != nil {
		return "", "", notFoundAs(formatError(fmt.Errorf("store: find keyword: %w", err)), "No survey has the keyword %q.", keyword)
	}
	return d.Survey, d.Team, nil
}

// LatestPublished returns the latest published version of a survey. Returns
// not_found if the survey does not exist or has no published version.
func (s *Store) LatestPublished(ctx context.Context, slug string) (*survey.Survey, error) {
	d, err := s.latestVersion(ctx, slug, StatusPublished)
	if err != nil {
		return nil, notFoundAs(err, "No published survey %q.", slug)
	}
	return decodeSchema(d)
}

// FindVersion returns one version of a survey and its status. Returns
// not_found if there is no such version.
func (s *Store) FindVersion(ctx context.Context, slug string, version int) (*survey.Survey, string, error) {
	var d versionDoc
	if err := s.db.Collection(colVersions).FindOne(ctx, bson.M{"_id": versionID(slug, version)}).Decode(&d); err != nil {
		return nil, "", notFoundAs(formatError(fmt.Errorf("store: find version: %w", err)), "Survey %q has no version %d.", slug, version)
	}
	sv, err := decodeSchema(&d)
	return sv, d.Status, err
}

// ListVersions returns every version of a survey, oldest first. Returns
// not_found if the survey does not exist.
func (s *Store) ListVersions(ctx context.Context, slug string) ([]VersionInfo, error) {
	if _, err := s.FindSurvey(ctx, slug); err != nil {
		return nil, err
	}
	cur, err := s.db.Collection(colVersions).Find(ctx, bson.M{"slug": slug},
		options.Find().SetSort(bson.D{{Key: "version", Value: 1}}).SetProjection(bson.M{"schema": 0}))
	if err != nil {
		return nil, formatError(fmt.Errorf("store: list versions: %w", err))
	}
	var docs []versionDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, formatError(fmt.Errorf("store: list versions: %w", err))
	}
	out := make([]VersionInfo, 0, len(docs))
	for _, d := range docs {
		out = append(out, VersionInfo{Version: d.Version, Status: d.Status, Saved: d.Saved, Published: d.Published})
	}
	return out, nil
}

// latestVersion returns the highest version of a survey, optionally only
// among versions with the status. Returns not_found if there is none.
func (s *Store) latestVersion(ctx context.Context, slug, status string) (*versionDoc, error) {
	filter := bson.M{"slug": slug}
	if status != "" {
		filter["status"] = status
	}
	var d versionDoc
	err := s.db.Collection(colVersions).FindOne(ctx, filter,
		options.FindOne().SetSort(bson.D{{Key: "version", Value: -1}})).Decode(&d)
	if err != nil {
		return nil, formatError(fmt.Errorf("store: latest version: %w", err))
	}
	return &d, nil
}

func decodeSchema(d *versionDoc) (*survey.Survey, error) {
	var sv survey.Survey
	if err := unmarshalJSON(d.Schema, &sv); err != nil {
		return nil, fmt.Errorf("store: survey %s schema: %w", d.ID, err)
	}
	sv.Version = d.Version
	return &sv, nil
}

func versionID(slug string, v int) string { return fmt.Sprintf("%s@%d", slug, v) }

func (s *Store) today() string { return s.now().UTC().Format("2006-01-02") }
