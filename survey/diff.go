package survey

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
)

// VersionChange is one difference between two versions of a survey, described in
// plain English for the co-production panel and the version history.
type VersionChange struct {
	// Path names what changed, e.g. "sections[1].questions[2]" or "title".
	Path string `json:"path"`
	// Kind is "added", "removed" or "changed".
	Kind string `json:"kind"`
	// Text says what changed in words.
	Text string `json:"text"`
}

// Diff lists what changed from version a to version b: title and
// languages, teams and keywords, sections, and each question matched by id
// (so a question that moved is reported as moved, not as removed and added).
func Diff(a, b *Survey) []VersionChange {
	var d differ
	d.label("title", "The title", a.Title, b.Title)
	d.label("intro", "The introduction", a.Intro, b.Intro)
	d.strings("languages", "language", a.Languages, b.Languages)
	d.strings("teams", "team", teamSlugs(a.Teams), teamSlugs(b.Teams))
	d.strings("keywords", "keyword", keywordNames(a.Keywords), keywordNames(b.Keywords))
	d.sections(a, b)
	d.questions(a, b)
	return d.out
}

type differ struct{ out []VersionChange }

func (d *differ) add(path, kind, format string, args ...any) {
	d.out = append(d.out, VersionChange{Path: path, Kind: kind, Text: fmt.Sprintf(format, args...)})
}

func (d *differ) label(path, what string, a, b Label) {
	for _, lang := range unionKeys(a, b) {
		switch av, bv := a[lang], b[lang]; {
		case av == bv:
		case av == "":
			d.add(path+"."+lang, "added", "%s in %s was added: %q.", what, lang, bv)
		case bv == "":
			d.add(path+"."+lang, "removed", "%s in %s was removed (was %q).", what, lang, av)
		default:
			d.add(path+"."+lang, "changed", "%s in %s changed from %q to %q.", what, lang, av, bv)
		}
	}
}

func (d *differ) strings(path, noun string, a, b []string) {
	for _, s := range b {
		if !slices.Contains(a, s) {
			d.add(path, "added", "The %s %q was added.", noun, s)
		}
	}
	for _, s := range a {
		if !slices.Contains(b, s) {
			d.add(path, "removed", "The %s %q was removed.", noun, s)
		}
	}
}

func (d *differ) sections(a, b *Survey) {
	for i, sb := range b.Sections {
		j := slices.IndexFunc(a.Sections, func(s Section) bool { return s.ID == sb.ID })
		path := fmt.Sprintf("sections[%d]", i)
		if j < 0 {
			d.add(path, "added", "The section %q was added.", sb.Title.In("en"))
			continue
		}
		sa := a.Sections[j]
		d.label(path+".title", fmt.Sprintf("The title of section %q", sb.ID), sa.Title, sb.Title)
		if !sameJSON(sa.VisibleIf, sb.VisibleIf) {
			d.add(path+".visible_if", "changed", "When section %q is shown changed: %s.", sb.ID, describeCondition(sb.VisibleIf))
		}
	}
	for _, sa := range a.Sections {
		if !slices.ContainsFunc(b.Sections, func(s Section) bool { return s.ID == sa.ID }) {
			d.add("sections", "removed", "The section %q was removed.", sa.Title.In("en"))
		}
	}
}

func (d *differ) questions(a, b *Survey) {
	posA := positions(a)
	posB := positions(b)
	for _, qb := range b.Questions() {
		path := posB[qb.ID]
		qa := a.Question(qb.ID)
		if qa == nil {
			d.add(path, "added", "The question %q (%s) was added.", qb.Label.In("en"), qb.Type)
			continue
		}
		name := fmt.Sprintf("question %q", qb.ID)
		if posA[qb.ID] != path {
			d.add(path, "changed", "The %s moved from %s to %s.", name, posA[qb.ID], path)
		}
		if qa.Type != qb.Type {
			d.add(path+".type", "changed", "The %s changed type from %s to %s.", name, qa.Type, qb.Type)
		}
		if qa.Required != qb.Required {
			req := map[bool]string{true: "required", false: "optional"}
			d.add(path+".required", "changed", "The %s is now %s.", name, req[qb.Required])
		}
		d.label(path+".label", "The wording of the "+name, qa.Label, qb.Label)
		d.label(path+".easy_read", "The easy-read wording of the "+name, qa.EasyRead, qb.EasyRead)
		d.label(path+".hint", "The hint of the "+name, qa.Hint, qb.Hint)
		d.options(path, name, qa, qb)
		if !sameJSON(qa.VisibleIf, qb.VisibleIf) {
			d.add(path+".visible_if", "changed", "When the %s is shown changed: %s.", name, describeCondition(qb.VisibleIf))
		}
		if qa.MaxLength != qb.MaxLength || !sameJSON(qa.Min, qb.Min) || !sameJSON(qa.Max, qb.Max) ||
			qa.Integer != qb.Integer || qa.MaxSelected != qb.MaxSelected || qa.PromptKind != qb.PromptKind {
			d.add(path, "changed", "The limits or settings of the %s changed.", name)
		}
	}
	for _, qa := range a.Questions() {
		if b.Question(qa.ID) == nil {
			d.add(posA[qa.ID], "removed", "The question %q was removed.", qa.Label.In("en"))
		}
	}
}

func (d *differ) options(path, name string, qa, qb *Question) {
	for _, ob := range qb.Options {
		oa := qa.Option(ob.Value)
		if oa == nil {
			d.add(path+".options", "added", "The %s has a new option %q.", name, ob.Label.In("en"))
			continue
		}
		d.label(path+".options."+ob.Value, fmt.Sprintf("Option %q of the %s", ob.Value, name), oa.Label, ob.Label)
	}
	for _, oa := range qa.Options {
		if qb.Option(oa.Value) == nil {
			d.add(path+".options", "removed", "The option %q of the %s was removed.", oa.Label.In("en"), name)
		}
	}
}

func positions(s *Survey) map[string]string {
	pos := map[string]string{}
	for i, sec := range s.Sections {
		for j, q := range sec.Questions {
			pos[q.ID] = fmt.Sprintf("sections[%d].questions[%d]", i, j)
		}
	}
	return pos
}

func describeCondition(c *Condition) string {
	if c == nil {
		return "now always shown"
	}
	if c.In != nil {
		return fmt.Sprintf("now only when %q is one of %v", c.Question, c.In)
	}
	return fmt.Sprintf("now only when %q is %v", c.Question, c.Equals)
}

func sameJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func unionKeys(a, b Label) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func teamSlugs(ts []TeamRef) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Slug
	}
	return out
}

func keywordNames(ks []Keyword) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.Keyword + " → " + k.Team
	}
	return out
}
