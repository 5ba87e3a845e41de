package orcid

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
)

// API hosts and OAuth endpoints.
const (
	ProductionAPIURL       = "https://pub.orcid.org/v3.0"
	SandboxAPIURL          = "https://pub.sandbox.orcid.org/v3.0"
	ProductionTokenURL     = "https://orcid.org/oauth/token"
	SandboxTokenURL        = "https://sandbox.orcid.org/oauth/token"
	ProductionAuthorizeURL = "https://orcid.org/oauth/authorize"
	SandboxAuthorizeURL    = "https://sandbox.orcid.org/oauth/authorize"
)

// Limits of the public API and defaults of the client.
const (
	// DefaultRate and DefaultBurst are ORCID's public API limits (since
	// February 2025): 12 requests/s, bursts of up to 40.
	DefaultRate  rate.Limit = 12
	DefaultBurst            = 40
	// DefaultRetries is how often a 503 or a transient network error is
	// retried, starting DefaultRetryBase apart and doubling (with jitter),
	// each wait at most MaxRetryWait.
	DefaultRetries   = 4
	DefaultRetryBase = 500 * time.Millisecond
	MaxRetryWait     = 30 * time.Second
	// DefaultMaxResponseSize bounds the bytes read from one reply.
	DefaultMaxResponseSize = 64 << 20
	// MaxBulkWorks is the most put-codes ORCID accepts in one bulk call.
	MaxBulkWorks = 100
	// MaxSearchRows is the largest search page (v3.0).
	MaxSearchRows = 1000
	// MaxAnonymousSearchStart is the highest "start" an anonymous search
	// may use.
	MaxAnonymousSearchStart = 10000
)

// Client is an ORCID Public API v3.0 client. It is safe for concurrent
// use; all goroutines share its rate limiter and statistics.
type Client struct {
	hc        *http.Client
	base      string // without trailing slash
	baseErr   error
	userAgent string
	limiter   *rate.Limiter
	retries   int
	retryBase time.Duration
	maxBody   int64
	stats     stats
}

// Option configures a Client.
type Option func(*Client)

// WithBaseURL sets the API base, such as ProductionAPIURL or a test
// server's URL with its /v3.0 path prefix.
func WithBaseURL(u string) Option {
	return func(c *Client) { c.base = u }
}

// WithSandbox selects ORCID's sandbox API.
func WithSandbox() Option { return WithBaseURL(SandboxAPIURL) }

// WithRateLimit sets the request rate and burst of the client's limiter;
// rate.Inf disables limiting.
func WithRateLimit(r rate.Limit, burst int) Option {
	return func(c *Client) {
		if burst < 1 {
			burst = 1
		}
		c.limiter = rate.NewLimiter(r, burst)
	}
}

// WithRetries sets how many times a 503 reply (also 502 and 504 from a
// gateway) or a transient network error (timeout, refused or reset
// connection, reply cut short) is retried, and the first wait; waits
// double with jitter, each at most MaxRetryWait, and end early when the
// context is done. n = 0 disables retries. A 429 is never retried.
func WithRetries(n int, base time.Duration) Option {
	return func(c *Client) {
		c.retries = max(0, n)
		c.retryBase = base
	}
}

// WithUserAgent replaces the User-Agent header (see UserAgent).
func WithUserAgent(ua string) Option {
	return func(c *Client) { c.userAgent = ua }
}

// WithMaxResponseSize bounds the bytes read from one reply (default
// DefaultMaxResponseSize).
func WithMaxResponseSize(n int64) Option {
	return func(c *Client) { c.maxBody = n }
}

// UserAgent returns the User-Agent the client sends for a program version:
// "orcidsite/<version> (+https://github.com/orcidsite/orcidsite)".
func UserAgent(version string) string {
	if version == "" {
		version = "dev"
	}
	return "orcidsite/" + version + " (+https://github.com/orcidsite/orcidsite)"
}

func defaultVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// NewClient returns a client that sends requests with httpClient, or, when
// it is nil, with a default client with timeouts (anonymous access). For
// a /read-public token pass the client from NewHTTPClientFromEnv or
// clientcredentials. The client never follows redirects itself: ORCID
// redirects deprecated records, which become *DeprecatedError.
func NewClient(httpClient *http.Client, opts ...Option) *Client {
	if httpClient == nil {
		httpClient = DefaultHTTPClient()
	}
	hc := *httpClient
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c := &Client{
		hc:        &hc,
		base:      ProductionAPIURL,
		userAgent: UserAgent(defaultVersion()),
		limiter:   rate.NewLimiter(DefaultRate, DefaultBurst),
		retries:   DefaultRetries,
		retryBase: DefaultRetryBase,
		maxBody:   DefaultMaxResponseSize,
	}
	for _, o := range opts {
		o(c)
	}
	c.base = strings.TrimRight(c.base, "/")
	if u, err := url.Parse(c.base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.baseErr = fmt.Errorf("orcid: invalid API URL %q: want an http(s) URL such as %s", c.base, ProductionAPIURL)
	}
	return c
}

// DefaultHTTPClient returns the HTTP client used when NewClient is given
// nil: a 2-minute overall timeout per request and shorter dial, TLS and
// header timeouts.
func DefaultHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSHandshakeTimeout = 15 * time.Second
	t.ResponseHeaderTimeout = 60 * time.Second
	t.MaxIdleConnsPerHost = 16
	t.DialContext = (&net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	return &http.Client{Transport: t, Timeout: 2 * time.Minute}
}

