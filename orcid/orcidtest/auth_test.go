package orcidtest

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/orcidsite/orcidsite/orcid"
)

// verifyJWT checks an RS256 JWT against the server's JWKS, fetched over
// HTTP, and returns its claims.
func verifyJWT(t *testing.T, s *Server, token string) map[string]any {
	t.Helper()
	r := fetch(t, s, s.JWKSURL)
	var set struct {
		Keys []struct{ Kty, Kid, Alg, N, E string }
	}
	if err := json.Unmarshal(r.body, &set); err != nil || len(set.Keys) != 1 {
		t.Fatalf("jwks: %v %s", err, r.body)
	}
	k := set.Keys[0]
	n, err1 := base64.RawURLEncoding.DecodeString(k.N)
	e, err2 := base64.RawURLEncoding.DecodeString(k.E)
	if err1 != nil || err2 != nil || k.Kty != "RSA" {
		t.Fatalf("jwk: %+v", k)
	}
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}

	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("id_token has %d parts", len(parts))
	}
	var header map[string]string
	hb, _ := base64.RawURLEncoding.DecodeString(parts[0])
	if err := json.Unmarshal(hb, &header); err != nil || header["alg"] != "RS256" || header["kid"] != k.Kid {
		t.Fatalf("header %s (jwk kid %s)", hb, k.Kid)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
		t.Fatalf("signature does not verify with the JWKS key: %v", err)
	}
	// A tampered payload must not verify.
	bad := sha256.Sum256([]byte(parts[0] + "." + parts[1] + "x"))
	if rsa.VerifyPKCS1v15(pub, crypto.SHA256, bad[:], sig) == nil {
		t.Fatal("tampered token verifies")
	}
	cb, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var claims map[string]any
	if err := json.Unmarshal(cb, &claims); err != nil {
		t.Fatal(err)
	}
	return claims
}

func authorize(t *testing.T, s *Server, params url.Values) *url.URL {
	t.Helper()
	r := fetch(t, s, s.AuthorizeURL+"?"+params.Encode())
	if r.status != http.StatusFound {
		t.Fatalf("authorize: status %d %s", r.status, r.body)
	}
	u, err := url.Parse(r.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestImplicitOIDC(t *testing.T) {
	s := NewServerWithFixtures(t, WithClient("APP-JOIN0001", "secret"))
	tests := []struct {
		orcidParam string
		wantSub    orcid.ID
		wantGiven  string
	}{
		{string(IDLabStudent), IDLabStudent, "Priya"},
		{"", IDUnicode, "ليلى"}, // lowest iD held
	}
	for _, tc := range tests {
		p := url.Values{
			"client_id": {"APP-JOIN0001"}, "response_type": {"token id_token"}, "scope": {"openid"},
			"redirect_uri": {"https://lab.example.org/join/callback"}, "state": {"st4te"}, "nonce": {"n0nce"},
		}
		if tc.orcidParam != "" {
			p.Set("orcid", tc.orcidParam)
		}
		u := authorize(t, s, p)
		if u.Host != "lab.example.org" || u.Path != "/join/callback" {
			t.Errorf("redirected to %s", u)
		}
		frag, err := url.ParseQuery(u.Fragment)
		if err != nil {
			t.Fatal(err)
		}
		if frag.Get("state") != "st4te" || frag.Get("token_type") != "bearer" || frag.Get("expires_in") != "599" || frag.Get("access_token") == "" {
			t.Errorf("fragment = %v", frag)
		}
		c := verifyJWT(t, s, frag.Get("id_token"))
		now := float64(time.Now().Unix())
		if c["sub"] != string(tc.wantSub) || c["aud"] != "APP-JOIN0001" || c["nonce"] != "n0nce" || c["iss"] != s.Root ||
			c["given_name"] != tc.wantGiven || c["exp"].(float64) < now || c["iat"].(float64) > now+5 {
			t.Errorf("claims = %v", c)
		}
	}
	if s.Requests("authorize") != 2 || s.Requests("jwks") != 2 {
		t.Errorf("authorize %d jwks %d", s.Requests("authorize"), s.Requests("jwks"))
	}

	// Wrong client, missing redirect.
	bad := fetch(t, s, s.AuthorizeURL+"?client_id=APP-OTHER&response_type=token&scope=openid&redirect_uri=https://x.example/")
	if bad.status != http.StatusBadRequest {
		t.Errorf("unknown client: %d", bad.status)
	}
	if r := fetch(t, s, s.AuthorizeURL+"?client_id=APP-JOIN0001&response_type=token&scope=openid"); r.status != http.StatusBadRequest {
		t.Errorf("no redirect_uri: %d", r.status)
	}
}

func TestAuthorizationCode(t *testing.T) {
	s := NewServerWithFixtures(t, WithClient("APP-JOIN0001", "secret"))
	redirect := "https://lab.example.org/cb"
	u := authorize(t, s, url.Values{"client_id": {"APP-JOIN0001"}, "response_type": {"code"}, "scope": {"openid"},
		"redirect_uri": {redirect}, "orcid": {string(IDLabPI)}, "state": {"abc"}})
	code := u.Query().Get("code")
	if len(code) != 6 || u.Query().Get("state") != "abc" {
		t.Fatalf("redirect %s", u)
	}
	exchange := func(redirectURI string) (int, map[string]any) {
		form := url.Values{"client_id": {"APP-JOIN0001"}, "client_secret": {"secret"}, "grant_type": {"authorization_code"},
			"code": {code}, "redirect_uri": {redirectURI}}
		resp, err := http.PostForm(s.TokenURL, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	st, m := exchange(redirect)
	if st != 200 || m["orcid"] != string(IDLabPI) || m["name"] != "Margarethe Lindqvist" {
		t.Fatalf("exchange: %d %v", st, m)
	}
	if c := verifyJWT(t, s, m["id_token"].(string)); c["sub"] != string(IDLabPI) {
		t.Errorf("claims %v", c)
	}
	if st, m := exchange(redirect); st != 400 || m["error"] != "invalid_grant" {
		t.Errorf("reused code: %d %v", st, m)
	}
}

func TestOIDCConfiguration(t *testing.T) {
	s := NewServer(t)
	r := fetch(t, s, s.Root+"/.well-known/openid-configuration")
	c := decode[map[string]any](t, r)
	if c["issuer"] != s.Root || c["jwks_uri"] != s.JWKSURL || c["authorization_endpoint"] != s.AuthorizeURL {
		t.Errorf("configuration = %v", c)
	}
}
