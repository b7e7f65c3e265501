package survey

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
)

// BuildReport turns a lone rollup into a report, suppressed on its own
// (the reports of an organisation come from DecideQuarter instead, which
// also protects each report against the others): every count, percentage,
// Wilson interval and change against prev (the previous quarter's rollup,
// or nil), with small-number suppression applied once, here, before
// anything is shown. status is taken from meta.Status (draft when empty).
//
// Suppression (docs/reports.md explains it in plain English):
//   - a count from 1 to Threshold()-1 is suppressed (null, "suppressed":
//     true), and so is everything derived from it;
//   - when a group's total is below the threshold, every cell in the group
//     is suppressed, zeros included, so that "all of them said X" cannot be
//     read off a small group;
//   - complementary suppression: in every group whose cells add up to a
//     total (roles, each question's answers, FFT answers, sentiment splits,
//     role × theme), never exactly one value is suppressed among the total
//     and its cells, so nothing can be recovered by subtraction;
//   - with fewer than QuoteMin() responses no percentage, interval, change,
//     emerging term or quote is shown at all; a role with fewer than
//     QuoteMin() responses shows no percentages in its side-by-side column.
func BuildReport(r Rollup, prev *Rollup, meta ReportMeta, settings OrgSettings) Report {
	rep, cur := buildOne(r, meta, settings)
	if prev != nil {
		pm := meta
		pm.Quarter = meta.Quarter.Prev()
		_, old := buildOne(*prev, pm, settings)
		cur.compare(old)
		rep.Previous = pm.Quarter.Key()
	}
	return rep
}

// buildOne builds and suppresses the report of one rollup on its own: the
// single-unit case of DecideQuarter.
func buildOne(r Rollup, meta ReportMeta, settings OrgSettings) (Report, *builder) {
	u := prepareUnit(r, meta, settings)
	u.b.suppress()
	return u.finish(meta), u.b
}

// unitBuild is one report whose cells are registered but not yet
// suppressed: DecideQuarter suppresses the cells of every unit together.
type unitBuild struct {
	rep      Report
	b        *builder
	comments *Cell
}

// prepareUnit registers every cell and group of one rollup's report.
func prepareUnit(r Rollup, meta ReportMeta, settings OrgSettings) *unitBuild {
	b := &builder{t: settings.Threshold(), quoteMin: settings.QuoteMin(), r: r, byKey: map[string]*Cell{}}
	b.pctOK = r.Total >= b.quoteMin
	status := meta.Status
	if status == "" {
		status = ReportDraft
	}
	label := meta.Label
	if label == "" {
		label = meta.Quarter.Key()
	}
	rep := Report{
		Quarter: meta.Quarter.Key(), Label: label, Status: status, Scope: meta.Scope,
		Suppression: SuppressionInfo{Threshold: b.t, QuoteMin: b.quoteMin, Percentages: b.pctOK, Quotes: b.pctOK},
	}
	rep.Responses = b.responses()
	rep.FFT = b.fft("fft", fftQuestion(meta.Questions), r.FFT, false)
	rep.Questions = b.questions(meta.Questions, &rep)
	comments := b.cell("comments", r.Comments, nil)
	b.themes(&rep, meta.Framework, comments)
	rep.Roles = b.roles(&rep, meta.Framework, comments)
	return &unitBuild{rep: rep, b: b, comments: comments}
}

