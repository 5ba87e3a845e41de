package orcid_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/orcidsite/orcidsite/orcid"
)

const (
	testClientID = "APP-TESTCLIENT00001"
	testSecret   = "s3cr3t-value-never-shown"
	testToken    = "5b1a6c52-token-value"
)

// tokenServer serves a token endpoint that accepts only form-encoded
// client-credentials requests for testClientID, and an API that requires
// the token it issued.
func tokenServer(t *testing.T, tokens *atomic.Int32) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, r *http.Request) {
		tokens.Add(1)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
			http.Error(w, "form encoding only", http.StatusUnsupportedMediaType)
			return
		}
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		if _, _, ok := r.BasicAuth(); ok {
			t.Error("credentials sent in an Authorization header, want form parameters")
		}
		f := r.PostForm
		if f.Get("grant_type") != "client_credentials" || f.Get("scope") != "/read-public" {
			writeJSON(w, 400, `{"error":"unsupported_grant_type","error_description":"grant "}`)
			return
		}
		if f.Get("client_id") != testClientID || f.Get("client_secret") != testSecret {
			writeJSON(w, 401, `{"error":"invalid_client","error_description":"Client not found: `+f.Get("client_id")+`"}`)
			return
		}
		writeJSON(w, 200, `{"access_token":"`+testToken+`","token_type":"bearer","refresh_token":"r","expires_in":631138518,"scope":"/read-public","orcid":null}`)
	})
	mux.HandleFunc("GET /v3.0/{id}/person", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+testToken {
			writeJSON(w, 401, `{"error":"invalid_token","error_description":"Invalid access token: `+r.Header.Get("Authorization")+`"}`)
			return
		}
		writeJSON(w, 200, `{"name":{"given-names":{"value":"Token"}}}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestNewHTTPClientFromEnv(t *testing.T) {
	var tokens atomic.Int32
	srv := tokenServer(t, &tokens)
	ctx := context.Background()

	t.Run("anonymous", func(t *testing.T) {
		t.Setenv(orcid.EnvClientID, "")
		t.Setenv(orcid.EnvClientSecret, "")
		hc, authenticated, err := orcid.NewHTTPClientFromEnv(ctx, srv.URL+"/oauth/token")
		if err != nil || authenticated || hc == nil || hc.Timeout == 0 {
			t.Fatalf("got %v, %v, %v; want a client with a timeout, anonymous", hc, authenticated, err)
		}
		c := orcid.NewClient(hc, orcid.WithBaseURL(srv.URL+"/v3.0"))
		if _, err := c.Person(ctx, carberry); !errors.Is(err, orcid.ErrUnauthorized) {
			t.Errorf("anonymous request to a token-only API: %v, want ErrUnauthorized", err)
		}
	})

	t.Run("half set", func(t *testing.T) {
		t.Setenv(orcid.EnvClientID, testClientID)
		t.Setenv(orcid.EnvClientSecret, "")
		if _, _, err := orcid.NewHTTPClientFromEnv(ctx, srv.URL+"/oauth/token"); err == nil || !strings.Contains(err.Error(), "ORCID_CLIENT_SECRET") {
			t.Errorf("error = %v, want one naming ORCID_CLIENT_SECRET", err)
		}
	})

	t.Run("token fetched once", func(t *testing.T) {
		tokens.Store(0)
		t.Setenv(orcid.EnvClientID, testClientID)
		t.Setenv(orcid.EnvClientSecret, testSecret)
		hc, authenticated, err := orcid.NewHTTPClientFromEnv(ctx, srv.URL+"/oauth/token")
		if err != nil || !authenticated {
			t.Fatalf("NewHTTPClientFromEnv: %v, %v", authenticated, err)
		}
		c := orcid.NewClient(hc, orcid.WithBaseURL(srv.URL+"/v3.0"), orcid.WithRateLimit(rate.Inf, 1))
		for range 5 {
			p, err := c.Person(ctx, carberry)
			if err != nil {
				t.Fatal(err)
			}
			if p.Name.GivenNames != "Token" {
				t.Errorf("name = %q", p.Name.GivenNames)
			}
		}
		if n := tokens.Load(); n != 1 {
			t.Errorf("token endpoint called %d times, want once", n)
		}
	})

	t.Run("bad secret", func(t *testing.T) {
		t.Setenv(orcid.EnvClientID, testClientID)
		t.Setenv(orcid.EnvClientSecret, "wrong-"+testSecret)
		_, _, err := orcid.NewHTTPClientFromEnv(ctx, srv.URL+"/oauth/token")
		var oe *orcid.OAuthError
		if !errors.As(err, &oe) || oe.Code != "invalid_client" || oe.Status != 401 || !errors.Is(err, orcid.ErrUnauthorized) {
			t.Fatalf("error = %T %v, want *OAuthError invalid_client", err, err)
		}
		if msg := err.Error(); strings.Contains(msg, testSecret) || !strings.Contains(msg, "ORCID_CLIENT_SECRET") {
			t.Errorf("error %q leaks the secret or gives no hint", msg)
		}
		t.Log(err)
	})
}

func TestRejectedTokenNotRetried(t *testing.T) {
	var n atomic.Int32
	c, _ := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 401, `{"error":"invalid_token","error_description":"Invalid access token: `+testToken+`"}`)
	})
	_, err := c.Record(context.Background(), carberry)
	var oe *orcid.OAuthError
	if !errors.As(err, &oe) || oe.Code != "invalid_token" {
		t.Fatalf("error = %v, want *OAuthError invalid_token", err)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Errorf("error %q quotes the token", err)
	}
	if n.Load() != 1 {
		t.Errorf("%d requests, want 1", n.Load())
	}
}

func TestCredentialsHideSecret(t *testing.T) {
	c := orcid.Credentials{ClientID: testClientID, ClientSecret: testSecret}
	for _, s := range []string{c.String(), fmt.Sprint(c), fmt.Sprintf("%v %+v %#v %s", c, c, c, c), fmt.Sprint(&c)} {
		if strings.Contains(s, testSecret) {
			t.Errorf("formatted credentials %q show the secret", s)
		}
		if !strings.Contains(s, testClientID) {
			t.Errorf("formatted credentials %q lack the client id", s)
		}
	}
}

func TestTokenEndpointDown(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "<html>bad gateway</html>", http.StatusBadGateway)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := orcid.Credentials{ClientID: testClientID, ClientSecret: testSecret}.HTTPClient(ctx, srv.URL+"/oauth/token")
	if err == nil || strings.Contains(err.Error(), testSecret) || !strings.Contains(err.Error(), "502") {
		t.Fatalf("error = %v", err)
	}
	t.Log(err)
}
