// The live run feed: GET /api/v1/runs/stream (Server-Sent Events). EventSource cannot send headers, so a
// bearer token travels as ?access_token= (accepted by this path only). Resumable: the browser sends
// Last-Event-ID on its own reconnects, and the last id seen is kept in sessionStorage so a reloaded page
// resumes with ?lastEventId=. API keys cannot open the stream: pages then poll (see watch()).
import { credential } from './auth.js';

const LAST = 'tenantatlas.stream.lastEventId';
export const events = new EventTarget();
let source = null;
export let state = 'off';

function setState(s) {
  state = s;
  events.dispatchEvent(new CustomEvent('state', { detail: s }));
}

export function connect() {
  disconnect();
  const c = credential();
  if (!c || c.kind !== 'bearer') { setState('polling'); return; }
  const params = new URLSearchParams({ access_token: c.value });
  const last = sessionStorage.getItem(LAST);
  if (last) params.set('lastEventId', last);
  source = new EventSource(`/api/v1/runs/stream?${params}`);
  setState('connecting');
  source.onopen = () => setState('open');
  source.onerror = () => setState(source && source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  for (const type of ['run.status', 'run.progress']) {
    source.addEventListener(type, (m) => {
      if (m.lastEventId) sessionStorage.setItem(LAST, m.lastEventId);
      const data = JSON.parse(m.data);
      events.dispatchEvent(new CustomEvent('run', { detail: { type, ...data } }));
    });
  }
}

export function disconnect() {
  if (source) source.close();
  source = null;
  setState('off');
}

export const TERMINAL = new Set(['Succeeded', 'Partial', 'Failed', 'Cancelled']);

/**
 * Calls refresh() now, on every stream event of the run, and every `pollMs` as a fallback (without the stream,
 * or when an event was missed); stops when refresh() reports a terminal status or the page changes.
 * Returns a stop function.
 */
export function watch(runId, refresh, { pollMs = 2000 } = {}) {
  let stopped = false;
  let busy = false;
  let again = false;
  const run = async () => {
    if (stopped) return;
    if (busy) { again = true; return; }
    busy = true;
    try {
      const status = await refresh();
      if (TERMINAL.has(status)) stop();
    } catch { /* shown by the page; keep watching */ }
    busy = false;
    if (again && !stopped) { again = false; run(); }
  };
  const onEvent = (e) => { if (e.detail.runId === runId) run(); };
  events.addEventListener('run', onEvent);
  const timer = setInterval(run, pollMs);
  function stop() {
    stopped = true;
    clearInterval(timer);
    events.removeEventListener('run', onEvent);
  }
  run();
  return stop;
}
