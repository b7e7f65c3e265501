package themes

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// The unseen sets are written by someone who has read neither the lexicons
// nor the training corpus, kept in their own files, and never trained or
// tuned on. The test scores them and prints the numbers; it asserts only
// that the files parse and are large enough, never a tuned number. Run:
//
//	go test ./themes/ -run TestUnseenEval -v
//
// It prints counts and rates only, never the comments themselves.
const (
	unseenRiskFile = "testdata/unseen/risk_unseen.txt"
	unseenPIIFile  = "testdata/unseen/pii_unseen.txt"
)

func TestUnseenEval(t *testing.T) {
	t.Run("Risk", func(t *testing.T) {
		f, err := os.Open(unseenRiskFile)
		if os.IsNotExist(err) {
			t.Skipf("%s is not present: the unseen risk set is merged by the lead", unseenRiskFile)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, unknown := readUnseenRisk(t, f)
		if unknown > 0 {
			t.Logf("%d comments have a kind Chorus does not report; they count as risky, their kind is not scored", unknown)
		}
		var m RiskMetrics
		var rules RiskMetrics
		byKind := map[string][3]int{} // alerts, alerts+review, total
		for _, r := range rows {
			got := DetectRisk(r.Text)
			m.Add(r, got)
			rules.Add(r, rulesOnly(r.Text))
			if r.Risky() {
				k := byKind[r.Kind]
				k[2]++
				if got.Flag {
					k[0]++
				}
				if got.Level != "" {
					k[1]++
				}
				byKind[r.Kind] = k
			}
		}
		t.Logf("unseen risk set (%s): %v", unseenRiskFile, m)
		t.Logf("rules alone on the same set: %v", rules)
		for _, kind := range riskKindOrder {
			if k := byKind[kind]; k[2] > 0 {
				t.Logf("  %s: alerts %d/%d = %.3f, alerts+review %d/%d = %.3f", kind, k[0], k[2], ratio(k[0], k[2]), k[1], k[2], ratio(k[1], k[2]))
			}
		}
		if m.Risky < 300 || m.Clean < 300 {
			t.Errorf("unseen risk set has %d risky and %d clean comments, want >= 300 of each", m.Risky, m.Clean)
		}
	})
	t.Run("PII", func(t *testing.T) {
		f, err := os.Open(unseenPIIFile)
		if os.IsNotExist(err) {
			t.Skipf("%s is not present: the unseen PII set is merged by the lead", unseenPIIFile)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var cases []piiCase
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
		for sc.Scan() {
			if line := sc.Text(); strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "#") {
				cases = append(cases, piiParseMarked(t, line))
			}
		}
		s := scorePII(cases)
		t.Logf("unseen PII set (%s): %d comments with personal data, %d clean; personal-data characters redacted %d/%d = %.3f; clean comments altered %d/%d = %.3f",
			unseenPIIFile, s.marked, s.clean, s.caught, s.chars, ratio(s.caught, s.chars), s.altered, s.clean, ratio(s.altered, s.clean))
		for kind, k := range s.byKind {
			t.Logf("  %s: %d/%d characters = %.3f", kind, k[0], k[1], ratio(k[0], k[1]))
		}
		if s.marked < 300 || s.clean < 300 {
			t.Errorf("unseen PII set has %d comments with personal data and %d clean, want >= 300 of each", s.marked, s.clean)
		}
	})
}

// rulesOnly is the hand-written rules' verdict alone, for comparison.
func rulesOnly(text string) Risk {
	r := detectRiskRules(text)
	if r.Flag {
		r.Level = RiskAlert
	}
	return r
}

// piiScore counts Redact's results on marked comments.
type piiScore struct {
	marked, clean, chars, caught, altered int
	byKind                                map[string][2]int // caught, chars
}

func scorePII(cases []piiCase) piiScore {
	s := piiScore{byKind: map[string][2]int{}}
	for _, c := range cases {
		_, got := Redact(c.text)
		if len(c.spans) == 0 {
			s.clean++
			if len(got) > 0 {
				s.altered++
			}
			continue
		}
		s.marked++
		covered := make([]bool, utf8.RuneCountInString(c.text))
		for _, sp := range got {
			for k := sp.Start; k < sp.End && k < len(covered); k++ {
				covered[k] = true
			}
		}
		for _, sp := range c.spans {
			k := s.byKind[sp.Kind]
			for i := sp.Start; i < sp.End; i++ {
				s.chars++
				k[1]++
				if covered[i] {
					s.caught++
					k[0]++
				}
			}
			s.byKind[sp.Kind] = k
		}
	}
	return s
}

// readUnseenRisk reads "kind<TAB>comment" lines leniently: any kind but
// "-" is risky, so that a kind spelt differently by the set's author still
// counts. It returns how many kinds were unknown.
func readUnseenRisk(t *testing.T, f *os.File) (rows []RiskExample, unknown int) {
	t.Helper()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, text, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(text) == "" {
			t.Fatalf("%s line %d: want kind<TAB>comment", unseenRiskFile, n)
		}
		kind = strings.TrimSpace(kind)
		if kind != "-" && riskRank(kind) == len(riskKindOrder) {
			unknown++
		}
		rows = append(rows, RiskExample{Kind: kind, Text: text})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows, unknown
}
