package survey

import (
	"fmt"
	"strconv"
	"time"
)

// Default reporting calendar: the NHS financial year, starting in April, in
// Europe/London.
const (
	DefaultYearStartMonth = time.April
	DefaultTimezone       = "Europe/London"
)

// Calendar is a reporting year: the month it starts in and the time zone in
// which dates and quarter boundaries are read.
type Calendar struct {
	StartMonth time.Month
	Location   *time.Location
}

// DefaultCalendar returns the April-start reporting year in Europe/London.
// The binary imports time/tzdata, so the zone always loads; should it not,
// the calendar falls back to UTC rather than failing.
func DefaultCalendar() Calendar {
	loc, err := time.LoadLocation(DefaultTimezone)
	if err != nil {
		loc = time.UTC
	}
	return Calendar{StartMonth: DefaultYearStartMonth, Location: loc}
}

// NewCalendar returns the calendar of a reporting year starting in
// startMonth (1–12) in the IANA zone tz. Zero values mean the defaults:
// startMonth 0 is April and tz "" is Europe/London. Returns EINVALID for a
// month out of range or an unknown zone.
func NewCalendar(startMonth int, tz string) (Calendar, error) {
	if startMonth == 0 {
		startMonth = int(DefaultYearStartMonth)
	}
	if startMonth < 1 || startMonth > 12 {
		return Calendar{}, Errorf(EINVALID, "The reporting year must start in a month from 1 to 12, not %d.", startMonth)
	}
	if tz == "" {
		tz = DefaultTimezone
	}
	// "Local" depends on the machine, so it is not a setting.
	if tz == "Local" {
		return Calendar{}, Errorf(EINVALID, "Time zone %q is not an IANA zone name such as Europe/London.", tz)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return Calendar{}, Errorf(EINVALID, "Time zone %q is not an IANA zone name such as Europe/London.", tz)
	}
	return Calendar{StartMonth: time.Month(startMonth), Location: loc}, nil
}

// Quarter is a quarter of a reporting year. Year is the calendar year in
// which the reporting year starts: with an April start, Q4 of 2026/27 runs
// from January to March 2027 and is Quarter{Year: 2026, Q: 4}.
//
// SingleYear is set for calendars whose reporting year is the calendar year
// (January start). It only changes the key: "2026-Q1" instead of
// "2026-27-Q1". The zero value is the usual two-year form, so
// Quarter{Year: 2026, Q: 3} is the April-start quarter "2026-27-Q3".
type Quarter struct {
	Year       int
	Q          int
	SingleYear bool
}

// loc returns the calendar's location, UTC when unset.
func (c Calendar) loc() *time.Location {
	if c.Location == nil {
		return time.UTC
	}
	return c.Location
}

// start returns the first month of the year, April when unset.
func (c Calendar) start() time.Month {
	if c.StartMonth < 1 || c.StartMonth > 12 {
		return DefaultYearStartMonth
	}
	return c.StartMonth
}

// QuarterOf returns the quarter containing t, reading t in the calendar's
// time zone.
func (c Calendar) QuarterOf(t time.Time) Quarter {
	t = t.In(c.loc())
	offset := (int(t.Month()) - int(c.start()) + 12) % 12
	year := t.Year()
	if t.Month() < c.start() {
		year--
	}
	return Quarter{Year: year, Q: offset/3 + 1, SingleYear: c.start() == time.January}
}

// Bounds returns the first instant of the quarter and the first instant of
// the next one (end is exclusive), both at local midnight in the calendar's
// zone.
func (c Calendar) Bounds(q Quarter) (start, end time.Time) {
	m := int(c.start()) + 3*(q.Q-1)
	start = time.Date(q.Year, time.Month(m), 1, 0, 0, 0, 0, c.loc())
	end = time.Date(q.Year, time.Month(m+3), 1, 0, 0, 0, 0, c.loc())
	return start, end
}

// Label returns the display label of the quarter, such as
// "Q3 2026/27 (Oct–Dec 2026)" for an April start, "Q1 2026 (Jan–Mar 2026)"
// for a January start, or "Q4 2026/27 (Dec 2026–Feb 2027)" when the
// quarter spans a new year.
func (c Calendar) Label(q Quarter) string {
	start, end := c.Bounds(q)
	last := end.AddDate(0, 0, -1)
	year := strconv.Itoa(q.Year)
	if c.start() != time.January {
		year = fmt.Sprintf("%d/%02d", q.Year, (q.Year+1)%100)
	}
	months := fmt.Sprintf("%s–%s %d", start.Format("Jan"), last.Format("Jan"), last.Year())
	if start.Year() != last.Year() {
		months = fmt.Sprintf("%s %d–%s %d", start.Format("Jan"), start.Year(), last.Format("Jan"), last.Year())
	}
	return fmt.Sprintf("Q%d %s (%s)", q.Q, year, months)
}

