// A structural JSON diff in the API's preview shape: [{path, kind: added|removed|changed, before, after}],
// paths as JSONPath ($.a.b[0]). Used to compare two captured versions of a policy in the browser.

function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }

function key(path, name) {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

export function diffJson(before, after, path = '$', out = []) {
  if (isObject(before) && isObject(after)) {
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const n of names) {
      if (!(n in after)) out.push({ path: key(path, n), kind: 'removed', before: before[n], after: null });
      else if (!(n in before)) out.push({ path: key(path, n), kind: 'added', before: null, after: after[n] });
      else diffJson(before[n], after[n], key(path, n), out);
    }
  } else if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      if (i >= after.length) out.push({ path: `${path}[${i}]`, kind: 'removed', before: before[i], after: null });
      else if (i >= before.length) out.push({ path: `${path}[${i}]`, kind: 'added', before: null, after: after[i] });
      else diffJson(before[i], after[i], `${path}[${i}]`, out);
    }
  } else if (JSON.stringify(before) !== JSON.stringify(after)) {
    out.push({ path, kind: 'changed', before, after });
  }
  return out;
}
