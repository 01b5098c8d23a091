// The API client: the public contract under /api/v1 (see /swagger/v1/swagger.json), problem+json errors.
import { authorization } from './auth.js';
import { readList } from './lists.js';

export const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code || `http_${status}`;
    this.problem = problem;
  }
}

export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  const auth = authorization();
  if (auth) headers.Authorization = auth;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path.startsWith('/') && !path.startsWith(BASE) ? BASE + path : path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.status === 204 || r.status === 304) return null;
  const text = await r.text();
  const json = text ? JSON.parse(text) : null;
  if (!r.ok) throw new ApiError(r.status, json);
  return json;
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);
export const list = async (path) => readList(await get(path));

export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

const t = (tenantId) => `/tenants/${encodeURIComponent(tenantId)}`;

export const api = {
  tenants: () => list('/tenants'),
  tenant: (id) => get(t(id)),
  activeRuns: () => list('/runs/active'),
  overview: () => list('/tenants/overview?pageSize=200'),
  runs: (tid, q = {}) => list(`${t(tid)}/runs${qs(q)}`),
  run: (tid, rid, q = {}) => get(`${t(tid)}/runs/${rid}${qs(q)}`),
  restoreRun: (tid, rid, q = {}) => get(`${t(tid)}/restore-runs/${rid}${qs(q)}`),
  retryFailed: (tid, rid) => post(`${t(tid)}/runs/${rid}/retry-failed`),
  cancel: (tid, rid) => post(`${t(tid)}/runs/${rid}/cancel`),
  policies: (tid, q = {}) => list(`${t(tid)}/policies${qs(q)}`),
  policy: (tid, pid) => get(`${t(tid)}/policies/${pid}`),
  versions: (tid, pid) => list(`${t(tid)}/policies/${pid}/versions${qs({ pageSize: 100 })}`),
  version: (tid, pid, n) => get(`${t(tid)}/policies/${pid}/versions/${n}`),
  sync: (tid) => post(`${t(tid)}/policies/sync`),
  capture: (tid, pid) => post(`${t(tid)}/policies/${pid}/snapshots`),
  backupSets: (tid, q = {}) => list(`${t(tid)}/backup-sets${qs(q)}`),
  backupSet: (tid, sid) => get(`${t(tid)}/backup-sets/${sid}`),
  backupItems: (tid, sid, q = {}) => list(`${t(tid)}/backup-sets/${sid}/items${qs(q)}`),
  startBackup: (tid, body) => post(`${t(tid)}/backup-sets`, body),
  startRestore: (tid, body) => post(`${t(tid)}/restore-runs`, body),
  executePreview: (tid, rid) => post(`${t(tid)}/restore-runs/${rid}/execute`),
  auditLogs: (tid, q = {}) => list(`${t(tid)}/audit-logs${qs(q)}`),
  notifications: (q = {}) => list(`/me/notifications${qs(q)}`),
  markRead: (id) => post(`/me/notifications/${id}/read`),
  markAllRead: () => post('/me/notifications/read-all'),
};