// finish publishes the suppressed cells and fills what derives from them.
func (u *unitBuild) finish(meta ReportMeta) Report {
	b, rep := u.b, u.rep
	b.publish()
	rep.Suppression.Percentages, rep.Suppression.Quotes = b.pctOK, b.pctOK
	rep.Comments = *u.comments
	rep.Responses.Total, rep.Responses.Suppressed = rep.Responses.total.Count, rep.Responses.total.Suppressed
	rep.Responses.Reason = rep.Responses.total.Reason
	for i := range rep.Themes {
		rep.Themes[i].Share = rep.Themes[i].Percent
	}
	for i := range rep.MajorThemes {
		rep.MajorThemes[i].Share = rep.MajorThemes[i].Percent
	}
	for i := range rep.Roles {
		for j := range rep.Roles[i].Themes {
			rep.Roles[i].Themes[j].Share = rep.Roles[i].Themes[j].Percent
		}
		sortThemes(rep.Roles[i].Themes)
	}
	sortThemes(rep.Themes)
	sortThemes(rep.MajorThemes)
	rep.EmergingTerms = b.emerging(meta.EmergingTerms)
	rep.Quotes = []Quote{}
	if b.pctOK && meta.Quotes != nil {
		rep.Quotes = meta.Quotes
	}
	rep.Actions = meta.Actions
	if rep.Actions == nil {
		rep.Actions = []Action{}
	}
	return rep
}

// builder collects the cells of one report and the groups (partitions)
// they form, so that suppression can run over all of them at once.
type builder struct {
	t, quoteMin int
	pctOK       bool
	r           Rollup
	cells       []*Cell
	parts       []partition
	twins       [][2]*Cell // cells that hold the same count
	byKey       map[string]*Cell
	// protectPrimaryOnly: the audit protects primary cells only (the
	// quarter decision); else every non-zero hidden cell (one report).
	protectPrimaryOnly bool
	partsOf            map[*Cell][]int   // exact groups holding a cell (index)
	twinsOf            map[*Cell][]*Cell // twins of a cell (index)
}

// partition is a total and cells that add up to it (or, for multi-label
// groups, at most to it: treated the same, conservatively).
type partition struct {
	total   *Cell
	members []*Cell
	exact   bool // the cells add up to the total exactly
}

// cell registers a count; base is the cell its percentage is of (nil for
// none).
func (b *builder) cell(key string, n int, base *Cell) *Cell {
	c := &Cell{n: n, base: base, key: key}
	b.cells = append(b.cells, c)
	b.byKey[key] = c
	return c
}

// group registers a partition when it has two or more cells.
func (b *builder) group(total *Cell, members ...*Cell) {
	if len(members) >= 2 {
		b.parts = append(b.parts, partition{total: total, members: members, exact: true})
	}
}

// looseGroup registers cells that add up to at least their total (a
// multi-label split): protected like a partition, but not an equation.
func (b *builder) looseGroup(total *Cell, members ...*Cell) {
	if len(members) >= 2 {
		b.parts = append(b.parts, partition{total: total, members: members})
	}
}

func (b *builder) responses() Responses {
	total := b.cell("responses", b.r.Total, nil)
	res := Responses{total: total, ByRole: map[string]*Cell{}}
	var members []*Cell
	for _, role := range ReportRoles {
		c := b.cell("role."+role, b.r.ByRole[role], total)
		res.ByRole[role] = c
		members = append(members, c)
	}
	b.group(total, members...)
	return res
}

// fftQuestion returns the id of the first fft question.
func fftQuestion(qs []Question) string {
	for _, q := range qs {
		if q.Type == TypeFFT {
			return q.ID
		}
	}
	return ""
}

// fft builds an FFT block from answer counts. noPct withholds percentages
// (a role with fewer responses than the quote minimum).
func (b *builder) fft(key, question string, counts map[string]int, noPct bool) FFTResult {
	sum := 0
	for _, a := range FFTAnswers {
		sum += counts[a]
	}
	total := b.cell(key+".total", sum, nil)
	res := FFTResult{Question: question, Total: total, Answers: map[string]*Cell{}}
	var all []*Cell
	for _, a := range FFTAnswers {
		c := b.cell(key+".answer."+a, counts[a], total)
		res.Answers[a] = c
		all = append(all, c)
	}
	res.Positive = b.cell(key+".positive", counts[FFTVeryGood]+counts[FFTGood], total)
	res.Negative = b.cell(key+".negative", counts[FFTPoor]+counts[FFTVeryPoor], total)
	for _, c := range append(all, total, res.Positive, res.Negative) {
		c.noPct = noPct
	}
	b.group(total, all...)
	b.group(res.Positive, res.Answers[FFTVeryGood], res.Answers[FFTGood])
	b.group(res.Negative, res.Answers[FFTPoor], res.Answers[FFTVeryPoor])
	b.group(total, res.Positive, res.Answers[FFTNeither], res.Negative, res.Answers[FFTDontKnow])
	return res
}

