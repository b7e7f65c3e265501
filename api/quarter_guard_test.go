package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/survey"
)

// confirmUnfinished is the body that confirms acting on a quarter that has
// not ended (fixedNow is in 2026-27-Q3, which ends on 31 December 2026).
var confirmUnfinished = map[string]any{"confirm_unfinished": true}

// guardHarness serves the API with a clock the test moves.
func guardHarness(t *testing.T) (*harness, func(time.Time)) {
	var now atomic.Value
	now.Store(fixedNow())
	h := newHarness(t, api.Config{Now: func() time.Time { return now.Load().(time.Time) }, SubmitRate: 1000})
	return h, func(at time.Time) { now.Store(at) }
}

func submitN(t *testing.T, h *harness, prefix string, n int) {
	t.Helper()
	for i := range n {
		id := fmt.Sprintf("7e0c1f9e-2f5b-4c4e-9a53-%s%010d", prefix, i)
		if status, out, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", validResponse(id)); status != http.StatusCreated {
			t.Fatalf("submit %d: %d %v", i, status, out)
		}
	}
}

// TestUnfinishedQuarterGuard: sending the current quarter to review and
// publishing it answer 409 conflict, naming the quarter's last day, the
// responses so far and about how many more may come, until the request
// confirms; a quarter that has ended needs no confirmation.
func TestUnfinishedQuarterGuard(t *testing.T) {
	h, setNow := guardHarness(t)
	setNow(time.Date(2026, 8, 14, 10, 0, 0, 0, time.UTC)) // Q2
	submitN(t, h, "02", 20)
	setNow(fixedNow()) // 22 November: Q3, 39.4 of its 92 days still to run
	submitN(t, h, "03", 12)

	const r = "/api/v1/teams/crisis-team/reports/2026-27-Q3"
	status, body := h.staff("POST", r+"/review", nil)
	e := wantError(t, status, body, http.StatusConflict, survey.ECONFLICT)
	msg := e["message"].(string)
	// 20 last quarter × 39.39/92 of this one still to come ≈ 8.6 → 9.
	for _, want := range []string{"Q3 2026/27 (Oct–Dec 2026) ends on 31 December 2026", "12 so far", "about 9 more", "last quarter had 20", "Confirm to continue"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if got := fieldNames(e); !slices.Equal(got, []string{"confirm_unfinished"}) {
		t.Errorf("fields = %v", got)
	}
	if status, body = h.staff("GET", r+"/review", nil); status != http.StatusNotFound {
		t.Fatalf("refused review was started: %d %v", status, body)
	}
	status, body = h.staff("POST", r+"/review", map[string]any{"confirm_unfinished": false})
	wantError(t, status, body, http.StatusConflict, survey.ECONFLICT)
	status, body = h.staff("POST", r+"/review", map[string]any{"confirm": true})
	wantError(t, status, body, http.StatusBadRequest, survey.EINVALID)

	if status, body = h.staff("POST", r+"/review", confirmUnfinished); status != http.StatusCreated {
		t.Fatalf("confirmed review: %d %v", status, body)
	}
	status, body = h.staff("POST", r+"/publish", nil)
	e = wantError(t, status, body, http.StatusConflict, survey.ECONFLICT)
	if msg := e["message"].(string); !strings.Contains(msg, "ends on 31 December 2026") {
		t.Errorf("publish message %q", msg)
	}
	if status, body = h.staff("GET", r+"/versions", nil); status != http.StatusOK || len(body["versions"].([]any)) != 0 {
		t.Fatalf("refused publication was stored: %d %v", status, body)
	}
	if status, body = h.staff("POST", r+"/publish", confirmUnfinished); status != http.StatusCreated || body["version"] != float64(1) {
		t.Fatalf("confirmed publish: %d %v", status, body)
	}

	// Q2 has ended: no confirmation asked.
	const past = "/api/v1/teams/crisis-team/reports/2026-27-Q2"
	if status, body = h.staff("POST", past+"/review", nil); status != http.StatusCreated {
		t.Fatalf("past review: %d %v", status, body)
	}
	if status, body = h.staff("POST", past+"/publish", nil); status != http.StatusCreated {
		t.Fatalf("past publish: %d %v", status, body)
	}

	// Once Q3 has ended (midnight in London), it needs no confirmation
	// either.
	setNow(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	const other = "/api/v1/teams/north-cmht/reports/2026-27-Q3"
	if status, body = h.staff("POST", other+"/review", nil); status != http.StatusCreated {
		t.Fatalf("ended quarter review: %d %v", status, body)
	}
}

// TestUnfinishedQuarterGuardSuppressed: with fewer responses than the
// threshold the message never shows the count.
func TestUnfinishedQuarterGuardSuppressed(t *testing.T) {
	h, _ := guardHarness(t)
	submitN(t, h, "03", 2)
	status, body := h.staff("POST", "/api/v1/teams/crisis-team/reports/2026-27-Q3/review", nil)
	e := wantError(t, status, body, http.StatusConflict, survey.ECONFLICT)
	msg := e["message"].(string)
	if !strings.Contains(msg, "fewer than") || strings.Contains(msg, "2 so far") || strings.Contains(msg, "more may come") {
		t.Errorf("message %q shows a suppressed count or an estimate without a last quarter", msg)
	}
}
