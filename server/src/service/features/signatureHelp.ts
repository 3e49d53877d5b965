/**
 * Signature help inside `source` expressions. The active parameter follows the argument slot
 * under the cursor through repeating parameters (Join's sources, Switch's key/value pairs), and
 * Replace's seven positional slots are spelled out with the mode the filled ones select.
 */
import type { FunctionParameter, FunctionSignature } from '../catalog/types';
import type { CallNode } from '../expression/ast';
import type { LanguageService } from '../languageService';
import type { ModelDocument } from '../model/types';
import type { Position } from '../text/lineIndex';
import { decodedIndexOf } from '../text/jsonString';
import { locate } from './cursor';
import { callContextAt } from './expressionContext';
import { code, escapeMarkdown, markdown, nullNotes, parameterSummary } from './markdown';
import type { ParameterInformation, SignatureHelp } from './types';

/** Characters after which the LSP layer should ask for signature help. */
export const SIGNATURE_TRIGGER_CHARACTERS = ['(', ','];
export const SIGNATURE_RETRIGGER_CHARACTERS = [' ', ')'];

export function signatureHelp(service: LanguageService, document: ModelDocument, position: Position): SignatureHelp | null {
  const { offset, place } = locate(service, document, position);
  if (place.kind !== 'expression') return null;
  const source = place.source;
  const index = decodedIndexOf(source.decoded, offset);
  const context = callContextAt(service.catalog, source.parsed.root, index);
  if (!context?.signature) return null;
  const { signature, call, slot, slotCount, parameter } = context;

  // The label lists each parameter once; a repeating block is followed by an ellipsis.
  let label = `${signature.name}(`;
  const ranges: Array<[number, number]> = [];
  signature.parameters.forEach((p, i) => {
    if (i > 0) label += ', ';
    ranges.push([label.length, label.length + p.name.length]);
    label += p.name;
    const endsBlock = p.repeats && !signature.parameters[i + 1]?.repeats;
    if (endsBlock && !p.name.includes('…')) label += ', …';
  });
  label += ')';

  const activeParameter = parameter ? signature.parameters.indexOf(parameter) : signature.parameters.length;
  const parameters: ParameterInformation[] = signature.parameters.map((p, i) => ({
    label: ranges[i],
    documentation: markdown(
      i === activeParameter ? activeDocumentation(signature, p, call, slot, slotCount) : parameterSummary(p),
    ),
  }));

  return {
    signatures: [
      {
        label,
        documentation: markdown(signatureDocumentation(signature, call, slot, source.parsed.text)),
        parameters,
        activeParameter,
      },
    ],
    activeSignature: 0,
    activeParameter,
  };
}

function signatureDocumentation(signature: FunctionSignature, call: CallNode, slot: number, text: string): string {
  const parts = [`${escapeMarkdown(signature.description)} Returns ${escapeMarkdown(signature.returnType)}.`];
  if (signature.name === 'Replace') parts.push(replaceSlotTable(signature, call, slot, text));
  const nulls = nullNotes(signature);
  if (nulls.length > 0) parts.push(`Null and empty values: ${escapeMarkdown(nulls[0])}`);
  if (signature.status !== 'documented') parts.push("⚠️ Not in Entra's app-provisioning function reference.");
  if (signature.docUrl) parts.push(`[Microsoft documentation](${signature.docUrl})`);
  return parts.join('\n\n');
}