// questions builds every question's distribution: meta's questions in
// order, then any other counted question by id.
func (b *builder) questions(qs []Question, rep *Report) []QuestionResult {
	seen := map[string]bool{}
	out := []QuestionResult{}
	for i := range qs {
		if seen[qs[i].ID] {
			continue
		}
		seen[qs[i].ID] = true
		out = append(out, b.question(&qs[i], rep))
	}
	extra := slices.Sorted(maps.Keys(b.r.Answered))
	for _, id := range extra {
		if !seen[id] {
			out = append(out, b.question(&Question{ID: id}, rep))
		}
	}
	return out
}

func (b *builder) question(q *Question, rep *Report) QuestionResult {
	res := QuestionResult{ID: q.ID, Type: q.Type, Label: q.Label, Options: []OptionResult{}}
	counts := b.r.Options[q.ID]
	answered := b.r.Answered[q.ID]
	switch {
	case q.ID == rep.FFT.Question && q.ID != "" && sameCounts(counts, b.r.FFT) && answered == rep.FFT.Total.n:
		// The FFT block's own question: the same cells, so they are
		// suppressed alike.
		res.Answered = rep.FFT.Total
		b.byKey["q."+q.ID+".answered"] = rep.FFT.Total
		for _, a := range FFTAnswers {
			res.Options = append(res.Options, OptionResult{Value: a, Cell: rep.FFT.Answers[a]})
			b.byKey["q."+q.ID+".option."+a] = rep.FFT.Answers[a]
		}
		return res
	case q.ID == RoleQuestionID && b.sameRoles(counts, answered):
		return b.roleQuestion(q, rep)
	}
	res.Answered = b.cell("q."+q.ID+".answered", answered, rep.Responses.total)
	var members []*Cell
	for _, v := range optionOrder(q, counts) {
		c := b.cell("q."+q.ID+".option."+v, counts[v], res.Answered)
		res.Options = append(res.Options, OptionResult{Value: v, Label: optionLabel(q, v), Cell: c})
		members = append(members, c)
	}
	if q.Type == TypeMultiChoice {
		b.looseGroup(res.Answered, members...)
	} else {
		b.group(res.Answered, members...)
	}
	return res
}

// sameRoles reports whether the role question's counts are those of the
// responses' roles, so that the two can share cells.
func (b *builder) sameRoles(counts map[string]int, answered int) bool {
	sum := 0
	for _, role := range roleValues {
		if counts[role] != b.r.ByRole[role] {
			return false
		}
		sum += counts[role]
	}
	return sum == answered && answered+b.r.ByRole[RoleNotStated] == b.r.Total && len(counts) <= len(roleValues)
}

func (b *builder) roleQuestion(q *Question, rep *Report) QuestionResult {
	res := QuestionResult{ID: q.ID, Type: q.Type, Label: q.Label, Options: []OptionResult{}}
	res.Answered = b.cell("q."+q.ID+".answered", b.r.Answered[q.ID], rep.Responses.total)
	var members []*Cell
	for _, v := range optionOrder(q, b.r.Options[q.ID]) {
		role := rep.Responses.ByRole[v]
		if role == nil {
			continue
		}
		// The same count as the role's, as a share of those who answered:
		// a twin, hidden whenever the role's count is.
		c := b.cell("q."+q.ID+".option."+v, role.n, res.Answered)
		b.twins = append(b.twins, [2]*Cell{c, role})
		res.Options = append(res.Options, OptionResult{Value: v, Label: optionLabel(q, v), Cell: c})
		members = append(members, c)
	}
	b.group(res.Answered, members...)
	b.group(rep.Responses.total, res.Answered, rep.Responses.ByRole[RoleNotStated])
	return res
}

