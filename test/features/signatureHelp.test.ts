import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signatureHelp } from '../../server/src/service/features';
import { createService, mappingFile, MAPPING_URI, opened, withCursor } from './helpers';

/** A document whose only source is `expression` (written decoded; `|` is the cursor). */
function doc(expression: string): string {
  return mappingFile([`{ "target": "title", "source": ${JSON.stringify(expression)} }`]);
}

function help(expression: string) {
  const { text, position } = withCursor(doc(expression));
  return signatureHelp(...opened(createService(), MAPPING_URI, text), position);
}

/** The label of the active parameter, or null when there is no signature help. */
function active(expression: string): { fn: string; parameter: string | undefined } | null {
  const result = help(expression);
  if (!result) return null;
  const signature = result.signatures[result.activeSignature];
  const range = signature.parameters[result.activeParameter]?.label;
  return {
    fn: signature.label.slice(0, signature.label.indexOf('(')),
    parameter: range ? signature.label.slice(range[0], range[1]) : undefined,
  };
}

const table: Array<[string, string | null, string | undefined]> = [
  // expression, function, active parameter
  ['Join(|', 'Join', 'separator'],
  ['Join("|', 'Join', 'separator'],
  ['Join(", |", [a])', 'Join', 'separator'],
  ['Join(" ", |', 'Join', 'source1 … sourceN'],
  ['Join(" ",|[a])', 'Join', 'source1 … sourceN'],
  ['Join(" ", [a], [b], [c|])', 'Join', 'source1 … sourceN'],
  ['Join(" " |, [a])', 'Join', 'separator'],
  ['Switch(|', 'Switch', 'source'],
  ['Switch([a], |', 'Switch', 'defaultValue'],
  ['Switch([a], , |', 'Switch', 'key'],
  ['Switch([a], , "k1", |', 'Switch', 'value'],
  ['Switch([a], , "k1", "v1", |', 'Switch', 'key'],
  ['Switch([a], , "k1", "v1", "k2", |)', 'Switch', 'value'],
  ['switch([a], , "k1", |', 'Switch', 'value'],
  ['InStr([a], "b", 1, |)', 'InStr', 'compareType'],
  ['InStr([a], |"b")', 'InStr', 'value2'],
  ['Replace([x], |', 'Replace', 'oldValue'],
  ['Replace([x], , |', 'Replace', 'regexPattern'],
  ['Replace([x], , , , , , |)', 'Replace', 'template'],
  ['Join(" ", ToLower(|', 'ToLower', 'source'],
  ['Join(" ", ToLower([a]), |', 'Join', 'source1 … sourceN'],
  ['Join(" ", ToLower([a])|, [b])', 'Join', 'source1 … sourceN'],
  ['IIF([a] = "x", |', 'IIF', 'valueIfTrue'],
  ['Guid(|)', 'Guid', undefined],
  ['ToLower([a])|', null, undefined],
  ['[a|]', null, undefined],
  ['Joinn(|', null, undefined],
];

describe('signature help: active parameter', () => {
  for (const [expression, fn, parameter] of table) {
    it(expression, () => {
      const result = active(expression);
      if (fn === null) {
        assert.equal(result, null);
        return;
      }
      assert.ok(result, 'expected signature help');
      assert.deepEqual(result, { fn, parameter });
    });
  }
});

describe('signature help: content', () => {
  it('labels list every parameter once, repeating blocks with an ellipsis', () => {
    assert.equal(help('Switch(|')!.signatures[0].label, 'Switch(source, defaultValue, key, value, …)');
    assert.equal(help('Join(|')!.signatures[0].label, 'Join(separator, source1 … sourceN)');
    const signature = help('Switch(|')!.signatures[0];
    assert.deepEqual(
      signature.parameters.map((p) => signature.label.slice(p.label[0], p.label[1])),
      ['source', 'defaultValue', 'key', 'value'],
    );
  });

  it('repeating parameters say which pair or value the cursor is in', () => {
    const value = (expression: string) => {
      const result = help(expression)!;
      return result.signatures[0].parameters[result.activeParameter].documentation.value;
    };
    assert.match(value('Switch([a], , "k1", "v1", "k2", |'), /`value` of pair 2 \(argument 6\)/);
    assert.match(value('Join(" ", [a], |'), /Value 2 \(argument 3\)/);
  });

  it('Replace shows all seven slots and the mode the filled ones select', () => {
    const result = help('Replace([telephoneNumber], , "\\\\+(?<cc>\\\\d* )(?<n>\\\\d{10})", , |, , )')!;
    const signature = result.signatures[0];
    assert.equal(
      signature.label,
      'Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template)',
    );
    assert.equal(signature.parameters.length, 7);
    assert.equal(signature.label.slice(...signature.parameters[result.activeParameter].label), 'replacementValue');
    const active = signature.parameters[result.activeParameter].documentation.value;
    assert.match(active, /Argument 5 of 1–7\./);
    assert.match(active, /Selects mode 1 \(literal\) or mode 3 \(regex\) or mode 4 \(regex group\)/);
    assert.match(active, /this call is \*\*mode 3\*\*/);
    // The table makes the empty slots visible.
    assert.match(signature.documentation.value, /\| 2 \| oldValue \| empty \|/);
    assert.match(signature.documentation.value, /\| ▶ 5 \| replacementValue \| empty \|/);
    assert.match(signature.documentation.value, /\| 1 \| source \| `\[telephoneNumber\]` \|/);
  });

  it('Replace: modes follow the filled slots', () => {
    const mode = (expression: string) => {
      const result = help(expression)!;
      return result.signatures[0].parameters[result.activeParameter].documentation.value;
    };
    assert.match(mode('Replace([x], "a", , , |, , )'), /\*\*mode 1\*\*/);
    assert.match(mode('Replace([x], "<u>", , , , , |)'), /\*\*mode 2\*\*/);
    assert.match(mode('Replace([x], , "(?<g>a)", "g", |, , )'), /\*\*mode 4\*\*/);
    assert.match(mode('Replace([x], , "(?<g>a)", "g", , |, )'), /\*\*mode 5\*\*/);
    assert.match(mode('Replace([x], |'), /No mode is complete yet/);
  });

  it('works through JSON escapes in the file', () => {
    const { text, position } = withCursor(mappingFile(['{ "target": "title", "source": "Join(\\", \\", [a], |)" }']));
    const result = signatureHelp(...opened(createService(), MAPPING_URI, text), position)!;
    assert.equal(result.activeParameter, 1);
  });

  it('nothing outside source strings', () => {
    const { text, position } = withCursor(mappingFile(['{ "target": "Join(|", "source": "[a]" }']));
    assert.equal(signatureHelp(...opened(createService(), MAPPING_URI, text), position), null);
  });
});
