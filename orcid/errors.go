package orcid

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors. The typed errors returned by a Client (*Error,
// *DeprecatedError, *OAuthError) match them with errors.Is.
var (
	// ErrNotFound: the iD, put-code or path does not exist (ORCID error
	// 9016, HTTP 404; also 9034 "not a valid put code" in bulk replies).
	ErrNotFound = errors.New("not found")
	// ErrDeprecated: the record was merged into another one (9007). The
	// error is a *DeprecatedError carrying the primary iD.
	ErrDeprecated = errors.New("record deprecated")
	// ErrLocked: the record is locked by ORCID and has no public data (9018).
	ErrLocked = errors.New("record locked")
	// ErrDeactivated: the researcher deactivated the record (9044).
	ErrDeactivated = errors.New("record deactivated")
	// ErrUnclaimed: the record is new and not yet claimed (9036).
	ErrUnclaimed = errors.New("record not claimed yet")
	// ErrNotPublic: the item exists but is not public (9039, HTTP 403).
	ErrNotPublic = errors.New("item not public")
	// ErrRateLimited: ORCID answered 503 (over 12 requests/s beyond the
	// burst) and retries did not help.
	ErrRateLimited = errors.New("rate limited by ORCID")
	// ErrQuotaExceeded: the daily quota is used up (HTTP 429). It is never
	// retried: the quota resets the next day.
	ErrQuotaExceeded = errors.New("daily request quota exceeded")
	// ErrSearchCapped: anonymous search may not page beyond start=10000
	// (9043); a /read-public token lifts the cap.
	ErrSearchCapped = errors.New("anonymous search cannot page beyond start=10000")
	// ErrUnauthorized: ORCID rejected the token or the client credentials
	// (HTTP 401, an *OAuthError or error 9017).
	ErrUnauthorized = errors.New("unauthorized")
	// ErrBadResponse: the reply could not be read as the expected JSON: it
	// was XML or HTML, truncated, malformed, or larger than the size limit.
	ErrBadResponse = errors.New("unreadable reply")
)

// ORCID error codes that the client classifies.
const (
	CodeDeprecated       = 9007
	CodeBadRequest       = 9012
	CodeNotFound         = 9016
	CodeUnauthorized     = 9017
	CodeLocked           = 9018
	CodeInvalidPutCode   = 9034
	CodeUnclaimed        = 9036
	CodeNoScope          = 9038 // item not public, token lacks the scope
	CodeNotPublic        = 9039
	CodeTooManyPutCodes  = 9042
	CodeSearchStartLimit = 9043
	CodeDeactivated      = 9044
)

// Error is a failed ORCID API request, or a failed entry of a bulk reply.
// Status is the HTTP status (for bulk entries ORCID's "response-code"),
// Code ORCID's "error-code" (0 when the body had none). The messages are
// ORCID's text and must be treated as untrusted.
type Error struct {
	Status           int
	Code             int
	DeveloperMessage string
	UserMessage      string
	Endpoint         string // the endpoint name used in Stats, e.g. "record"
	Path             string // the request path below the API base, e.g. "0000-0002-1825-0097/record"
}

// Error names the endpoint, status and ORCID error code and message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("orcid ")
	b.WriteString(e.Path)
	b.WriteString(": ")
	if s := e.kind(); s != nil {
		b.WriteString(s.Error())
	} else if e.Status != 0 {
		b.WriteString(strings.ToLower(http.StatusText(e.Status)))
	} else {
		b.WriteString("error")
	}
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d", e.Status)
		if e.Code != 0 {
			fmt.Fprintf(&b, ", error %d", e.Code)
		}
		b.WriteString(")")
	} else if e.Code != 0 {
		fmt.Fprintf(&b, " (error %d)", e.Code)
	}
	if msg := e.DeveloperMessage; msg != "" {
		b.WriteString(": ")
		b.WriteString(clean(msg, 300))
	} else if msg := e.UserMessage; msg != "" {
		b.WriteString(": ")
		b.WriteString(clean(msg, 300))
	}
	return b.String()
}

// kind returns the sentinel error this error matches, or nil.
func (e *Error) kind() error {
	switch e.Code {
	case CodeNotFound, CodeInvalidPutCode:
		return ErrNotFound
	case CodeDeprecated:
		return ErrDeprecated
	case CodeLocked:
		return ErrLocked
	case CodeDeactivated:
		return ErrDeactivated
	case CodeUnclaimed:
		return ErrUnclaimed
	case CodeNotPublic, CodeNoScope:
		return ErrNotPublic
	case CodeSearchStartLimit:
		return ErrSearchCapped
	case CodeUnauthorized:
		return ErrUnauthorized
	}
	switch e.Status {
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusTooManyRequests:
		return ErrQuotaExceeded
	case http.StatusServiceUnavailable:
		return ErrRateLimited
	case http.StatusForbidden:
		return ErrNotPublic
	case http.StatusUnauthorized:
		return ErrUnauthorized
	}
	return nil
}

