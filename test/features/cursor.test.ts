import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findNodeAtOffset } from 'jsonc-parser';
import { locate, nodeAt, type Place } from '../../server/src/service/features/cursor';
import { createService, mappingFile, MAPPING_URI, opened, SCOPE_URI, withCursor } from './helpers';

const root = join(__dirname, '..', '..', '..');
const read = (...path: string[]) => readFileSync(join(root, ...path), 'utf8');
const GRAPH_URI = 'file:///srv/project/test.synchronization.json';

/** The place at a cursor marker, or (for files read as they are) just after the first `after`. */
function placeOf(source: string, uri: string, after?: string): Place {
  const { text, position } = after ? withCursor(source.replace(after, after + '|')) : withCursor(source);
  const [service, document] = opened(createService(), uri, text);
  return locate(service, document, position).place;
}

const user = (mapping: string) => mappingFile([mapping]);
const scope = (clause: string) => `{ "object": "group", "filters": [{ "clauses": [${clause}] }] }`;
const graph = read('test', 'fixtures', 'graph', 'default-schema.json');

interface Case {
  name: string;
  source: string;
  uri?: string;
  /** Put the cursor just after this text instead of at a `|` marker. */
  after?: string;
  kind: Place['kind'];
  /** More that must hold of the place. */
  check?: (place: Place) => void;
}

const cases: Case[] = [
  { name: 'inside a key', source: user('{ "tar|get": "title", "source": "[mail]" }'), kind: 'key' },
  { name: 'where a new key can start', source: user('{ "target": "title", | }'), kind: 'new-key' },
  {
    name: 'a source expression, with its parse and object',
    source: mappingFile([], ['{ "target": "displayName", "source": "Join(\\" \\", [disp|layName])" }']),
    kind: 'expression',
    check: (p) => {
      assert.equal(p.kind === 'expression' && p.object, 'group');
      assert.equal(p.kind === 'expression' && p.source.parsed.text, 'Join(" ", [displayName])');
    },
  },
  {
    name: 'sso.nameId is an expression too',
    source: '{ "target": "aws-iam-identity-center", "sso": { "nameId": "[mail|]" } }',
    kind: 'expression',
  },
  { name: 'a target in a string', source: user('{ "target": "ti|", "source": "[mail]" }'), kind: 'target' },
  {
    name: 'a bare target value',
    source: user('{ "target": tr|, "source": "[mail]" }'),
    kind: 'target',
    check: (p) => assert.equal(p.kind === 'target' && p.at.quoted, false),
  },
  {
    name: 'a scope path',
    source: '{ "target": "aws-iam-identity-center", "user": { "scope": "./|", "mappings": [] } }',
    kind: 'scope-path',
  },
  {
    name: 'a clause operator in a scope file, for its object',
    source: scope('{ "attribute": "displayName", "operator": "EQ|" }'),
    uri: SCOPE_URI,
    kind: 'clause',
    check: (p) => assert.deepEqual(p.kind === 'clause' && [p.field, p.object], ['operator', 'group']),
  },
  {
    name: 'a clause value in an inline scope',
    source:
      '{ "target": "aws-iam-identity-center", "user": { "scope": { "filters": [{ "clauses": [{ "attribute": "department", "operator": "EQUALS", "value": "|" }] }] }, "mappings": [] } }',
    kind: 'clause',
    check: (p) => assert.equal(p.kind === 'clause' && p.field, 'value'),
  },
  { name: 'a fixed value', source: user('{ "target": "title", "source": "[jobTitle]", "apply": "|" }'), kind: 'value' },
  {
    name: 'a bare value where an expression goes is a plain value',
    source: user('{ "target": "title", "source": 1| }'),
    kind: 'value',
  },
  { name: 'a new array element', source: mappingFile(['{ "target": "title", "source": "[jobTitle]" }', '|']), kind: 'element' },
  { name: 'an empty file', source: '  |\n', kind: 'empty-file' },
  { name: 'after a closing quote', source: user('{ "target": "title"|, "source": "[mail]" }'), kind: 'none' },
  { name: 'a Graph target', source: graph, uri: GRAPH_URI, after: '"targetAttributeName": "mem', kind: 'target' },
  { name: 'a Graph source expression', source: graph, uri: GRAPH_URI, after: '"expression": "[mem', kind: 'expression' },
  {
    name: 'a Graph source tree name',
    source: graph,
    uri: GRAPH_URI,
    after: '"name": "mem',
    kind: 'source-tree',
    check: (p) => assert.deepEqual(p.kind === 'source-tree' && [p.role.kind, p.object], ['attribute', 'group']),
  },
];

describe('cursor: one place for every format', () => {
  for (const c of cases) {
    it(c.name, () => {
      const place = placeOf(c.source, c.uri ?? MAPPING_URI, c.after);
      assert.equal(place.kind, c.kind);
      c.check?.(place);
    });
  }

  it("finds the same node as jsonc-parser's findNodeAtOffset at every offset, in whole and broken files", () => {
    const texts = [
      read('examples', 'aws-iam-identity-center.mapping.jsonc'),
      read('examples', 'engineering.scope.jsonc'),
      graph,
      mappingFile(['{ "target": "a" "source": "b" }', '["x""y"]', '{ "target": }']),
    ];
    let compared = 0;
    for (const whole of texts) {
      // The file, cut short at a few places (unclosed strings, objects and arrays).
      for (const text of [whole, whole.slice(0, whole.length >> 1), whole.slice(0, whole.length / 3 + 7)]) {
        const [, document] = opened(createService(), MAPPING_URI, text, 'mapping');
        if (!document.root) continue;
        for (let offset = -1; offset <= text.length + 1; offset++) {
          assert.equal(nodeAt(document.root, offset), findNodeAtOffset(document.root, offset, true), `offset ${offset}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 10_000, `${compared} offsets`);
  });
});
