package survey

import (
	"maps"
	"math/big"
	"slices"
	"strings"
)

// This file is the auditor's attack, written independently of the
// decision's own bookkeeping: it reads only the figures every report of a
// quarter shows (ReportFigures), states the equations that hold between
// them from what the figures mean (a service is the sum of its teams, the
// responses are the sum of the roles, ...), and solves them exactly over
// the rationals.

// attackUnit is one published report as the attacker holds it.
type attackUnit struct {
	name     string // level/slug
	figures  map[string]*int
	children []int // indexes of the child units
}

// leak is a hidden figure the attacker works out.
type leak struct {
	unit, key string
	value     *big.Rat
}

// attack returns every hidden figure determined by the published figures
// of units (a figure absent from a report is a known zero).
func attack(units []attackUnit) []leak {
	keys := map[string]bool{}
	for _, u := range units {
		for k := range u.figures {
			keys[k] = true
		}
	}
	sys := newRatSystem()
	val := func(u int, key string) (int, *big.Rat) { // variable id or known value
		v, ok := units[u].figures[key]
		switch {
		case !ok:
			return -1, new(big.Rat)
		case v == nil:
			return sys.variable(units[u].name + "|" + key), nil
		}
		return -1, new(big.Rat).SetInt64(int64(*v))
	}
	eq := func(u int, total string, parts ...string) {
		terms := []attackTerm{{u, total, 1}}
		for _, p := range parts {
			terms = append(terms, attackTerm{u, p, -1})
		}
		sys.equation(terms, val)
	}
	for u, au := range units {
		if len(au.children) > 0 {
			for _, k := range slices.Sorted(maps.Keys(keys)) {
				terms := []attackTerm{{u, k, 1}}
				for _, c := range au.children {
					terms = append(terms, attackTerm{c, k, -1})
				}
				sys.equation(terms, val)
			}
		}
		withinUnit(u, au.figures, keys, eq)
	}
	return sys.determined()
}

type attackTerm struct {
	unit int
	key  string
	coef int64
}

// withinUnit states the equations inside one report.
func withinUnit(u int, fig map[string]*int, keys map[string]bool, eq func(int, string, ...string)) {
	roles := func(suffix string) []string {
		var out []string
		for _, r := range ReportRoles {
			out = append(out, "role."+r+suffix)
		}
		return out
	}
	fft := func(k string) {
		var answers []string
		for _, a := range FFTAnswers {
			answers = append(answers, k+".answer."+a)
		}
		eq(u, k+".total", answers...)
		eq(u, k+".positive", k+".answer."+FFTVeryGood, k+".answer."+FFTGood)
		eq(u, k+".negative", k+".answer."+FFTPoor, k+".answer."+FFTVeryPoor)
	}
	eq(u, "responses", roles("")...)
	fft("fft")
	for _, r := range ReportRoles {
		fft("role." + r + ".fft")
	}
	eq(u, "fft.total", roles(".fft.total")...)
	eq(u, "fft.positive", roles(".fft.positive")...)
	eq(u, "fft.negative", roles(".fft.negative")...)
	for _, a := range FFTAnswers {
		eq(u, "fft.answer."+a, roles(".fft.answer."+a)...)
		eq(u, "q.fft.option."+a, "fft.answer."+a)
	}
	eq(u, "q.fft.answered", "fft.total")
	eq(u, "comments", roles(".comments")...)
	// The role question: its options are the roles' counts.
	eq(u, "q.role.answered", "q.role.option."+RoleServiceUser, "q.role.option."+RoleCarer, "q.role.option."+RoleOther)
	eq(u, "responses", "q.role.answered", "role."+RoleNotStated)
	for _, r := range roleValues {
		eq(u, "q.role.option."+r, "role."+r)
	}
	for _, q := range []struct {
		id   string
		opts []string
	}{{"kind", scale(5)}, {"rate", scale(4)}, {"yn", []string{"yes", "no"}}, {"pick", []string{"x", "y"}}} {
		var opts []string
		for _, o := range q.opts {
			opts = append(opts, "q."+q.id+".option."+o)
		}
		eq(u, "q."+q.id+".answered", opts...)
	}
	for _, t := range propFramework {
		s := "theme." + t.Theme
		eq(u, s, s+".sentiment.positive", s+".sentiment.neutral", s+".sentiment.negative")
		eq(u, s, roles(".theme."+t.Theme)...)
		m := "major." + t.Major
		eq(u, m, m+".sentiment.positive", m+".sentiment.neutral", m+".sentiment.negative")
	}
	_ = fig
	_ = keys
}

