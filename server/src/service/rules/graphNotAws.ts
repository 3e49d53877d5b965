import { AWS_TEMPLATE_ID } from '../graph/read';
import type { GraphDocument } from '../model/types';
import type { Rule } from './types';

export const graphNotAws: Rule = {
  code: 'graph-not-aws',
  defaultSeverity: 'information',
  documents: ['graph'],
  // While the file does not parse (or is too large to read) there is no target to judge.
  needsCompleteDocument: true,
  description:
    'A Graph schema that is not the AWS IAM Identity Center gallery template: the AWS-specific checks are skipped (the `scimMapper.graph.target` setting or `--graph-target aws` turns them on).',
  check(context) {
    if (context.targetsAws !== false) return;
    const graph = (context.document as GraphDocument).graph;
    if (graph.rules.length === 0) return;
    const app = graph.targetDirectoryName ? `"${graph.targetDirectoryName}"` : 'an app';
    context.report({
      code: this.code,
      message: `This schema provisions to ${app}, not to AWS IAM Identity Center's gallery app (template ${AWS_TEMPLATE_ID}), so the checks of AWS's SCIM schema and limits (targets, matching, required attributes, characters) are skipped; expressions and scoping filters are still checked. If it is AWS IAM Identity Center, set scimMapper.graph.target (CLI: --graph-target aws).`,
      span: graph.targetSpan,
    });
  },
};
