package survey

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
)

// decideTotals decides a quarter whose teams have only responses (all
// service users) and returns, for every unit whose response count is
// hidden, the reason given.
func decideTotals(t *testing.T, services [][]int, settings OrgSettings) map[string]string {
	t.Helper()
	var rs [][]Rollup
	for _, teams := range services {
		var row []Rollup
		for _, n := range teams {
			row = append(row, Rollup{Total: n, ByRole: map[string]int{RoleServiceUser: n}})
		}
		rs = append(rs, row)
	}
	in := quarterOf(rs, settings)
	for i := range in.Services {
		in.Services[i].Unit.Meta.Questions, in.Services[i].Unit.Meta.Framework = nil, nil
		for j := range in.Services[i].Teams {
			in.Services[i].Teams[j].Meta.Questions, in.Services[i].Teams[j].Meta.Framework = nil, nil
		}
	}
	in.Org.Meta.Questions, in.Org.Meta.Framework = nil, nil
	d := DecideQuarter(in)
	hidden := map[string]string{}
	check := func(u DisclosureUnit) {
		rep, _ := d.Report(u.Meta.Scope.Level, u.Meta.Scope.Slug, ReportView{})
		if rep.Responses.Suppressed {
			hidden[u.Meta.Scope.Slug] = rep.Responses.Reason
		}
		if rep.Responses.Suppressed != (rep.Responses.Total == nil) {
			t.Errorf("%s: suppressed %v but total %v", u.Meta.Scope.Slug, rep.Responses.Suppressed, rep.Responses.Total)
		}
	}
	check(in.Org)
	for _, s := range in.Services {
		check(s.Unit)
		for _, tm := range s.Teams {
			check(tm)
		}
	}
	return hidden
}

func sameHidden(t *testing.T, name string, got, want map[string]string) {
	t.Helper()
	if !maps.Equal(got, want) {
		t.Errorf("%s: hidden %v, want %v", name, fmt.Sprint(sorted(got)), fmt.Sprint(sorted(want)))
	}
}

func sorted(m map[string]string) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, k+"="+m[k])
	}
	return out
}

// NHS rule 1: counts from 1 to threshold−1 are hidden (and nothing else
// where no sibling or parent could give them away).
func TestNHSRuleSmallCounts(t *testing.T) {
	for _, tc := range []struct {
		name     string
		services [][]int
		settings OrgSettings
		want     map[string]string
	}{
		{"nothing small", [][]int{{12, 25}}, OrgSettings{MinBase: 5}, map[string]string{}},
		{"a 3 beside a 0 is hidden", [][]int{{3, 0}}, OrgSettings{MinBase: 5},
			// The service equals its only responding team, so both go; the
			// hidden service then hides its two smallest teams (rule 3).
			map[string]string{"s1-t1": ReasonSmallCount, "s1-t2": ReasonProtectsOther, "s1": ReasonSmallCount, "org": ReasonSmallCount}},
		{"threshold 3 keeps 3", [][]int{{3, 12}}, OrgSettings{SuppressionThreshold: 3, MinBase: 3}, map[string]string{}},
		{"threshold 7 hides 6", [][]int{{6, 12}, {9, 9}}, OrgSettings{SuppressionThreshold: 7, MinBase: 7},
			map[string]string{"s1-t1": ReasonSmallCount, "s1-t2": ReasonProtectsOther}},
	} {
		sameHidden(t, tc.name, decideTotals(t, tc.services, tc.settings), tc.want)
	}
}

// NHS rule 2: within each parent, the next-smallest sibling is hidden too,
// so the parent's total cannot give the small one away.
func TestNHSRuleNextSmallestSibling(t *testing.T) {
	for _, tc := range []struct {
		name     string
		services [][]int
		want     map[string]string
	}{
		// The scenario of issue 10: service of 3, 12 and 25; service of 8 and 6.
		{"issue scenario", [][]int{{3, 12, 25}, {8, 6}},
			map[string]string{"s1-t1": ReasonSmallCount, "s1-t2": ReasonProtectsOther}},
		{"the next smallest, not the largest", [][]int{{2, 30, 9, 14}},
			map[string]string{"s1-t1": ReasonSmallCount, "s1-t3": ReasonProtectsOther}},
		{"two small siblings protect each other", [][]int{{2, 4, 30}},
			map[string]string{"s1-t1": ReasonSmallCount, "s1-t2": ReasonSmallCount}},
		{"small service: the next smallest service", [][]int{{1, 3}, {20, 20}, {40}},
			map[string]string{"s1": ReasonSmallCount, "s1-t1": ReasonSmallCount, "s1-t2": ReasonSmallCount,
				"s2": ReasonProtectsOther, "s2-t1": ReasonProtectsOther, "s2-t2": ReasonProtectsOther}},
	} {
		sameHidden(t, tc.name, decideTotals(t, tc.services, OrgSettings{MinBase: 5}), tc.want)
	}
}

