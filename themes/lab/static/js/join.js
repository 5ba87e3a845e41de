// "Sign in with ORCID" for the join page: ORCID's implicit OpenID Connect
// flow (response_type=token, scope=openid) with a random state and nonce
// kept in sessionStorage. No secret is involved: the page is static.
//
// The id_token is only decoded here, not verified: checking its RS256
// signature would need ORCID's JWKS fetched at run time. That is enough
// for this page, which only shows people the site.yaml entry for their own
// iD; the site's maintainers review that change before it is merged. The
// state and nonce checks make sure the reply belongs to a sign-in started
// from this page in this tab.
(function () {
  'use strict';
  var root = document.getElementById('join');
  if (!root) return;
  var KEY = 'orcidsite.join.';
  var $ = function (id) { return document.getElementById(id); };
  var clientID = root.getAttribute('data-client-id');
  var authorizeURL = root.getAttribute('data-authorize-url');
  var repo = root.getAttribute('data-repo');
  var host = root.getAttribute('data-orcid-host') || 'orcid.org';

  function random() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
  }
  function redirectURI() {
    return location.origin + location.pathname;
  }
  function fail(msg) {
    var el = $('join-error');
    el.textContent = msg;
    el.hidden = false;
  }
  function b64url(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    var bin = atob(s);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TextDecoder().decode(bytes);
  }
  // ISO 7064 11,2 check digit of an ORCID iD.
  function validID(id) {
    if (!/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(id)) return false;
    var d = id.replace(/-/g, ''), t = 0;
    for (var i = 0; i < 15; i++) t = (t + +d[i]) * 2;
    var c = (12 - t % 11) % 11;
    return d[15] === (c === 10 ? 'X' : String(c));
  }

  function start() {
    var state = random(), nonce = random();
    sessionStorage.setItem(KEY + 'state', state);
    sessionStorage.setItem(KEY + 'nonce', nonce);
    var q = new URLSearchParams({
      client_id: clientID, response_type: 'token', scope: 'openid',
      redirect_uri: redirectURI(), state: state, nonce: nonce
    });
    location.assign(authorizeURL + (authorizeURL.indexOf('?') < 0 ? '?' : '&') + q.toString());
  }

  function show(id, name) {
    var link = $('join-id');
    link.href = 'https://' + host + '/' + id;
    link.lastElementChild.textContent = 'https://' + host + '/' + id;
    $('join-name').textContent = name;
    var slug = null;
    (root.getAttribute('data-people') || '').split(' ').forEach(function (pair) {
      var kv = pair.split('=');
      if (kv[0] === id) slug = kv[1];
    });
    if (slug) {
      $('join-profile').href = root.getAttribute('data-people-url') + slug + '/';
      $('join-member').hidden = false;
      $('join-entry').hidden = true;
    }
    var clean = name.replace(/[\r\n#]+/g, ' ').trim();
    var yaml = '  - orcid: ' + id + (clean ? '  # ' + clean : '');
    $('join-yaml').textContent = yaml;
    $('join-copy').addEventListener('click', function () {
      var btn = this;
      navigator.clipboard.writeText(yaml + '\n').then(function () { btn.textContent = 'Copied'; },
        function () { btn.textContent = 'Select the text to copy'; });
    });
    var propose = $('join-propose');
    if (propose && repo) {
      var q = new URLSearchParams({
        title: 'Add ' + (clean || id) + ' to the site',
        body: 'Please add me to `site.yaml` (signed in with ORCID as https://' + host + '/' + id + '):\n\n```yaml\n' + yaml + '\n```\n'
      });
      propose.href = 'https://github.com/' + repo + '/issues/new?' + q.toString();
    }
    $('join-start').hidden = true;
    $('join-result').hidden = false;
  }

  var errors = {
    access_denied: 'You did not allow this site to read your ORCID iD, so nothing was shared. You can sign in again whenever you like.',
    invalid_scope: 'ORCID did not accept the request (invalid scope). Please tell the maintainers of this site.',
    unauthorized_client: 'ORCID does not know this site\'s client iD. Please tell the maintainers of this site.',
    unsupported_response_type: 'ORCID did not accept the sign-in method. Please tell the maintainers of this site.'
  };

  function finish(reply) {
    var state = sessionStorage.getItem(KEY + 'state');
    var nonce = sessionStorage.getItem(KEY + 'nonce');
    sessionStorage.removeItem(KEY + 'state');
    sessionStorage.removeItem(KEY + 'nonce');
    // Take the reply out of the address bar, so it is neither bookmarked
    // nor replayed by a reload.
    history.replaceState(null, '', location.pathname);
    if (reply.get('error')) {
      var e = reply.get('error');
      return fail((errors[e] || 'ORCID reported an error: ' + e + '.') +
        (reply.get('error_description') ? ' (' + reply.get('error_description') + ')' : ''));
    }
    if (!state || reply.get('state') !== state) {
      return fail('This sign-in reply does not match a sign-in started from this page (state mismatch), so it was ignored. This happens when an old link is reopened or the sign-in was started in another tab. Please sign in again.');
    }
    var token = reply.get('id_token');
    if (!token) return fail('ORCID did not send an identity token. Please sign in again.');
    var claims;
    try {
      claims = JSON.parse(b64url(token.split('.')[1] || ''));
    } catch (err) {
      return fail('The identity token from ORCID could not be read. Please sign in again.');
    }
    if (!nonce || claims.nonce !== nonce) {
      return fail('The identity token does not belong to this sign-in (nonce mismatch), so it was ignored. Please sign in again.');
    }
    var aud = [].concat(claims.aud || []);
    if (aud.indexOf(clientID) < 0) {
      return fail('The identity token was issued to another site (audience mismatch), so it was ignored.');
    }
    if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now() - 300000) {
      return fail('The identity token has expired. Please sign in again.');
    }
    if (!validID(claims.sub || '')) return fail('ORCID sent an identity token without a valid iD.');
    var name = claims.name || [claims.given_name, claims.family_name].filter(Boolean).join(' ');
    show(claims.sub, name);
  }

  var btn = $('join-signin');
  btn.hidden = false;
  btn.addEventListener('click', start);
  var hash = new URLSearchParams(location.hash.slice(1));
  var query = new URLSearchParams(location.search);
  if (hash.has('id_token') || hash.has('access_token') || hash.has('error')) finish(hash);
  else if (query.has('error') && query.has('state')) finish(query);
})();