function activeDocumentation(
  signature: FunctionSignature,
  parameter: FunctionParameter,
  call: CallNode,
  slot: number,
  slotCount: number,
): string {
  const lines = [parameterSummary(parameter)];
  if (parameter.repeats) {
    const first = signature.parameters.findIndex((p) => p.repeats);
    const block = signature.parameters.filter((p) => p.repeats).length;
    const ordinal = Math.floor((slot - first) / block) + 1;
    lines.push(
      block > 1
        ? `${code(parameter.name)} of pair ${ordinal} (argument ${slot + 1}).`
        : `Value ${ordinal} (argument ${slot + 1}); add more after a comma.`,
    );
  } else if (signature.maxArgs !== Infinity) {
    lines.push(
      `Argument ${slot + 1} of ${signature.maxArgs === signature.minArgs ? signature.maxArgs : `${signature.minArgs}–${signature.maxArgs}`}.`,
    );
  } else {
    lines.push(`Argument ${slot + 1} of ${Math.max(slotCount, signature.minArgs)}.`);
  }
  if (signature.name === 'Replace') lines.push(replaceModeText(parameter.name, filledReplaceSlots(signature, call, slot)));
  return lines.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Replace

interface ReplaceMode {
  n: number;
  uses: string[];
  text: string;
}

const REPLACE_MODES: ReplaceMode[] = [
  { n: 1, uses: ['oldValue', 'replacementValue'], text: 'literal: every oldValue in source becomes replacementValue' },
  { n: 2, uses: ['oldValue', 'template'], text: 'template: every oldValue in template becomes the source value' },
  {
    n: 3,
    uses: ['regexPattern', 'replacementValue'],
    text: 'regex: matches of regexPattern in source become replacementValue (which may use ${group})',
  },
  {
    n: 4,
    uses: ['regexPattern', 'regexGroupName', 'replacementValue'],
    text: 'regex group: the text captured by regexGroupName becomes replacementValue',
  },
  {
    n: 5,
    uses: ['regexPattern', 'regexGroupName', 'replacementAttributeName'],
    text: "fallback: source if it has a value, else the regexGroupName capture from replacementAttributeName's value",
  },
];

/** The parameter names of Replace whose slots hold a value, plus the one under the cursor. */
function filledReplaceSlots(signature: FunctionSignature, call: CallNode, slot: number): Set<string> {
  const filled = new Set<string>();
  call.args.forEach((arg, i) => {
    if (arg.value && arg.value.kind !== 'error' && signature.parameters[i]) filled.add(signature.parameters[i].name);
  });
  if (signature.parameters[slot]) filled.add(signature.parameters[slot].name);
  return filled;
}

/** The mode the filled slots select: the most specific mode whose slots are all filled. */
export function replaceMode(filled: Set<string>): ReplaceMode | undefined {
  const complete = REPLACE_MODES.filter((m) => m.uses.every((u) => filled.has(u)));
  return complete.sort((a, b) => b.uses.length - a.uses.length)[0];
}

function replaceModeText(parameterName: string, filled: Set<string>): string {
  const lines: string[] = [];
  const modes = REPLACE_MODES.filter((m) => m.uses.includes(parameterName));
  if (parameterName === 'source') lines.push('Used by every mode.');
  else if (modes.length > 0) lines.push(`Selects ${modes.map((m) => `mode ${m.n} (${m.text.split(':')[0]})`).join(' or ')}.`);
  const mode = replaceMode(filled);
  if (mode) lines.push(`With the slots filled so far this call is **mode ${mode.n}**, ${mode.text}.`);
  else
    lines.push(
      'No mode is complete yet: fill oldValue or regexPattern, and replacementValue, template or (with regexGroupName) replacementAttributeName. Leave the other slots empty (`, ,`).',
    );
  return lines.join(' ');
}

function replaceSlotTable(signature: FunctionSignature, call: CallNode, slot: number, text: string): string {
  const rows = signature.parameters.map((p, i) => {
    const arg = call.args[i];
    let shown = 'empty';
    if (arg?.value && arg.value.kind !== 'error') {
      const raw = text.slice(arg.value.start, arg.value.end);
      shown = code(raw.length > 32 ? raw.slice(0, 31) + '…' : raw).replace(/\|/g, '\\|');
    }
    return `| ${i === slot ? '▶ ' : ''}${i + 1} | ${p.name} | ${shown} |`;
  });
  return ['| # | parameter | this call |', '|---|---|---|', ...rows].join('\n');
}
