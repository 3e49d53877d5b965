import type { CatalogIndex } from '../catalog/lookup';
import type { ObjectKind } from '../catalog/types';
import type { ExprNode } from '../expression/ast';
import { encodeJsonStringBody } from '../text/jsonString';
import type { Rule } from './types';
import { fileSpan, innerSpan, objectMappings } from './util';

const FILTERED_PATH = /^([A-Za-z]+)\[\s*(\w+)\s+eq\s+"([^"]*)"\s*\]\.(\w+)$/;

/** The AWS collection a target lands in (`emails`, `phoneNumbers`, …) and the element it selects. */
function collectionOf(
  catalog: CatalogIndex,
  object: ObjectKind,
  path: string,
): { collection: string; element: string } | undefined {
  const entry = catalog.awsTarget(object, path);
  if (entry?.collection) return { collection: entry.collection, element: entry.collectionType ?? '' };
  const match = FILTERED_PATH.exec(path);
  if (match) return { collection: match[1], element: `${match[2]}=${match[3]}` };
  return undefined;
}

/** Targets that legitimately take many values (group membership). */
const MULTI_VALUE_TARGETS: Record<ObjectKind, ReadonlySet<string>> = { user: new Set(), group: new Set(['members']) };

/** Functions that pass their argument's value through unchanged in shape. */
const PASS_THROUGH = new Set(['IgnoreFlowIfNullOrEmpty']);

function multiValuedReason(
  catalog: CatalogIndex,
  object: ObjectKind,
  root: ExprNode | null,
): { node: ExprNode; what: string } | undefined {
  let node = root;
  while (node?.kind === 'call' && PASS_THROUGH.has(catalog.functionByName(node.name)?.name ?? '') && node.args[0]?.value) {
    node = node.args[0].value;
  }
  if (!node) return undefined;
  if (node.kind === 'attribute') {
    const attribute = catalog.entraAttribute(object, node.name);
    if (attribute?.multiValued) return { node, what: `[${attribute.name}] is multi-valued` };
  }
  if (node.kind === 'call') {
    const signature = catalog.functionByName(node.name);
    if (signature?.returnsMultiValued) return { node, what: `${signature.name} returns several values` };
  }
  return undefined;
}

export const targetMultiValued: Rule = {
  code: 'target-multi-valued',
  defaultSeverity: 'error',
  documents: ['mapping'],
  awsOnly: true,
  description:
    'More than one value would land in an AWS attribute that holds a single value (a second email or phone number, a multi-valued source).',
  // Two mappings filling one collection is a fact about the file.
  check(context) {
    for (const object of objectMappings(context.document)) {
      const firstElement = new Map<string, { element: string; index: number; path: string }>();
      for (const mapping of object.mappings) {
        const path = mapping.target?.value;
        if (!path) continue;
        const place = collectionOf(context.catalog, object.object, path);
        if (!place) continue;
        const first = firstElement.get(place.collection);
        if (!first) {
          firstElement.set(place.collection, { ...place, index: mapping.index, path });
        } else if (first.element !== place.element) {
          context.report({
            code: this.code,
            message: `AWS IAM Identity Center accepts one ${place.collection} entry per user, and mapping ${first.index + 1} already fills "${first.path}". With both, AWS rejects the user ("List attribute ${place.collection} exceeds allowed limit of 1").`,
            span: innerSpan(mapping.target!),
            fixes: [
              { fix: 'remove-mapping', object: object.object, index: mapping.index, title: `Remove the mapping to ${path}` },
            ],
          });
        }
      }
    }
  },
  // A multi-valued source is a fact about one mapping.
  checkMapping(context) {
    const { mapping } = context;
    const path = mapping.target?.value;
    if (!path || MULTI_VALUE_TARGETS[mapping.object].has(path) || !mapping.source) return;
    const reason = multiValuedReason(context.catalog, mapping.object, mapping.source.parsed.root);
    if (!reason) return;
    const span = fileSpan(mapping.source, reason.node.start, reason.node.end);
    const wrappable =
      reason.node.kind === 'attribute' ||
      ['Split', 'RemoveDuplicates'].includes(
        context.catalog.functionByName((reason.node as { name?: string }).name ?? '')?.name ?? '',
      );
    // The expression text of the node, escaped for the JSON string (a Graph tree has no such string).
    const raw = encodeJsonStringBody(mapping.source.parsed.text.slice(reason.node.start, reason.node.end));
    context.report({
      code: this.code,
      message: `${reason.what}, but "${path}" holds one value in AWS IAM Identity Center; a user with more than one value fails. Pick one with Item(…, 1) or Join them.`,
      span,
      fixes: wrappable
        ? [{ fix: 'replace', span, newText: `Item(${raw}, 1)`, title: 'Take the first value with Item(…, 1)' }]
        : undefined,
    });
  },
};
