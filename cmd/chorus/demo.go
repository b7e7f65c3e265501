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
	fmt.Fprintf(w, "  Survey (choose a team):   %s/s/%s\n", base, demo.SurveySlug)
	for _, t := range demo.Teams {
		fmt.Fprintf(w, "  %-26s %s/s/%s/%s\n", t.Name+":", base, demo.SurveySlug, t.Slug)
	}
	fmt.Fprintf(w, "  By keyword:               %s/k/sunflower\n", base)
	fmt.Fprintf(w, "  Public API:               %s/api/v1/public/surveys\n\n", base)
}
