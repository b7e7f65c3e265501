package survey

// ReportFigures returns every count a report shows, by the key the
// disclosure decision gives it (nil where the count is suppressed): the
// figures a reader holds. A correction compares the next version's figures
// with these (DisclosureUnit.Published).
func ReportFigures(r Report) map[string]*int {
	f := map[string]*int{"responses": r.Responses.Total}
	put := func(key string, c *Cell) {
		if c != nil {
			f[key] = c.Count
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
	return f
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
