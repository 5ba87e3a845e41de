// Package orcid is a client for the ORCID Public API v3.0.
//
// The model follows ORCID's JSON closely, as plain value structs: a Record
// holds a Person (names, biography, links, keywords, identifiers) and an
// ActivitiesSummary (work groups with their summaries, affiliation sections,
// fundings, peer reviews). A work group is one real-world work; its first
// summary, the one with the highest display-index, is the researcher's
// preferred version. Full works (contributors, citation, description) come
// from the work and bulk-works endpoints.
//
// ORCID wraps many values ({"value": "..."}), writes partial dates as string
// parts that may be null, timestamps as epoch milliseconds, and
// display-indexes sometimes as numbers and sometimes as strings; the types
// Value, FuzzyDate, Timestamp and Index absorb those shapes. Unknown fields
// and enum values never break decoding.
//
// A Client sends every request through one pipeline that asks for JSON,
// waits on a shared rate limiter, retries 503 replies and transient network
// errors with bounded backoff, classifies failures into typed errors
// (ErrNotFound, *DeprecatedError, ErrLocked, ErrDeactivated,
// ErrQuotaExceeded, …) and counts requests per endpoint. Authentication is a
// transport concern: pass an *http.Client from clientcredentials for a
// /read-public token, or none for anonymous access.
//
// Typical use:
//
//	hc, _, err := orcid.NewHTTPClientFromEnv(ctx, orcid.ProductionTokenURL)
//	if err != nil { ... }
//	c := orcid.NewClient(hc)
//	rec, err := c.Record(ctx, id)
//	var dep *orcid.DeprecatedError
//	switch {
//	case errors.As(err, &dep):            // merged: fetch dep.New instead
//	case errors.Is(err, orcid.ErrNotFound),
//		errors.Is(err, orcid.ErrLocked),
//		errors.Is(err, orcid.ErrDeactivated): // no public profile
//	case errors.Is(err, orcid.ErrQuotaExceeded): // stop for today
//	}
//	works, errs, err := c.WorksBulk(ctx, id, putCodes) // ≤100 codes per request
//
// Errors name the request path (and so the iD) they concern; ORCID's own
// messages in them are cleaned of control characters and cut short, but
// remain untrusted text.
package orcid
