/**
 * AWS target attributes (`target`, Graph's `targetAttributeName`): the supported ones, required
 * first, then the gallery's, then the rest; targets other mappings of the object already feed
 * are listed last, marked as such.
 */
import type { AwsTargetAttribute } from '../../catalog/types';
import type { JsonNode, ModelDocument, ObjectMappingModel } from '../../model/types';
import { objectsOf, type Place } from '../cursor';
import { galleryExpression, targetDocumentation } from '../markdown';
import type { CompletionContext } from './context';
import { quotedValue, valueEdit } from './items';

export function completeTargets(context: CompletionContext, place: Extract<Place, { kind: 'target' }>): void {
  const { items, catalog } = context;
  const edit = valueEdit(context.text, context.offset, place.at);
  const mapped = mappedTargets(context.document, place.object, place.at.quoted ? place.at.node : undefined);
  for (const target of catalog.awsTargetsFor(place.object)) {
    if (!target.supported) continue;
    const isMapped = mapped(target.path);
    items.add({
      label: target.path,
      kind: 'field',
      span: edit.span,
      ...quotedValue(edit, target.path),
      detail: targetDetail(target, isMapped),
      documentation: targetDocumentation(catalog, target),
      group: isMapped ? 9 : target.required ? 0 : target.inGalleryDefaults ? 1 : 2,
    });
  }
  items.preselect(edit.typed);
}

interface TargetIndex {
  /** How many mappings of the object write each target. */
  counts: Map<string, number>;
  /** The target each mapping's target string node names. */
  byNode: Map<JsonNode, string>;
}

/** Per model and object: a large file's thousands of mappings are counted once, not on every keystroke's completion. */
const targetIndexes = new WeakMap<ObjectMappingModel, TargetIndex>();

function targetIndexOf(object: ObjectMappingModel): TargetIndex {
  let index = targetIndexes.get(object);
  if (!index) {
    index = { counts: new Map(), byNode: new Map() };
    for (const mapping of object.mappings) {
      if (!mapping.target) continue;
      const value = mapping.target.value;
      index.counts.set(value, (index.counts.get(value) ?? 0) + 1);
      index.byNode.set(mapping.target.node, value);
    }
    targetIndexes.set(object, index);
  }
  return index;
}

/** Whether a target is written by a mapping of the object other than the one being edited (`node`). */
function mappedTargets(document: ModelDocument, object: string, node: JsonNode | undefined): (target: string) => boolean {
  const model = objectsOf(document).find((o) => o.object === object);
  if (!model) return () => false;
  const index = targetIndexOf(model);
  const own = node ? index.byNode.get(node) : undefined;
  return (target) => (index.counts.get(target) ?? 0) > (own === target ? 1 : 0);
}

function targetDetail(target: AwsTargetAttribute, mapped: boolean): string {
  const flags = [
    target.required ? 'required' : undefined,
    target.filterable ? 'filterable' : undefined,
    target.collection ? `single ${target.collection} value` : undefined,
    target.galleryDefaultSource ? `gallery: ${galleryExpression(target.galleryDefaultSource)}` : undefined,
  ].filter(Boolean);
  const text = flags.join(' · ') || target.type;
  return mapped ? `already mapped · ${text}` : text;
}
