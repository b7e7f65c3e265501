package main

import (
	"context"
	"fmt"
	"io"

	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store"
)

// seedDemo creates the demo trust and publishes its survey, idempotently.
func seedDemo(ctx context.Context, st *store.Store) error { return demo.Seed(ctx, st) }

func printDemoURLs(w io.Writer, base string) {
	fmt.Fprintf(w, "\nChorus demo is ready. Open on a phone or in a browser:\n\n")
	fmt.Fprintf(w, "  The survey (choose a team)\n    %s/s/%s\n", base, demo.SurveySlug)
	for _, t := range demo.Teams {
		fmt.Fprintf(w, "  %s\n    %s/s/%s/%s\n", t.Name, base, demo.SurveySlug, t.Slug)
	}
	fmt.Fprintf(w, "  By keyword\n    %s/k/sunflower\n", base)
	fmt.Fprintf(w, "  The public API\n    %s/api/v1/public/surveys\n\n", base)
}
