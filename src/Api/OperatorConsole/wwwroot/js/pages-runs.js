// Backup sets, runs (live progress, per-item results, retry-failed, audit log), restore (preview, review, execute).
import { api } from './api.js';
import { h, badge, table, when, link, progress, diffTable, action, short, alertError } from './ui.js';
import { events, watch, TERMINAL } from './stream.js';
import { runItems } from './lists.js';
import { tenantHeader, pager } from './pages-tenants.js';

const RUN_STATUSES = ['Queued', 'Running', 'Succeeded', 'Partial', 'Failed', 'Cancelled'];
const ITEM_STATUSES = ['Pending', 'Succeeded', 'Failed', 'Skipped'];
const isOwner = (tenant) => tenant.role === 'Owner';
const canOperate = (tenant) => tenant.role === 'Owner' || tenant.role === 'Operator';

export async function backupsPage(main, ctx, { tenantId, query }) {
  const tenant = await api.tenant(tenantId);
  tenantHeader(main, tenant, 'backups');
  const page = Number(query.get('page') || 1);
  if (canOperate(tenant)) {
    const name = h('input', { type: 'text', id: 'backup-name', value: `Backup ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`, required: true, maxlength: '200' });
    main.append(h('form', { class: 'inline', id: 'start-backup', onsubmit: action(async (e) => {
      e.preventDefault();
      const started = await api.startBackup(tenantId, { name: name.value, all: true });
      ctx.go(`#/t/${tenantId}/runs/${started.run.id}`);
    }) }, h('label', {}, 'Name of the new backup set', name),
      h('button', { type: 'submit', class: 'primary', id: 'start-backup-button' }, 'Back up every policy')));
  }
  const sets = await api.backupSets(tenantId, { page, pageSize: 25 });
  main.append(table([
    { label: 'Name', value: (s) => link(`#/t/${tenantId}/backups/${s.id}`, s.name) },
    { label: 'Status', value: (s) => badge(s.status) },
    { label: 'Items', value: (s) => String(s.itemCount), num: true },
    { label: 'Created', value: (s) => when(s.createdAt) },
    { label: 'By', value: (s) => s.createdBy },
  ], sets.items, { empty: 'No backup sets yet.' }));
  main.append(pager(sets, (n) => ctx.go(`#/t/${tenantId}/backups?page=${n}`)));
}

export async function backupSetPage(main, ctx, { tenantId, setId, query }) {
  const page = Number(query.get('page') || 1);
  const [tenant, details, items] = await Promise.all([api.tenant(tenantId), api.backupSet(tenantId, setId), api.backupItems(tenantId, setId, { page, pageSize: 50 })]);
  tenantHeader(main, tenant, 'backups');
  const set = details.backupSet;
  main.append(h('h2', {}, set.name, ' ', badge(set.status)),
    h('p', {}, `${set.itemCount} items · created `, when(set.createdAt), ` by ${set.createdBy} · `,
      link(`#/t/${tenantId}/restore?set=${set.id}`, 'Restore from this set')));
  main.append(h('h3', {}, 'Capture runs'), runsTable(tenantId, details.runs));
  main.append(h('h3', {}, 'Items'), table([
    { label: 'Policy', value: (i) => link(`#/t/${tenantId}/policies/${i.policyId}`, i.displayName) },
    { label: 'Type', value: (i) => i.policyType },
    { label: 'Version', value: (i) => `v${i.versionNumber}`, num: true },
    { label: 'Captured', value: (i) => when(i.capturedAt) },
  ], items.items, { empty: 'No items captured.' }));
  main.append(pager(items, (n) => ctx.go(`#/t/${tenantId}/backups/${setId}?page=${n}`)));
}

