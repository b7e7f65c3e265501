// Package app holds Chorus's use cases, between the adapters (api, webui)
// and the store: submitting a response through the ingest writer, and (in
// other files) reports, the report workflow, actions, alerts, co-design,
// survey management, staff and permissions.
//
// Submitting: Submissions.Submit validates and analyses a response, then
// hands it to the Ingest writer of the store, which commits responses in
// groups with their rollups and alerts, crash-safe (docs/architecture.md,
// "Ingest: group commit and exact rollups").
package app
