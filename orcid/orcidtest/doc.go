// Package orcidtest is a fake ORCID Public API v3.0 server for tests and
// benchmarks, built on net/http/httptest and listening on 127.0.0.1.
//
// The server holds Fixtures: a Fixture is one researcher, made of the whole
// Record (person plus activities summary, whose work groups carry the work
// summaries) and the full Works by put-code. From them it answers the read
// endpoints a site generator uses (/{id}/record, /person, /works,
// /work/{pc}, bulk /works/{pc,…}, the affiliation sections, fundings, peer
// reviews), search and expanded search, the client-credentials token
// endpoint and an implicit OpenID Connect sign-in (authorize, JWKS, RS256
// id_token).
//
// It imitates the ORCID behaviour a client must cope with: JSON only when
// the Accept header asks for it (XML otherwise), 404/9016 for unknown iDs,
// 301 for deprecated records, 409 for locked (9018) and deactivated (9044)
// ones, bulk replies with found works first and errors after, 400/9042 for
// more than 100 put-codes, "result": null for empty searches. Faults
// (503 bursts and ratios, latency, a 429 daily quota with a plain-text body,
// truncated JSON, reset connections) can be switched on at any time, and
// every request is counted per endpoint so tests can assert how many calls a
// client made.
//
// Fixtures returns a hand-written standard set (see the ID constants and
// LabIDs); Generate builds large deterministic synthetic sets for
// benchmarks.
package orcidtest
