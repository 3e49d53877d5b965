/**
 * Seeded generators and mutators for the fuzzer: mapping files, scope files, Graph schemas (from
 * the seed corpus), expressions and sample users (JSON and CSV). Valid-looking documents are built
 * from the catalogs, then mutated at the byte level, so both the "almost right" files an editor
 * sees while typing and outright junk reach every entry point.
 */
import { catalogs } from '../../server/src/service/catalog';
import { int, pick, type Random } from './generate';

const TARGETS = [...new Set(catalogs.awsTargets.map((t) => t.path))];
const ATTRIBUTES = [...new Set(catalogs.entraAttributes.map((a) => a.name))];
const FUNCTIONS = catalogs.functions.map((f) => f.name);
const OPERATORS = [...new Set(catalogs.scopeOperators.flatMap((o) => [o.name, o.graphName]))];

/** Regular expressions users write, and ones that backtrack catastrophically. */
export const PATTERNS = [
  '^(Dev|SRE)',
  '\\d+',
  '^[A-Z][a-z]+$',
  '(?<user>[^@]+)@(?<domain>.+)',
  '(a+)+$',
  '(a|aa)+$',
  '(.*a){20}',
  '^(\\w+\\s?)*$',
  '(x+x+)+y',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '(\\w+)*@',
  '((a*)*)*b',
  '^(Dev|SRE',
  '[',
  '(?<=a)b',
  '\\p{L}+',
  '(?i)abc',
  'a{1000000}',
  '(?:a?){30}a{30}',
];

/** Strings that stress encodings and escapes. */
const NASTY = [
  '',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u00a0',
  '\u200b',
  '\u2028',
  '\u3000',
  '\ufeff',
  '\ud800',
  '\udc00',
  '😀',
  'é',
  'ß',
  'İ',
  '"',
  '\\',
  '\\"',
  '\\\\',
  '\\u0041',
  '\\u00',
  "'",
  ',',
  ')',
  '(',
  '[',
  ']',
  '&',
  '&H1F',
  '<>',
  '=',
  '%',
  'a'.repeat(300),
  '-1',
  '1e999',
  'null',
  'true',
];

function nasty(random: Random): string {
  return pick(random, NASTY);
}

function word(random: Random): string {
  const r = random();
  if (r < 0.6) return pick(random, ['Engineering', 'Sales', 'alice@contoso.com', 'Alice Smith', 'US', 'E1001', 'Developer', 'x']);
  if (r < 0.8) return nasty(random);
  let s = '';
  const n = int(random, 0, 12);
  for (let i = 0; i < n; i++) s += String.fromCharCode(int(random, 0, 0x2fff));
  return s;
}

function misspell(random: Random, name: string): string {
  if (name.length === 0) return 'x';
  const i = int(random, 0, name.length - 1);
  switch (int(random, 0, 3)) {
    case 0:
      return name.slice(0, i) + name.slice(i + 1);
    case 1:
      return name.slice(0, i) + name[i] + name.slice(i);
    case 2:
      return name.toLowerCase();
    default:
      return name.toUpperCase();
  }
}

