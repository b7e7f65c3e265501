// Package app holds the use cases of Chorus, between the adapters (the
// JSON API in package api, the pages in package webui) and the store:
// submitting a response, reports and the quarter's disclosure decision,
// the report workflow, actions, alerts, co-design, survey management,
// organisations, accounts and tokens. Each staff method takes the acting
// staff member, authorises and audits inside, and returns domain values;
// the adapters choose the JSON or HTML shape.
//
// Submitting: Submissions.Submit validates and analyses a response, then
// hands it to the Ingest writer of the store, which commits responses in
// groups with their rollups and alerts, crash-safe (docs/architecture.md,
// "Ingest: group commit and exact rollups").
//
// Reports: every report of a quarter is taken from the organisation's one
// disclosure decision (Disclosure, survey.DecideQuarter).
package app
