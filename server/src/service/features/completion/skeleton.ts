/** An empty file: the whole file as a snippet (a mapping with the gallery defaults AWS requires, or a scope file). */
import type { CompletionContext } from './context';

export function completeSkeleton(context: CompletionContext): void {
  const { document, items } = context;
  const span = { start: 0, end: context.text.length };
  if (document.kind === 'mapping') {
    items.add({
      label: 'AWS IAM Identity Center mapping',
      kind: 'snippet',
      span,
      snippet: true,
      newText: [
        '{',
        '\t"target": "aws-iam-identity-center",',
        '\t"user": {',
        '\t\t"mappings": [',
        '\t\t\t{ "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 },',
        '\t\t\t{ "target": "active", "source": "Switch([IsSoftDeleted], , \\\\"False\\\\", \\\\"True\\\\", \\\\"True\\\\", \\\\"False\\\\")" },',
        '\t\t\t{ "target": "displayName", "source": "[displayName]" },',
        '\t\t\t{ "target": "name.givenName", "source": "[givenName]" },',
        '\t\t\t{ "target": "name.familyName", "source": "[surname]" }$0',
        '\t\t]',
        '\t},',
        '\t"group": {',
        '\t\t"mappings": [',
        '\t\t\t{ "target": "displayName", "source": "[displayName]", "matchingPrecedence": 1 }',
        '\t\t]',
        '\t}',
        '}',
      ].join('\n'),
      filterText: '',
      documentation: 'A mapping file with the gallery defaults AWS requires for users and groups.',
    });
  } else if (document.kind === 'scope') {
    items.add({
      label: 'Scope file',
      kind: 'snippet',
      span,
      snippet: true,
      newText:
        '{\n\t"object": "${1|user,group|}",\n\t"filters": [\n\t\t{ "clauses": [{ "attribute": "$2", "operator": "$3", "value": "$4" }] }\n\t]\n}',
      filterText: '',
      documentation: 'A scope file: filters are OR-ed, the clauses of a filter AND-ed.',
    });
  }
}