/** An expression in Entra's language, mostly well-formed, sometimes not. */
export function randomExpression(random: Random, depth = 0): string {
  const r = random();
  if (depth > 4 || r < 0.3) {
    switch (int(random, 0, 6)) {
      case 0:
      case 1:
        return `[${random() < 0.85 ? pick(random, ATTRIBUTES) : misspell(random, pick(random, ATTRIBUTES))}]`;
      case 2:
        return `"${word(random).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
      case 3:
        return String(int(random, -5, 100));
      case 4:
        return pick(random, ['True', 'False', 'Ignore', 'Lowercase', 'None', 'Id']);
      case 5:
        return `&H${int(random, 0, 255).toString(16).toUpperCase()}`;
      default:
        return nasty(random);
    }
  }
  if (r < 0.35)
    return `${randomExpression(random, depth + 1)} ${pick(random, ['=', '<>', '>', '>=', '<', '<=', '&'])} ${randomExpression(random, depth + 1)}`;
  const name = random() < 0.9 ? pick(random, FUNCTIONS) : misspell(random, pick(random, FUNCTIONS));
  const count = int(random, 0, 7);
  const args: string[] = [];
  for (let i = 0; i < count; i++) args.push(random() < 0.1 ? '' : randomExpression(random, depth + 1));
  return `${name}(${args.join(random() < 0.9 ? ', ' : ',')}${random() < 0.95 ? ')' : ''}`;
}

function jsonString(value: string): string {
  return JSON.stringify(value);
}

function randomValue(random: Random, depth = 0): string {
  switch (int(random, 0, depth > 2 ? 4 : 6)) {
    case 0:
      return jsonString(word(random));
    case 1:
      return String(random() < 0.5 ? int(random, -3, 10) : random() * 100);
    case 2:
      return pick(random, ['true', 'false', 'null']);
    case 3:
      return jsonString(pick(random, PATTERNS));
    case 4:
      return jsonString(randomExpression(random));
    case 5: {
      const n = int(random, 0, 4);
      return `[${Array.from({ length: n }, () => randomValue(random, depth + 1)).join(', ')}]`;
    }
    default: {
      const n = int(random, 0, 3);
      return `{${Array.from({ length: n }, () => `${jsonString(pick(random, ['a', 'value', 'name', 'target']))}: ${randomValue(random, depth + 1)}`).join(', ')}}`;
    }
  }
}

function clause(random: Random): string {
  const parts: string[] = [];
  if (random() < 0.95)
    parts.push(
      `"attribute": ${jsonString(random() < 0.85 ? pick(random, ATTRIBUTES) : misspell(random, pick(random, ATTRIBUTES)))}`,
    );
  if (random() < 0.95)
    parts.push(
      `"operator": ${jsonString(random() < 0.85 ? pick(random, OPERATORS) : misspell(random, pick(random, OPERATORS)))}`,
    );
  if (random() < 0.7) parts.push(`"value": ${random() < 0.4 ? jsonString(pick(random, PATTERNS)) : randomValue(random)}`);
  if (random() < 0.05) parts.push(`${jsonString(word(random))}: ${randomValue(random)}`);
  return `{ ${parts.join(', ')} }`;
}

function filters(random: Random): string {
  const n = int(random, 0, 4);
  return `[${Array.from({ length: n }, () => `{ ${random() < 0.5 ? `"name": ${jsonString(word(random))}, ` : ''}"clauses": [${Array.from({ length: int(random, 0, 5) }, () => clause(random)).join(', ')}] }`).join(',\n    ')}]`;
}

function mappingEntry(random: Random): string {
  const parts: string[] = [];
  if (random() < 0.95)
    parts.push(`"target": ${jsonString(random() < 0.85 ? pick(random, TARGETS) : misspell(random, pick(random, TARGETS)))}`);
  if (random() < 0.95) parts.push(`"source": ${jsonString(randomExpression(random))}`);
  if (random() < 0.15) parts.push(`"matchingPrecedence": ${random() < 0.8 ? int(random, 0, 3) : randomValue(random)}`);
  if (random() < 0.1) parts.push(`"apply": ${jsonString(pick(random, ['always', 'on-create', 'sometimes']))}`);
  if (random() < 0.1) parts.push(`"default": ${random() < 0.8 ? jsonString(word(random)) : randomValue(random)}`);
  if (random() < 0.03) parts.push(`${jsonString(misspell(random, 'source'))}: ${randomValue(random)}`);
  return `{ ${parts.join(', ')} }`;
}

function objectSection(random: Random, gallery: boolean): string {
  const parts: string[] = [];
  if (random() < 0.2)
    parts.push(
      `"scope": ${random() < 0.5 ? jsonString(pick(random, ['./engineering.scope.jsonc', './missing.scope.json', '../x.scope.json', '', 'file:///etc/passwd'])) : `{ "filters": ${filters(random)} }`}`,
    );
  if (random() < 0.1) parts.push(`"enabled": ${pick(random, ['true', 'false', '"yes"'])}`);
  const n = gallery ? 20 : int(random, 0, 12);
  const entries = Array.from({ length: n }, () => mappingEntry(random));
  if (gallery) entries[0] = '{ "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 }';
  parts.push(`"mappings": [\n      ${entries.join(',\n      ')}${random() < 0.2 ? ',' : ''}\n    ]`);
  return `{\n    ${parts.join(',\n    ')}\n  }`;
}

/** A mapping file: well-formed JSONC with random content. */
export function randomMapping(random: Random): string {
  const parts: string[] = [];
  if (random() < 0.9) parts.push(`"target": ${jsonString(random() < 0.9 ? 'aws-iam-identity-center' : word(random))}`);
  if (random() < 0.9) parts.push(`"user": ${objectSection(random, random() < 0.1)}`);
  if (random() < 0.5) parts.push(`"group": ${objectSection(random, false)}`);
  if (random() < 0.05) parts.push(`${jsonString(word(random))}: ${randomValue(random)}`);
  let text = `${random() < 0.3 ? '// a generated mapping\n' : ''}{\n  ${parts.join(',\n  ')}\n}\n`;
  if (random() < 0.1) text = text.replace(/\n/g, '\r\n');
  if (random() < 0.05) text = text.replace(/ {2}/g, '\t');
  return text;
}

/** A scope file. */
export function randomScope(random: Random): string {
  const object = random() < 0.8 ? '' : `"object": ${jsonString(pick(random, ['user', 'group', 'device']))},\n  `;
  return `{\n  ${object}"filters": ${filters(random)}\n}\n`;
}

/** A sample user or group: JSON (Entra or Graph names, right and wrong types) or CSV. */
export function randomSampleText(random: Random): { text: string; file: string } {
  const r = random();
  if (r < 0.3) {
    const header = Array.from({ length: int(random, 1, 8) }, () => (random() < 0.9 ? pick(random, ATTRIBUTES) : word(random)));
    const rows = [header.join(',')];
    for (let i = int(random, 0, 6); i > 0; i--) {
      const cells = header.map(() => {
        const v = word(random);
        return random() < 0.3 ? `"${v.replace(/"/g, '""')}"` : v.replace(/[,\n\r"]/g, '');
      });
      if (random() < 0.2) cells.pop(); // a short row
      if (random() < 0.1) cells.push('extra');
      if (random() < 0.1) cells[0] = `"unterminated ${cells[0] ?? ''}`;
      rows.push(cells.join(','));
    }
    return { text: rows.join(random() < 0.2 ? '\r\n' : '\n'), file: 'sample.users.csv' };
  }
  const object = (): string => {
    const n = int(random, 0, 10);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const key =
        random() < 0.8
          ? pick(random, ATTRIBUTES)
          : pick(random, [
              'id',
              'businessPhones',
              'assigned',
              'deleted',
              'softDeleted',
              'appRoleAssignments',
              'takenValues',
              'manager',
              'members',
              'onPremisesExtensionAttributes',
              word(random),
            ]);
      let value: string;
      if (random() < 0.05)
        value = `[${Array.from({ length: int(random, 0, 2000) }, (_, k) => jsonString(`v${k}`)).join(',')}]`; // a huge array
      else value = randomValue(random);
      parts.push(`${jsonString(key)}: ${value}`);
    }
    return `{ ${parts.join(', ')} }`;
  };
  const text = random() < 0.7 ? object() : `[${Array.from({ length: int(random, 0, 4) }, object).join(',\n')}]`;
  return { text, file: random() < 0.5 ? 'sample.user.json' : 'sample.json' };
}

