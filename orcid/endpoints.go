package orcid

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// idPath checks that id is a canonical iD (it becomes part of a URL path)
// and returns "id/suffix".
func idPath(id ID, suffix string) (string, error) {
	if p, err := ParseID(string(id)); err != nil || p != id {
		return "", fmt.Errorf("orcid: invalid iD %q: want the bare form such as 0000-0002-1825-0097", string(id))
	}
	if suffix == "" {
		return string(id), nil
	}
	return string(id) + "/" + suffix, nil
}

// get fetches one record section into a new T.
func get[T any](ctx context.Context, c *Client, id ID, endpoint, suffix string) (*T, error) {
	path, err := idPath(id, suffix)
	if err != nil {
		return nil, err
	}
	v := new(T)
	if err := c.do(ctx, endpoint, path, nil, v); err != nil {
		return nil, err
	}
	return v, nil
}

// Record fetches the whole public record: person and activity summaries
// (/{id}/record). One call per researcher is enough to render a profile.
func (c *Client) Record(ctx context.Context, id ID) (*Record, error) {
	return get[Record](ctx, c, id, "record", "record")
}

// Person fetches the biographical part of a record (/{id}/person).
func (c *Client) Person(ctx context.Context, id ID) (*Person, error) {
	return get[Person](ctx, c, id, "person", "person")
}

// Activities fetches the activity summaries (/{id}/activities).
func (c *Client) Activities(ctx context.Context, id ID) (*ActivitiesSummary, error) {
	return get[ActivitiesSummary](ctx, c, id, "activities", "activities")
}

// Works fetches the work groups with their summaries (/{id}/works).
func (c *Client) Works(ctx context.Context, id ID) (*Works, error) {
	return get[Works](ctx, c, id, "works", "works")
}

// Work fetches one full work (/{id}/work/{put-code}).
func (c *Client) Work(ctx context.Context, id ID, putCode int64) (*Work, error) {
	return get[Work](ctx, c, id, "work", "work/"+strconv.FormatInt(putCode, 10))
}

// Employments fetches the employments section (/{id}/employments).
func (c *Client) Employments(ctx context.Context, id ID) (*Affiliations, error) {
	return get[Affiliations](ctx, c, id, "employments", "employments")
}

// Educations fetches the educations section (/{id}/educations).
func (c *Client) Educations(ctx context.Context, id ID) (*Affiliations, error) {
	return get[Affiliations](ctx, c, id, "educations", "educations")
}

// Distinctions fetches the distinctions section (/{id}/distinctions).
func (c *Client) Distinctions(ctx context.Context, id ID) (*Affiliations, error) {
	return get[Affiliations](ctx, c, id, "distinctions", "distinctions")
}

// InvitedPositions fetches the invited positions (/{id}/invited-positions).
func (c *Client) InvitedPositions(ctx context.Context, id ID) (*Affiliations, error) {
	return get[Affiliations](ctx, c, id, "invited-positions", "invited-positions")
}

// Memberships fetches the memberships section (/{id}/memberships).
func (c *Client) Memberships(ctx context.Context, id ID) (*Affiliations, error) {
	return get[Affiliations](ctx, c, id, "memberships", "memberships")
}

// Qualifications fetches the qualifications section (/{id}/qualifications).
func (c *Client) Qualifications(ctx context.Context, id ID) (*Affiliations, error) {
	return get[Affiliations](ctx, c, id, "qualifications", "qualifications")
}

// Services fetches the services section (/{id}/services).
func (c *Client) Services(ctx context.Context, id ID) (*Affiliations, error) {
	return get[Affiliations](ctx, c, id, "services", "services")
}

// Fundings fetches the funding groups (/{id}/fundings).
func (c *Client) Fundings(ctx context.Context, id ID) (*Fundings, error) {
	return get[Fundings](ctx, c, id, "fundings", "fundings")
}

// PeerReviews fetches the peer-review groups (/{id}/peer-reviews).
func (c *Client) PeerReviews(ctx context.Context, id ID) (*PeerReviews, error) {
	return get[PeerReviews](ctx, c, id, "peer-reviews", "peer-reviews")
}

// WorksBulk fetches full works by put-code with the bulk endpoint
// (/{id}/works/{pc1},{pc2},…), at most MaxBulkWorks per request; duplicate
// codes are fetched once.
//
// ORCID answers a bulk request with 200 even when some entries fail, and
// does not keep the request order (found works first, errors after), so
// entries are matched by put-code: a work by its own put-code, an error by
// the code quoted in its message ("'123' is not a valid put code"), else
// by elimination among the requested codes that got no work. Failed
// entries are returned in errs (as *Error; errors.Is(err, ErrNotFound)
// for unknown codes) and do not fail the call.
//
// err is non-nil only when a whole request failed (rate limit, quota,
// unknown record, …); works and errs then hold what was fetched before.
func (c *Client) WorksBulk(ctx context.Context, id ID, putCodes []int64) (works map[int64]Work, errs map[int64]error, err error) {
	works = make(map[int64]Work, len(putCodes))
	errs = make(map[int64]error)
	prefix, err := idPath(id, "works/")
	if err != nil {
		return works, errs, err
	}
	var codes []int64
	seen := make(map[int64]bool, len(putCodes))
	for _, pc := range putCodes {
		if !seen[pc] {
			seen[pc] = true
			codes = append(codes, pc)
		}
	}
	for chunk := range slices.Chunk(codes, MaxBulkWorks) {
		parts := make([]string, len(chunk))
		for i, pc := range chunk {
			parts[i] = strconv.FormatInt(pc, 10)
		}
		var reply BulkWorks
		if err := c.do(ctx, "bulk", prefix+strings.Join(parts, ","), nil, &reply); err != nil {
			return works, errs, err
		}
		matchBulk(id, chunk, reply.Bulk, works, errs)
	}
	return works, errs, nil
}