// ratSystem is Gaussian elimination over the rationals, row by row, with
// each equation's right-hand side carried along.
type ratSystem struct {
	ids   map[string]int
	names []string
	rows  map[int]map[int]*big.Rat // pivot → row (column -1 is the constant)
}

func newRatSystem() *ratSystem {
	return &ratSystem{ids: map[string]int{}, rows: map[int]map[int]*big.Rat{}}
}

func (s *ratSystem) variable(name string) int {
	if i, ok := s.ids[name]; ok {
		return i
	}
	s.ids[name] = len(s.names)
	s.names = append(s.names, name)
	return len(s.names) - 1
}

// equation adds Σ coef·figure = 0.
func (s *ratSystem) equation(terms []attackTerm, val func(int, string) (int, *big.Rat)) {
	row := map[int]*big.Rat{-1: new(big.Rat)}
	for _, t := range terms {
		id, known := val(t.unit, t.key)
		c := new(big.Rat).SetInt64(t.coef)
		if known != nil {
			row[-1].Sub(row[-1], c.Mul(c, known)) // moved to the right
			continue
		}
		if row[id] == nil {
			row[id] = new(big.Rat)
		}
		row[id].Add(row[id], c)
	}
	s.add(row)
}

func (s *ratSystem) add(row map[int]*big.Rat) {
	for {
		p := -1
		for c, v := range row {
			if c >= 0 && v.Sign() != 0 && s.rows[c] != nil {
				p = c
				break
			}
		}
		if p < 0 {
			break
		}
		f := new(big.Rat).Set(row[p])
		for c, v := range s.rows[p] {
			if row[c] == nil {
				row[c] = new(big.Rat)
			}
			row[c].Sub(row[c], new(big.Rat).Mul(f, v))
		}
	}
	pivot := -1
	for c, v := range row {
		if c >= 0 && v.Sign() != 0 && (pivot < 0 || c < pivot) {
			pivot = c
		}
	}
	if pivot < 0 {
		return // dependent (or, with a non-zero constant, inconsistent: never for true figures)
	}
	inv := new(big.Rat).Inv(row[pivot])
	clean := map[int]*big.Rat{}
	for c, v := range row {
		if v.Sign() != 0 || c == -1 {
			clean[c] = new(big.Rat).Mul(v, inv)
		}
	}
	for _, r := range s.rows {
		f := r[pivot]
		if f == nil || f.Sign() == 0 {
			continue
		}
		f = new(big.Rat).Set(f)
		for c, v := range clean {
			if r[c] == nil {
				r[c] = new(big.Rat)
			}
			r[c].Sub(r[c], new(big.Rat).Mul(f, v))
			if c >= 0 && r[c].Sign() == 0 {
				delete(r, c)
			}
		}
	}
	s.rows[pivot] = clean
}

// determined lists the variables a pivot row names alone, with their value.
func (s *ratSystem) determined() []leak {
	var out []leak
	for p, r := range s.rows {
		alone := true
		for c, v := range r {
			if c >= 0 && c != p && v.Sign() != 0 {
				alone = false
				break
			}
		}
		if alone {
			unit, key, _ := strings.Cut(s.names[p], "|")
			out = append(out, leak{unit: unit, key: key, value: r[-1]})
		}
	}
	slices.SortFunc(out, func(a, b leak) int { return strings.Compare(a.unit+a.key, b.unit+b.key) })
	return out
}
