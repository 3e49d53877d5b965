// Lossless packing of JSON data for the bundles (used by the esbuild plugin in plugins.mjs).
//
// The catalogs are arrays of objects with the same keys, and many strings (notes, sources, patterns)
// repeat. Packed, every object becomes [2 + shape, ...values] with its keys in a shape table, every
// string used more than once becomes an index into a string table, numbers become [0, n] and arrays
// [1, ...items]. `unpack` (scripts/build/unpack.js, bundled) rebuilds exactly the same value, with
// the same key order; test/robustness/bundles.test.ts checks that it does for every data file.

/** Packs a JSON value into `{ strings, shapes, data }`. */
export function pack(value) {
  const counts = new Map();
  const shapeIds = new Map();
  const shapes = [];
  const visit = (v) => {
    if (typeof v === 'string') counts.set(v, (counts.get(v) ?? 0) + 1);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      const id = JSON.stringify(keys);
      if (!shapeIds.has(id)) {
        shapeIds.set(id, shapes.length);
        shapes.push(keys);
      }
      for (const key of keys) visit(v[key]);
    }
  };
  visit(value);
  // Most frequent first, so the commonest strings get the shortest indexes; only strings whose
  // repetitions cost more than their index are worth a table entry.
  const strings = [...counts]
    .filter(([s, n]) => n > 1 && JSON.stringify(s).length > 4)
    .sort((a, b) => b[1] * JSON.stringify(b[0]).length - a[1] * JSON.stringify(a[0]).length || (a[0] < b[0] ? -1 : 1))
    .map(([s]) => s);
  const index = new Map(strings.map((s, i) => [s, i]));
  const encode = (v) => {
    if (typeof v === 'string') return index.has(v) ? index.get(v) : v;
    if (typeof v === 'number') return [0, v];
    if (v === null || typeof v === 'boolean') return v;
    if (Array.isArray(v)) return [1, ...v.map(encode)];
    const keys = Object.keys(v);
    return [2 + shapeIds.get(JSON.stringify(keys)), ...keys.map((k) => encode(v[k]))];
  };
  return { strings, shapes, data: encode(value) };
}