function runsTable(tenantId, runs) {
  return table([
    { label: 'Run', value: (r) => link(`#/t/${tenantId}/runs/${r.id}`, short(r.id)) },
    { label: 'Operation', value: (r) => r.operation },
    { label: 'Status', value: (r) => badge(r.status) },
    { label: 'Progress', value: (r) => progress(r.percentComplete, `Run ${short(r.id)} progress`) },
    { label: 'Items', value: (r) => `${r.succeeded} ok · ${r.failed} failed · ${r.skipped} skipped of ${r.total}` },
    { label: 'Started', value: (r) => when(r.createdAt) },
  ], runs, { empty: 'No runs.', rowAttrs: (r) => ({ id: `run-${r.id}`, dataset: { status: r.status } }) });
}

export async function runsPage(main, ctx, { tenantId, query }) {
  const tenant = await api.tenant(tenantId);
  tenantHeader(main, tenant, 'runs');
  const status = query.get('status') || '';
  const page = Number(query.get('page') || 1);
  const select = h('select', { id: 'run-status' }, ['', ...RUN_STATUSES].map((s) => h('option', { value: s, selected: s === status }, s || 'Any status')));
  main.append(h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); ctx.go(`#/t/${tenantId}/runs?status=${select.value}`); } },
    h('label', {}, 'Status', select), h('button', { type: 'submit' }, 'Filter')));
  const holder = h('div', { id: 'runs-list' });
  main.append(holder);
  const load = async () => {
    const runs = await api.runs(tenantId, { status, page, pageSize: 25 });
    holder.textContent = '';
    holder.append(runsTable(tenantId, runs.items), pager(runs, (n) => ctx.go(`#/t/${tenantId}/runs?status=${status}&page=${n}`)));
  };
  await load();
  let pending = null;
  const onRun = (e) => {
    if (e.detail.tenantId !== tenantId || pending) return;
    pending = setTimeout(() => { pending = null; load().catch(alertError); }, 300);
  };
  events.addEventListener('run', onRun);
  ctx.onLeave(() => { events.removeEventListener('run', onRun); clearTimeout(pending); });
}

function itemError(i) {
  if (!i.error) return i.skipReason ? h('span', {}, 'skipped: ', h('code', {}, i.skipReason)) : '—';
  return h('details', { class: 'item-error', dataset: { code: i.error.code } },
    h('summary', {}, h('code', {}, i.error.code)),
    h('p', {}, i.error.message || ''),
    h('p', { class: 'muted' }, i.error.httpStatus ? `HTTP ${i.error.httpStatus}` : '', i.error.requestId ? ` · request ${i.error.requestId}` : ''));
}

function itemDiff(i) {
  if (!i.diff) return '—';
  const payload = i.diff.payload || [];
  const assignments = i.diff.assignments || [];
  if (!payload.length && !assignments.length) return h('span', { class: 'muted' }, 'no differences');
  return h('details', { class: 'item-diff' },
    h('summary', {}, `${payload.length + assignments.length} differences`),
    payload.length ? diffTable(payload, { caption: 'Settings', beforeLabel: 'Tenant now', afterLabel: 'Backup' }) : null,
    assignments.length ? diffTable(assignments, { caption: 'Assignments', beforeLabel: 'Tenant now', afterLabel: 'Backup' }) : null);
}

function itemsTable(items) {
  return table([
    { label: 'Item', value: (i) => i.displayName || h('code', {}, i.itemKey) },
    { label: 'Type', value: (i) => i.policyType || '—' },
    { label: 'Status', value: (i) => badge(i.status) },
    { label: 'Action', value: (i) => (i.action ? h('code', {}, i.action) : '—') },
    { label: 'Error', value: itemError },
    { label: 'Diff', value: itemDiff },
    { label: 'Attempts', value: (i) => String(i.attempts), num: true },
  ], items, { empty: 'No items with this status.', rowAttrs: (i) => ({ dataset: { key: i.itemKey, status: i.status, action: i.action || '' } }) });
}