// optionOrder lists the answer keys of a question: its options (or scale)
// in order, then any other counted key.
func optionOrder(q *Question, counts map[string]int) []string {
	var keys []string
	switch q.Type {
	case TypeSingleChoice, TypeMultiChoice:
		for _, o := range q.Options {
			keys = append(keys, o.Value)
		}
	case TypeFFT:
		keys = slices.Clone(FFTAnswers)
	case TypeLikert:
		keys = scale(5)
	case TypeRating:
		keys = scale(ratingMax(q))
	case TypeYesNo:
		keys = []string{"yes", "no"}
	case TypeNumber, TypeShortText, TypeLongText:
		return nil
	}
	var extra []string
	for k := range counts {
		if !slices.Contains(keys, k) {
			extra = append(extra, k)
		}
	}
	slices.SortFunc(extra, compareKeys)
	return append(keys, extra...)
}

// compareKeys orders numeric keys by value, then other keys as strings.
func compareKeys(a, b string) int {
	na, ea := strconv.Atoi(a)
	nb, eb := strconv.Atoi(b)
	switch {
	case ea == nil && eb == nil:
		return na - nb
	case ea == nil:
		return -1
	case eb == nil:
		return 1
	}
	return cmp.Compare(a, b)
}

func scale(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = strconv.Itoa(i + 1)
	}
	return keys
}

func optionLabel(q *Question, v string) Label {
	if o := q.Option(v); o != nil {
		return o.Label
	}
	return nil
}

func sameCounts(a, b map[string]int) bool { return countsEqual(a, b) }

// sentimentGroups maps the 1–5 scale onto the three groups shown.
var sentimentGroups = []struct {
	name   string
	levels []int
}{
	{SentimentPositive, []int{1, 2}},
	{SentimentNeutral, []int{3}},
	{SentimentNegative, []int{4, 5}},
}

// theme builds one theme's cell with its sentiment split.
func (b *builder) theme(key, major, name string, bySent map[int]int, comments *Cell) ThemeResult {
	n := 0
	for _, v := range bySent {
		n += v
	}
	c := b.cell(key, n, comments)
	res := ThemeResult{Major: major, Theme: name, Cell: c, Sentiment: map[string]*Cell{}}
	var members []*Cell
	for _, g := range sentimentGroups {
		k := 0
		for _, l := range g.levels {
			k += bySent[l]
		}
		s := b.cell(key+".sentiment."+g.name, k, c)
		res.Sentiment[g.name] = s
		members = append(members, s)
	}
	b.group(c, members...)
	return res
}

// themes builds the sub-themes and major themes with a count, each in
// framework order (sorted by count at the end).
func (b *builder) themes(rep *Report, fw []ThemeRef, comments *Cell) {
	rep.Themes, rep.MajorThemes = []ThemeResult{}, []ThemeResult{}
	majorOf := map[string]string{}
	for _, t := range themeOrder(fw, b.r.ThemeSentiment) {
		majorOf[t.Theme] = t.Major
		if b.r.ThemeSentiment[t.Theme] == nil {
			continue
		}
		rep.Themes = append(rep.Themes, b.theme("theme."+t.Theme, t.Major, t.Theme, b.r.ThemeSentiment[t.Theme], comments))
	}
	for _, m := range majorOrder(fw, b.r.MajorSentiment) {
		mr := b.theme("major."+m, m, "", b.r.MajorSentiment[m], comments)
		rep.MajorThemes = append(rep.MajorThemes, mr)
		var subs []*Cell
		for _, t := range rep.Themes {
			if t.Major == m {
				subs = append(subs, t.Cell)
			}
		}
		// Sub-themes of a major do not strictly add up to it (a comment
		// may carry two), but a reader could still bound one by
		// subtraction, so they are protected like a partition.
		b.looseGroup(mr.Cell, subs...)
	}
}

