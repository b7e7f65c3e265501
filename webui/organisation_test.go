package webui_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/webui"
)

// TestHeaderShowsOrganisation: with an organisation lookup the respondent
// header names the trust that runs the survey; without one, or when the
// lookup fails, it names the service.
func TestHeaderShowsOrganisation(t *testing.T) {
	st := storetest.Open(t, func() time.Time { return fixedNow })
	seed(t, st)
	log := slog.New(slog.DiscardHandler)
	srv := api.New(api.Config{Store: st, Logger: log, Now: func() time.Time { return fixedNow }})
	lookup := func(ctx context.Context, slug string) (string, error) {
		info, err := st.FindSurvey(ctx, slug)
		if err != nil {
			return "", err
		}
		org, err := st.FindOrganisation(ctx, info.Organisation)
		if err != nil {
			return "", err
		}
		return org.Name, nil
	}
	for _, tc := range []struct {
		name   string
		lookup func(context.Context, string) (string, error)
		want   string
	}{
		{"OK", lookup, `<p class="chorus-header__title"><a href="/s/ward-feedback/ward-a">Test Trust</a></p>`},
		{"NoLookup", nil, `>Chorus feedback</a></p>`},
		{"LookupFails", func(context.Context, string) (string, error) { return "", context.DeadlineExceeded }, `>Chorus feedback</a></p>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := api.NewEcho(log)
			srv.Register(e)
			ui, err := webui.New(srv, webui.Options{Logger: log, Now: func() time.Time { return fixedNow }, Organisation: tc.lookup})
			if err != nil {
				t.Fatal(err)
			}
			ui.Register(e)
			ts := httptest.NewServer(e)
			defer ts.Close()
			resp, err := http.Get(ts.URL + "/s/ward-feedback/ward-a")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if body := string(b); !strings.Contains(body, tc.want) {
				i := strings.Index(body, "chorus-header__title")
				t.Errorf("header lacks %q: %.200s", tc.want, body[max(i, 0):])
			}
		})
	}
}
