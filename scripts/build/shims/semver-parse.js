'use strict';
// A small stand-in for semver/functions/parse, enough for vscode-languageclient's VS Code version
// check (scripts/build/plugins.mjs swaps it in; test/robustness/bundles.test.ts compares it with semver).
const VERSION =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

module.exports = function parse(version) {
  if (typeof version !== 'string' && !(version && typeof version.version === 'string')) return null;
  const text = typeof version === 'string' ? version.trim() : version.version;
  if (text.length > 256) return null;
  const m = VERSION.exec(text);
  if (!m) return null;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3]),
    prerelease: m[4] ? m[4].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [],
    version: `${m[1]}.${m[2]}.${m[3]}${m[4] ? `-${m[4]}` : ''}`,
  };
};
