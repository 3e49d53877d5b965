'use strict';
// A small stand-in for semver/functions/satisfies that understands the caret ranges
// vscode-languageclient checks VS Code's version with (`^1.91.0`). Any other range is not
// understood and does not match, so a change there fails loudly in the extension's tests.
const parse = require('./semver-parse');

module.exports = function satisfies(version, range) {
  // A parsed version (vscode-languageclient passes one, with its prerelease cleared) is used as is.
  const v = version && typeof version === 'object' && Array.isArray(version.prerelease) ? version : parse(version);
  const m = /^\s*\^\s*(\d+)\.(\d+)\.(\d+)\s*$/.exec(String(range));
  if (!v || !m) return false;
  if (v.prerelease.length > 0) return false;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const cmp = v.major - major || v.minor - minor || v.patch - patch;
  if (cmp < 0) return false;
  if (major > 0) return v.major === major;
  if (minor > 0) return v.major === 0 && v.minor === minor;
  return v.major === 0 && v.minor === 0 && v.patch === patch;
};
