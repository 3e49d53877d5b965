import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hover } from '../../server/src/service/features';
import { LineIndex } from '../../server/src/service/text/lineIndex';
import { createService, mappingFile, MAPPING_URI, opened, SCOPE_URI, withCursor } from './helpers';

interface Case {
  name: string;
  doc: string;
  uri?: string;
  /** null: no hover. */
  expect: RegExp[] | null;
  /** The file text the hover range covers. */
  range?: string;
}

const user = (mapping: string) => mappingFile([mapping]);
const scope = (clause: string) => `{ "object": "user", "filters": [{ "clauses": [${clause}] }] }`;
const inlineGroupScope = (clause: string) =>
  `{ "target": "aws-iam-identity-center", "group": { "scope": { "filters": [{ "clauses": [${clause}] }] }, "mappings": [] } }`;

const cases: Case[] = [
  // ---- functions
  {
    name: 'function: signature, description, null behaviour, example with input/output, status',
    doc: user('{ "target": "name.formatted", "source": "Jo|in(\\" \\", [givenName], [surname])" }'),
    expect: [
      /```text\nJoin\(separator, source1, source2, …\)\n```/,
      /Concatenates/,
      /\*\*Null and empty values\*\*/,
      /Empty values appear to be skipped/,
      /\*\*Example\*\*/,
      /`\[givenName\]` = `"John"`/,
      /→ `"Doe, John"`/,
      /\*\*Status:\*\* Documented/,
      /functions-for-customizing-application-data#join/,
    ],
    range: 'Join',
  },
  {
    name: 'function: mis-cased name',
    doc: user('{ "target": "locale", "source": "swit|ch([preferredLanguage], \\"en-US\\", \\"de\\", \\"de-DE\\")" }'),
    expect: [/Written `switch`; the documented name is `Switch`/, /Switch\(source, defaultValue, key1, value1/],
    range: 'switch',
  },
  {
    name: 'function: only documented elsewhere',
    doc: user('{ "target": "title", "source": "Tri|m([jobTitle])" }'),
    expect: [/Not in Entra's app-provisioning function reference/],
    range: 'Trim',
  },
  {
    name: 'function: nested call',
    doc: user('{ "target": "title", "source": "Join(\\" \\", ToLo|wer([jobTitle]))" }'),
    expect: [/ToLower\(source, culture\)/],
    range: 'ToLower',
  },
  { name: 'function: unknown name', doc: user('{ "target": "title", "source": "Joi|nn(\\", \\", [jobTitle])" }'), expect: null },
  {
    name: 'expression: inside a string constant',
    doc: user('{ "target": "title", "source": "Join(\\"a|b\\", [jobTitle])" }'),
    expect: null,
  },
  // ---- attributes
  {
    name: 'attribute: type, multi-valued, status, scopable (range through JSON escapes)',
    doc: user('{ "target": "name.formatted", "source": "Join(\\" \\", [giv|enName], [surname])" }'),
    expect: [
      /`\[givenName\]` — Entra user attribute/,
      /Type: String/,
      /Multi-valued: no/,
      /Status: confirmed/,
      /Usable in scoping filters: yes/,
    ],
    range: '[givenName]',
  },
  {
    name: 'attribute: multi-valued and not scopable',
    doc: user('{ "target": "emails[type eq \\"home\\"].value", "source": "Item([other|Mails], 1)" }'),
    expect: [/Multi-valued: yes/, /Status: likely/, /Usable in scoping filters: no/],
    range: '[otherMails]',
  },
  {
    name: 'attribute: mis-cased',
    doc: user('{ "target": "name.givenName", "source": "[Given|Name]" }'),
    expect: [/attribute names are case-sensitive: `\[givenName\]`/],
    range: '[GivenName]',
  },
  {
    name: 'attribute: computed',
    doc: user('{ "target": "active", "source": "Switch([IsSoft|Deleted], , \\"False\\", \\"True\\", \\"True\\", \\"False\\")" }'),
    expect: [/Type: Boolean/, /Computed by Entra/],
    range: '[IsSoftDeleted]',
  },
  {
    name: 'enum identifier',
    doc: user('{ "target": "title", "source": "InStr([mail], \\"a\\", 1, vbText|Compare)" }'),
    expect: [/`vbTextCompare` — a value of `InStr`'s `compareType` parameter/, /case-insensitive/],
    range: 'vbTextCompare',
  },
  // ---- AWS targets
  {
    name: 'target: required, filterable, length, characters, gallery default, tutorial note',
    doc: user('{ "target": "user|Name", "source": "[userPrincipalName]" }'),
    expect: [
      /Required on create: yes/,
      /Filterable \(usable as the matching attribute\): yes/,
      /Length: 1–128 characters/,
      /no whitespace of any kind/,
      /Gallery default source: `\[userPrincipalName\]`/,
      /Entra's AWS tutorial says/,
    ],
    range: 'userName',
  },
  {
    name: 'target: single-value collection',
    doc: user('{ "target": "emails[type eq \\"wo|rk\\"].value", "source": "[mail]" }'),
    expect: [
      /Part of `emails`, a multi-valued SCIM attribute that AWS limits to a single value/,
      /Filterable \(usable as the matching attribute\): no/,
      /Gallery default source: `\[mail\]`/,
    ],
    range: 'emails[type eq \\"work\\"].value',
  },
  {
    name: 'target: unsupported',
    doc: user('{ "target": "pass|word", "source": "RandomString(12, 1, 1, 1, 1)" }'),
    expect: [/\*\*Not supported\*\*/],
    range: 'password',
  },
  {
    name: 'target: gallery expression default',
    doc: user('{ "target": "act|ive", "source": "[accountEnabled]" }'),
    expect: [/Gallery default source: `Switch\(\[IsSoftDeleted\], , "False", "True", "True", "False"\)`/],
  },
  { name: 'target: unknown', doc: user('{ "target": "nick|Nam", "source": "[mail]" }'), expect: null },
  // ---- scoping filters
  {
    name: 'operator: arity, value type, case sensitivity',
    doc: scope('{ "attribute": "jobTitle", "operator": "REGEX| MATCH", "value": "^Dev" }'),
    uri: SCOPE_URI,
    expect: [/Arity: binary/, /Value: a regular expression/, /Case-sensitive: yes/, /Anchoring not documented/],
    range: 'REGEX MATCH',
  },
  {
    name: 'operator: unknown semantics',
    doc: scope('{ "attribute": "jobTitle", "operator": "!|&", "value": "x" }'),
    uri: SCOPE_URI,
    expect: [/Its meaning is not documented/, /Case-sensitive: unknown/, /Graph operator name: `!&` \(unconfirmed\)/],
  },
  {
    name: 'operator: unary',
    doc: inlineGroupScope('{ "attribute": "securityEnabled", "operator": "IS| TRUE" }'),
    expect: [/Arity: unary/, /Value: none/],
  },
  {
    name: 'clause attribute',
    doc: inlineGroupScope('{ "attribute": "security|Enabled", "operator": "IS TRUE" }'),
    expect: [/`\[securityEnabled\]` — Entra group attribute/, /Type: Boolean/],
  },
  // ---- keys and values
  {
    name: 'key: schema description',
    doc: user('{ "target": "userName", "source": "[userPrincipalName]", "matching|Precedence": 1 }'),
    expect: [/lower numbers are tried first/],
    range: '"matchingPrecedence"',
  },
  {
    name: 'value: apply',
    doc: user('{ "target": "userName", "source": "[userPrincipalName]", "apply": "on-cr|eate" }'),
    expect: [/only when the object is created/],
    range: 'on-create',
  },
];

describe('hover', () => {
  const service = createService();
  for (const c of cases) {
    it(c.name, () => {
      const { text, position } = withCursor(c.doc);
      const result = hover(...opened(service, c.uri ?? MAPPING_URI, text), position);
      if (c.expect === null) {
        assert.equal(result, null);
        return;
      }
      assert.ok(result, 'expected a hover');
      assert.equal(result.contents.kind, 'markdown');
      for (const pattern of c.expect) assert.match(result.contents.value, pattern);
      if (c.range !== undefined) {
        const lines = new LineIndex(text);
        assert.equal(text.slice(lines.offsetAt(result.range.start), lines.offsetAt(result.range.end)), c.range);
      }
    });
  }
});
