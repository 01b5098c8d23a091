// The console shell: configuration, sign-in, hash routes, navigation, unread count and stream state.
import { api, get } from './api.js';
import { credential, setCredential, signOut, classifyPasted, beginOidc, completeOidc } from './auth.js';
import { connect, disconnect, events } from './stream.js';
import { h, alertError, action } from './ui.js';
import { overviewPage, policiesPage, policyPage } from './pages-tenants.js';
import { backupsPage, backupSetPage, runsPage, runPage, restorePage, notificationsPage } from './pages-runs.js';

const GUID = '([0-9a-fA-F-]{36})';
const routes = [
  [new RegExp(`^/t/${GUID}/?$`), (m) => ['policies', policiesPage, { tenantId: m[1] }]],
  [new RegExp(`^/t/${GUID}/policies$`), (m) => ['policies', policiesPage, { tenantId: m[1] }]],
  [new RegExp(`^/t/${GUID}/policies/${GUID}$`), (m) => ['policies', policyPage, { tenantId: m[1], policyId: m[2] }]],
  [new RegExp(`^/t/${GUID}/backups$`), (m) => ['backups', backupsPage, { tenantId: m[1] }]],
  [new RegExp(`^/t/${GUID}/backups/${GUID}$`), (m) => ['backups', backupSetPage, { tenantId: m[1], setId: m[2] }]],
  [new RegExp(`^/t/${GUID}/runs$`), (m) => ['runs', runsPage, { tenantId: m[1] }]],
  [new RegExp(`^/t/${GUID}/runs/${GUID}$`), (m) => ['runs', runPage, { tenantId: m[1], runId: m[2] }]],
  [new RegExp(`^/t/${GUID}/restore$`), (m) => ['restore', restorePage, { tenantId: m[1] }]],
  [/^\/notifications$/, () => ['notifications', notificationsPage, {}]],
  [/^\/?$/, () => ['overview', overviewPage, {}]],
];

let config = { oidc: null, pastedToken: false };
let leaving = [];
const main = document.getElementById('main');

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?');
  return { path, query: new URLSearchParams(search) };
}

const ctx = {
  go: (hash) => { if (location.hash === hash) render(); else location.hash = hash; },
  rerender: () => render(),
  onLeave: (fn) => leaving.push(fn),
  refreshUnread: () => refreshUnread(),
};

async function refreshUnread() {
  try {
    const unread = await api.notifications({ unread: true, pageSize: 1 });
    const count = document.getElementById('unread-count');
    count.textContent = String(unread.totalCount);
    count.setAttribute('aria-label', `${unread.totalCount} unread`);
  } catch { /* the page shows errors */ }
}

async function render() {
  for (const fn of leaving.splice(0)) fn();
  alertError(null);
  main.textContent = '';
  main.setAttribute('aria-busy', 'true');
  const signedIn = Boolean(credential());
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('sign-out').hidden = !signedIn;
  document.getElementById('stream-state').hidden = !signedIn;
  if (!signedIn) { renderSignIn(); main.removeAttribute('aria-busy'); return; }
  const { path, query } = parseHash();
  const match = routes.map(([re, make]) => [re.exec(path), make]).find(([m]) => m);
  const [section, page, params] = match ? match[1](match[0]) : ['overview', notFound, {}];
  for (const a of document.querySelectorAll('[data-nav]')) {
    a.toggleAttribute('aria-current', false);
    if (a.dataset.nav === (section === 'notifications' ? 'notifications' : 'overview')) a.setAttribute('aria-current', 'page');
  }
  try {
    await page(main, ctx, { ...params, query });
    document.title = `${main.querySelector('h1')?.textContent || 'Console'} · TenantAtlas`;
  } catch (e) {
    if (e.status === 401) { signOut(); disconnect(); return render(); }
    alertError(e);
    main.append(h('p', {}, 'This page could not be loaded. ', h('a', { href: '#/' }, 'Back to tenants')));
  } finally {
    main.removeAttribute('aria-busy');
    main.dataset.page = section;
    main.dataset.ready = String(Date.now());
  }
}

function notFound(m) {
  m.append(h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Back to tenants')));
}

function renderSignIn() {
  main.append(h('h1', {}, 'Sign in'));
  if (config.oidc) {
    main.append(h('div', { class: 'card' }, h('p', {}, `Sign in with your organisation account (${new URL(config.oidc.authority).host}).`),
      h('button', { type: 'button', class: 'primary', id: 'oidc-sign-in', onclick: action(() => beginOidc(config.oidc)) }, 'Sign in')));
  }
  if (config.pastedToken) {
    const value = h('textarea', { id: 'token', required: true, autocomplete: 'off', spellcheck: 'false' });
    const detect = h('input', { type: 'radio', name: 'kind', value: 'detect', id: 'kind-detect', checked: true });
    const bearer = h('input', { type: 'radio', name: 'kind', value: 'bearer', id: 'kind-bearer' });
    const key = h('input', { type: 'radio', name: 'kind', value: 'apikey', id: 'kind-apikey' });
    main.append(h('form', { class: 'card', id: 'sign-in', onsubmit: action(async (e) => {
      e.preventDefault();
      const pasted = classifyPasted(value.value);
      setCredential(key.checked ? 'apikey' : bearer.checked ? 'bearer' : pasted.kind, pasted.value);
      try { await get('/tenants'); } catch (err) { signOut(); throw err; }
      start();
    }) },
      h('p', {}, 'Development: paste the token the Api printed at start (', h('code', {}, 'dotnet run --project src/Api'), '), or an API key.'),
      h('label', {}, 'Token or API key', value),
      h('fieldset', {}, h('legend', {}, 'It is a'),
        h('label', { class: 'check' }, detect, 'Detect'), h('label', { class: 'check' }, bearer, 'Bearer token (JWT)'), h('label', { class: 'check' }, key, 'API key')),
      h('button', { type: 'submit', class: 'primary', id: 'sign-in-button' }, 'Sign in')));
  }
  if (!config.oidc && !config.pastedToken) {
    main.append(h('p', {}, 'No sign-in is configured: set Console:ClientId (and an authority) for OpenID Connect. See docs/console.md.'));
  }
}

function start() {
  connect();
  refreshUnread();
  if (!location.hash) location.hash = '#/';
  render();
}

events.addEventListener('state', (e) => {
  const el = document.getElementById('stream-state');
  el.dataset.state = e.detail;
  el.textContent = `Live: ${e.detail === 'polling' ? 'polling (API key)' : e.detail}`;
});
events.addEventListener('run', (e) => { if (e.detail.type === 'run.status') refreshUnread(); });
document.getElementById('sign-out').addEventListener('click', () => { signOut(); disconnect(); location.hash = '#/'; render(); });
// The skip link focuses the content without touching the hash (the hash is the route).
document.getElementById('skip-link').addEventListener('click', (e) => { e.preventDefault(); main.focus(); });
window.addEventListener('hashchange', () => { render(); main.focus({ preventScroll: true }); });

(async function boot() {
  try {
    const r = await fetch('/app/config.json');
    if (r.ok) config = await r.json();
    if (config.oidc) await completeOidc(config.oidc);
  } catch (e) { alertError(e); }
  if (credential()) start(); else render();
})();
