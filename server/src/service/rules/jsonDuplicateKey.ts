import type { Node as JsonNode } from 'jsonc-parser';
import type { Finding, Rule } from './types';
import { objectMappings } from './util';

const CODE = 'json-duplicate-key';

/**
 * Reports every key given twice in an object of the tree under `root`, the later occurrence,
 * leaving out the items of the arrays in `skip`.
 */
function checkTree(root: JsonNode, skip: ReadonlySet<JsonNode> | undefined, report: (finding: Finding) => void): void {
  // An explicit stack: the depth is bounded by the parser, but recursion costs frames per level.
  // Made only when needed: most mappings are one object of strings.
  let stack: JsonNode[] | undefined;
  for (let node: JsonNode | undefined = root; node !== undefined; node = stack?.pop()) {
    const children = node.children;
    if (!children) continue;
    if (node.type === 'object') {
      // Objects are small (a mapping has a handful of keys): comparing each key with the keys
      // before it is cheaper than a Set per object; a large object gets a Set.
      const seen = children.length > 16 ? new Set<unknown>() : undefined;
      for (let i = 0; i < children.length; i++) {
        const property = children[i].children;
        const key = property?.[0];
        const name = key?.value;
        if (typeof name === 'string') {
          if (seen ? seen.has(name) : seenBefore(children, i, name)) {
            report({
              code: CODE,
              message: `"${name}" is given twice in this object; only this last one counts, and the earlier one is ignored.`,
              span: { start: key!.offset, end: key!.offset + key!.length },
            });
          }
          seen?.add(name);
        }
        const value = property?.[1];
        if (value && value.children) (stack ??= []).push(value);
      }
    } else if (node.type === 'array' && !skip?.has(node)) {
      for (let i = 0; i < children.length; i++) if (children[i].children) (stack ??= []).push(children[i]);
    }
  }
}

/** Whether a property before `index` in `properties` has the string key `name`. */
function seenBefore(properties: JsonNode[], index: number, name: string): boolean {
  for (let k = 0; k < index; k++) if (properties[k].children?.[0]?.value === name) return true;
  return false;
}

/**
 * A key given twice in one object. JSON parsers keep the last one silently (Graph too), so the
 * first is dead text that a reviewer still reads as meant; the second occurrence is reported.
 *
 * Each attribute mapping is checked on its own (`checkMapping`), so an edit re-checks only the
 * mapping it changed; `check` covers the rest of the tree.
 */
export const jsonDuplicateKey: Rule = {
  code: CODE,
  defaultSeverity: 'error',
  documents: ['mapping', 'scope', 'graph'],
  description: 'An object has the same key twice; JSON readers keep only the last one.',
  check(context) {
    const root = context.document.root;
    if (!root) return;
    // The items of each section's mapping list are checked by checkMapping.
    let skip: Set<JsonNode> | undefined;
    for (const object of objectMappings(context.document)) {
      if (object.mappingsNode?.type === 'array') (skip ??= new Set()).add(object.mappingsNode);
    }
    checkTree(root, skip, context.report);
  },
  checkMapping(context) {
    // The model saw every key of a simple mapping once while reading it: nothing to find.
    if (context.mapping.simple) return;
    checkTree(context.mapping.node, undefined, context.report);
  },
};
