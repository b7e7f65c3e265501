package webui

import (
	"context"
	"sync"

	"github.com/chorus-nhs/chorus/survey"
)

// surveyCache keeps the last published version seen of each survey, used
// only while the store is failing.
type surveyCache struct {
	mu   sync.Mutex
	last map[string]*survey.Survey
}

// publishedSurvey returns the latest published version of a survey. When
// the store fails (anything but not_found), it falls back to the last
// version seen, so that a person who posts the form while the store is down
// gets their answers shown back with a request to try again, not an error
// page that loses them.
func (u *UI) publishedSurvey(ctx context.Context, slug string) (*survey.Survey, error) {
	s, err := u.app.Submissions().PublishedSurvey(ctx, slug)
	u.cache.mu.Lock()
	defer u.cache.mu.Unlock()
	if err == nil {
		if u.cache.last == nil {
			u.cache.last = map[string]*survey.Survey{}
		}
		u.cache.last[slug] = s
		return s, nil
	}
	if cached, ok := u.cache.last[slug]; ok && survey.ErrorCode(err) != survey.ENOTFOUND {
		u.log.Warn("webui: store failing; using the last published survey seen", "survey", slug, "code", survey.ErrorCode(err))
		return cached, nil
	}
	return nil, err
}