// Is reports whether the error matches one of the sentinel errors, so that
// errors.Is(err, orcid.ErrNotFound) works.
func (e *Error) Is(target error) bool {
	k := e.kind()
	return k != nil && k == target
}

// DeprecatedError is returned for a deprecated (merged) record: ORCID
// answers 301 with a Location naming the primary record. The client does
// not follow the redirect; callers decide whether to fetch New.
type DeprecatedError struct {
	Old  ID     // the iD that was requested
	New  ID     // the primary iD; empty when ORCID did not say
	Path string // the request path
}

// Error names the old and the primary iD.
func (e *DeprecatedError) Error() string {
	old := "record " + string(e.Old)
	if e.Old == "" {
		old = "the record"
	}
	if e.New == "" {
		return fmt.Sprintf("orcid %s: %s is deprecated (merged into another record, which ORCID did not name)", e.Path, old)
	}
	return fmt.Sprintf("orcid %s: %s is deprecated; its primary record is %s", e.Path, old, e.New)
}

// Is matches ErrDeprecated.
func (e *DeprecatedError) Is(target error) bool { return target == ErrDeprecated }

// OAuthError is a failure reported by ORCID's OAuth layer, either on an API
// request ("invalid_token") or at the token endpoint ("invalid_client",
// "unsupported_grant_type"). Description may quote the token; Error()
// leaves it out.
type OAuthError struct {
	Status      int
	Code        string // e.g. "invalid_token", "invalid_client"
	Description string
	Path        string // request path, or the token URL
}