export async function runPage(main, ctx, { tenantId, runId, query }) {
  const tenant = await api.tenant(tenantId);
  tenantHeader(main, tenant, 'runs');
  const itemStatus = query.get('itemStatus') || '';
  const page = Number(query.get('page') || 1);
  const head = h('section', { id: 'run', 'aria-live': 'polite' });
  const buttons = h('div', { class: 'toolbar' });
  const select = h('select', { id: 'item-status' }, ['', ...ITEM_STATUSES].map((s) => h('option', { value: s, selected: s === itemStatus }, s || 'Any status')));
  const itemsHolder = h('div', { id: 'run-items' });
  const audit = h('section', { id: 'audit' });
  main.append(head, buttons,
    h('h2', {}, 'Items'),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); ctx.go(`#/t/${tenantId}/runs/${runId}?itemStatus=${select.value}`); } },
      h('label', {}, 'Item status', select), h('button', { type: 'submit', id: 'filter-items' }, 'Filter')),
    itemsHolder, audit);

  let monitor = null;
  const refresh = async () => {
    const first = await api.run(tenantId, runId, { itemStatus, page, pageSize: 100 });
    // A restore's own monitor carries the same shape; read it there for the restore details.
    monitor = first.run.kind === 'Restore' ? await api.restoreRun(tenantId, runId, { itemStatus, page, pageSize: 100 }) : first;
    renderHead(monitor.run);
    const items = runItems(monitor);
    itemsHolder.textContent = '';
    itemsHolder.append(itemsTable(items.items), pager(items, (n) => ctx.go(`#/t/${tenantId}/runs/${runId}?itemStatus=${itemStatus}&page=${n}`)));
    if (TERMINAL.has(monitor.run.status)) { renderButtons(monitor.run); loadAudit().catch(() => {}); }
    return monitor.run.status;
  };
  function renderHead(run) {
    head.textContent = '';
    head.dataset.status = run.status;
    // Element.append would write null as text: only the parts this run has.
    head.append(...[
      h('h2', {}, `${run.operation} `, badge(run.status)),
      progress(run.percentComplete, 'Run progress'),
      h('dl', { class: 'summary' },
        ...[['Total', run.total], ['Processed', run.processed], ['Succeeded', run.succeeded], ['Failed', run.failed], ['Skipped', run.skipped], ['Attempt', run.attempt]]
          .map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', { dataset: { count: k.toLowerCase() } }, String(v)))),
        h('div', {}, h('dt', {}, 'Requested by'), h('dd', {}, run.requestedBy)),
        h('div', {}, h('dt', {}, 'Started'), h('dd', {}, when(run.startedAt))),
        h('div', {}, h('dt', {}, 'Finished'), h('dd', {}, when(run.finishedAt)))),
      run.failure ? h('p', { class: 'error-text' }, h('code', {}, run.failure.code), ' ', run.failure.message) : null,
      run.restore ? h('p', {}, run.restore.dryRun ? 'Preview (read-only) of ' : 'Restore of ',
        link(`#/t/${tenantId}/backups/${run.restore.backupSetId}`, 'its backup set'),
        run.restore.sourcePreviewRunId ? [' from ', link(`#/t/${tenantId}/runs/${run.restore.sourcePreviewRunId}`, 'a preview')] : null) : null,
    ].filter(Boolean));
  }
  function renderButtons(run) {
    buttons.textContent = '';
    if (canOperate(tenant) && run.failed > 0 && !(run.restore && !run.restore.dryRun && !isOwner(tenant))) {
      buttons.append(h('button', { type: 'button', id: 'retry-failed', onclick: action(async () => {
        const retry = await api.retryFailed(tenantId, runId);
        ctx.go(`#/t/${tenantId}/runs/${retry.id}`);
      }) }, `Retry ${run.failed} failed`));
    }
    if (run.restore?.dryRun && run.status === 'Succeeded') {
      buttons.append(link(`#/t/${tenantId}/restore?preview=${run.id}`, 'Review this preview'));
    }
  }
  async function loadAudit() {
    audit.textContent = '';
    audit.append(h('h2', {}, 'Audit log of this run'));
    try {
      const logs = await api.auditLogs(tenantId, { runId, pageSize: 100 });
      audit.append(table([
        { label: 'When', value: (l) => when(l.occurredAt) },
        { label: 'Action', value: (l) => h('code', {}, l.action) },
        { label: 'Actor', value: (l) => l.actor },
        { label: 'Target', value: (l) => (l.targetType ? `${l.targetType} ${l.targetId || ''}` : '—') },
      ], logs.items, { empty: 'No audit records for this run.' }));
    } catch (e) {
      audit.append(h('p', { class: 'muted' }, e.status === 403 ? 'The audit log needs the Operator or Owner role.' : e.message));
    }
  }
  ctx.onLeave(watch(runId, refresh));
}

