package orcidtest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/orcidsite/orcidsite/orcid"
)

// KeyID is the "kid" of the key that signs id_tokens, as listed by the JWKS
// endpoint.
const KeyID = "orcidtest-rs256"

// signingKey is the RSA key of every server in the process, generated on
// first use.
var signingKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(fmt.Sprintf("orcidtest: generate RSA key: %v", err))
	}
	return k
})

// authCode is a pending authorization code of the three-legged flow.
type authCode struct {
	clientID, redirectURI, scope, nonce string
	id                                  orcid.ID
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x", b)
}

// newUUID returns a random version-4 UUID, the shape of ORCID's tokens.
func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// issue records a new access token for scope.
func (s *Server) issue(scope string) string {
	tok := newUUID()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[tok] = scope
	return tok
}

// clientOK checks client credentials: the registered pair, or any
// non-empty pair when none is registered.
func (s *Server) clientOK(id, secret string) bool {
	if s.clientID == "" {
		return id != "" && secret != ""
	}
	return id == s.clientID && secret == s.clientSecret
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	b, _ := json.Marshal(v)
	_, _ = w.Write(b)
}

// handleToken is POST /oauth/token: client_credentials for /read-public,
// and authorization_code for codes issued by the authorize endpoint.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeOAuthError(w, http.StatusMethodNotAllowed, "method_not_allowed", "Request method '"+r.Method+"' not supported")
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		writeOAuthError(w, http.StatusUnsupportedMediaType, "unsupported_media_type", "Content type '"+mt+"' not supported")
		return
	}
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	id, secret := r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	if u, p, ok := r.BasicAuth(); ok && id == "" {
		id, secret = u, p
	}
	grant := r.PostForm.Get("grant_type")
	if grant == "" {
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type", "Missing grant type")
		return
	}
	if !s.clientOK(id, secret) {
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", "Bad client credentials")
		return
	}
	switch grant {
	case "client_credentials":
		scope := r.PostForm.Get("scope")
		if scope == "" {
			scope = "/read-public"
		}
		if scope != "/read-public" {
			writeOAuthError(w, http.StatusUnauthorized, "invalid_scope", "Invalid scope: "+scope)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{
			"access_token": s.issue(scope), "token_type": "bearer", "refresh_token": newUUID(),
			"expires_in": 631138518, "scope": scope, "orcid": nil,
		})
	case "authorization_code":
		code := r.PostForm.Get("code")
		s.mu.Lock()
		c, ok := s.codes[code]
		delete(s.codes, code)
		s.mu.Unlock()
		if !ok || c.clientID != id {
			writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "Invalid authorization code: "+code)
			return
		}
		if r.PostForm.Get("redirect_uri") != c.redirectURI {
			writeOAuthError(w, http.StatusBadRequest, "invalid_grant", "Redirect URI mismatch.")
			return
		}
		given, family := s.names(c.id)
		reply := map[string]any{
			"access_token": s.issue(c.scope), "token_type": "bearer", "refresh_token": newUUID(),
			"expires_in": 631138518, "scope": c.scope, "orcid": string(c.id), "name": strings.TrimSpace(given + " " + family),
		}
		if slices.Contains(strings.Fields(c.scope), "openid") {
			reply["id_token"] = s.idToken(c.id, id, c.nonce)
		}
		writeJSON(w, http.StatusOK, reply)
	default:
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type: "+grant)
	}
}

// names returns the given and family names held for id.
func (s *Server) names(id orcid.ID) (given, family string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.fixtures[id]; ok && f.Record.Person.Name != nil {
		return string(f.Record.Person.Name.GivenNames), string(f.Record.Person.Name.FamilyName)
	}
	return "", ""
}

