import { GRAPH_FLOW_TYPES, isFullFlowTypes } from '../graph/read';
import { itemsOf } from '../model/jsonNodes';
import type { GraphDocument } from '../model/types';
import type { Span } from '../text/lineIndex';
import type { Rule } from './types';

const BASE =
  'A mapping file cannot say this, so `scim-mapper convert --to mapping` reports it and only `--base` keeps it on the way back';

/**
 * Graph settings that the mapping format (and so the dry run) does not model. They are valid in
 * Graph; the finding says what the checks and the dry run do not take into account.
 */
export const graphUnrepresentable: Rule = {
  code: 'graph-unrepresentable',
  defaultSeverity: 'information',
  documents: ['graph'],
  description:
    'A Graph setting the mapping format cannot represent (MultiValueAddOnly, FlowAlways, default-only mappings, other object mappings, …): it is kept only when converting back with `--base`, and the dry run does not model it.',
  check(context) {
    const document = context.document as GraphDocument;
    const report = (message: string, span: Span): void => context.report({ code: this.code, message, span });
    const seen = new Set<string>();
    for (const object of document.objects) {
      const info = object.graph;
      if (seen.has(object.object)) {
        report(
          `A second ${object.object} object mapping: SCIM Mapper checks it, but a mapping file has one "${object.object}" section and converts only the first.`,
          object.keySpan,
        );
      }
      seen.add(object.object);
      if (info?.flowTypes && !isFullFlowTypes(info.flowTypes.value)) {
        report(
          `flowTypes "${info.flowTypes.value}" limits what Entra does to ${object.object}s (the portal's target object actions). ${BASE}; the dry run assumes Add, Update and Delete.`,
          info.flowTypes.span,
        );
      }
      for (const [key, node] of [
        ['inputFilterGroups', info?.inputFilterGroups],
        ['categoryFilterGroups', info?.categoryFilterGroups],
      ] as const) {
        if (node && itemsOf(node).length > 0)
          report(`scope.${key} is not documented for outbound provisioning and is not evaluated by the dry run. ${BASE}.`, {
            start: node.offset,
            end: node.offset + node.length,
          });
      }
      for (const mapping of object.mappings) {
        const graph = mapping.graph;
        if (!graph) continue;
        const flowType = graph.flowType?.value;
        if (
          flowType &&
          (GRAPH_FLOW_TYPES as readonly string[]).includes(flowType) &&
          flowType !== 'Always' &&
          flowType !== 'ObjectAddOnly'
        ) {
          report(
            `flowType ${flowType} has no mapping-file equivalent (apply is always or on-create). ${BASE}; the dry run treats it as Always.`,
            graph.flowType!.span,
          );
        }
        if (graph.flowBehavior && graph.flowBehavior.value !== 'FlowWhenChanged') {
          report(`flowBehavior ${graph.flowBehavior.value} has no mapping-file equivalent. ${BASE}.`, graph.flowBehavior.span);
        }
        if (graph.exportMissingReferences && graph.exportMissingReferences.value === true) {
          report(
            `exportMissingReferences true ("for internal use only" in Graph) has no mapping-file equivalent. ${BASE}.`,
            graph.exportMissingReferences.span,
          );
        }
        if (graph.sourceNode?.type === 'null' || (!graph.sourceNode && mapping.target)) {
          const span = graph.sourceNode
            ? { start: graph.sourceNode.offset, end: graph.sourceNode.offset + graph.sourceNode.length }
            : mapping.target!.span;
          report(
            `A mapping without a source (the portal's mapping type "None") ${mapping.default ? 'only sets its default value' : 'sends nothing'}; a mapping file needs a source. ${BASE}; the dry run applies the default on create.`,
            span,
          );
        }
      }
    }
    for (const other of document.graph.unmodelled) {
      if (!other.enabled) continue;
      report(
        `The object mapping ${other.label} is not checked: SCIM Mapper models the User and Group mappings of the rule that reads from Microsoft Entra ID. ${BASE}.`,
        other.span,
      );
    }
  },
};
