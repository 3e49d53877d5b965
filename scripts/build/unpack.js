'use strict';
// Rebuilds a value packed by scripts/build/packJson.mjs. Bundled into the CLI and the server in
// place of the catalog JSON; plain data only (no code is evaluated).
const { brotliDecompressSync } = require('node:zlib');

function unpack(packed) {
  const strings = packed.strings;
  const shapes = packed.shapes;
  const decode = (v) => {
    if (typeof v === 'number') return strings[v];
    if (!Array.isArray(v)) return v; // a string that is not in the table, true, false or null
    const tag = v[0];
    if (tag === 0) return v[1];
    if (tag === 1) {
      const out = new Array(v.length - 1);
      for (let i = 1; i < v.length; i++) out[i - 1] = decode(v[i]);
      return out;
    }
    const keys = shapes[tag - 2];
    const out = {};
    for (let i = 0; i < keys.length; i++) {
      const value = decode(v[i + 1]);
      // JSON.parse makes "__proto__" an own property; so does this.
      if (keys[i] === '__proto__')
        Object.defineProperty(out, keys[i], { value, enumerable: true, writable: true, configurable: true });
      else out[keys[i]] = value;
    }
    return out;
  };
  return decode(packed.data);
}

/** Rebuilds a value from the base64 text of its packed JSON, Brotli-compressed (see plugins.mjs). */
function unpackCompressed(base64) {
  return unpack(JSON.parse(brotliDecompressSync(Buffer.from(base64, 'base64')).toString('utf8')));
}

module.exports = { unpack, unpackCompressed };
