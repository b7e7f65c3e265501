package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colPanel = "survey_panel"

// PanelNote is a panel member's comment or approval (survey.PanelNote).
type PanelNote = survey.PanelNote

// panelNoteDoc is the stored document of a PanelNote.
type panelNoteDoc struct {
	ID       string    `bson:"_id"`
	Survey   string    `bson:"survey"`
	Version  int       `bson:"version"`
	Kind     string    `bson:"kind"`
	Question string    `bson:"question,omitempty"`
	Author   string    `bson:"author"`
	Name     string    `bson:"name"`
	Text     string    `bson:"text,omitempty"`
	Content  string    `bson:"content"`
	Date     string    `bson:"date"`
	Created  time.Time `bson:"created"`
}

// Panel note kinds.
const (
	NoteComment  = "comment"
	NoteApproval = "approval"
)

// ContentHash is the SHA-256 of a version's schema as stored, so approvals
// can be tied to exactly what was approved.
func ContentHash(sv *survey.Survey) string {
	sum := sha256.Sum256([]byte(mustJSON(sv)))
	return hex.EncodeToString(sum[:])
}

// AddPanelNote stores a comment or an approval on a draft version. An
// author's second approval of the same content replaces the first. Returns
// not_found if the version does not exist and conflict if it is published.
func (s *Store) AddPanelNote(ctx context.Context, n PanelNote) (*PanelNote, error) {
	sv, status, err := s.FindVersion(ctx, n.Survey, n.Version)
	if err != nil {
		return nil, err
	}
	if status != StatusDraft {
		return nil, survey.Errorf(survey.ECONFLICT, "Version %d of %q is published; the panel reviews drafts.", n.Version, n.Survey)
	}
	n.Content = ContentHash(sv)
	n.Date = s.today()
	n.Created = s.now().UTC()
	col := s.db.Collection(colPanel)
	if n.Kind == NoteApproval {
		n.ID = fmt.Sprintf("%s@%d#approval#%s", n.Survey, n.Version, n.Author)
		_, err = col.ReplaceOne(ctx, bson.M{"_id": n.ID}, panelNoteDoc(n), options.Replace().SetUpsert(true))
	} else {
		n.ID = randomHex(12)
		_, err = col.InsertOne(ctx, panelNoteDoc(n))
	}
	if err != nil {
		return nil, formatError(fmt.Errorf("store: panel note: %w", err))
	}
	return &n, nil
}

// ListPanelNotes returns the comments and approvals of a version, oldest
// first. Approvals of content that has since changed are marked stale by
// leaving them out of CountApprovals, not here.
func (s *Store) ListPanelNotes(ctx context.Context, slug string, version int) ([]PanelNote, error) {
	cur, err := s.db.Collection(colPanel).Find(ctx, bson.M{"survey": slug, "version": version},
		options.Find().SetSort(bson.D{{Key: "created", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, formatError(fmt.Errorf("store: panel notes: %w", err))
	}
	var docs []panelNoteDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, formatError(fmt.Errorf("store: panel notes: %w", err))
	}
	var out []PanelNote
	for _, d := range docs {
		out = append(out, PanelNote(d))
	}
	return out, nil
}

// CountApprovals counts the panel approvals of a version's current content.
func (s *Store) CountApprovals(ctx context.Context, slug string, version int) (int, error) {
	sv, _, err := s.FindVersion(ctx, slug, version)
	if err != nil {
		return 0, err
	}
	n, err := s.db.Collection(colPanel).CountDocuments(ctx, bson.M{
		"survey": slug, "version": version, "kind": NoteApproval, "content": ContentHash(sv)})
	if err != nil {
		return 0, formatError(fmt.Errorf("store: count approvals: %w", err))
	}
	return int(n), nil
}
