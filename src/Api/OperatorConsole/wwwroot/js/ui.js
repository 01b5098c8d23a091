// Small DOM helpers: elements, text badges, progress bars, tables, diffs. Everything is built with
// textContent (never innerHTML), so API data cannot inject markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const TONES = {
  Succeeded: 'ok', Ready: 'ok', Read: 'idle', Unread: 'run',
  Failed: 'bad', Cancelled: 'warn', Partial: 'warn', Skipped: 'idle', Capturing: 'run', Pending: 'idle',
  Queued: 'idle', Running: 'run', Unknown: 'idle',
};

/** A status as a text badge (colour and symbol only reinforce the word). */
export function badge(status, tone) {
  return h('span', { class: `badge b-${tone || TONES[status] || 'idle'}`, dataset: { status } }, status);
}

/** An accessible progress bar: role=progressbar with aria-valuenow, plus the percentage as text. */
export function progress(percent, label) {
  const pct = Math.max(0, Math.min(100, Number(percent) || 0));
  // Through the CSSOM: the console's Content-Security-Policy (style-src 'self') refuses style attributes.
  const fill = h('div', { class: 'fill' });
  fill.style.width = `${pct}%`;
  return h('div', { class: 'progress' },
    h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct), 'aria-label': label || 'Progress' }, fill),
    h('span', { class: 'pct' }, `${pct}%`));
}

/** A table: columns [{label, value: row => node|text, num?}]; stacks into cards on narrow screens. */
export function table(columns, rows, { caption, rowAttrs, empty = 'Nothing here yet.' } = {}) {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'stack' },
      caption ? h('caption', { class: 'muted' }, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      h('tbody', {}, rows.map((r) => h('tr', rowAttrs ? rowAttrs(r) : {},
        columns.map((c) => h('td', { 'data-label': c.label, class: c.num ? 'num' : null }, c.value(r))))))));
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return h('time', { datetime: iso, title: d.toISOString() }, d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
}

export function link(href, text, attrs = {}) {
  return h('a', { href, ...attrs }, text);
}

export function short(id) {
  return String(id).slice(0, 8);
}

function show(value) {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 1);
}

/** A diff [{path, kind, before, after}] as a table; `caption` names what is compared. */
export function diffTable(entries, { caption, beforeLabel = 'Before', afterLabel = 'After' } = {}) {
  if (!entries || !entries.length) return h('p', { class: 'muted' }, 'No differences.');
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'diff stack' },
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Path'), h('th', { scope: 'col' }, 'Change'),
        h('th', { scope: 'col' }, beforeLabel), h('th', { scope: 'col' }, afterLabel))),
      h('tbody', {}, entries.map((e) => h('tr', { dataset: { path: e.path } },
        h('td', { 'data-label': 'Path' }, h('code', {}, e.path)),
        h('td', { 'data-label': 'Change', class: 'kind' }, e.kind),
        h('td', { 'data-label': beforeLabel, class: 'before' }, h('code', {}, show(e.before))),
        h('td', { 'data-label': afterLabel, class: 'after' }, h('code', {}, show(e.after))))))));
}

/** Replaces the alert region's text (role=alert) with the error; empty clears it. */
export function alertError(error) {
  const box = document.getElementById('alerts');
  box.textContent = '';
  if (!error) return;
  box.append(error.code ? h('strong', {}, `${error.code}: `) : '', error.message || String(error));
}

/** Runs an async action from a button: disables it while running, shows errors in the alert region. */
export function action(fn) {
  return async (e) => {
    const button = e?.currentTarget;
    if (button) button.disabled = true;
    alertError(null);
    try { await fn(e); } catch (err) { alertError(err); } finally { if (button && button.isConnected) button.disabled = false; }
  };
}
