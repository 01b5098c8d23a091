// The one place that knows the API's list shapes. Paged lists answer {items, page, pageSize, totalCount[, nextLink]};
// a few lists (GET /tenants, /runs/active, api keys, members) answer a bare array. Adapt here, nowhere else.

/** A list answer as {items, page, pageSize, totalCount, nextLink}. */
export function readList(json) {
  if (Array.isArray(json)) {
    return { items: json, page: 1, pageSize: json.length, totalCount: json.length, nextLink: null };
  }
  if (json && Array.isArray(json.items)) {
    const { items, page = 1, pageSize = items.length, totalCount = items.length, nextLink = null } = json;
    return { items, page, pageSize, totalCount, nextLink };
  }
  return { items: [], page: 1, pageSize: 0, totalCount: 0, nextLink: null };
}

/** Whether a list has a page after this one. */
export function hasNext(list) {
  return Boolean(list.nextLink) || list.page * list.pageSize < list.totalCount;
}

/** The per-item results of a run status monitor ({…, run, items: <list>}). */
export function runItems(monitor) {
  return readList(monitor.items);
}
