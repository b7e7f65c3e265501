package notify_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/notify"
)

// A team's receiver checks each delivery before trusting it.
func ExampleVerify() {
	const secret = "whsec_shared-with-the-team"
	receiver := func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		err := notify.Verify(secret, r.Header.Get(notify.HeaderTimestamp), r.Header.Get(notify.HeaderSignature),
			body, time.Now(), 5*time.Minute)
		if err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		fmt.Println("accepted", r.Header.Get(notify.HeaderEvent))
	}

	body := `{"event":"report_published"}`
	ts := time.Now().Unix()
	req := httptest.NewRequest("POST", "/chorus", strings.NewReader(body))
	req.Header.Set(notify.HeaderEvent, "report_published")
	req.Header.Set(notify.HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(notify.HeaderSignature, notify.Sign(secret, ts, []byte(body)))
	receiver(httptest.NewRecorder(), req)

	forged := httptest.NewRequest("POST", "/chorus", strings.NewReader(`{"event":"report_published","x":1}`))
	forged.Header = req.Header.Clone()
	rec := httptest.NewRecorder()
	receiver(rec, forged)
	fmt.Println(rec.Code)
	// Output:
	// accepted report_published
	// 401
}
