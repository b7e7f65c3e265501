package survey

// ReportFigures returns every count a report shows, by the key the
// disclosure decision gives it (nil where the count is suppressed): the
// figures a reader holds. A correction compares the next version's figures
// with these (DisclosureUnit.Published).
func ReportFigures(r Report) map[string]*int {
	f := map[string]*int{"responses": r.Responses.Total}
	walkCells(r, func(key string, c *Cell) { f[key] = c.Count })
	return f
}

// HiddenReasons counts a report's suppressed figures by reason code (the
// responses total included), for the plain-English notes of pages and
// exports. A figure shown in two places (a role's responses) counts once.
func HiddenReasons(r Report) map[string]int {
	out := map[string]int{}
	if r.Responses.Suppressed && r.Responses.Reason != "" {
		out[r.Responses.Reason]++
	}
	seen := map[*Cell]bool{}
	walkCells(r, func(_ string, c *Cell) {
		if c.Suppressed && c.Reason != "" && !seen[c] {
			seen[c] = true
			out[c.Reason]++
		}
	})
	return out
}

// walkCells calls fn with every cell of a report and its decision key.
func walkCells(r Report, fn func(key string, c *Cell)) {
	put := func(key string, c *Cell) {
		if c != nil {
			fn(key, c)
		}
	}
	for role, c := range r.Responses.ByRole {
		put("role."+role, c)
	}
	fftFigures(put, "fft", r.FFT)
	for _, q := range r.Questions {
		put("q."+q.ID+".answered", q.Answered)
		for _, o := range q.Options {
			put("q."+q.ID+".option."+o.Value, o.Cell)
		}
	}
	put("comments", &r.Comments)
	for _, t := range r.Themes {
		themeFigures(put, "theme."+t.Theme, t)
	}
	for _, t := range r.MajorThemes {
		themeFigures(put, "major."+t.Major, t)
	}
	for _, rr := range r.Roles {
		k := "role." + rr.Role
		put(k, rr.Responses)
		fftFigures(put, k+".fft", rr.FFT)
		put(k+".comments", rr.Comments)
		for _, t := range rr.Themes {
			put(k+".theme."+t.Theme, t.Cell)
		}
	}
}

func fftFigures(put func(string, *Cell), key string, f FFTResult) {
	put(key+".total", f.Total)
	put(key+".positive", f.Positive)
	put(key+".negative", f.Negative)
	for a, c := range f.Answers {
		put(key+".answer."+a, c)
	}
}

func themeFigures(put func(string, *Cell), key string, t ThemeResult) {
	put(key, t.Cell)
	for g, c := range t.Sentiment {
		put(key+".sentiment."+g, c)
	}
}
