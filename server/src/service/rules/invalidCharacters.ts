import { quoteExpressionString } from '../expression/print';
import { encodeJsonStringBody } from '../text/jsonString';
import { allowedCharacter, rejectedCharacters } from '../aws/constraints';
import { factsOf } from './expressionFacts';
import type { FixData, Rule } from './types';
import { fileSpan, innerSpan } from './util';

function clean(value: string, pattern: string): string {
  const test = allowedCharacter(pattern);
  let out = '';
  for (const ch of value) out += test.test(ch) ? ch : /\s/.test(ch) && test.test(' ') ? ' ' : '';
  return out;
}

export const invalidCharacters: Rule = {
  code: 'invalid-characters',
  defaultSeverity: 'error',
  documents: ['mapping'],
  awsOnly: true,
  description:
    "A constant or default value contains characters (or is empty where a value is required) that AWS IAM Identity Center's attribute pattern rejects.",
  checkMapping(context) {
    const { mapping } = context;
    const target = context.awsTarget;
    if (!target?.pattern || !target.supported) return;
    const source = mapping.source;
    if (source?.parsed.root) {
      const root = source.parsed.root;
      for (const constant of factsOf(source.parsed).forCatalog(context.catalog).outputConstants()) {
        if (constant === root && constant.value.length === 0) {
          const span = fileSpan(source, constant.start, constant.end);
          context.report({
            code: this.code,
            message: `AWS requires at least one character in "${target.path}"; an empty constant is rejected.`,
            span,
          });
          continue;
        }
        const bad = rejectedCharacters(target, constant.value);
        if (bad.length === 0) continue;
        const span = fileSpan(source, constant.start, constant.end);
        const fixes: FixData[] = [];
        const cleaned = clean(constant.value, target.pattern);
        if (cleaned !== constant.value) {
          fixes.push({
            fix: 'replace',
            span,
            newText: encodeJsonStringBody(quoteExpressionString(cleaned)),
            title: `Remove ${bad.join(', ')} from the constant`,
          });
        }
        if (bad.every((b) => b === 'space') && constant !== root) {
          const whole = innerSpan(source);
          fixes.push({
            fix: 'replace',
            span: whole,
            newText: encodeJsonStringBody(`StripSpaces(${source.value})`),
            title: 'Wrap the expression in StripSpaces(…)',
          });
        }
        context.report({
          code: this.code,
          message: `AWS rejects ${bad.join(', ')} in "${target.path}"${target.allowsWhitespace === false ? ' (no whitespace of any kind is allowed)' : ''}; this constant puts ${bad.length === 1 ? 'it' : 'them'} in the value.`,
          span,
          fixes,
        });
      }
    }
    const defaultValue = mapping.default;
    if (defaultValue && typeof defaultValue.value === 'string') {
      const bad = rejectedCharacters(target, defaultValue.value);
      const empty = defaultValue.value.length === 0;
      if (bad.length > 0 || empty) {
        const span = { start: defaultValue.span.start + 1, end: defaultValue.span.end - 1 };
        context.report({
          code: this.code,
          message: empty
            ? `An empty default value for "${target.path}" is rejected by AWS (at least one character is required).`
            : `AWS rejects ${bad.join(', ')} in "${target.path}"; this default value contains ${bad.length === 1 ? 'it' : 'them'}.`,
          span: empty ? defaultValue.span : span,
          fixes: empty
            ? undefined
            : [
                {
                  fix: 'replace',
                  span,
                  newText: encodeJsonStringBody(clean(defaultValue.value, target.pattern)),
                  title: `Remove ${bad.join(', ')} from the default`,
                },
              ],
        });
      }
    }
  },
};
