// Tenants overview and a tenant's policies (versions, diff between two versions).
import { api } from './api.js';
import { h, badge, table, when, link, diffTable, action, progress } from './ui.js';
import { diffJson } from './diff.js';
import { hasNext } from './lists.js';
import { events } from './stream.js';

const DAY = 24 * 3600 * 1000;

/**
 * Per tenant: newest backup set, active runs, failed/partial runs. Derived from the tenant-scoped lists
 * (GET /tenants, /runs/active, …/backup-sets?pageSize=1, …/runs?status=Failed|Partial&pageSize=1); an
 * overview endpoint (GET /tenants/overview) can replace this one function.
 */
export async function loadOverview() {
  const [tenants, active, overview] = await Promise.all([
    api.tenants(), api.activeRuns().catch(() => ({ items: [] })), api.overview().catch(() => ({ items: [] }))]);
  // GET /tenants/overview: last drift check and next scheduled run per tenant (one call for all of them).
  const byTenant = new Map(overview.items.map((o) => [o.tenantId, o]));
  return Promise.all(tenants.items.map(async (tenant) => {
    const [sets, failed, partial] = await Promise.all([
      api.backupSets(tenant.id, { pageSize: 1 }).catch(() => null),
      api.runs(tenant.id, { status: 'Failed', pageSize: 1 }).catch(() => null),
      api.runs(tenant.id, { status: 'Partial', pageSize: 1 }).catch(() => null),
    ]);
    return {
      tenant,
      lastBackup: sets?.items[0] || null,
      running: active.items.filter((r) => r.tenantId === tenant.id),
      failedRuns: (failed?.totalCount || 0) + (partial?.totalCount || 0),
      lastFailure: [failed?.items[0], partial?.items[0]].filter(Boolean).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] || null,
      lastDrift: byTenant.get(tenant.id)?.lastDrift || null,
      nextRunAt: byTenant.get(tenant.id)?.nextScheduledRunAt || null,
    };
  }));
}

export async function overviewPage(main, ctx) {
  main.append(h('h1', {}, 'Tenants'));
  const rows = await loadOverview();
  const stale = rows.filter((r) => !r.lastBackup || Date.now() - Date.parse(r.lastBackup.createdAt) > DAY).length;
  main.append(h('dl', { class: 'summary' },
    h('div', {}, h('dt', {}, 'Tenants'), h('dd', {}, String(rows.length))),
    h('div', {}, h('dt', {}, 'No backup in 24 h'), h('dd', { id: 'stale-count' }, String(stale))),
    h('div', {}, h('dt', {}, 'Runs going now'), h('dd', {}, String(rows.reduce((n, r) => n + r.running.length, 0)))),
    h('div', {}, h('dt', {}, 'Failed or partial runs'), h('dd', {}, String(rows.reduce((n, r) => n + r.failedRuns, 0))))));
  main.append(table([
    { label: 'Tenant', value: (r) => link(`#/t/${r.tenant.id}`, r.tenant.name) },
    { label: 'Your role', value: (r) => r.tenant.role || 'MSP admin' },
    { label: 'Last backup', value: (r) => r.lastBackup
      ? h('span', {}, when(r.lastBackup.createdAt), ' ', badge(r.lastBackup.status),
        Date.now() - Date.parse(r.lastBackup.createdAt) > DAY ? [' ', badge('Older than 24 h', 'warn')] : null)
      : badge('No backup', 'warn') },
    { label: 'Running', value: (r) => r.running.length
      ? h('ul', { class: 'plain' }, r.running.map((run) => h('li', {}, link(`#/t/${r.tenant.id}/runs/${run.id}`, run.operation), ' ', progress(run.percentComplete, `${run.operation} progress`))))
      : h('span', { class: 'muted' }, 'none') },
    { label: 'Failures', value: (r) => r.failedRuns
      ? h('span', {}, badge(`${r.failedRuns} failed or partial`, 'bad'), ' ', link(`#/t/${r.tenant.id}/runs?status=Failed`, 'view'))
      : badge('None', 'ok') },
    { label: 'Last drift check', value: (r) => r.lastDrift
      ? h('span', {}, when(r.lastDrift.completedAt), ' ', r.lastDrift.hasDrift
        ? badge(`${r.lastDrift.changed} changed, ${r.lastDrift.added} added, ${r.lastDrift.deleted} deleted`, 'warn')
        : badge('No drift', 'ok'))
      : h('span', { class: 'muted' }, 'none') },
    { label: 'Next scheduled run', value: (r) => r.nextRunAt ? when(r.nextRunAt) : h('span', { class: 'muted' }, 'not scheduled') },
  ], rows, { empty: 'You are not a member of any tenant yet.', rowAttrs: (r) => ({ id: `tenant-${r.tenant.id}` }) }));
  // Refresh when a run starts or ends somewhere.
  const onRun = (e) => { if (e.detail.type === 'run.status') ctx.rerender(); };
  events.addEventListener('run', onRun);
  ctx.onLeave(() => events.removeEventListener('run', onRun));
}

export function tenantHeader(main, tenant, current) {
  main.append(h('p', { class: 'crumbs' }, link('#/', 'Tenants'), ' / ', tenant.name));
  main.append(h('h1', {}, tenant.name, ' ', h('span', { class: 'muted' }, `(${tenant.role || 'MSP admin'})`)));
  const tabs = [['policies', 'Policies'], ['backups', 'Backup sets'], ['runs', 'Runs'], ['restore', 'Restore']];
  main.append(h('nav', { 'aria-label': 'Tenant' }, h('ul', { class: 'tabs' }, tabs.map(([id, label]) =>
    h('li', {}, link(`#/t/${tenant.id}/${id}`, label, { 'aria-current': current === id ? 'page' : null, id: `tab-${id}` }))))));
}