// BaseURL returns the API base the client talks to.
func (c *Client) BaseURL() string { return c.base }

// do sends GET base/path?query, retrying 503 replies and transient network
// errors, and decodes the JSON reply into v. endpoint names the request in
// Stats and errors.
func (c *Client) do(ctx context.Context, endpoint, path string, query url.Values, v any) error {
	if c.baseErr != nil {
		return c.baseErr
	}
	u := c.base + "/" + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	for attempt := 0; ; attempt++ {
		// Step 1: wait for the shared limiter.
		start := time.Now()
		if err := c.limiter.Wait(ctx); err != nil {
			return fmt.Errorf("orcid %s: waiting for the rate limiter: %w", path, ctxErr(ctx, err))
		}
		c.stats.waited(time.Since(start))

		// Step 2: send the request.
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return fmt.Errorf("orcid %s: %w", path, err)
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", c.userAgent)
		c.stats.request(endpoint, attempt > 0)
		resp, err := c.hc.Do(req)

		// Step 3: read the body, bounded.
		var body []byte
		if err == nil {
			body, err = io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
			resp.Body.Close()
			c.stats.read(endpoint, int64(len(body)))
			if err == nil && int64(len(body)) > c.maxBody {
				c.stats.failed(endpoint)
				return fmt.Errorf("orcid %s: reply larger than %d bytes: %w", path, c.maxBody, ErrBadResponse)
			}
		}

		// Step 4: decide whether to retry.
		var retryAfter time.Duration
		switch {
		case err != nil:
			if ctx.Err() != nil {
				c.stats.failed(endpoint)
				return fmt.Errorf("orcid %s: %w", path, ctx.Err())
			}
			if oe := oauthError(err); oe != nil {
				c.stats.failed(endpoint)
				return oe
			}
			if !transient(err) || attempt >= c.retries {
				c.stats.failed(endpoint)
				return fmt.Errorf("orcid %s: %w", path, err)
			}
		case resp.StatusCode == http.StatusServiceUnavailable ||
			resp.StatusCode == http.StatusBadGateway || resp.StatusCode == http.StatusGatewayTimeout:
			if attempt >= c.retries {
				c.stats.failed(endpoint)
				return classify(resp.StatusCode, resp.Header, body, endpoint, path)
			}
			c.stats.throttled(endpoint)
			retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"))
		case resp.StatusCode < 200 || resp.StatusCode > 299:
			c.stats.failed(endpoint)
			return classify(resp.StatusCode, resp.Header, body, endpoint, path)
		default:
			// Step 5: decode.
			if err := decodeJSON(body, resp.Header.Get("Content-Type"), v); err != nil {
				c.stats.failed(endpoint)
				return fmt.Errorf("orcid %s: %w", path, err)
			}
			return nil
		}

		// Step 6: back off before the next attempt, honouring ctx.
		wait := backoff(c.retryBase, attempt)
		if retryAfter > wait {
			wait = min(retryAfter, MaxRetryWait)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			c.stats.failed(endpoint)
			return fmt.Errorf("orcid %s: %w", path, ctx.Err())
		case <-t.C:
		}
	}
}

// decodeJSON decodes a 2xx reply, with a clear error for XML or HTML
// replies (a missing Accept header or a wrong base URL) and malformed JSON.
func decodeJSON(body []byte, contentType string, v any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return fmt.Errorf("empty reply: %w", ErrBadResponse)
	}
	if trimmed[0] == '<' {
		kind := "XML"
		if bytes.Contains(bytes.ToLower(trimmed[:min(len(trimmed), 512)]), []byte("<html")) {
			kind = "HTML"
		}
		return fmt.Errorf("reply is %s, not JSON (Content-Type %q); is the API URL right? %w", kind, clean(contentType, 80), ErrBadResponse)
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		return fmt.Errorf("decoding JSON reply (%d bytes): %v: %w", len(body), err, ErrBadResponse)
	}
	return nil
}

// backoff returns the wait before retry number attempt+1: base doubled per
// attempt, capped, with jitter in [d/2, d).
func backoff(base time.Duration, attempt int) time.Duration {
	if base <= 0 {
		return 0
	}
	d := base
	for i := 0; i < attempt && d < MaxRetryWait; i++ {
		d *= 2
	}
	d = min(d, MaxRetryWait)
	return d/2 + rand.N(d/2+1)
}

func parseRetryAfter(s string) time.Duration {
	if s == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(s); err == nil {
		return time.Until(t)
	}
	return 0
}

// transient reports whether a request error is worth retrying: timeouts,
// refused or reset connections, and replies cut short.
func transient(err error) bool {
	var ne net.Error
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns) && dns.IsNotFound:
		// A host that does not exist will not appear in a few seconds.
		return false
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ECONNABORTED):
		return true
	case errors.As(err, &ne) && ne.Timeout():
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe)
}

// oauthError extracts a token endpoint failure (from an oauth2 transport)
// as an *OAuthError, without its response body.
func oauthError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return nil
	}
	oe := &OAuthError{Code: re.ErrorCode, Description: re.ErrorDescription, Path: "token endpoint"}
	if re.Response != nil {
		oe.Status = re.Response.StatusCode
		if re.Response.Request != nil && re.Response.Request.URL != nil {
			oe.Path = re.Response.Request.URL.Redacted()
		}
	}
	if oe.Code == "" {
		oe.Code = "token request failed"
	}
	return oe
}

func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}