export async function restorePage(main, ctx, { tenantId, query }) {
  const tenant = await api.tenant(tenantId);
  tenantHeader(main, tenant, 'restore');
  const previewId = query.get('preview');
  if (previewId) return reviewPreview(main, ctx, tenant, previewId);
  if (!canOperate(tenant)) { main.append(h('p', {}, 'A restore preview needs the Operator or Owner role.')); return; }

  const sets = await api.backupSets(tenantId, { pageSize: 100 });
  const usable = sets.items.filter((s) => s.status === 'Ready' || s.status === 'Partial');
  if (!usable.length) { main.append(h('p', {}, 'No finished backup set to restore from yet.')); return; }
  const setSelect = h('select', { id: 'restore-set' }, usable.map((s) => h('option', { value: s.id }, `${s.name} (${s.itemCount} items, ${new Date(s.createdAt).toLocaleString()})`)));
  setSelect.value = query.get('set') && usable.some((s) => s.id === query.get('set')) ? query.get('set') : usable[0].id;
  const assignments = h('input', { type: 'checkbox', id: 'include-assignments', checked: true });
  const itemsBox = h('fieldset', { id: 'restore-items' });
  main.append(h('h2', {}, '1. Choose a backup set and items'),
    h('form', { class: 'inline', onsubmit: (e) => e.preventDefault() }, h('label', {}, 'Backup set', setSelect),
      h('label', { class: 'check' }, assignments, 'Include assignments')),
    itemsBox);
  const loadItems = async () => {
    const items = await api.backupItems(tenantId, setSelect.value, { pageSize: 200 });
    itemsBox.textContent = '';
    itemsBox.append(h('legend', {}, `Items (${items.totalCount}); all selected restores the whole set`),
      h('div', { class: 'toolbar' },
        h('button', { type: 'button', onclick: () => itemsBox.querySelectorAll('input[type=checkbox]').forEach((c) => { c.checked = true; }) }, 'Select all'),
        h('button', { type: 'button', id: 'select-none', onclick: () => itemsBox.querySelectorAll('input[type=checkbox]').forEach((c) => { c.checked = false; }) }, 'Select none')),
      table([
        { label: 'Restore', value: (i) => h('input', { type: 'checkbox', checked: true, value: i.id, id: `item-${i.id}`, 'aria-label': `Restore ${i.displayName}`, dataset: { graphId: i.graphId } }) },
        { label: 'Policy', value: (i) => h('label', { for: `item-${i.id}`, class: 'check' }, i.displayName) },
        { label: 'Type', value: (i) => i.policyType },
        { label: 'Version', value: (i) => `v${i.versionNumber}`, num: true },
      ], items.items));
    return items.totalCount;
  };
  let total = await loadItems();
  setSelect.addEventListener('change', async () => { total = await loadItems(); });
  main.append(h('h2', {}, '2. Preview'), h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'primary', id: 'run-preview', onclick: action(async () => {
    const chosen = [...itemsBox.querySelectorAll('input[type=checkbox]:checked')].map((c) => c.value);
    if (!chosen.length) throw new Error('Select at least one item.');
    const run = await api.startRestore(tenantId, {
      backupSetId: setSelect.value, dryRun: true, includeAssignments: assignments.checked,
      backupItemIds: chosen.length === total ? undefined : chosen,
    });
    ctx.go(`#/t/${tenantId}/restore?preview=${run.id}`);
  }) }, 'Run preview')));
}

