/**
 * The `scope` path of a mapping file is a file path relative to the mapping file, never a URL.
 * Resolving it with URL rules would make `#`, `?` and `%` in file names mean fragments, queries
 * and escapes, and would let `https:`, `command:` or `//host/share` through as link targets and
 * reads. Here a path is split into segments, `.` and `..` are applied, and each segment is
 * percent-encoded the way VS Code encodes file URIs (everything but letters, digits and `-._~`),
 * so the result equals the URI the editor uses for the same file.
 */

export type ScopePathResult = { ok: true; uri: string } | { ok: false; reason: string };

/** Letters, digits and -._~ stay; everything else is percent-encoded as UTF-8. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Resolves `path` against the URI of the file that names it. Refused: URLs (any `scheme:` of two
 * or more letters), paths on other computers (`//host`, `\\host`), NUL characters, and a base URI
 * that is not hierarchical.
 */
export function resolveScopePath(baseUri: string, path: string): ScopePathResult {
  if (path.includes('\0')) return { ok: false, reason: 'the path contains a NUL character.' };
  if (/^[\\/]{2}/.test(path))
    return { ok: false, reason: 'it names another computer (a UNC path); scope files are read only from this computer.' };
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(path))
    return { ok: false, reason: 'scope paths are file paths relative to the mapping file, not URLs.' };
  const base = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)(\/[^?#]*)?/.exec(baseUri);
  if (!base) return { ok: false, reason: 'the mapping file has no location on disk to resolve the path against.' };
  const authority = base[1];
  // Windows users write backslashes; they separate segments on every platform here.
  const written = path.replace(/\\/g, '/');
  const drive = /^([A-Za-z]):(\/|$)/.exec(written);
  let segments: string[];
  let rest: string;
  if (drive) {
    segments = [`${drive[1].toLowerCase()}%3A`];
    rest = written.slice(2);
  } else if (written.startsWith('/')) {
    segments = [];
    rest = written;
  } else {
    // The directory of the base file, segments still encoded as the base URI has them.
    segments = (base[2] ?? '/').split('/').slice(1, -1);
    rest = written;
  }
  for (const segment of rest.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      // Above the root stays at the root, as file systems do; a drive letter is kept.
      if (segments.length > 0 && !(drive && segments.length === 1)) segments.pop();
      continue;
    }
    segments.push(encodeSegment(segment));
  }
  // A directory path (`./`, `shared/`, `..`) keeps its trailing slash, as URLs of directories do.
  const directory = /(^|\/)(\.\.?)?$/.test(written) && segments.length > 0;
  return { ok: true, uri: `${authority}/${segments.join('/')}${directory ? '/' : ''}` };
}