// matchBulk files the entries of one bulk reply for the requested codes.
func matchBulk(id ID, requested []int64, entries []BulkEntry, works map[int64]Work, errs map[int64]error) {
	want := make(map[int64]bool, len(requested))
	for _, pc := range requested {
		want[pc] = true
	}
	var unmatched []*ErrorBody
	for _, e := range entries {
		switch {
		case e.Work != nil:
			works[e.Work.PutCode] = *e.Work
		case e.Error != nil:
			if pc, ok := putCodeInMessage(e.Error.DeveloperMessage+" "+e.Error.UserMessage, want); ok {
				if _, done := errs[pc]; !done {
					errs[pc] = bulkEntryError(e.Error, fmt.Sprintf("%s/work/%d", id, pc))
					continue
				}
			}
			unmatched = append(unmatched, e.Error)
		}
	}
	// Requested codes with neither a work nor an error, in request order.
	var missing []int64
	for _, pc := range requested {
		_, okW := works[pc]
		_, okE := errs[pc]
		if !okW && !okE {
			missing = append(missing, pc)
		}
	}
	for i, pc := range missing {
		path := fmt.Sprintf("%s/work/%d", id, pc)
		switch {
		case len(unmatched) == len(missing):
			// As many anonymous errors as codes without an answer: ORCID
			// appends errors in request order.
			errs[pc] = bulkEntryError(unmatched[i], path)
		case len(unmatched) > 0:
			// Cannot tell which error is whose; report the first for all.
			errs[pc] = bulkEntryError(unmatched[0], path)
		default:
			errs[pc] = &Error{Endpoint: "bulk", Path: path, DeveloperMessage: "the bulk reply has no entry for this put-code"}
		}
	}
}

// SearchOptions controls Search paging.
type SearchOptions struct {
	Rows  int // page size; 0 or more than MaxSearchRows means MaxSearchRows
	Start int // zero-based index of the first hit
	Max   int // stop after this many iDs; 0 means all hits
}

// Search runs a Solr query (for example `family-name:Carberry` or
// `ror-org-id:"https://ror.org/05gq02987"`) and pages through the hits,
// returning their iDs and ORCID's total count. Anonymous callers cannot
// page beyond start=10000: Search then returns the iDs gathered so far
// with an error matching ErrSearchCapped. Hits whose iD is invalid are
// skipped.
func (c *Client) Search(ctx context.Context, q string, opts SearchOptions) (ids []ID, numFound int, err error) {
	rows := opts.Rows
	if rows <= 0 || rows > MaxSearchRows {
		rows = MaxSearchRows
	}
	start := max(0, opts.Start)
	for {
		n := rows
		if opts.Max > 0 {
			n = min(n, opts.Max-len(ids))
		}
		query := url.Values{"q": {q}, "start": {strconv.Itoa(start)}, "rows": {strconv.Itoa(n)}}
		var page SearchResult
		if err := c.do(ctx, "search", "search/", query, &page); err != nil {
			if IsSearchCapped(err) {
				return ids, numFound, &SearchCappedError{Query: q, Start: start, Got: len(ids), NumFound: numFound}
			}
			return ids, numFound, err
		}
		numFound = page.NumFound
		for _, hit := range page.Result {
			if id, err := ParseID(hit.ORCIDIdentifier.Path); err == nil {
				ids = append(ids, id)
			}
		}
		start += len(page.Result)
		if len(page.Result) == 0 || start >= numFound || (opts.Max > 0 && len(ids) >= opts.Max) {
			return ids, numFound, nil
		}
	}
}

// IsSearchCapped reports whether err is ORCID's refusal of an anonymous
// search page beyond start=10000.
func IsSearchCapped(err error) bool {
	return err != nil && errors.Is(err, ErrSearchCapped)
}

// SearchCappedError reports that an anonymous search stopped at ORCID's
// start=10000 limit with hits left. It matches ErrSearchCapped.
type SearchCappedError struct {
	Query    string
	Start    int // the refused start
	Got      int // iDs returned
	NumFound int // ORCID's total
}

// Error says how far paging got and how to go further.
func (e *SearchCappedError) Error() string {
	return fmt.Sprintf("orcid search %q: anonymous access cannot page beyond start=%d; got %d of %d hits (set ORCID_CLIENT_ID and ORCID_CLIENT_SECRET for a /read-public token, or narrow the query)",
		clean(e.Query, 100), MaxAnonymousSearchStart, e.Got, e.NumFound)
}

// Is matches ErrSearchCapped.
func (e *SearchCappedError) Is(target error) bool { return target == ErrSearchCapped }

// ExpandedSearch runs a query on /expanded-search, which returns names and
// institutions with each iD; one page of at most rows hits (0 means
// MaxSearchRows).
func (c *Client) ExpandedSearch(ctx context.Context, q string, rows int) ([]ExpandedHit, int, error) {
	if rows <= 0 || rows > MaxSearchRows {
		rows = MaxSearchRows
	}
	query := url.Values{"q": {q}, "start": {"0"}, "rows": {strconv.Itoa(rows)}}
	var res ExpandedSearchResult
	if err := c.do(ctx, "expanded-search", "expanded-search/", query, &res); err != nil {
		return nil, 0, err
	}
	return res.ExpandedResult, res.NumFound, nil
}
