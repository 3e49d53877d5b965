import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileSystemHost, toUri } from '../../server/src/cli/files';
import { catalogs, defaultCatalog } from '../../server/src/service/catalog';
import type { FunctionSignature } from '../../server/src/service/catalog/types';
import { parameterForSlot } from '../../server/src/service/expression/bind';
import { parseExpression } from '../../server/src/service/expression/parser';
import { quoteExpressionString } from '../../server/src/service/expression/print';
import { convertGraphToMapping, convertMappingToGraph } from '../../server/src/service/graph/convert';
import { printMappingFile, type MappingEntry, type ObjectSection } from '../../server/src/service/graph/toMapping';
import { canonicalOfExpression, canonicalOfTree, expressionToTree, sameCanonical } from '../../server/src/service/graph/tree';
import { readMappingIntent, schemaOfValue } from '../../server/src/service/graph/write';
import { LanguageService } from '../../server/src/service/languageService';
import type { MappingDocument } from '../../server/src/service/model/types';
import { fromRoot } from '../util/paths';
import { attribute, attributeMapping, awsSchema, constant, createService, prng, requiredUserMappings, text } from './helpers';

const errorsOf = (problems: Array<{ severity: string; message: string }>) =>
  problems.filter((p) => p.severity === 'error').map((p) => p.message);

/** mapping text → Graph text → mapping text, through the service like the CLI does. */
function roundTrip(mappingText: string, uri = 'file:///srv/p/generated.mapping.jsonc', service = createService()) {
  const graph = convertMappingToGraph(service, uri, mappingText);
  const back = convertGraphToMapping(service, uri.replace(/\.mapping\.jsonc?$/, '.synchronization.json'), graph.text);
  return { graph, back };
}

/** What a Graph attribute mapping means, for comparing schemas semantically. */
function meaning(mapping: Record<string, unknown>): unknown {
  return {
    target: mapping.targetAttributeName,
    source: mapping.source ? canonicalOfTree(mapping.source, defaultCatalog) : null,
    matchingPriority: mapping.matchingPriority ?? 0,
    flowType: mapping.flowType ?? 'Always',
    defaultValue: mapping.defaultValue ?? null,
  };
}