// Key returns the canonical key of the quarter: "2026-27-Q3" for a
// reporting year that spans two calendar years, "2026-Q1" when SingleYear
// is set (a January-start calendar). Keys of one calendar sort in time
// order as strings.
func (q Quarter) Key() string {
	if q.SingleYear {
		return fmt.Sprintf("%04d-Q%d", q.Year, q.Q)
	}
	return fmt.Sprintf("%04d-%02d-Q%d", q.Year, (q.Year+1)%100, q.Q)
}

// String returns the key.
func (q Quarter) String() string { return q.Key() }

// Valid reports whether the quarter has a year from 1000 to 9998 and a
// quarter number from 1 to 4.
func (q Quarter) Valid() bool {
	return q.Year >= 1000 && q.Year <= 9998 && q.Q >= 1 && q.Q <= 4
}

// ParseQuarter parses a key made by Quarter.Key: "2026-27-Q3" or, for a
// January-start calendar, "2026-Q1". It is strict: the second year must be
// the year after the first, and the quarter 1 to 4. Returns EINVALID with a
// message naming the problem.
func ParseQuarter(key string) (Quarter, error) {
	bad := func(why string) (Quarter, error) {
		return Quarter{}, Errorf(EINVALID, "Quarter %q is not valid: %s.", truncate(key, 40), why)
	}
	if len(key) != len("2026-27-Q3") && len(key) != len("2026-Q1") {
		return bad("use a key such as 2026-27-Q3")
	}
	year, ok := digits(key[0:4])
	if !ok || key[0] == '0' || key[4] != '-' {
		return bad("it must start with a four-digit year such as 2026-")
	}
	rest := key[5:]
	q := Quarter{Year: year, SingleYear: true}
	if len(rest) == len("27-Q3") {
		next, ok := digits(rest[0:2])
		if !ok || rest[2] != '-' {
			return bad("use a key such as 2026-27-Q3")
		}
		if next != (year+1)%100 {
			return bad(fmt.Sprintf("the year after %d is %02d, not %s", year, (year+1)%100, rest[0:2]))
		}
		q.SingleYear = false
		rest = rest[3:]
	}
	if rest[0] != 'Q' {
		return bad("the quarter must be written Q1, Q2, Q3 or Q4")
	}
	n, ok := digits(rest[1:])
	if !ok || n < 1 || n > 4 {
		return bad("the quarter must be Q1, Q2, Q3 or Q4")
	}
	q.Q = n
	if !q.Valid() {
		return bad("the year is out of range")
	}
	return q, nil
}

// digits parses s when it is made only of ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, s != ""
}

// truncate shortens s to at most n bytes for use in a message, keeping
// whole runes.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if i > n {
			break
		}
		cut = i
	}
	return s[:cut] + "…"
}

// Prev returns the quarter before q.
func (q Quarter) Prev() Quarter {
	if q.Q <= 1 {
		return Quarter{Year: q.Year - 1, Q: 4, SingleYear: q.SingleYear}
	}
	return Quarter{Year: q.Year, Q: q.Q - 1, SingleYear: q.SingleYear}
}

// Next returns the quarter after q.
func (q Quarter) Next() Quarter {
	if q.Q >= 4 {
		return Quarter{Year: q.Year + 1, Q: 1, SingleYear: q.SingleYear}
	}
	return Quarter{Year: q.Year, Q: q.Q + 1, SingleYear: q.SingleYear}
}

// Before reports whether q comes before o.
func (q Quarter) Before(o Quarter) bool {
	return q.Year < o.Year || (q.Year == o.Year && q.Q < o.Q)
}

// LastQuarters returns the n quarters ending at q, oldest first, or nil
// when n is not positive. The quarters keep q's key form. n is capped at
// MaxLastQuarters so that a request cannot ask for an enormous slice.
func (c Calendar) LastQuarters(q Quarter, n int) []Quarter {
	if n <= 0 {
		return nil
	}
	n = min(n, MaxLastQuarters)
	qs := make([]Quarter, n)
	for i := n - 1; i >= 0; i-- {
		qs[i] = q
		q = q.Prev()
	}
	return qs
}

// MaxLastQuarters caps LastQuarters (100 years).
const MaxLastQuarters = 400

// DateOf returns the date of t in loc as "2006-01-02" (UTC when loc is
// nil): the only time stored with a response.
func DateOf(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format(time.DateOnly)
}
