package survey

import (
	"maps"
	"strconv"
)

// Rollup is what is counted for one team in one quarter: the sums a report
// is built from. The store keeps one per team×quarter, updated with $inc
// at each submission; service and organisation reports Add their teams'.
// Every key is a validated value (a question id, an option value, an FFT
// answer, a role, a theme name from the framework, a sentiment 1–5), never
// respondent text.
type Rollup struct {
	// Total is the number of responses.
	Total int `json:"total"`
	// ByRole counts responses by role (RoleNotStated when none given).
	ByRole map[string]int `json:"by_role,omitempty"`
	// Answered counts, per question id, the responses that answered it.
	Answered map[string]int `json:"answered,omitempty"`
	// Options counts, per question id, each answer key: the option value
	// (single and multi choice), the FFT answer, "1"…"10" (likert and
	// rating) or "yes"/"no".
	Options map[string]map[string]int `json:"options,omitempty"`
	// FFT counts the answers to the survey's first fft question.
	FFT map[string]int `json:"fft,omitempty"`
	// RoleFFT counts FFT answers per role.
	RoleFFT map[string]map[string]int `json:"role_fft,omitempty"`
	// Comments is the number of long_text answers analysed.
	Comments int `json:"comments"`
	// RoleComments counts the comments per role.
	RoleComments map[string]int `json:"role_comments,omitempty"`
	// ThemeSentiment counts comments per sub-theme and sentiment (1–5).
	ThemeSentiment map[string]map[int]int `json:"theme_sentiment,omitempty"`
	// MajorSentiment counts comments per major theme and sentiment; a
	// comment with two sub-themes of one major counts once.
	MajorSentiment map[string]map[int]int `json:"major_sentiment,omitempty"`
	// RoleTheme counts comments per role and sub-theme.
	RoleTheme map[string]map[string]int `json:"role_theme,omitempty"`
}

// CommentTally is what the rollup needs of one analysed comment.
type CommentTally struct {
	Themes    []string // sub-theme names
	Major     []string // major theme names
	Sentiment int      // 1 very positive … 5 very negative
}

// Add adds other's counts to r (for service and organisation sums).
func (r *Rollup) Add(other Rollup) {
	r.Total += other.Total
	r.Comments += other.Comments
	addCounts(&r.ByRole, other.ByRole)
	addCounts(&r.Answered, other.Answered)
	addCounts(&r.FFT, other.FFT)
	addCounts(&r.RoleComments, other.RoleComments)
	addNested(&r.Options, other.Options)
	addNested(&r.RoleFFT, other.RoleFFT)
	addNested(&r.RoleTheme, other.RoleTheme)
	addNested(&r.ThemeSentiment, other.ThemeSentiment)
	addNested(&r.MajorSentiment, other.MajorSentiment)
}

func addCounts[K comparable](dst *map[K]int, src map[K]int) {
	for k, v := range src {
		if *dst == nil {
			*dst = map[K]int{}
		}
		(*dst)[k] += v
	}
}

func addNested[K, J comparable](dst *map[K]map[J]int, src map[K]map[J]int) {
	for k, m := range src {
		if *dst == nil {
			*dst = map[K]map[J]int{}
		}
		inner := (*dst)[k]
		addCounts(&inner, m)
		if inner != nil {
			(*dst)[k] = inner
		}
	}
}

// Clone returns a deep copy of r.
func (r Rollup) Clone() Rollup {
	var c Rollup
	c.Add(r)
	return c
}

// Tally returns the rollup of one response: its role, each counted answer
// and each analysed comment. Answers are the validated answers to sv (an
// int may also arrive as int32, int64 or a whole float64, and a
// multi_choice answer as []any, as they do when read back from the store).
// Only question types with a fixed set of answers count values; free text
// and numbers count as answered only. Rebuilding from stored responses and
// updating at submission both use Tally, so the two always agree.
func Tally(sv *Survey, a Answers, comments []CommentTally) Rollup {
	role := a.Role()
	if !contains(roleValues, role) {
		role = RoleNotStated
	}
	r := Rollup{Total: 1, ByRole: map[string]int{role: 1}}
	fftDone := false
	for _, q := range sv.Questions() {
		raw, ok := a[q.ID]
		if !ok || raw == nil {
			continue
		}
		keys := answerKeys(q, raw)
		if keys == nil {
			continue
		}
		inc(&r.Answered, q.ID)
		for _, k := range keys {
			incNested(&r.Options, q.ID, k)
		}
		if q.Type == TypeFFT && !fftDone && len(keys) == 1 {
			fftDone = true
			inc(&r.FFT, keys[0])
			incNested(&r.RoleFFT, role, keys[0])
		}
	}
	for _, c := range comments {
		r.Comments++
		inc(&r.RoleComments, role)
		s := c.Sentiment
		if s < 1 || s > 5 {
			s = 3 // unknown sentiment counts as neutral
		}
		for _, t := range unique(c.Themes) {
			incNested(&r.ThemeSentiment, t, s)
			incNested(&r.RoleTheme, role, t)
		}
		for _, m := range unique(c.Major) {
			incNested(&r.MajorSentiment, m, s)
		}
	}
	return r
}

