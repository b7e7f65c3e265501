package survey

import (
	"fmt"
	"strings"
)

// condition checks a visible_if: it must name an earlier question (for a
// section, one in an earlier section) that has a fixed set of answers, and
// give exactly one of equals and in, with values that answer that question.
// self is the question being checked, nil for a section's condition.
func (c *checker) condition(field string, cond *Condition, section int, self *Question) {
	target, ok := c.seen[cond.Question]
	switch {
	case cond.Question == "":
		c.fail(field+".question", "Choose the question this depends on.")
		return
	case self != nil && cond.Question == self.ID:
		c.fail(field+".question", "A question cannot depend on itself.")
		return
	case self == nil && !ok && inSection(&c.s.Sections[section], cond.Question):
		c.fail(field+".question", "A section can only depend on a question in an earlier section; %q is in this section.", cond.Question)
		return
	case !ok && c.s.Question(cond.Question) != nil:
		c.fail(field+".question", "A condition can only depend on an earlier question; %q comes later.", cond.Question)
		return
	case !ok:
		c.fail(field+".question", "No question has the id %q.", truncate(cond.Question, 40))
		return
	case target.q.Type == TypeShortText || target.q.Type == TypeLongText:
		c.fail(field+".question", "A condition cannot depend on a free-text answer; %q is %s.", cond.Question, target.q.Type)
		return
	}
	switch {
	case cond.Equals == nil && len(cond.In) == 0:
		c.fail(field, "Give either equals or in.")
		return
	case cond.Equals != nil && len(cond.In) > 0:
		c.fail(field, "Give either equals or in, not both.")
		return
	case len(cond.In) > MaxOptions:
		c.fail(field+".in", "List at most %d values.", MaxOptions)
		return
	}
	if !contains(QuestionTypes, target.q.Type) || (isChoice(target.q) && len(target.q.Options) == 0) {
		return // the target's own error is reported
	}
	if cond.Equals != nil {
		c.conditionValue(field+".equals", target.q, cond.Equals)
		return
	}
	for k, v := range cond.In {
		c.conditionValue(fmt.Sprintf("%s.in[%d]", field, k), target.q, v)
	}
}

// conditionValue checks that v is a possible answer to q.
func (c *checker) conditionValue(field string, q *Question, v any) {
	var ok bool
	switch q.Type {
	case TypeSingleChoice, TypeMultiChoice:
		s, isString := v.(string)
		ok = isString && q.Option(s) != nil
	default:
		_, msg := normaliseAnswer(q, v)
		ok = msg == ""
	}
	if !ok {
		c.fail(field, "%s", conditionValueMessage(q))
	}
}

// conditionValueMessage says which values answer q.
func conditionValueMessage(q *Question) string {
	switch q.Type {
	case TypeSingleChoice, TypeMultiChoice:
		values := make([]string, len(q.Options))
		for i, o := range q.Options {
			values[i] = o.Value
		}
		return fmt.Sprintf("Use one of the option values of %q: %s.", q.ID, strings.Join(values, ", "))
	case TypeYesNo:
		return fmt.Sprintf("Use true or false: %q is a yes/no question.", q.ID)
	case TypeFFT:
		return fmt.Sprintf("Use one of the FFT answers: %s.", strings.Join(FFTAnswers, ", "))
	case TypeLikert:
		return "Use a whole number from 1 to 5."
	case TypeRating:
		return fmt.Sprintf("Use a whole number from 1 to %d.", ratingMax(q))
	}
	return "Use " + numberRange(q) + "."
}

// numberRange describes the answers of a number question, such as
// "a whole number from 0 to 10".
func numberRange(q *Question) string {
	kind := "a number"
	if q.Integer {
		kind = "a whole number"
	}
	switch {
	case q.Min != nil && q.Max != nil:
		return fmt.Sprintf("%s from %s to %s", kind, formatNumber(*q.Min), formatNumber(*q.Max))
	case q.Min != nil:
		return fmt.Sprintf("%s of %s or more", kind, formatNumber(*q.Min))
	case q.Max != nil:
		return fmt.Sprintf("%s of %s or less", kind, formatNumber(*q.Max))
	}
	return kind
}

// inSection reports whether the section has a question with the id.
func inSection(sec *Section, id string) bool {
	for i := range sec.Questions {
		if sec.Questions[i].ID == id {
			return true
		}
	}
	return false
}

// isChoice reports whether q is a single_choice or multi_choice question.
func isChoice(q *Question) bool {
	return q.Type == TypeSingleChoice || q.Type == TypeMultiChoice
}