// themeOrder lists the framework's themes, then any other counted theme.
func themeOrder(fw []ThemeRef, counts map[string]map[int]int) []ThemeRef {
	out := slices.Clone(fw)
	known := map[string]bool{}
	for _, t := range fw {
		known[t.Theme] = true
	}
	for _, t := range slices.Sorted(maps.Keys(counts)) {
		if !known[t] {
			out = append(out, ThemeRef{Theme: t})
		}
	}
	return out
}

// majorOrder lists the counted major themes in framework order, then any
// others by name.
func majorOrder(fw []ThemeRef, counts map[string]map[int]int) []string {
	var out []string
	for _, t := range fw {
		if counts[t.Major] != nil && !slices.Contains(out, t.Major) {
			out = append(out, t.Major)
		}
	}
	for _, m := range slices.Sorted(maps.Keys(counts)) {
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// roles builds the side-by-side columns: every role with responses.
func (b *builder) roles(rep *Report, fw []ThemeRef, comments *Cell) []RoleResult {
	out := []RoleResult{}
	for _, role := range ReportRoles {
		if b.r.ByRole[role] == 0 {
			continue
		}
		noPct := b.r.ByRole[role] < b.quoteMin
		rr := RoleResult{Role: role, Responses: rep.Responses.ByRole[role], Themes: []ThemeResult{}}
		rr.FFT = b.fft("role."+role+".fft", rep.FFT.Question, b.r.RoleFFT[role], noPct)
		rr.Comments = b.cell("role."+role+".comments", b.r.RoleComments[role], nil)
		for _, t := range themeOrder(fw, b.r.ThemeSentiment) {
			n, ok := b.r.RoleTheme[role][t.Theme]
			if !ok {
				continue
			}
			c := b.cell("role."+role+".theme."+t.Theme, n, rr.Comments)
			c.noPct = noPct
			rr.Themes = append(rr.Themes, ThemeResult{Major: t.Major, Theme: t.Theme, Cell: c})
		}
		out = append(out, rr)
	}
	b.crossRoles(rep, out, comments)
	return out
}

// crossRoles registers the groups that run across roles: each FFT figure
// and each theme split by role adds up to the overall one.
func (b *builder) crossRoles(rep *Report, rs []RoleResult, comments *Cell) {
	if len(rs) == 0 {
		return
	}
	across := func(total *Cell, pick func(RoleResult) *Cell) {
		var members []*Cell
		sum := 0
		for _, rr := range rs {
			if c := pick(rr); c != nil {
				members = append(members, c)
				sum += c.n
			}
		}
		switch {
		case total == nil || sum != total.n:
		case len(members) == 1:
			// One role: its figure is the overall one.
			b.twins = append(b.twins, [2]*Cell{total, members[0]})
		default:
			b.group(total, members...)
		}
	}
	across(rep.FFT.Total, func(rr RoleResult) *Cell { return rr.FFT.Total })
	across(rep.FFT.Positive, func(rr RoleResult) *Cell { return rr.FFT.Positive })
	across(rep.FFT.Negative, func(rr RoleResult) *Cell { return rr.FFT.Negative })
	for _, a := range FFTAnswers {
		across(rep.FFT.Answers[a], func(rr RoleResult) *Cell { return rr.FFT.Answers[a] })
	}
	across(comments, func(rr RoleResult) *Cell { return rr.Comments })
	for _, t := range rep.Themes {
		across(t.Cell, func(rr RoleResult) *Cell { return roleTheme(rr, t.Theme) })
	}
}

func roleTheme(rr RoleResult, theme string) *Cell {
	for _, t := range rr.Themes {
		if t.Theme == theme {
			return t.Cell
		}
	}
	return nil
}
