'use strict';
// A small stand-in for minimatch (scripts/build/plugins.mjs swaps it into the client bundle).
// vscode-languageclient uses it only to match glob patterns that a server registers for file
// operations, notebooks and diagnostic filters; our server registers none. It supports the glob
// syntax those registrations use: `*`, `**`, `?`, `[...]`, `[!...]`, `{a,b}` and `\` escapes,
// with the options `dot` and `nocase`. test/robustness/bundles.test.ts compares it with minimatch.

function escape(ch) {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

function translate(glob, dot) {
  let out = '';
  let depth = 0;
  const segmentStart = (i) => i === 0 || glob[i - 1] === '/';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '\\' && i + 1 < glob.length) {
      out += escape(glob[++i]);
    } else if (ch === '*') {
      const star2 = glob[i + 1] === '*';
      const noDot = dot ? '' : segmentStart(i) ? '(?!\\.)' : '';
      if (star2 && segmentStart(i) && (i + 2 === glob.length || glob[i + 2] === '/')) {
        // `**` as a whole segment: any number of segments (none included).
        i += 1;
        if (glob[i + 1] === '/') {
          i += 1;
          out += dot ? '(?:[^/]*(?:/|$))*' : '(?:(?!\\.)[^/]*(?:/|$))*';
        } else {
          out += dot ? '.*' : '(?:(?!\\.)[^/]*(?:/|$))*';
        }
      } else {
        while (glob[i + 1] === '*') i++;
        out += `${noDot}[^/]*`;
      }
    } else if (ch === '?') {
      out += `${dot || !segmentStart(i) ? '' : '(?!\\.)'}[^/]`;
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negate = body[0] === '!' || body[0] === '^';
      if (negate) body = body.slice(1);
      out += `${dot || !segmentStart(i) ? '' : '(?!\\.)'}[${negate ? '^/' : ''}${body.replace(/\\/g, '\\\\').replace(/]/g, '\\]')}]`;
      i = close;
    } else if (ch === '{') {
      depth++;
      out += '(?:';
    } else if (ch === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (ch === ',' && depth > 0) {
      out += '|';
    } else {
      out += escape(ch);
    }
  }
  if (depth > 0) return undefined;
  return out;
}

class Minimatch {
  constructor(pattern, options = {}) {
    this.pattern = String(pattern);
    this.options = options;
    this.regexp = undefined;
  }

  makeRe() {
    if (this.regexp !== undefined) return this.regexp;
    // Patterns come from our own server; a very long one is not a glob anybody wrote.
    const source = this.pattern.length > 4096 ? undefined : translate(this.pattern, !!this.options.dot);
    try {
      this.regexp = source === undefined ? false : new RegExp(`^${source}$`, this.options.nocase ? 'i' : '');
    } catch {
      this.regexp = false;
    }
    return this.regexp;
  }

  match(path) {
    const re = this.makeRe();
    return re ? re.test(String(path)) : false;
  }
}

function minimatch(path, pattern, options) {
  return new Minimatch(pattern, options).match(path);
}
minimatch.Minimatch = Minimatch;
minimatch.minimatch = minimatch;
module.exports = minimatch;