export async function policiesPage(main, ctx, { tenantId, query }) {
  const tenant = await api.tenant(tenantId);
  tenantHeader(main, tenant, 'policies');
  const page = Number(query.get('page') || 1);
  const type = query.get('policyType') || '';
  const policies = await api.policies(tenantId, { page, pageSize: 50, policyType: type });
  const filter = h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); ctx.go(`#/t/${tenantId}/policies?policyType=${select.value}`); } });
  const select = h('select', { id: 'policy-type' }, ['', 'deviceConfiguration', 'deviceCompliancePolicy', 'settingsCatalogPolicy', 'appProtectionPolicy']
    .map((v) => h('option', { value: v, selected: v === type }, v || 'All types')));
  filter.append(h('label', {}, 'Policy type', select), h('button', { type: 'submit' }, 'Filter'),
    h('button', { type: 'button', id: 'sync', onclick: action(async () => {
      const run = await api.sync(tenantId);
      ctx.go(`#/t/${tenantId}/runs/${run.id}`);
    }) }, 'Sync inventory'));
  main.append(filter);
  main.append(table([
    { label: 'Name', value: (p) => link(`#/t/${tenantId}/policies/${p.id}`, p.displayName) },
    { label: 'Type', value: (p) => p.policyType },
    { label: 'Platform', value: (p) => p.platform || '—' },
    { label: 'Latest version', value: (p) => (p.latestVersionNumber ? `v${p.latestVersionNumber}` : 'not captured'), num: true },
    { label: 'In tenant', value: (p) => (p.deletedInTenantAt ? badge('Deleted', 'bad') : badge('Present', 'ok')) },
    { label: 'Last seen', value: (p) => when(p.lastSeenAt) },
  ], policies.items, { empty: 'No policies yet: run an inventory sync.' }));
  main.append(pager(policies, (n) => ctx.go(`#/t/${tenantId}/policies?page=${n}&policyType=${type}`)));
}

export function pager(list, go) {
  return h('div', { class: 'pager' },
    h('button', { type: 'button', disabled: list.page <= 1, onclick: () => go(list.page - 1) }, 'Previous'),
    h('span', {}, `Page ${list.page} · ${list.totalCount} in all`),
    h('button', { type: 'button', disabled: !hasNext(list), onclick: () => go(list.page + 1) }, 'Next'));
}

export async function policyPage(main, ctx, { tenantId, policyId, query }) {
  const [tenant, details, versions] = await Promise.all([api.tenant(tenantId), api.policy(tenantId, policyId), api.versions(tenantId, policyId)]);
  tenantHeader(main, tenant, 'policies');
  const policy = details.policy;
  main.append(h('h2', {}, policy.displayName), h('p', { class: 'muted' }, `${policy.policyType} · Graph id `, h('code', {}, policy.graphId)));
  main.append(h('div', { class: 'toolbar' }, h('button', { type: 'button', id: 'capture', onclick: action(async () => {
    const run = await api.capture(tenantId, policyId);
    ctx.go(`#/t/${tenantId}/runs/${run.id}`);
  }) }, 'Capture snapshot')));
  main.append(h('h2', {}, 'Versions'));
  main.append(table([
    { label: 'Version', value: (v) => `v${v.versionNumber}`, num: true },
    { label: 'Captured', value: (v) => when(v.capturedAt) },
    { label: 'By run', value: (v) => (v.capturedByRunId ? link(`#/t/${tenantId}/runs/${v.capturedByRunId}`, v.capturedByRunId.slice(0, 8)) : '—') },
    { label: 'Content hash', value: (v) => h('code', {}, v.contentHash.slice(0, 12)) },
  ], versions.items, { empty: 'No version captured yet.' }));
  if (versions.items.length < 1) return;
  const numbers = versions.items.map((v) => v.versionNumber).sort((a, b) => a - b);
  const from = h('select', { id: 'diff-from' }, numbers.map((n) => h('option', { value: n }, `v${n}`)));
  const to = h('select', { id: 'diff-to' }, numbers.map((n) => h('option', { value: n }, `v${n}`)));
  from.value = String(Number(query.get('from')) || numbers[Math.max(0, numbers.length - 2)]);
  to.value = String(Number(query.get('to')) || numbers[numbers.length - 1]);
  const out = h('div', { id: 'version-diff', 'aria-live': 'polite' });
  const compare = action(async () => {
    const [a, b] = await Promise.all([api.version(tenantId, policyId, from.value), api.version(tenantId, policyId, to.value)]);
    out.textContent = '';
    out.append(
      h('h3', {}, `Payload: v${a.versionNumber} → v${b.versionNumber}`),
      diffTable(diffJson(a.payload, b.payload), { beforeLabel: `v${a.versionNumber}`, afterLabel: `v${b.versionNumber}` }),
      h('h3', {}, 'Assignments'),
      diffTable(diffJson(a.assignments ?? [], b.assignments ?? []), { beforeLabel: `v${a.versionNumber}`, afterLabel: `v${b.versionNumber}` }));
  });
  main.append(h('h2', {}, 'Compare two versions'),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); compare(e); } },
      h('label', {}, 'From', from), h('label', {}, 'To', to), h('button', { type: 'submit', id: 'compare' }, 'Show diff')), out);
}