// NHS rule 3: when a parent is hidden, its two smallest children are
// hidden too.
func TestNHSRuleHiddenParentHidesTwoSmallestChildren(t *testing.T) {
	for _, tc := range []struct {
		name     string
		services [][]int
		settings OrgSettings
		want     map[string]string
	}{
		// s2 is hidden so that the organisation total cannot give s1 away;
		// the sibling rule alone would then hide one team of s2 (6), the
		// cascade hides the two smallest (6 and 7), never the 9.
		{"service hidden to protect its sibling", [][]int{{2, 2}, {6, 7, 9}}, OrgSettings{MinBase: 5},
			map[string]string{"s1": ReasonSmallCount, "s1-t1": ReasonSmallCount, "s1-t2": ReasonSmallCount,
				"s2": ReasonProtectsOther, "s2-t1": ReasonProtectsOther, "s2-t2": ReasonProtectsOther}},
		{"service below the minimum base", [][]int{{5, 3}, {30, 40, 50}}, OrgSettings{MinBase: 10},
			map[string]string{"s1": ReasonBelowMinBase, "s1-t1": ReasonBelowMinBase, "s1-t2": ReasonSmallCount,
				"s2": ReasonProtectsOther, "s2-t1": ReasonProtectsOther, "s2-t2": ReasonProtectsOther}},
	} {
		sameHidden(t, tc.name, decideTotals(t, tc.services, tc.settings), tc.want)
	}
}

// A unit below the minimum base shows no figure at all, and its sibling
// is hidden so that the parent cannot give it away.
func TestMinimumBase(t *testing.T) {
	sameHidden(t, "team of 8", decideTotals(t, [][]int{{8, 30}, {20}}, OrgSettings{}),
		map[string]string{"s1-t1": ReasonBelowMinBase, "s1-t2": ReasonProtectsOther})
	in := quarterOf([][]Rollup{{{Total: 8, ByRole: map[string]int{RoleCarer: 8}, FFT: map[string]int{FFTGood: 8}}}}, OrgSettings{})
	d := DecideQuarter(in)
	rep, _ := d.Report(LevelTeam, "s1-t1", ReportView{Quotes: []Quote{{ID: "q"}}})
	for k, v := range ReportFigures(rep) {
		if v != nil {
			t.Errorf("below the minimum base, %s = %d is shown", k, *v)
		}
	}
	if !rep.Suppression.BelowMinBase || rep.Suppression.MinBase != 10 || len(rep.Quotes) != 0 || rep.Suppression.Percentages {
		t.Errorf("suppression info %+v, quotes %v", rep.Suppression, rep.Quotes)
	}
}

// TestMinBaseSetting: default 10, never below the threshold; a saved value
// outside threshold..1000 is refused naming the field.
func TestMinBaseSetting(t *testing.T) {
	if got := (OrgSettings{}).MinBaseOf(); got != DefaultMinBase {
		t.Errorf("default min base %d, want %d", got, DefaultMinBase)
	}
	if got := (OrgSettings{SuppressionThreshold: 7, MinBase: 5}).MinBaseOf(); got != 7 {
		t.Errorf("min base below the threshold: %d, want 7", got)
	}
	for _, tc := range []struct {
		s  OrgSettings
		ok bool
	}{
		{OrgSettings{}, true}, {OrgSettings{MinBase: 5}, true}, {OrgSettings{MinBase: 1000}, true},
		{OrgSettings{MinBase: 4}, false}, {OrgSettings{MinBase: 1001}, false}, {OrgSettings{MinBase: -1}, false},
		{OrgSettings{SuppressionThreshold: 8, MinBase: 6}, false},
	} {
		err := CheckOrgSettings(tc.s)
		if (err == nil) != tc.ok {
			t.Errorf("%+v: err = %v, want ok %v", tc.s, err, tc.ok)
			continue
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != "settings.min_base" {
				t.Errorf("%+v: err = %#v, want one field settings.min_base", tc.s, err)
			}
		}
	}
}
