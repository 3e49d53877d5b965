/** Writes a value as an expression string literal, escaping `\` and `"` as Entra requires. */
export function quoteExpressionString(value: string): string {
  return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}