/** Byte-level mutations: deletions, insertions of tokens and junk, duplication, truncation. */
export function mutate(random: Random, text: string, rounds = int(random, 1, 6)): string {
  let out = text;
  for (let r = 0; r < rounds; r++) {
    const at = int(random, 0, out.length);
    const span = int(random, 0, Math.min(40, out.length - at));
    switch (int(random, 0, 9)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + span);
        break;
      case 1:
      case 2:
        out =
          out.slice(0, at) +
          pick(random, [
            '{',
            '}',
            '[',
            ']',
            '"',
            ',',
            ':',
            '\\',
            '//',
            '/*',
            '*/',
            '\n',
            '\r',
            ' ',
            'null',
            '-',
            '0',
            'e',
            '(',
            ')',
            '&',
            "'",
          ]) +
          out.slice(at);
        break;
      case 3:
        out = out.slice(0, at) + nasty(random) + out.slice(at);
        break;
      case 4:
        out = out.slice(0, at) + out.slice(at, at + span) + out.slice(at);
        break;
      case 5:
        out = out.slice(0, at);
        break;
      case 6:
        out = out.slice(0, at) + String.fromCharCode(int(random, 0, 0xffff)) + out.slice(at + 1);
        break;
      case 7: {
        const depth = int(random, 1, 400);
        out = out.slice(0, at) + '['.repeat(depth) + (random() < 0.5 ? ']'.repeat(depth) : '') + out.slice(at);
        break;
      }
      case 8:
        out = out.slice(0, at) + jsonString(randomExpression(random)).slice(1, -1) + out.slice(at);
        break;
      default: {
        const other = int(random, 0, out.length);
        const a = Math.min(at, other);
        const b = Math.max(at, other);
        out = out.slice(0, a) + out.slice(b, b + span) + out.slice(a + span, b) + out.slice(a, a + span) + out.slice(b + span);
      }
    }
  }
  return out;
}
