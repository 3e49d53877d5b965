import type { CatalogIndex } from '../catalog/lookup';
import { parameterForSlot } from '../expression/bind';
import type { ExprNode, StringNode } from '../expression/ast';

/**
 * Parameters whose constant text can reach the value sent to AWS, per function. `*` means every
 * argument. Functions not listed transform or test their arguments, so their constants do not
 * flow into the output as written.
 */
const OUTPUT_PARAMETERS: Record<string, ReadonlySet<string> | '*'> = {
  Join: '*',
  Append: '*',
  Coalesce: '*',
  Switch: new Set(['defaultValue', 'value']),
  IIF: new Set(['valueIfTrue', 'valueIfFalse']),
  Replace: new Set(['source', 'replacementValue']),
  ToLower: new Set(['source']),
  ToUpper: new Set(['source']),
  Trim: new Set(['source']),
  Left: new Set(['source']),
  Mid: new Set(['source']),
  IgnoreFlowIfNullOrEmpty: new Set(['source']),
  SelectUniqueValue: '*',
};

/**
 * The string constants of an expression whose characters can end up in the value AWS receives.
 * Rules read them through expressionFacts.ts, which keeps them per expression.
 */
export function collectOutputConstants(catalog: CatalogIndex, root: ExprNode | null): StringNode[] {
  const found: StringNode[] = [];
  const visit = (node: ExprNode | null): void => {
    if (!node) return;
    if (node.kind === 'string') {
      found.push(node);
      return;
    }
    if (node.kind !== 'call') return;
    const signature = catalog.functionByName(node.name);
    const outputs = signature ? OUTPUT_PARAMETERS[signature.name] : undefined;
    if (!signature || !outputs) return;
    const slots = node.args;
    for (let i = 0; i < slots.length; i++) {
      if (outputs === '*') {
        visit(slots[i].value);
        continue;
      }
      const parameter = parameterForSlot(signature, i, slots.length);
      if (parameter && outputs.has(parameter.name)) visit(slots[i].value);
    }
  };
  visit(root);
  return found;
}
