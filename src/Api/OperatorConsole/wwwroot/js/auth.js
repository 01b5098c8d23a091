// Sign-in: a pasted token or API key (development), or OpenID Connect authorization code + PKCE (WebCrypto).
const KEY = 'tenantatlas.credential';
const PENDING = 'tenantatlas.oidc.pending';

/** {kind: 'bearer'|'apikey', value} or null. Kept in sessionStorage: gone when the tab closes. */
export function credential() {
  try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; }
}

export function setCredential(kind, value) {
  sessionStorage.setItem(KEY, JSON.stringify({ kind, value: value.trim() }));
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** The Authorization header value for the credential. */
export function authorization(c = credential()) {
  if (!c) return null;
  return c.kind === 'apikey' ? `ApiKey ${c.value}` : `Bearer ${c.value}`;
}

/** A pasted value: "ApiKey xyz" or a key with the ta_ prefix is an API key; anything else a bearer token. */
export function classifyPasted(text) {
  let value = text.trim();
  if (/^bearer\s+/i.test(value)) return { kind: 'bearer', value: value.replace(/^bearer\s+/i, '') };
  if (/^apikey\s+/i.test(value)) return { kind: 'apikey', value: value.replace(/^apikey\s+/i, '') };
  return { kind: value.split('.').length === 3 ? 'bearer' : 'apikey', value };
}

// --- PKCE (RFC 7636) -------------------------------------------------------------------------------------

export function base64Url(bytes) {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A high-entropy verifier: 32 random bytes, base64url (43 characters, within RFC 7636's 43..128). */
export function randomVerifier() {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** code_challenge = BASE64URL(SHA256(ASCII(code_verifier))), method S256. */
export async function codeChallenge(verifier) {
  return base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
}

/** The authorization request URL (response_type=code, S256 challenge, state and nonce). */
export function authorizeUrl(endpoint, { clientId, redirectUri, scope, state, nonce, challenge }) {
  const url = new URL(endpoint);
  const p = url.searchParams;
  p.set('response_type', 'code');
  p.set('client_id', clientId);
  p.set('redirect_uri', redirectUri);
  p.set('scope', scope);
  p.set('state', state);
  p.set('nonce', nonce);
  p.set('code_challenge', challenge);
  p.set('code_challenge_method', 'S256');
  return url.toString();
}

/** The token request body for the code (a public client: no secret, the verifier proves possession). */
export function tokenRequestBody({ code, redirectUri, clientId, verifier }) {
  return new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier });
}

export function redirectUri() {
  return `${location.origin}/app/`;
}

async function discovery(authority) {
  const r = await fetch(`${authority}/.well-known/openid-configuration`);
  if (!r.ok) throw new Error(`The authority's discovery document answered ${r.status}.`);
  return r.json();
}

/** Starts the flow: stores verifier and state for the return, then navigates to the authority. */
export async function beginOidc(oidc) {
  const meta = await discovery(oidc.authority);
  const verifier = randomVerifier();
  const state = randomVerifier();
  const nonce = randomVerifier();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, tokenEndpoint: meta.token_endpoint, returnTo: location.hash || '#/' }));
  location.assign(authorizeUrl(meta.authorization_endpoint, {
    clientId: oidc.clientId, redirectUri: redirectUri(), scope: oidc.scope, state, nonce, challenge: await codeChallenge(verifier),
  }));
}

/** On return from the authority (?code=&state=): checks state, redeems the code, stores the access token. */
export async function completeOidc(oidc) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return false;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `${location.pathname}${pending?.returnTo || '#/'}`);
  if (params.has('error')) throw new Error(`Sign-in failed: ${params.get('error')} ${params.get('error_description') || ''}`);
  if (!pending || params.get('state') !== pending.state) throw new Error('Sign-in failed: the state does not match this browser session.');
  const r = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: tokenRequestBody({ code: params.get('code'), redirectUri: redirectUri(), clientId: oidc.clientId, verifier: pending.verifier }),
  });
  const body = await r.json().catch(() => ({}));
  if (!r.ok || !body.access_token) throw new Error(`Sign-in failed: the token endpoint answered ${r.status} ${body.error || ''}`);
  setCredential('bearer', body.access_token);
  return true;
}
