/**
 * The objects that already exist in AWS (from --existing), indexed so that a batch looks each
 * sample up in constant time, the way Entra's matching query would find it.
 */
import type { ObjectKind } from '../catalog/types';
import { existingValueAt, parseTargetPath } from './payload';
import type { ExistingLookup, ExistingObject } from './types';

/** AWS compares userName and group displayName case-insensitively (caseExact false); other values exactly. */
function caseInsensitive(target: string): boolean {
  return target === 'userName' || target === 'displayName';
}

export interface ExistingStoreOptions {
  /**
   * When the lookup finds nothing and exactly one object of the kind exists, link to it anyway, as
   * Entra does with the id it remembers for an object it created (useful for a one-user dry run
   * where the user was renamed since).
   */
  linkSingle?: boolean;
}

export function createExistingStore(objects: readonly ExistingObject[], options: ExistingStoreOptions = {}): ExistingLookup {
  const indexes = new Map<string, Map<string, ExistingObject>>();
  const byKind: Record<ObjectKind, ExistingObject[]> = { user: [], group: [] };
  for (const o of objects) byKind[o.object].push(o);

  const indexFor = (object: ObjectKind, target: string): Map<string, ExistingObject> => {
    const key = `${object}:${target}`;
    let index = indexes.get(key);
    if (index) return index;
    index = new Map();
    const location = parseTargetPath(target, object);
    for (const o of byKind[object]) {
      if (!location) continue;
      const value = existingValueAt(o.body, location);
      if (typeof value !== 'string') continue;
      const k = caseInsensitive(target) ? value.toLowerCase() : value;
      if (!index.has(k)) index.set(k, o);
    }
    indexes.set(key, index);
    return index;
  };

  return {
    find(object, target, value) {
      const found = indexFor(object, target).get(caseInsensitive(target) ? value.toLowerCase() : value);
      if (found) return found;
      if (options.linkSingle && byKind[object].length === 1) {
        return {
          ...byKind[object][0],
          via: `linked as the only existing ${object} given — as if Entra remembered its id; the lookup by ${target} alone would not find it`,
        };
      }
      return undefined;
    },
  };
}
