import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { walk, type ExprNode } from '../../server/src/service/expression/ast';
import { parseExpression } from '../../server/src/service/expression/parser';

const root = join(__dirname, '..', '..', '..');

/** The parse-test corpus of the reference grammar (§8), kept verbatim in test/fixtures/expressions. */
function corpus(): string[] {
  const dir = join(root, 'test', 'fixtures', 'expressions');
  const single = readFileSync(join(dir, 'valid.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0 && !line.startsWith('#'));
  const multi = readFileSync(join(dir, 'multiline.txt'), 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
    .split('\n---\n')
    .filter((block) => block.trim().length > 0);
  return [...single, ...multi];
}

/** A compact rendering of a tree that shows its structure and every node's kind. */
function show(node: ExprNode | null): string {
  if (!node) return '∅';
  switch (node.kind) {
    case 'call':
      return `${node.name}(${node.args.map((a) => show(a.value)).join(', ')})`;
    case 'attribute':
      return `[${node.name}]`;
    case 'string':
      return JSON.stringify(node.value);
    case 'number':
      return `#${node.value}`;
    case 'identifier':
      return `id:${node.name}`;
    case 'comparison':
      return `(${show(node.left)} ${node.operator} ${show(node.right)})`;
    case 'error':
      return '<error>';
  }
}

describe('expression parser: reference corpus', () => {
  for (const expression of corpus()) {
    it(`parses ${expression.length > 70 ? expression.slice(0, 70) + '…' : expression}`, () => {
      const parsed = parseExpression(expression);
      assert.deepEqual(parsed.errors, [], `errors: ${JSON.stringify(parsed.errors)}`);
      assert.ok(parsed.root);
    });
  }

  const invalid: Array<[string, string]> = [
    [
      `Switch([LastDayOfWorkWorkers], Switch([Active], , "1", "False", "0", "True"), 'Workers past Last Day of Work', "True")`,
      'single-quote',
    ],
    [`IIF([employeeType]="Intern","t-" & [alias],[alias])`, 'concatenation'],
    [`IIF([a]="x" AND [b]="y","1","0")`, 'logical-operator'],
    [`Join(" ", [givenName]`, 'unclosed-call'],
    [`Join(" " [givenName])`, 'missing-comma'],
    [`Append([mail], "x") // note`, 'comment'],
    [`[mail`, 'unterminated-attribute'],
    [`Append([mail], "x)`, 'unterminated-string'],
    [``, 'empty'],
    [`[mail] [upn]`, 'trailing-text'],
    [`IIF([a] = [b] = [c], "1", "0")`, 'chained-comparison'],
    [`IIF([a] = , "1", "0")`, 'missing-operand'],
    [`Join(" ", [a]))`, 'unexpected-token'],
  ];
  for (const [expression, reason] of invalid) {
    it(`reports ${reason} in ${expression || '(empty)'}`, () => {
      const parsed = parseExpression(expression);
      assert.ok(
        parsed.errors.some((e) => e.reason === reason),
        `expected ${reason}, got ${JSON.stringify(parsed.errors.map((e) => e.reason))}`,
      );
    });
  }
});

describe('expression parser: trees', () => {
  const cases: Array<[string, string]> = [
    ['[mail]', '[mail]'],
    ['"United States"', '"United States"'],
    ['"Company name: \\"Contoso\\""', '"Company name: \\"Contoso\\""'],
    ['"a\\\\b"', '"a\\\\b"'],
    ['"\\,"', '"\\\\,"'],
    ['Mid([givenName], 1, 3)', 'Mid([givenName], #1, #3)'],
    ['DateAdd("d", -10, CDate([StatusHireDate]))', 'DateAdd("d", #-10, CDate([StatusHireDate]))'],
    ['BitAnd(&HF, &HF7)', 'BitAnd(#15, #247)'],
    ['InStr("repEated","e",3,vbBinaryCompare)', 'InStr("repEated", "e", #3, id:vbBinaryCompare)'],
    ['Replace([x], , "re", , "", , )', 'Replace([x], ∅, "re", ∅, "", ∅, ∅)'],
    ['Guid()', 'Guid()'],
    ['Guid( )', 'Guid()'],
    ['IIF([country]="USA","True","False")', 'IIF(([country] = "USA"), "True", "False")'],
    [
      'IIF(DateDiff("d", Now(), CDate([x])) > 5, "False", "True")',
      'IIF((DateDiff("d", Now(), CDate([x])) > #5), "False", "True")',
    ],
    ['CBool([a] <> [b])', 'CBool(([a] <> [b]))'],
    [
      '[urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate]',
      '[urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate]',
    ],
    ['Join(" ", [giv', 'Join(" ", [giv])'],
    ['Switch([IsSoft', 'Switch([IsSoft])'],
    ['Join(', 'Join(∅)'],
  ];
  for (const [expression, expected] of cases) {
    it(`${expression} → ${expected}`, () => {
      assert.equal(show(parseExpression(expression).root), expected);
    });
  }
});

describe('expression parser: ranges', () => {
  it('gives every node a range inside the text', () => {
    for (const expression of corpus()) {
      walk(parseExpression(expression).root, (node) => {
        assert.ok(node.start >= 0 && node.end <= expression.length && node.start <= node.end, `${node.kind} in ${expression}`);
      });
    }
  });

  it('locates function names, attributes and slots', () => {
    const text = 'Join(" ", [givenName], , [surname])';
    const root = parseExpression(text).root;
    assert.ok(root?.kind === 'call');
    assert.equal(text.slice(root.nameStart, root.nameEnd), 'Join');
    assert.equal(root.open, 4);
    assert.equal(root.close, text.length - 1);
    assert.equal(text.slice(root.args[1].value!.start, root.args[1].value!.end), '[givenName]');
    assert.equal(root.args[2].value, null);
    assert.equal(text.slice(root.args[3].value!.start, root.args[3].value!.end), '[surname]');
  });

  it('recovers after an error so later arguments keep their nodes', () => {
    const parsed = parseExpression('Join(" ", "a" & [b], [c])');
    assert.equal(parsed.errors[0].reason, 'concatenation');
    const root = parsed.root;
    assert.ok(root?.kind === 'call');
    assert.equal(root.args.length, 3);
    assert.equal(show(root.args[2].value), '[c]');
  });

  it('survives deep nesting without overflowing the stack', () => {
    const depth = 10_000;
    const text = 'ToLower('.repeat(depth) + '[mail]' + ')'.repeat(depth);
    const parsed = parseExpression(text);
    assert.ok(parsed.errors.some((e) => e.reason === 'too-deep'));
  });
});