// Error gives the OAuth error code and description, never the token.
func (e *OAuthError) Error() string {
	msg := fmt.Sprintf("orcid %s: OAuth error %s", e.Path, clean(e.Code, 60))
	if e.Status != 0 {
		msg += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	switch e.Code {
	case "invalid_token":
		msg += ": the access token was rejected; check ORCID_CLIENT_ID/ORCID_CLIENT_SECRET and the token URL"
	case "invalid_client":
		msg += ": the client id or secret was rejected; check ORCID_CLIENT_ID/ORCID_CLIENT_SECRET and sandbox vs production"
	default:
		if d := redactToken(e.Description); d != "" {
			msg += ": " + clean(d, 200)
		}
	}
	return msg
}

// Is matches ErrUnauthorized for 401 replies and for invalid_token and
// invalid_client.
func (e *OAuthError) Is(target error) bool {
	return target == ErrUnauthorized &&
		(e.Status == http.StatusUnauthorized || e.Code == "invalid_token" || e.Code == "invalid_client")
}

// CheckResponse classifies an HTTP reply from the ORCID API: nil for 2xx,
// else a typed error. It reads (at most 1 MiB of) the body of a non-2xx
// reply but does not close it.
func CheckResponse(resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	path := ""
	if resp.Request != nil && resp.Request.URL != nil {
		path = strings.TrimPrefix(resp.Request.URL.Path, "/")
		if m := versionPrefix.FindStringIndex(path); m != nil {
			path = path[m[1]:]
		}
	}
	return classify(resp.StatusCode, resp.Header, body, endpointOf(path), path)
}

// versionPrefix matches the API base part of a URL path, such as "v3.0/"
// or "prefix/v3.0_rc1/".
var versionPrefix = regexp.MustCompile(`^(?:[^/]*/)*?v\d+\.\d+(?:_\w+)?/`)

// classify turns a non-2xx reply into a typed error. path is the request
// path relative to the API base; its first segment is the iD when the
// request was about a record.
func classify(status int, header http.Header, body []byte, endpoint, path string) error {
	// 429: plain-text body, never JSON.
	if status == http.StatusTooManyRequests {
		return &Error{Status: status, Endpoint: endpoint, Path: path, UserMessage: string(body)}
	}

	var eb ErrorBody
	var ob struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	isJSON := looksJSON(body)
	isXML := bytes.HasPrefix(bytes.TrimSpace(body), []byte("<"))
	switch {
	case isJSON:
		_ = json.Unmarshal(body, &eb)
		_ = json.Unmarshal(body, &ob)
	case isXML:
		// ORCID's XML error (sent when the Accept header was not JSON).
		var xe struct {
			ResponseCode     int    `xml:"response-code"`
			DeveloperMessage string `xml:"developer-message"`
			UserMessage      string `xml:"user-message"`
			ErrorCode        int    `xml:"error-code"`
		}
		if xml.Unmarshal(body, &xe) == nil {
			eb = ErrorBody{ResponseCode: xe.ResponseCode, DeveloperMessage: xe.DeveloperMessage,
				UserMessage: xe.UserMessage, ErrorCode: xe.ErrorCode}
		}
	}

	// Deprecated record: 301 + Location on GET, 409/9007 otherwise.
	if (status >= 300 && status < 400) || eb.ErrorCode == CodeDeprecated {
		old := pathID(path)
		if status >= 300 && status < 400 && eb.ErrorCode != CodeDeprecated && !redirectsToOtherID(header.Get("Location"), old) {
			return &Error{Status: status, Endpoint: endpoint, Path: path,
				DeveloperMessage: "unexpected redirect to " + header.Get("Location") + "; is the API URL right (it should end in /v3.0)?"}
		}
		d := &DeprecatedError{Old: old, Path: path}
		d.New = locationID(header.Get("Location"), old)
		if d.New == "" {
			d.New = messageID(eb.DeveloperMessage, old)
		}
		return d
	}

	if eb.ErrorCode != 0 || eb.ResponseCode != 0 || eb.DeveloperMessage != "" {
		return &Error{Status: status, Code: eb.ErrorCode, DeveloperMessage: eb.DeveloperMessage,
			UserMessage: eb.UserMessage, Endpoint: endpoint, Path: path}
	}
	if ob.Error != "" {
		return &OAuthError{Status: status, Code: ob.Error, Description: ob.Description, Path: path}
	}
	msg := ""
	if len(body) > 0 {
		msg = "reply: " + string(body)
		if isXML {
			msg = "non-JSON reply: " + string(body)
		}
	}
	return &Error{Status: status, Endpoint: endpoint, Path: path, DeveloperMessage: msg}
}

// bulkEntryError turns an error entry of a bulk reply into an *Error.
func bulkEntryError(b *ErrorBody, path string) *Error {
	return &Error{Status: b.ResponseCode, Code: b.ErrorCode, DeveloperMessage: b.DeveloperMessage,
		UserMessage: b.UserMessage, Endpoint: "bulk", Path: path}
}

func looksJSON(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && (b[0] == '{' || b[0] == '[')
}

// pathID returns the iD at the start of an API path, or "".
func pathID(path string) ID {
	first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if id, err := ParseID(first); err == nil {
		return id
	}
	return ""
}

var idPattern = regexp.MustCompile(`\d{4}-\d{4}-\d{4}-\d{3}[\dXx]`)

// locationID returns the first valid iD other than old in a Location URL.
func locationID(loc string, old ID) ID {
	if loc == "" {
		return ""
	}
	if u, err := url.Parse(loc); err == nil {
		loc = u.Path
	}
	return messageID(loc, old)
}

// messageID returns the first valid iD other than old in a text, such as
// 9007's "Please refer to account: https://orcid.org/<primary>".
func messageID(s string, old ID) ID {
	for _, m := range idPattern.FindAllString(s, -1) {
		if id, err := ParseID(m); err == nil && id != old {
			return id
		}
	}
	return ""
}

func redirectsToOtherID(loc string, old ID) bool {
	return old != "" && locationID(loc, old) != ""
}

// putCodePattern finds the put-code in ORCID's "'123' is not a valid put
// code" (9034) and similar messages that quote the code.
var putCodePattern = regexp.MustCompile(`'(\d{1,19})'`)

// putCodeInMessage returns the quoted put-codes in msg that are in want.
func putCodeInMessage(msg string, want map[int64]bool) (int64, bool) {
	for _, m := range putCodePattern.FindAllStringSubmatch(msg, -1) {
		n, err := strconv.ParseInt(m[1], 10, 64)
		if err == nil && want[n] {
			return n, true
		}
	}
	return 0, false
}

// endpointOf names the endpoint of an API path, as used in Stats.
func endpointOf(path string) string {
	path = strings.TrimPrefix(path, "/")
	parts := strings.Split(strings.TrimSuffix(path, "/"), "/")
	switch {
	case len(parts) == 0 || parts[0] == "":
		return ""
	case parts[0] == "search" || parts[0] == "expanded-search" || parts[0] == "csv-search":
		return parts[0]
	case len(parts) == 1:
		return "record"
	case parts[1] == "works" && len(parts) > 2:
		return "bulk"
	}
	return parts[1]
}

// clean makes untrusted text safe for a one-line message: control
// characters become spaces, runs of space collapse, and the text is cut to
// max runes.
func clean(s string, max int) string {
	var b strings.Builder
	n := 0
	space := false
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.IsSpace(r) || unicode.Is(unicode.Bidi_Control, r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		if n == max {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

var tokenPattern = regexp.MustCompile(`(?i)(token:?\s*)\S+`)

// redactToken hides anything that follows the word "token" in an OAuth
// error description ("Invalid access token: <token>").
func redactToken(s string) string {
	return tokenPattern.ReplaceAllString(s, "${1}[redacted]")
}