async function reviewPreview(main, ctx, tenant, previewId) {
  const tenantId = tenant.id;
  const head = h('section', { id: 'preview', 'aria-live': 'polite' });
  const results = h('div', { id: 'preview-items' });
  const execute = h('div', { class: 'toolbar', id: 'execute-area' });
  main.append(h('p', {}, link(`#/t/${tenantId}/restore`, 'Start another preview')), h('h2', {}, 'Preview'), head, results, h('h2', {}, '3. Execute'), execute);
  const refresh = async () => {
    const monitor = await api.restoreRun(tenantId, previewId, { pageSize: 200 });
    const run = monitor.run;
    head.textContent = '';
    head.dataset.status = run.status;
    head.append(h('p', {}, 'Preview ', link(`#/t/${tenantId}/runs/${run.id}`, short(run.id)), ' ', badge(run.status)), progress(run.percentComplete, 'Preview progress'));
    const items = runItems(monitor).items;
    const counts = {};
    for (const i of items) counts[i.action || i.status] = (counts[i.action || i.status] || 0) + 1;
    results.textContent = '';
    if (TERMINAL.has(run.status)) {
      results.append(h('p', { id: 'preview-counts' }, Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(' · ')), itemsTable(items));
      renderExecute(run);
    }
    return run.status;
  };
  function renderExecute(run) {
    execute.textContent = '';
    if (!run.restore?.dryRun) { execute.append(h('p', {}, 'This run is a live restore, not a preview.')); return; }
    if (run.status !== 'Succeeded' && run.status !== 'Partial') { execute.append(h('p', {}, `The preview ended ${run.status}; start another.`)); return; }
    if (!isOwner(tenant)) { execute.append(h('p', { id: 'owner-only' }, 'Only an Owner of this tenant can execute a restore.')); return; }
    execute.append(h('button', { type: 'button', class: 'danger', id: 'execute', onclick: action(async () => {
      const live = await api.executePreview(tenantId, previewId);
      ctx.go(`#/t/${tenantId}/runs/${live.id}`);
    }) }, 'Execute this restore'),
    h('span', { class: 'muted' }, 'Writes the backed-up state of the previewed items to the tenant.'));
  }
  ctx.onLeave(watch(previewId, refresh));
}

export async function notificationsPage(main, ctx, { query }) {
  const unreadOnly = query.get('unread') === 'true';
  main.append(h('h1', {}, 'Notifications'));
  const page = Number(query.get('page') || 1);
  const list = await api.notifications({ unread: unreadOnly || undefined, page, pageSize: 50 });
  main.append(h('div', { class: 'toolbar' },
    link(unreadOnly ? '#/notifications' : '#/notifications?unread=true', unreadOnly ? 'Show all' : 'Show unread only'),
    h('button', { type: 'button', id: 'read-all', onclick: action(async () => { await api.markAllRead(); ctx.refreshUnread(); ctx.rerender(); }) }, 'Mark all read')));
  main.append(table([
    { label: 'State', value: (n) => badge(n.readAt ? 'Read' : 'Unread') },
    { label: 'When', value: (n) => when(n.createdAt) },
    { label: 'Run', value: (n) => (n.data?.runId ? link(`#/t/${n.tenantId}/runs/${n.data.runId}`, n.data.operation || short(n.data.runId)) : n.type) },
    { label: 'Status', value: (n) => (n.data?.status ? badge(n.data.status) : '—') },
    { label: 'Failed items', value: (n) => (n.data?.failedItems ? `${n.data.failedItems}${n.data.mostCommonErrorCode ? ` (${n.data.mostCommonErrorCode})` : ''}` : '0') },
    { label: '', value: (n) => (n.readAt ? '' : h('button', { type: 'button', onclick: action(async () => { await api.markRead(n.id); ctx.refreshUnread(); ctx.rerender(); }) }, 'Mark read')) },
  ], list.items, { empty: 'No notifications.' }));
  main.append(pager(list, (n) => ctx.go(`#/notifications?page=${n}${unreadOnly ? '&unread=true' : ''}`)));
}