// answerKeys returns the keys an answer counts under, an empty non-nil
// slice for a question that is only counted as answered, or nil when the
// answer is not one Tally understands.
func answerKeys(q *Question, raw any) []string {
	switch q.Type {
	case TypeSingleChoice, TypeFFT:
		s, ok := raw.(string)
		if !ok || !validAnswerKey(q, s) {
			return nil
		}
		return []string{s}
	case TypeMultiChoice:
		return multiKeys(q, raw)
	case TypeLikert, TypeRating:
		n, ok := wholeInt(raw)
		if !ok || n < 1 || n > MaxRatingScale {
			return nil
		}
		return []string{strconv.Itoa(n)}
	case TypeYesNo:
		b, ok := raw.(bool)
		if !ok {
			return nil
		}
		if b {
			return []string{"yes"}
		}
		return []string{"no"}
	case TypeNumber, TypeShortText, TypeLongText:
		return []string{}
	}
	return nil
}

func validAnswerKey(q *Question, s string) bool {
	if q.Type == TypeFFT {
		return contains(FFTAnswers, s)
	}
	return q.Option(s) != nil && optionValueRE.MatchString(s)
}

func multiKeys(q *Question, raw any) []string {
	var vals []string
	switch v := raw.(type) {
	case []string:
		vals = v
	case []any:
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil
			}
			vals = append(vals, s)
		}
	default:
		return nil
	}
	keys := []string{}
	for _, s := range unique(vals) {
		if !validAnswerKey(q, s) {
			return nil
		}
		keys = append(keys, s)
	}
	return keys
}

// wholeInt reads an integer answer as it may come back from JSON or BSON.
func wholeInt(raw any) (int, bool) {
	switch v := raw.(type) {
	case int:
		return v, true
	case int32:
		return int(v), true
	case int64:
		return int(v), true
	case float64:
		if v == float64(int(v)) {
			return int(v), true
		}
	}
	return 0, false
}

func unique(xs []string) []string {
	seen := make(map[string]bool, len(xs))
	var out []string
	for _, x := range xs {
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func inc[K comparable](m *map[K]int, k K) {
	if *m == nil {
		*m = map[K]int{}
	}
	(*m)[k]++
}

func incNested[K, J comparable](m *map[K]map[J]int, k K, j J) {
	if *m == nil {
		*m = map[K]map[J]int{}
	}
	inner := (*m)[k]
	inc(&inner, j)
	(*m)[k] = inner
}

// Equal reports whether two rollups hold the same counts; zero counts and
// empty maps equal missing ones.
func (r Rollup) Equal(o Rollup) bool {
	return r.Total == o.Total && r.Comments == o.Comments &&
		countsEqual(r.ByRole, o.ByRole) && countsEqual(r.Answered, o.Answered) &&
		countsEqual(r.FFT, o.FFT) && countsEqual(r.RoleComments, o.RoleComments) &&
		nestedEqual(r.Options, o.Options) && nestedEqual(r.RoleFFT, o.RoleFFT) &&
		nestedEqual(r.RoleTheme, o.RoleTheme) && nestedEqual(r.ThemeSentiment, o.ThemeSentiment) &&
		nestedEqual(r.MajorSentiment, o.MajorSentiment)
}

func countsEqual[K comparable](a, b map[K]int) bool {
	return maps.Equal(nonZero(a), nonZero(b))
}

func nonZero[K comparable](m map[K]int) map[K]int {
	out := map[K]int{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

func nestedEqual[K, J comparable](a, b map[K]map[J]int) bool {
	for k := range a {
		if !countsEqual(a[k], b[k]) {
			return false
		}
	}
	for k := range b {
		if !countsEqual(a[k], b[k]) {
			return false
		}
	}
	return true
}
