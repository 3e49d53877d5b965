/**
 * The ServiceHost of the CLI and the language server: how the language service reads the files a
 * mapping names (scope files) and how the front ends read samples, all through readFileSafely.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { HostReadResult, ServiceHost } from '../service/languageService';
import { bytesForCharacters, CachedFileReader, DEFAULT_MAX_BYTES, FileReadError, isInside, localPathOf } from './readFileSafely';

export interface FileHostOptions {
  /**
   * The folders reads must stay in (real paths), or undefined for no restriction (the CLI, or
   * the editor with scimMapper.files.allowOutsideWorkspace in a trusted workspace).
   */
  roots?: () => readonly string[] | undefined;
  /** Text of a document open in the editor, which wins over the disk. */
  openText?: (uri: string) => string | undefined;
}

export interface FileHost extends ServiceHost {
  readFileChecked(uri: string, maxLength: number): HostReadResult;
  /** Names in a directory for path completion (folders end in "/"); nothing outside the roots. */
  listFiles(dirUri: string): string[];
}

function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

export function createFileHost(options: FileHostOptions = {}): FileHost {
  const reader = new CachedFileReader();
  type Read = { ok: true; text: string } | { ok: false; missing: boolean; reason: string; tooLarge?: boolean };
  const read = (uri: string, maxBytes: number): Read => {
    const open = options.openText?.(uri);
    if (open !== undefined) return { ok: true, text: open };
    const path = localPathOf(uri);
    if (path === undefined) return { ok: false, missing: false, reason: 'only files on this computer are read.' };
    try {
      return { ok: true, text: reader.read(path, { maxBytes, roots: options.roots?.() }) };
    } catch (error) {
      if (!(error instanceof FileReadError)) throw error;
      return { ok: false, missing: error.reason === 'missing', reason: error.detail, tooLarge: error.reason === 'too-large' };
    }
  };
  return {
    readFile(uri) {
      const result = read(uri, DEFAULT_MAX_BYTES);
      return result.ok ? result.text : undefined;
    },
    readFileChecked(uri, maxLength) {
      const result = read(uri, Math.min(DEFAULT_MAX_BYTES, bytesForCharacters(maxLength)));
      if (!result.ok && result.tooLarge) {
        return {
          ok: false,
          missing: false,
          reason: `it is larger than the ${withThousands(maxLength)} characters SCIM Mapper checks (setting maxDocumentLength), so it is not read.`,
        };
      }
      return result.ok ? result : { ok: false, missing: result.missing, reason: result.reason };
    },
    listFiles(dirUri) {
      const path = localPathOf(dirUri);
      if (path === undefined) return [];
      let dir: string;
      try {
        dir = realpathSync(path);
      } catch {
        return [];
      }
      const roots = options.roots?.();
      if (roots && !roots.some((root) => isInside(root, dir))) return [];
      try {
        if (!statSync(dir).isDirectory()) return [];
        return readdirSync(dir)
          .slice(0, 2000)
          .map((name) => {
            let isDir = false;
            try {
              isDir = statSync(join(dir, name)).isDirectory();
            } catch {
              isDir = false;
            }
            return isDir ? `${name}/` : name;
          });
      } catch {
        return [];
      }
    },
  };
}
