package survey_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/survey"
)

func mustLocation(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

func mustCalendar(tb testing.TB, month int, tz string) survey.Calendar {
	tb.Helper()
	c, err := survey.NewCalendar(month, tz)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDefaultCalendar(t *testing.T) {
	c := survey.DefaultCalendar()
	if c.StartMonth != time.April || c.Location.String() != "Europe/London" {
		t.Fatalf("got %v %v", c.StartMonth, c.Location)
	}
	if got := mustCalendar(t, 0, ""); got.StartMonth != time.April || got.Location.String() != "Europe/London" {
		t.Fatalf("NewCalendar(0, \"\") = %v %v", got.StartMonth, got.Location)
	}
}

func TestNewCalendarErrors(t *testing.T) {
	tests := []struct {
		month int
		tz    string
		msg   string
	}{
		{13, "", "The reporting year must start in a month from 1 to 12, not 13."},
		{-1, "", "The reporting year must start in a month from 1 to 12, not -1."},
		{4, "Mars/Olympus_Mons", `Time zone "Mars/Olympus_Mons" is not an IANA zone name such as Europe/London.`},
		{4, "Local", `Time zone "Local" is not an IANA zone name such as Europe/London.`},
	}
	for _, tt := range tests {
		_, err := survey.NewCalendar(tt.month, tt.tz)
		if survey.ErrorCode(err) != survey.EINVALID || survey.ErrorMessage(err) != tt.msg {
			t.Errorf("NewCalendar(%d, %q) = %v, want invalid %q", tt.month, tt.tz, err, tt.msg)
		}
	}
}

// Quarter boundaries are local midnight in Europe/London: 1 April and
// 1 July fall in summer time (UTC+1), 1 October too, 1 January in GMT.
func TestQuarterOfLondon(t *testing.T) {
	c := survey.DefaultCalendar()
	tests := []struct {
		at   string
		want string
	}{
		{"2026-03-31T22:59:59.999999999Z", "2025-26-Q4"}, // 23:59:59 BST on 31 March
		{"2026-03-31T23:00:00Z", "2026-27-Q1"},           // 00:00 BST on 1 April
		{"2026-06-30T22:59:59Z", "2026-27-Q1"},
		{"2026-06-30T23:00:00Z", "2026-27-Q2"},
		{"2026-09-30T22:59:59Z", "2026-27-Q2"},
		{"2026-09-30T23:00:00Z", "2026-27-Q3"},
		{"2026-12-31T23:59:59Z", "2026-27-Q3"}, // GMT: local time is UTC
		{"2027-01-01T00:00:00Z", "2026-27-Q4"},
		{"2027-03-31T22:59:59Z", "2026-27-Q4"},
		{"2027-03-31T23:00:00Z", "2027-28-Q1"},
		{"2026-03-29T00:30:00Z", "2025-26-Q4"}, // the night the clocks go forward
		{"2026-10-25T00:30:00Z", "2026-27-Q3"}, // the night the clocks go back
	}
	for _, tt := range tests {
		if got := c.QuarterOf(utc(tt.at)).Key(); got != tt.want {
			t.Errorf("QuarterOf(%s) = %s, want %s", tt.at, got, tt.want)
		}
	}
	// The same instant in another zone gives the same quarter.
	at := utc("2026-03-31T23:30:00Z").In(mustLocation(t, "America/New_York"))
	if got := c.QuarterOf(at); got != (survey.Quarter{Year: 2026, Q: 1}) {
		t.Errorf("QuarterOf(%v) = %v", at, got)
	}
}

func TestQuarterOfJanuaryStart(t *testing.T) {
	c := mustCalendar(t, 1, "Europe/London")
	tests := []struct {
		at   string
		want survey.Quarter
	}{
		{"2026-12-31T23:59:59Z", survey.Quarter{Year: 2026, Q: 4, SingleYear: true}},
		{"2027-01-01T00:00:00Z", survey.Quarter{Year: 2027, Q: 1, SingleYear: true}},
		{"2026-03-31T22:59:59Z", survey.Quarter{Year: 2026, Q: 1, SingleYear: true}},
		{"2026-03-31T23:00:00Z", survey.Quarter{Year: 2026, Q: 2, SingleYear: true}},
	}
	for _, tt := range tests {
		if got := c.QuarterOf(utc(tt.at)); got != tt.want {
			t.Errorf("QuarterOf(%s) = %+v, want %+v", tt.at, got, tt.want)
		}
	}
}

func TestBounds(t *testing.T) {
	c := survey.DefaultCalendar()
	tests := []struct {
		q          survey.Quarter
		start, end string
	}{
		{survey.Quarter{Year: 2026, Q: 1}, "2026-03-31T23:00:00Z", "2026-06-30T23:00:00Z"},
		{survey.Quarter{Year: 2026, Q: 3}, "2026-09-30T23:00:00Z", "2027-01-01T00:00:00Z"},
		{survey.Quarter{Year: 2026, Q: 4}, "2027-01-01T00:00:00Z", "2027-03-31T23:00:00Z"},
	}
	for _, tt := range tests {
		start, end := c.Bounds(tt.q)
		if !start.Equal(utc(tt.start)) || !end.Equal(utc(tt.end)) {
			t.Errorf("Bounds(%v) = %v, %v; want %s, %s", tt.q, start.UTC(), end.UTC(), tt.start, tt.end)
		}
		if start.Location() != c.Location {
			t.Errorf("Bounds(%v) in %v, want %v", tt.q, start.Location(), c.Location)
		}
	}
}

// For every start month and many quarters, the bounds of a quarter contain
// exactly that quarter's instants and the next quarter starts at its end.
func TestBoundsAgreeWithQuarterOf(t *testing.T) {
	for _, tz := range []string{"Europe/London", "Pacific/Auckland", "UTC"} {
		for m := 1; m <= 12; m++ {
			c := mustCalendar(t, m, tz)
			q := c.QuarterOf(utc("2019-05-17T12:00:00Z"))
			for range 40 {
				start, end := c.Bounds(q)
				if got := c.QuarterOf(start); got != q {
					t.Fatalf("%s/%d: QuarterOf(start of %v) = %v", tz, m, q, got)
				}
				if got := c.QuarterOf(end.Add(-time.Nanosecond)); got != q {
					t.Fatalf("%s/%d: QuarterOf(end of %v - 1ns) = %v", tz, m, q, got)
				}
				next := q.Next()
				if nextStart, _ := c.Bounds(next); !nextStart.Equal(end) {
					t.Fatalf("%s/%d: %v ends %v but %v starts %v", tz, m, q, end, next, nextStart)
				}
				if got := c.QuarterOf(end); got != next {
					t.Fatalf("%s/%d: QuarterOf(end of %v) = %v, want %v", tz, m, q, got, next)
				}
				q = next
			}
		}
	}
}

func TestLabelAndKey(t *testing.T) {
	april := survey.DefaultCalendar()
	january := mustCalendar(t, 1, "Europe/London")
	february := mustCalendar(t, 2, "Europe/London")
	tests := []struct {
		c     survey.Calendar
		q     survey.Quarter
		label string
		key   string
	}{
		{april, survey.Quarter{Year: 2026, Q: 1}, "Q1 2026/27 (Apr–Jun 2026)", "2026-27-Q1"},
		{april, survey.Quarter{Year: 2026, Q: 3}, "Q3 2026/27 (Oct–Dec 2026)", "2026-27-Q3"},
		{april, survey.Quarter{Year: 2026, Q: 4}, "Q4 2026/27 (Jan–Mar 2027)", "2026-27-Q4"},
		{april, survey.Quarter{Year: 2099, Q: 2}, "Q2 2099/00 (Jul–Sep 2099)", "2099-00-Q2"},
		{january, survey.Quarter{Year: 2026, Q: 1, SingleYear: true}, "Q1 2026 (Jan–Mar 2026)", "2026-Q1"},
		{january, survey.Quarter{Year: 2026, Q: 4, SingleYear: true}, "Q4 2026 (Oct–Dec 2026)", "2026-Q4"},
		{february, survey.Quarter{Year: 2026, Q: 4}, "Q4 2026/27 (Nov 2026–Jan 2027)", "2026-27-Q4"},
	}
	for _, tt := range tests {
		if got := tt.c.Label(tt.q); got != tt.label {
			t.Errorf("Label(%+v) = %q, want %q", tt.q, got, tt.label)
		}
		if got := tt.q.Key(); got != tt.key {
			t.Errorf("Key(%+v) = %q, want %q", tt.q, got, tt.key)
		}
		if got := tt.q.String(); got != tt.key {
			t.Errorf("String(%+v) = %q, want %q", tt.q, got, tt.key)
		}
	}
}

func TestParseQuarter(t *testing.T) {
	ok := []struct {
		key  string
		want survey.Quarter
	}{
		{"2026-27-Q3", survey.Quarter{Year: 2026, Q: 3}},
		{"2099-00-Q4", survey.Quarter{Year: 2099, Q: 4}},
		{"2026-Q1", survey.Quarter{Year: 2026, Q: 1, SingleYear: true}},
	}
	for _, tt := range ok {
		got, err := survey.ParseQuarter(tt.key)
		if err != nil || got != tt.want {
			t.Errorf("ParseQuarter(%q) = %+v, %v; want %+v", tt.key, got, err, tt.want)
		}
	}
	bad := []struct{ key, msg string }{
		{"", `Quarter "" is not valid: use a key such as 2026-27-Q3.`},
		{"2026-28-Q3", `Quarter "2026-28-Q3" is not valid: the year after 2026 is 27, not 28.`},
		{"2026-27-Q5", `Quarter "2026-27-Q5" is not valid: the quarter must be Q1, Q2, Q3 or Q4.`},
		{"2026-27-Q0", `Quarter "2026-27-Q0" is not valid: the quarter must be Q1, Q2, Q3 or Q4.`},
		{"2026-Q9", `Quarter "2026-Q9" is not valid: the quarter must be Q1, Q2, Q3 or Q4.`},
		{"2026-27-q3", `Quarter "2026-27-q3" is not valid: the quarter must be written Q1, Q2, Q3 or Q4.`},
		{"2026-27-33", `Quarter "2026-27-33" is not valid: the quarter must be written Q1, Q2, Q3 or Q4.`},
		{"26-27-Q3", `Quarter "26-27-Q3" is not valid: use a key such as 2026-27-Q3.`},
		{"2026/27-Q3", `Quarter "2026/27-Q3" is not valid: it must start with a four-digit year such as 2026-.`},
		{"0999-00-Q1", `Quarter "0999-00-Q1" is not valid: it must start with a four-digit year such as 2026-.`},
		{"+026-27-Q3", `Quarter "+026-27-Q3" is not valid: it must start with a four-digit year such as 2026-.`},
		{"2026-2a-Q3", `Quarter "2026-2a-Q3" is not valid: use a key such as 2026-27-Q3.`},
		{"2026-27/Q3", `Quarter "2026-27/Q3" is not valid: use a key such as 2026-27-Q3.`},
		{" 2026-27-Q3", `Quarter " 2026-27-Q3" is not valid: use a key such as 2026-27-Q3.`},
		{"9999-00-Q1", `Quarter "9999-00-Q1" is not valid: the year is out of range.`},
		{"2026-Q-1", `Quarter "2026-Q-1" is not valid: use a key such as 2026-27-Q3.`},
		{"2026-27-Q3-and-some-more-text-that-goes-on", `Quarter "2026-27-Q3-and-some-more-text-that-goes-…" is not valid: use a key such as 2026-27-Q3.`},
	}
	for _, tt := range bad {
		_, err := survey.ParseQuarter(tt.key)
		if survey.ErrorCode(err) != survey.EINVALID || survey.ErrorMessage(err) != tt.msg {
			t.Errorf("ParseQuarter(%q) = %v\nwant invalid %q", tt.key, err, tt.msg)
		}
	}
}

func TestQuarterArithmetic(t *testing.T) {
	q := survey.Quarter{Year: 2026, Q: 1}
	if got, want := q.Prev(), (survey.Quarter{Year: 2025, Q: 4}); got != want {
		t.Errorf("Prev = %v, want %v", got, want)
	}
	if got, want := q.Next(), (survey.Quarter{Year: 2026, Q: 2}); got != want {
		t.Errorf("Next = %v, want %v", got, want)
	}
	q4 := survey.Quarter{Year: 2026, Q: 4, SingleYear: true}
	if got, want := q4.Next(), (survey.Quarter{Year: 2027, Q: 1, SingleYear: true}); got != want {
		t.Errorf("Next = %v, want %v", got, want)
	}
	if !q.Prev().Before(q) || q.Before(q) || q.Next().Before(q) || !q4.Prev().Before(q4) {
		t.Error("Before is wrong")
	}
	if !(survey.Quarter{Year: 2025, Q: 4}).Before(survey.Quarter{Year: 2026, Q: 1}) {
		t.Error("Q4 of one year must come before Q1 of the next")
	}
}

func TestLastQuarters(t *testing.T) {
	c := survey.DefaultCalendar()
	got := c.LastQuarters(survey.Quarter{Year: 2026, Q: 2}, 4)
	var keys []string
	for _, q := range got {
		keys = append(keys, q.Key())
	}
	if want := []string{"2025-26-Q3", "2025-26-Q4", "2026-27-Q1", "2026-27-Q2"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("LastQuarters = %v, want %v", keys, want)
	}
	if got := c.LastQuarters(survey.Quarter{Year: 2026, Q: 2}, 0); got != nil {
		t.Errorf("LastQuarters(0) = %v", got)
	}
	if got := len(c.LastQuarters(survey.Quarter{Year: 2026, Q: 2}, 1<<40)); got != survey.MaxLastQuarters {
		t.Errorf("len(LastQuarters(huge)) = %d, want %d", got, survey.MaxLastQuarters)
	}
}

// The date stored with a response is the local date in the organisation's
// zone, including just after midnight when the clocks change.
func TestDateOf(t *testing.T) {
	london := mustLocation(t, "Europe/London")
	tests := []struct{ at, want string }{
		{"2026-03-28T23:59:59Z", "2026-03-28"}, // GMT
		{"2026-03-29T00:30:00Z", "2026-03-29"}, // clocks go forward at 01:00 UTC
		{"2026-03-31T23:00:00Z", "2026-04-01"}, // BST midnight
		{"2026-10-24T23:30:00Z", "2026-10-25"}, // 00:30 BST
		{"2026-10-25T23:30:00Z", "2026-10-25"}, // 23:30 GMT
	}
	for _, tt := range tests {
		if got := survey.DateOf(utc(tt.at), london); got != tt.want {
			t.Errorf("DateOf(%s) = %s, want %s", tt.at, got, tt.want)
		}
	}
	if got := survey.DateOf(utc("2026-03-31T23:00:00Z"), nil); got != "2026-03-31" {
		t.Errorf("DateOf(nil location) = %s", got)
	}
}

func TestOrgSettings(t *testing.T) {
	tests := []struct {
		name                          string
		s                             survey.OrgSettings
		threshold, quoteMin, approval int
		start                         time.Month
		zone                          string
	}{
		{"Defaults", survey.OrgSettings{}, 5, 10, 1, time.April, "Europe/London"},
		{"Set", survey.OrgSettings{SuppressionThreshold: 7, QuoteThreshold: 12, PanelApprovals: 2, YearStartMonth: 1, Timezone: "Europe/Dublin"},
			7, 12, 2, time.January, "Europe/Dublin"},
		{"ThresholdFloor", survey.OrgSettings{SuppressionThreshold: 1}, 3, 10, 1, time.April, "Europe/London"},
		{"QuoteNeverBelowThreshold", survey.OrgSettings{SuppressionThreshold: 8, QuoteThreshold: 4}, 8, 8, 1, time.April, "Europe/London"},
		{"QuoteDefaultBelowThreshold", survey.OrgSettings{SuppressionThreshold: 15}, 15, 15, 1, time.April, "Europe/London"},
		{"NegativeApprovals", survey.OrgSettings{PanelApprovals: -2}, 5, 10, 1, time.April, "Europe/London"},
		{"BadCalendarFallsBack", survey.OrgSettings{YearStartMonth: 13, Timezone: "Nowhere/Else"}, 5, 10, 1, time.April, "Europe/London"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.Threshold(); got != tt.threshold {
				t.Errorf("Threshold = %d, want %d", got, tt.threshold)
			}
			if got := tt.s.QuoteMin(); got != tt.quoteMin {
				t.Errorf("QuoteMin = %d, want %d", got, tt.quoteMin)
			}
			if got := tt.s.Approvals(); got != tt.approval {
				t.Errorf("Approvals = %d, want %d", got, tt.approval)
			}
			c := tt.s.Calendar()
			if c.StartMonth != tt.start || c.Location.String() != tt.zone {
				t.Errorf("Calendar = %v %v, want %v %v", c.StartMonth, c.Location, tt.start, tt.zone)
			}
		})
	}
}

// A zero Calendar still works: April start, UTC.
func TestZeroCalendar(t *testing.T) {
	var c survey.Calendar
	if got := c.QuarterOf(utc("2026-04-01T00:00:00Z")); got != (survey.Quarter{Year: 2026, Q: 1}) {
		t.Errorf("QuarterOf = %v", got)
	}
	if start, _ := c.Bounds(survey.Quarter{Year: 2026, Q: 1}); !start.Equal(utc("2026-04-01T00:00:00Z")) {
		t.Errorf("start = %v", start)
	}
}