function objectMeanings(schema: Record<string, unknown>): unknown {
  const rules = schema.synchronizationRules as Array<Record<string, unknown>>;
  return rules.flatMap((r) =>
    (r.objectMappings as Array<Record<string, unknown>>).map((o) => ({
      source: o.sourceObjectName,
      enabled: o.enabled,
      scope: o.scope && typeof o.scope === 'object' ? (o.scope as Record<string, unknown>).groups : null,
      mappings: (o.attributeMappings as Array<Record<string, unknown>>).map(meaning),
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// Generated mappings (a fixed seed: the same cases on every run)

const ATTRIBUTES = [
  'givenName',
  'surname',
  'mail',
  'userPrincipalName',
  'department',
  'jobTitle',
  'employeeId',
  'city',
  'IsSoftDeleted',
  'accountEnabled',
  'displayName',
  'objectId',
];
const TARGETS = [
  'userName',
  'displayName',
  'title',
  'name.givenName',
  'name.familyName',
  'name.formatted',
  'externalId',
  'locale',
  'timezone',
  'preferredLanguage',
  'emails[type eq "work"].value',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
];
const STRINGS = ['', ' ', 'a', 'Employee', 'say "hi"', 'back\\slash', 'ü-ñ ✓', '-', '_', 'yyyy-MM-dd', '\t'];
const FUNCTIONS = defaultCatalog.catalogs.functions.filter((f) => !['SelectUniqueValue'].includes(f.name));

class Generator {
  constructor(private readonly random: () => number) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  leaf(): string {
    const r = this.random();
    if (r < 0.55) return `[${this.pick(ATTRIBUTES)}]`;
    if (r < 0.9) return quoteExpressionString(this.pick(STRINGS));
    return String(Math.floor(this.random() * 200) - 50);
  }

  value(depth: number): string {
    if (depth >= 3 || this.chance(0.45)) return this.leaf();
    return this.call(this.pick(FUNCTIONS), depth);
  }

  call(signature: FunctionSignature, depth: number): string {
    const max = Number.isFinite(signature.maxArgs) ? signature.maxArgs : signature.minArgs + 3;
    let count = signature.minArgs + Math.floor(this.random() * (max - signature.minArgs + 1));
    if (signature.name === 'Switch' && count % 2 === 1) count++;
    const slots: string[] = [];
    for (let i = 0; i < count; i++) {
      const parameter = parameterForSlot(signature, i, count);
      if (parameter?.type === 'Enum' && parameter.enumValues?.length) {
        slots.push(this.pick(parameter.enumValues));
      } else if (parameter && !parameter.required && !parameter.repeats && this.chance(0.3)) {
        slots.push(''); // an omitted optional argument
      } else if (signature.name === 'IIF' && i === 0 && this.chance(0.5)) {
        slots.push(`${this.leaf()} ${this.pick(['=', '<>', '>', '<='])} ${this.leaf()}`);
      } else {
        slots.push(this.value(depth + 1));
      }
    }
    return `${signature.name}(${slots.join(', ')})`;
  }

  mapping(targets: Set<string>): MappingEntry {
    let target = this.pick(TARGETS);
    while (targets.has(target)) target = this.pick(TARGETS);
    targets.add(target);
    const entry: MappingEntry = { target, source: this.value(0) };
    if (this.chance(0.2)) entry.matchingPrecedence = 1 + Math.floor(this.random() * 3);
    if (this.chance(0.2)) entry.apply = 'on-create';
    if (this.chance(0.25)) entry.default = this.pick(STRINGS.filter((s) => s !== ''));
    return entry;
  }

  section(object: 'user' | 'group'): ObjectSection {
    const section: ObjectSection = { object, mappings: [] };
    if (this.chance(0.15)) section.enabled = false;
    if (this.chance(0.5)) {
      section.scope = Array.from({ length: 1 + Math.floor(this.random() * 2) }, (_, f) => {
        const clauses = Array.from({ length: 1 + Math.floor(this.random() * 3) }, () => {
          const operator = this.pick(defaultCatalog.catalogs.scopeOperators);
          const clause: { attribute: string; operator: string; value?: string } = {
            attribute: this.pick(ATTRIBUTES),
            operator: operator.name,
          };
          if (operator.arity === 'binary')
            clause.value = this.pick(['Engineering', '^(Dev|SRE)', '10', 'True', 'a "quoted" value']);
          return clause;
        });
        return this.chance(0.6) ? { name: `Filter ${f + 1}`, clauses } : { clauses };
      });
    }
    const targets = new Set<string>();
    const count = 1 + Math.floor(this.random() * 6);
    for (let i = 0; i < count && targets.size < TARGETS.length; i++) section.mappings.push(this.mapping(targets));
    return section;
  }

  file(): ObjectSection[] {
    const r = this.random();
    if (r < 0.2) return [this.section('group')];
    if (r < 0.5) return [this.section('user')];
    return [this.section('user'), this.section('group')];
  }
}

describe('graph conversion: round trips', () => {
  it('mapping → graph → mapping is identical, over 300 generated mappings (seed 20250131)', () => {
    const generator = new Generator(prng(20250131));
    for (let n = 0; n < 300; n++) {
      const original = printMappingFile(generator.file());
      const service = createService();
      const { graph, back } = roundTrip(original, `file:///srv/p/case${n}.mapping.jsonc`, service);
      assert.deepEqual(errorsOf(graph.problems), [], `case ${n}: to graph\n${original}`);
      assert.deepEqual(errorsOf(back.problems), [], `case ${n}: back to a mapping\n${original}`);
      assert.equal(back.text, original, `case ${n}`);
      // And the schema itself is stable: graph → mapping → graph gives the same schema.
      const again = convertMappingToGraph(service, `file:///srv/p/again${n}.mapping.jsonc`, back.text);
      assert.equal(again.text, graph.text, `case ${n}: schema`);
    }
  });

  it('every expression of the grammar corpus survives the trip through a source tree without expression text', () => {
    const corpus = readFileSync(fromRoot('test', 'fixtures', 'expressions', 'valid.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    assert.ok(corpus.length > 50);
    const service = createService();
    for (const expression of corpus) {
      const parsed = parseExpression(expression);
      const { source, problems } = expressionToTree(parsed, defaultCatalog, false);
      assert.ok(source, expression);
      assert.deepEqual(errorsOf(problems), [], expression);
      const doc = service.getDocument(
        'file:///t.synchronization.json',
        text(awsSchema({ user: [attributeMapping('title', source)] })),
      );
      const read = doc?.kind === 'graph' ? doc.objects[0].mappings[0].source : undefined;
      assert.ok(read?.graph?.fromTree, expression);
      assert.deepEqual(read.parsed.errors, [], `${expression} printed as ${read.value}`);
      assert.ok(
        sameCanonical(canonicalOfExpression(read.parsed), canonicalOfExpression(parsed)),
        `${expression} came back as ${read.value}`,
      );
    }
  });

  it('the gallery example converts to a schema and back unchanged (its scope file inline)', () => {
    const path = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');
    const service = new LanguageService({ host: fileSystemHost, catalogs });
    const original = readFileSync(path, 'utf8');
    const graph = convertMappingToGraph(service, toUri(path), original);
    assert.deepEqual(errorsOf(graph.problems), []);
    const back = convertGraphToMapping(service, toUri(fromRoot('examples', 'x.synchronization.json')), graph.text);
    assert.deepEqual(errorsOf(back.problems), []);
    // Same content: the original's mappings and its scope file's filters, now inline.
    const doc = service.getDocument(toUri(path), original, 'mapping') as MappingDocument;
    const intent = readMappingIntent(doc, (p) => service.resolveScope(toUri(path), p), service.catalog);
    const expected: ObjectSection[] = intent.objects.map((o) => ({
      object: o.object,
      ...(o.enabled ? {} : { enabled: false }),
      ...(o.filters ? { scope: o.filters } : {}),
      mappings: o.mappings.map((m) => ({
        target: m.target,
        source: m.source,
        ...(m.matchingPrecedence ? { matchingPrecedence: m.matchingPrecedence } : {}),
        ...(m.apply === 'on-create' ? { apply: m.apply } : {}),
        ...(m.default !== undefined ? { default: m.default } : {}),
      })),
    }));
    assert.equal(back.text, printMappingFile(expected));
  });

  it('the committed Graph example is the conversion of the gallery example, with the template ids', () => {
    const path = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');
    const service = new LanguageService({ host: fileSystemHost, catalogs });
    const graph = convertMappingToGraph(service, toUri(path), readFileSync(path, 'utf8'));
    const committed = readFileSync(fromRoot('examples', 'graph', 'aws-iam-identity-center.synchronization.json'), 'utf8');
    assert.equal(
      graph.text,
      committed,
      'regenerate with: scim-mapper convert examples/aws-iam-identity-center.mapping.jsonc --to graph --out examples/graph/aws-iam-identity-center.synchronization.json',
    );
    const schema = JSON.parse(committed);
    assert.equal(schema.id, 'aWSSingleSignon.00000000000000000000000000000000');
    assert.equal(schema.synchronizationRules[0].id, '03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8');
    assert.equal(schema.synchronizationRules[0].targetDirectoryName, 'AWSSingleSignon');
  });
});

describe('graph conversion: the documented Graph examples (shared/reference)', () => {
  const defaultSchemaText = readFileSync(fromRoot('test', 'fixtures', 'graph', 'default-schema.json'), 'utf8');
  const salesforce = JSON.parse(
    readFileSync(fromRoot('test', 'fixtures', 'graph', 'salesforce-attribute-mappings.json'), 'utf8'),
  ) as { attributeMappings: Array<Record<string, unknown>> };

  it('the fixtures are verbatim copies of the reference (checked when the reference is present)', (t) => {
    const reference = [process.env.SCIM_MAPPER_REFERENCE_DIR, join(fromRoot(), '..', 'shared', 'reference')]
      .filter((p): p is string => !!p)
      .find((p) => existsSync(join(p, 'aws', 'default-schema.json')));
    if (!reference) {
      t.skip('shared/reference not found');
      return;
    }
    assert.equal(defaultSchemaText, readFileSync(join(reference, 'aws', 'default-schema.json'), 'utf8'));
    const md = readFileSync(join(reference, 'entra', 'mapping-model.md'), 'utf8');
    const section = md.slice(md.indexOf('## 9.'), md.indexOf('## 10.'));
    const blocks = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
    assert.deepEqual(salesforce.attributeMappings, blocks);
  });

  it('our source trees are exactly the ones Graph documents for the same expressions', () => {
    const sources = salesforce.attributeMappings
      .map((m) => m.source as Record<string, unknown> | null)
      .filter((s): s is Record<string, unknown> => !!s);
    assert.equal(sources.length, 3);
    for (const documented of sources) {
      const { source } = expressionToTree(parseExpression(String(documented.expression)), defaultCatalog);
      assert.deepEqual(source, documented, String(documented.expression));
    }
  });

  it('the AWS gallery template: graph → mapping → graph with --base gives the template back exactly', () => {
    const service = createService();
    const back = convertGraphToMapping(service, 'file:///r/default-schema.json', defaultSchemaText);
    assert.deepEqual(errorsOf(back.problems), []);
    assert.match(back.text, /"target": "members", "source": "\[members\]"/);
    const again = convertMappingToGraph(service, 'file:///r/default.mapping.jsonc', back.text, { baseText: defaultSchemaText });
    assert.deepEqual(errorsOf(again.problems), []);
    assert.deepEqual(again.schema, schemaOfValue(JSON.parse(defaultSchemaText)));
  });

  it('the AWS gallery template: without --base the attribute mappings keep their meaning', () => {
    const service = createService();
    const back = convertGraphToMapping(service, 'file:///r/default-schema.json', defaultSchemaText);
    const again = convertMappingToGraph(service, 'file:///r/default.mapping.jsonc', back.text);
    const original = schemaOfValue(JSON.parse(defaultSchemaText))!;
    assert.deepEqual(objectMeanings(again.schema), objectMeanings(original));
  });

  it('the Salesforce template mappings: sources, defaults and flow types survive; the default-only one is reported, and kept with --base', () => {
    const schema = {
      synchronizationRules: [
        {
          editable: true,
          name: 'USER_OUTBOUND_USER',
          priority: 1,
          sourceDirectoryName: 'Azure Active Directory',
          targetDirectoryName: 'salesforce.com',
          objectMappings: [
            {
              attributeMappings: [
                attributeMapping('Username', attribute('userPrincipalName'), { matchingPriority: 1 }),
                ...salesforce.attributeMappings,
              ],
              enabled: true,
              flowTypes: 'Add, Update, Delete',
              name: 'Synchronize Azure Active Directory Users to salesforce.com',
              scope: null,
              sourceObjectName: 'User',
              targetObjectName: 'User',
            },
          ],
        },
      ],
    };
    const source = text(schema);
    const service = createService();
    const back = convertGraphToMapping(service, 'file:///r/salesforce.synchronization.json', source);
    const errors = errorsOf(back.problems);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /EmailEncodingKey.*no source.*default-only/);
    assert.ok(
      back.problems.some((p) => p.severity === 'warning' && /does not look like AWS IAM Identity Center/.test(p.message)),
    );
    assert.match(
      back.text,
      /"target": "LocaleSidKey", "source": "Replace\(\[preferredLanguage\], \\"-\\", , , \\"_\\", , \)", "default": "en_US"/,
    );
    assert.match(back.text, /"target": "Alias", "source": "Mid\(\[userPrincipalName\], 1, 8\)"/);

    // Back without a base: every converted mapping means what it meant.
    const again = convertMappingToGraph(service, 'file:///r/salesforce.mapping.jsonc', back.text);
    const expected = (schema.synchronizationRules[0].objectMappings[0].attributeMappings as Array<Record<string, unknown>>)
      .filter((m) => m.source !== null)
      .map(meaning);
    const actual = (
      (again.schema.synchronizationRules as Array<Record<string, unknown>>)[0].objectMappings as Array<Record<string, unknown>>
    )[0].attributeMappings as Array<Record<string, unknown>>;
    assert.deepEqual(actual.map(meaning), expected);

    // With the exported schema as base: the schema comes back as it was, default-only mapping included.
    const based = convertMappingToGraph(service, 'file:///r/salesforce.mapping.jsonc', back.text, { baseText: source });
    assert.deepEqual(errorsOf(based.problems), []);
    assert.equal(based.text, source);
  });
});

describe('graph conversion: --base gives a minimal diff', () => {
  const base: Record<string, unknown> = {
    ...awsSchema({
      user: [
        ...requiredUserMappings(),
        attributeMapping('title', attribute('jobTitle'), { flowType: 'MultiValueAddOnly' }),
        attributeMapping('locale', null, { defaultValue: 'en-US' }),
      ],
      group: [
        attributeMapping('displayName', attribute('displayName'), { matchingPriority: 1 }),
        attributeMapping('members', attribute('members')),
      ],
      directories: [
        {
          id: '66e4a8cc-1b7b-435e-95f8-f06cea133828',
          name: 'Azure Active Directory',
          objects: [{ name: 'User', attributes: [{ name: 'mail', type: 'String' }] }],
        },
      ],
    }),
    id: 'aWSSingleSignon.5f8c2e1a7b3d4c6e9a102b4d6f8a0c1e.21ed01d2-ec13-4e9e-86c1-cd546719ebc4',
  };
  // An export in another layout: four spaces and CRLF line ends.
  const baseText = JSON.stringify(base, null, 4).replace(/\n/g, '\r\n') + '\r\n';

  it('converting an unchanged mapping back onto its base reproduces the base byte for byte', () => {
    const service = createService();
    const mapping = convertGraphToMapping(service, 'file:///r/job.synchronization.json', baseText);
    const again = convertMappingToGraph(service, 'file:///r/job.mapping.jsonc', mapping.text, { baseText });
    assert.equal(again.text, baseText);
    assert.ok(
      again.problems.some((p) => /flowType MultiValueAddOnly has no mapping-file equivalent and is kept/.test(p.message)),
    );
    assert.ok(again.problems.some((p) => /default-only mapping of locale .* is kept/.test(p.message)));
  });

  it('a changed mapping changes only its own lines', () => {
    const service = createService();
    const mapping = convertGraphToMapping(service, 'file:///r/job.synchronization.json', baseText).text;
    const edited = mapping.replace('"source": "[displayName]" }', '"source": "Join(\\" \\", [givenName], [surname])" }');
    assert.notEqual(edited, mapping);
    const again = convertMappingToGraph(service, 'file:///r/job.mapping.jsonc', edited, { baseText });
    const before = baseText.split('\r\n');
    const after = again.text.split('\r\n');
    const changedOrAdded = after.filter((line) => !before.includes(line));
    assert.ok(changedOrAdded.length > 0 && changedOrAdded.length < 40, changedOrAdded.join('\n'));
    assert.ok(
      changedOrAdded.every((line) =>
        /Join|separator|givenName|surname|"key"|"value"|"name": " "|"expression": "\\" \\""|"parameters"|"type"|[{}\],]+$/.test(
          line,
        ),
      ),
      changedOrAdded.join('\n'),
    );
    assert.equal(JSON.parse(again.text).id, base.id);
    assert.deepEqual(JSON.parse(again.text).directories, base.directories);
  });
});

describe('graph conversion: what cannot be represented is reported', () => {
  it('graph → mapping: flow types, flow behaviour, default-only mappings, extra object mappings are errors', () => {
    const schema = awsSchema({
      user: [
        ...requiredUserMappings(),
        attributeMapping('title', attribute('jobTitle'), { flowType: 'MultiValueAddOnly' }),
        attributeMapping('locale', attribute('preferredLanguage'), { flowBehavior: 'FlowAlways' }),
        attributeMapping('timezone', null, { defaultValue: 'UTC' }),
      ],
    });
    const rule = (schema.synchronizationRules as Array<Record<string, unknown>>)[0];
    (rule.objectMappings as unknown[]).push({
      enabled: true,
      flowTypes: 'Add',
      sourceObjectName: 'ServicePrincipal',
      targetObjectName: 'Application',
      attributeMappings: [],
    });
    const result = convertGraphToMapping(createService(), 'file:///r/x.synchronization.json', text(schema));
    const errors = errorsOf(result.problems).join('\n');
    assert.match(errors, /flowType MultiValueAddOnly/);
    assert.match(errors, /flowBehavior FlowAlways/);
    assert.match(errors, /timezone.*no source/);
    assert.match(errors, /ServicePrincipal → Application is not converted/);
    assert.match(result.text, /"target": "title", "source": "\[jobTitle\]"/, 'the rest is still converted');
  });

  it('graph → mapping: a source whose expression and tree disagree is an error (the expression is used)', () => {
    const schema = awsSchema({
      user: [
        ...requiredUserMappings(),
        attributeMapping('title', { expression: '[mail]', name: 'jobTitle', parameters: [], type: 'Attribute' }),
      ],
    });
    const result = convertGraphToMapping(createService(), 'file:///r/x.synchronization.json', text(schema));
    assert.match(errorsOf(result.problems).join('\n'), /disagree/);
    assert.match(result.text, /"target": "title", "source": "\[mail\]"/);
  });

  it("mapping → graph: a syntax error, an unknown function and an empty slot inside Join's sources are errors", () => {
    const service = createService();
    const mapping = printMappingFile([
      {
        object: 'user',
        mappings: [
          { target: 'title', source: 'Join(" ", [givenName]' },
          { target: 'locale', source: 'Joinn(" ", [a], [b])' },
          { target: 'name.formatted', source: 'Join(" ", [givenName], , [surname])' },
        ],
      },
    ]);
    const errors = errorsOf(convertMappingToGraph(service, 'file:///r/x.mapping.jsonc', mapping).problems).join('\n');
    assert.match(errors, /does not parse/);
    assert.match(errors, /Unknown function "Joinn"/);
    assert.match(errors, /cannot be represented exactly in Graph's keyed parameters/);
  });

  it('mapping → graph: forms Graph does not document are written with a warning (comparisons, keywords, unconfirmed keys)', () => {
    const service = createService();
    const mapping = printMappingFile([
      {
        object: 'user',
        mappings: [{ target: 'title', source: 'IIF([country]="USA", InStr([mail], "x", 1, vbTextCompare), "no")' }],
      },
    ]);
    const result = convertMappingToGraph(service, 'file:///r/x.mapping.jsonc', mapping);
    assert.deepEqual(errorsOf(result.problems), []);
    const warnings = result.problems.map((p) => p.message).join('\n');
    assert.match(warnings, /comparison/);
    assert.match(warnings, /bare keyword such as vbTextCompare/);
    assert.match(warnings, /not confirmed by Graph's function schema/);
    const tree = (
      (result.schema.synchronizationRules as Array<Record<string, unknown>>)[0].objectMappings as Array<Record<string, unknown>>
    )[0].attributeMappings as Array<Record<string, unknown>>;
    assert.deepEqual((tree[0].source as Record<string, unknown>).name, 'IIF');
  });

  it("mapping → graph: numbers become Constant nodes, omitted slots are absent, keys are Graph's", () => {
    const { source } = expressionToTree(parseExpression('Replace([preferredLanguage], "-", , , "_", , )'), defaultCatalog);
    assert.deepEqual(source, {
      expression: 'Replace([preferredLanguage], "-", , , "_", , )',
      name: 'Replace',
      parameters: [
        { key: 'source', value: attribute('preferredLanguage') },
        { key: 'Find', value: constant('-') },
        { key: 'Replacement', value: constant('_') },
      ],
      type: 'Function',
    });
    const mid = expressionToTree(parseExpression('Mid([userPrincipalName], 1, 8)'), defaultCatalog).source!;
    assert.deepEqual(
      mid.parameters.map((p) => [p.key, p.value.type, p.value.name]),
      [
        ['source', 'Attribute', 'userPrincipalName'],
        ['start', 'Constant', '1'],
        ['length', 'Constant', '8'],
      ],
    );
  });
});