// handleAuthorize is GET /oauth/authorize. There is no sign-in page: the
// user is the iD given by the "orcid" parameter, or the lowest iD held.
// response_type=code redirects with ?code=&state=; response_type token
// and/or id_token redirect with a fragment holding access_token,
// token_type=bearer, expires_in=599, state and, for scope openid, id_token.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	clientID, redirectURI := q.Get("client_id"), q.Get("redirect_uri")
	if clientID == "" || (s.clientID != "" && clientID != s.clientID) {
		http.Error(w, "invalid client_id "+clientID, http.StatusBadRequest)
		return
	}
	u, err := url.Parse(redirectURI)
	if redirectURI == "" || err != nil || !u.IsAbs() {
		http.Error(w, "invalid redirect_uri "+redirectURI, http.StatusBadRequest)
		return
	}
	var id orcid.ID
	if o := q.Get("orcid"); o != "" {
		if !idPattern.MatchString(o) {
			http.Error(w, "invalid orcid "+o, http.StatusBadRequest)
			return
		}
		id = orcid.ID(o)
	} else if ids := s.IDs(); len(ids) > 0 {
		id = ids[0]
	} else {
		http.Error(w, "no record held to sign in as", http.StatusBadRequest)
		return
	}
	scope, state, nonce := q.Get("scope"), q.Get("state"), q.Get("nonce")
	types := strings.Fields(q.Get("response_type"))
	v := url.Values{}
	if state != "" {
		v.Set("state", state)
	}
	switch {
	case scope == "":
		v.Set("error", "invalid_scope")
		v.Set("error_description", "scope is required")
		u.RawQuery = v.Encode()
	case slices.Contains(types, "code"):
		code := randomHex(3)
		s.mu.Lock()
		s.codes[code] = authCode{clientID: clientID, redirectURI: redirectURI, scope: scope, nonce: nonce, id: id}
		s.mu.Unlock()
		v.Set("code", code)
		qv := u.Query()
		for k, vs := range v {
			qv[k] = vs
		}
		u.RawQuery = qv.Encode()
	case slices.Contains(types, "token") || slices.Contains(types, "id_token"):
		v.Set("access_token", s.issue(scope))
		v.Set("token_type", "bearer")
		v.Set("expires_in", "599")
		if slices.Contains(strings.Fields(scope), "openid") || slices.Contains(types, "id_token") {
			v.Set("id_token", s.idToken(id, clientID, nonce))
		}
		u.Fragment = ""
		u.RawFragment = ""
		loc := u.String() + "#" + v.Encode()
		http.Redirect(w, r, loc, http.StatusFound)
		return
	default:
		v.Set("error", "unsupported_response_type")
		u.RawQuery = v.Encode()
	}
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// idToken returns an RS256-signed JWT for id, audience clientID.
func (s *Server) idToken(id orcid.ID, clientID, nonce string) string {
	given, family := s.names(id)
	now := time.Now().Unix()
	claims := map[string]any{
		"iss": s.Root, "sub": string(id), "aud": clientID, "iat": now, "exp": now + 600,
		"auth_time": now, "jti": newUUID(),
	}
	if nonce != "" {
		claims["nonce"] = nonce
	}
	if given != "" {
		claims["given_name"] = given
	}
	if family != "" {
		claims["family_name"] = family
	}
	if name := strings.TrimSpace(given + " " + family); name != "" {
		claims["name"] = name
	}
	return signJWT(claims)
}

var b64 = base64.RawURLEncoding

// signJWT encodes claims as a compact JWS signed with RS256.
func signJWT(claims map[string]any) string {
	h, _ := json.Marshal(map[string]string{"kid": KeyID, "alg": "RS256"})
	c, _ := json.Marshal(claims)
	input := b64.EncodeToString(h) + "." + b64.EncodeToString(c)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(nil, signingKey(), crypto.SHA256, sum[:])
	if err != nil {
		panic(fmt.Sprintf("orcidtest: sign id_token: %v", err))
	}
	return input + "." + b64.EncodeToString(sig)
}

// handleJWKS is GET /oauth/jwks: the public key as a JSON Web Key Set.
func (s *Server) handleJWKS(w http.ResponseWriter, r *http.Request) {
	pub := signingKey().PublicKey
	writeJSON(w, http.StatusOK, map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": KeyID,
		"n": b64.EncodeToString(pub.N.Bytes()),
		"e": b64.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}}})
}

// handleOIDCConfig is GET /.well-known/openid-configuration.
func (s *Server) handleOIDCConfig(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                s.Root,
		"authorization_endpoint":                s.AuthorizeURL,
		"token_endpoint":                        s.TokenURL,
		"jwks_uri":                              s.JWKSURL,
		"response_types_supported":              []string{"code", "id_token", "id_token token"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"scopes_supported":                      []string{"openid"},
		"claims_supported":                      []string{"family_name", "given_name", "name", "auth_time", "iss", "sub"},
	})
}
