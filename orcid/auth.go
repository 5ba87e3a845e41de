package orcid

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// Environment variables holding public API client credentials.
const (
	EnvClientID     = "ORCID_CLIENT_ID"
	EnvClientSecret = "ORCID_CLIENT_SECRET"
)

// ScopeReadPublic is the client-credentials scope for public API reads.
const ScopeReadPublic = "/read-public"

// Credentials are a public API client's id and secret. Its String and
// GoString methods hide the secret, so printing Credentials is safe.
type Credentials struct {
	ClientID     string
	ClientSecret string
}

// String shows the client id and hides the secret.
func (c Credentials) String() string {
	if c.ClientSecret == "" {
		return "orcid.Credentials{ClientID: " + c.ClientID + "}"
	}
	return "orcid.Credentials{ClientID: " + c.ClientID + ", ClientSecret: [redacted]}"
}

// GoString is String, so %#v does not print the secret either.
func (c Credentials) GoString() string { return c.String() }

// CredentialsFromEnv reads ORCID_CLIENT_ID and ORCID_CLIENT_SECRET. ok is
// false when neither is set (anonymous access); setting only one is an
// error.
func CredentialsFromEnv() (c Credentials, ok bool, err error) {
	c = Credentials{
		ClientID:     strings.TrimSpace(os.Getenv(EnvClientID)),
		ClientSecret: strings.TrimSpace(os.Getenv(EnvClientSecret)),
	}
	switch {
	case c.ClientID == "" && c.ClientSecret == "":
		return Credentials{}, false, nil
	case c.ClientID == "":
		return Credentials{}, false, fmt.Errorf("orcid: %s is set but %s is not; set both or neither", EnvClientSecret, EnvClientID)
	case c.ClientSecret == "":
		return Credentials{}, false, fmt.Errorf("orcid: %s is set but %s is not; set both or neither", EnvClientID, EnvClientSecret)
	}
	return c, true, nil
}

// HTTPClient exchanges the credentials for a /read-public token at tokenURL
// (client-credentials grant, form parameters) and returns an HTTP client
// that sends it on every request. The token is fetched once, now, so bad
// credentials fail early (as an *OAuthError); it is then reused for the
// client's life (ORCID's tokens last about 20 years). ctx is used for
// token requests and must outlive the client. Requests time out like
// DefaultHTTPClient's.
func (c Credentials) HTTPClient(ctx context.Context, tokenURL string) (*http.Client, error) {
	if tokenURL == "" {
		tokenURL = ProductionTokenURL
	}
	base := DefaultHTTPClient()
	ctx = context.WithValue(ctx, oauth2.HTTPClient, base)
	cfg := clientcredentials.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		TokenURL:     tokenURL,
		Scopes:       []string{ScopeReadPublic},
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	ts := cfg.TokenSource(ctx)
	tok, err := ts.Token()
	if err != nil {
		if oe := oauthError(err); oe != nil {
			return nil, oe
		}
		// The error may quote the token URL but never the secret (it is
		// sent in the body).
		return nil, fmt.Errorf("orcid: requesting a token from %s: %w", tokenURL, err)
	}
	if tok.AccessToken == "" {
		return nil, errors.New("orcid: token reply from " + tokenURL + " has no access_token")
	}
	hc := oauth2.NewClient(ctx, oauth2.ReuseTokenSource(tok, ts))
	hc.Timeout = base.Timeout
	return hc, nil
}

// NewHTTPClientFromEnv returns the HTTP client for NewClient: with a
// /read-public token when ORCID_CLIENT_ID and ORCID_CLIENT_SECRET are set
// (authenticated is then true), else DefaultHTTPClient for anonymous access.
// The secret is never logged or included in errors.
func NewHTTPClientFromEnv(ctx context.Context, tokenURL string) (hc *http.Client, authenticated bool, err error) {
	creds, ok, err := CredentialsFromEnv()
	if err != nil {
		return nil, false, err
	}
	if !ok {
		return DefaultHTTPClient(), false, nil
	}
	hc, err = creds.HTTPClient(ctx, tokenURL)
	if err != nil {
		return nil, false, err
	}
	return hc, true, nil
}
