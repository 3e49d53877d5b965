import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits, parse } from 'jsonc-parser';
import { fileSystemHost, toUri } from '../../server/src/cli/files';
import { catalogs } from '../../server/src/service/catalog';
import { prepareDryRun, readSamples } from '../../server/src/service/dryrun';
import {
  codeActions,
  complete,
  documentSymbols,
  editsFor,
  hover,
  inferFormatting,
  semanticTokens,
  signatureHelp,
} from '../../server/src/service/features';
import { convertMappingToGraph } from '../../server/src/service/graph/convert';
import { graphWords } from '../../server/src/service/graph/words';
import { LanguageService, type Diagnostic } from '../../server/src/service/languageService';
import type { GraphDocument, MappingDocument } from '../../server/src/service/model/types';
import { fromRoot } from '../util/paths';
import { applyTextEdits, opened, withCursor } from '../features/helpers';
import {
  attribute,
  attributeMapping,
  awsSchema,
  constant,
  createService,
  graphDocument,
  GRAPH_URI,
  requiredUserMappings,
  text,
} from './helpers';

const fixtures = fromRoot('test', 'fixtures', 'diagnostics');

/** Code, severity and message, which a Graph file and its mapping file must share (ranges differ). */
function essence(d: Diagnostic): string {
  return `${d.code} ${d.severity} ${d.message}`;
}

/** Checks of the mapping file's "provisioning" section, which a Graph schema has no place for (push sends it as secrets). */
const PROVISIONING_CODES = new Set(['secret-in-file', 'tenant-url-invalid', 'token-expiring', 'scope-all-unfiltered']);

describe('graph: diagnostics equal those of the equivalent mapping file', () => {
  it('for every mapping fixture that converts, the same findings (ranges aside)', () => {
    let compared = 0;
    for (const code of readdirSync(fixtures).sort()) {
      // Facts of the file's text that a conversion does not carry over: a repeated key, a comment.
      if (code === 'json-duplicate-key' || code === 'unused-suppression') continue;
      for (const name of readdirSync(join(fixtures, code)).filter((n) => /\.mapping\.jsonc?$/.test(n))) {
        const path = join(fixtures, code, name);
        const service = new LanguageService({ host: fileSystemHost, catalogs });
        const mappingText = readFileSync(path, 'utf8');
        const graph = convertMappingToGraph(service, toUri(path), mappingText);
        if (graph.problems.some((p) => p.severity === 'error')) continue;
        const graphPath = path.replace(/\.mapping\.jsonc?$/, '.synchronization.json');
        // A Graph schema holds no SAML settings (saml-nameid-mismatch reads a mapping file's "sso"), and its
        // messages name Graph's fields (graph/words.ts).
        const expected = service
          .validate(toUri(path), mappingText)
          .filter((d) => d.code !== 'schema' && d.code !== 'saml-nameid-mismatch' && !PROVISIONING_CODES.has(d.code))
          .map((d) => graphWords(essence(d)))
          .sort();
        const actual = service.validate(toUri(graphPath), graph.text).map(essence).sort();
        assert.deepEqual(actual, expected, `${code}/${name}`);
        compared++;
      }
    }
    assert.ok(compared >= 30, `only ${compared} fixtures compared`);
  });

  it('and the same quick fixes are offered (by title)', () => {
    const mapping = readFileSync(join(fixtures, 'expr-unknown-attribute', 'case.mapping.jsonc'), 'utf8');
    const service = createService();
    const graph = convertMappingToGraph(service, 'file:///p/case.mapping.jsonc', mapping);
    const titles = (uri: string, source: string) =>
      service
        .validate(uri, source)
        .flatMap((d) => d.data?.fixes.map((f) => `${d.code}: ${f.title}`) ?? [])
        .sort();
    assert.deepEqual(titles(GRAPH_URI, graph.text), titles('file:///p/case.mapping.jsonc', mapping));
  });
});

describe("graph: AWS-specific rules follow the schema's target", () => {
  const other = text(
    awsSchema({
      id: 'salesforce.0000',
      targetDirectoryName: 'salesforce.com',
      user: [
        attributeMapping('Username', attribute('userPrincipalName'), { matchingPriority: 1 }),
        attributeMapping('Alias', attribute('GivenName')),
      ],
    }),
  );

  it('a schema for another app gets graph-not-aws and no AWS findings; expressions are still checked', () => {
    const codes = createService()
      .validate('file:///p/sf.synchronization.json', other)
      .map((d) => d.code);
    assert.deepEqual(codes.sort(), ['expr-unknown-attribute', 'graph-not-aws']);
  });

  it('graphTarget "aws" applies the AWS rules anyway; "other" skips them on the AWS template', () => {
    const codes = createService({}, { graphTarget: 'aws' })
      .validate('file:///p/sf.synchronization.json', other)
      .map((d) => d.code);
    assert.ok(
      codes.includes('target-unknown') && codes.includes('required-missing') && !codes.includes('graph-not-aws'),
      codes.join(),
    );
    const aws = text(awsSchema({ user: [attributeMapping('nickName', attribute('mail'))] }));
    const skipped = createService({}, { graphTarget: 'other' })
      .validate('file:///p/aws.synchronization.json', aws)
      .map((d) => d.code);
    assert.deepEqual(skipped, ['graph-not-aws']);
  });
});

describe('graph: quick fixes keep source.expression and the source tree together', () => {
  function fix(source: string, code: string, title?: RegExp): string {
    const service = createService();
    const diagnostic = service
      .validate(GRAPH_URI, source)
      .find((d) => d.code === code && (!title || d.data?.fixes.some((f) => title.test(f.title))));
    assert.ok(diagnostic, `no ${code}`);
    const actions = codeActions(...opened(service, GRAPH_URI, source), diagnostic.range, [diagnostic]).filter(
      (a) => !title || title.test(a.title),
    );
    assert.ok(actions.length > 0, `no action for ${code}`);
    const after = applyTextEdits(source, actions[0].edit.changes[GRAPH_URI]);
    const errors: unknown[] = [];
    parse(after, errors as never);
    assert.deepEqual(errors, [], after);
    return after;
  }

  it('a fix inside source.expression rebuilds the tree, so no mismatch follows', () => {
    const schema = awsSchema({
      user: [
        ...requiredUserMappings(),
        attributeMapping('title', {
          expression: 'Join(" ", [GivenName], [surname])',
          name: 'Join',
          parameters: [
            { key: 'separator', value: constant(' ') },
            { key: 'source', value: attribute('GivenName') },
            { key: 'source', value: attribute('surname') },
          ],
          type: 'Function',
        }),
      ],
    });
    const after = fix(text(schema), 'expr-unknown-attribute');
    const codes = createService()
      .validate(GRAPH_URI, after)
      .map((d) => d.code);
    assert.deepEqual(codes, []);
    const title = JSON.parse(after).synchronizationRules[0].objectMappings[0].attributeMappings[5].source;
    assert.equal(title.expression, 'Join(" ", [givenName], [surname])');
    assert.equal(title.parameters[1].value.name, 'givenName');
    assert.equal(title.parameters[1].value.expression, '[givenName]');
  });

  it('a fix on a tree without expression text rewrites the tree', () => {
    const schema = awsSchema({
      user: [
        ...requiredUserMappings(),
        attributeMapping('title', {
          name: 'joinn',
          parameters: [
            { key: 'separator', value: constant(' ', false) },
            { key: 'source', value: attribute('mail', false) },
          ],
          type: 'Function',
        }),
      ],
    });
    const after = fix(text(schema), 'expr-unknown-function');
    const source = JSON.parse(after).synchronizationRules[0].objectMappings[0].attributeMappings[5].source;
    assert.equal(source.name, 'Join');
    assert.equal(source.expression, undefined, 'a tree without expressions stays without them');
    assert.deepEqual(
      createService()
        .validate(GRAPH_URI, after)
        .map((d) => d.code),
      [],
    );
  });

  it('graph-expression-mismatch offers both directions', () => {
    const schema = awsSchema({
      user: [
        ...requiredUserMappings(),
        attributeMapping('title', { expression: '[jobTitle]', name: 'department', parameters: [], type: 'Attribute' }),
      ],
    });
    const source = text(schema);
    const rebuilt = JSON.parse(fix(source, 'graph-expression-mismatch', /Rebuild/)).synchronizationRules[0].objectMappings[0]
      .attributeMappings[5].source;
    assert.deepEqual(rebuilt, attribute('jobTitle'));
    const rewritten = JSON.parse(fix(source, 'graph-expression-mismatch', /Rewrite/)).synchronizationRules[0].objectMappings[0]
      .attributeMappings[5].source;
    assert.equal(rewritten.expression, '[department]');
  });

  it('adding a required mapping writes a Graph attribute mapping with its tree', () => {
    const schema = awsSchema({ user: requiredUserMappings().filter((m) => m.targetAttributeName !== 'name.familyName') });
    const after = fix(text(schema), 'required-missing');
    const added = JSON.parse(after).synchronizationRules[0].objectMappings[0].attributeMappings.at(-1);
    assert.deepEqual(added, attributeMapping('name.familyName', attribute('surname')));
  });

  it('moving the matching attribute sets matchingPriority (0 on the old one)', () => {
    const mappings = requiredUserMappings();
    mappings[0] = attributeMapping('userName', attribute('userPrincipalName'));
    mappings.push(attributeMapping('displayName', attribute('displayName')));
    mappings.splice(2, 1);
    mappings[mappings.length - 1].matchingPriority = 1;
    const after = fix(text(awsSchema({ user: mappings })), 'matching-not-filterable');
    const result = JSON.parse(after).synchronizationRules[0].objectMappings[0].attributeMappings as Array<
      Record<string, unknown>
    >;
    assert.deepEqual(
      result.map((m) => [m.targetAttributeName, m.matchingPriority]).filter(([, p]) => p !== 0),
      [['userName', 1]],
    );
  });

  it('fix data of the edit layer: remove-mapping removes the Graph attribute mapping', () => {
    const schema = awsSchema({ user: [...requiredUserMappings(), attributeMapping('password', attribute('mail'))] });
    const source = text(schema);
    const service = createService();
    const doc = graphDocument(service, source);
    const edits = editsFor(
      service.catalog,
      doc,
      { fix: 'remove-mapping', object: 'user', index: 5, title: 'x' },
      inferFormatting(source),
    );
    const after = applyEdits(source, edits);
    assert.equal(JSON.parse(after).synchronizationRules[0].objectMappings[0].attributeMappings.length, 5);
  });
});

describe('graph: completion, hover, signature help and symbols', () => {
  const schema = (source: unknown, target = 'title') =>
    text(awsSchema({ user: [...requiredUserMappings(), attributeMapping(target, source)] }));

  function at(template: string, marker = '|'): { text: string; position: { line: number; character: number } } {
    const { text: t, position } = withCursor(template, marker);
    return { text: t, position };
  }

  it('completes AWS targets in targetAttributeName', () => {
    const { text: t, position } = at(schema(attribute('mail'), '|'));
    const labels = complete(...opened(createService(), GRAPH_URI, t), position).items.map((i) => i.label);
    assert.ok(labels.includes('emails[type eq "work"].value'), labels.slice(0, 5).join());
  });

  it('completes attributes and functions inside source.expression', () => {
    const { text: t, position } = at(schema({ expression: 'Join(" ", [giv|', name: 'Join', parameters: [], type: 'Function' }));
    const items = complete(...opened(createService(), GRAPH_URI, t), position).items;
    assert.ok(items.some((i) => i.label === 'givenName'));
  });

  it('completes attribute names, function names and Graph parameter keys in a source tree', () => {
    const service = createService();
    const attributeName = at(schema({ name: 'sur|', type: 'Attribute' }));
    assert.ok(
      complete(...opened(service, GRAPH_URI, attributeName.text), attributeName.position).items.some(
        (i) => i.label === 'surname' && i.textEdit.newText === 'surname',
      ),
    );
    const functionName = at(schema({ name: 'Rep|', type: 'Function', parameters: [] }));
    assert.ok(
      complete(...opened(service, GRAPH_URI, functionName.text), functionName.position).items.some((i) => i.label === 'Replace'),
    );
    const key = at(
      schema({
        name: 'Replace',
        type: 'Function',
        parameters: [
          { key: 'source', value: attribute('mail') },
          { key: '|', value: constant('-') },
        ],
      }),
    );
    const keys = complete(...opened(service, GRAPH_URI, key.text), key.position).items.map((i) => i.label);
    assert.deepEqual(keys, [
      'Find',
      'RegularExpression',
      'RegularExpressionGroupName',
      'Replacement',
      'ReplacementPropertyName',
      'Template',
    ]);
  });

  it('completes flowType values and clause operators', () => {
    const service = createService();
    const flow = at(text(awsSchema({ user: [attributeMapping('title', attribute('mail'), { flowType: 'Obj|' })] })));
    const values = complete(...opened(service, GRAPH_URI, flow.text), flow.position).items.map((i) => i.label);
    assert.ok(values.includes('ObjectAddOnly') && values.includes('Always'), values.join());
    const operator = at(
      text(
        awsSchema({
          user: [attributeMapping('title', attribute('mail'))],
          userScope: {
            groups: [
              {
                name: 'x',
                clauses: [{ operatorName: 'EQ|', sourceOperandName: 'department', targetOperand: { values: ['a'] } }],
              },
            ],
          },
        }),
      ),
    );
    assert.ok(complete(...opened(service, GRAPH_URI, operator.text), operator.position).items.some((i) => i.label === 'EQUALS'));
  });

  it('hovers functions and attributes in the tree, and targets', () => {
    const service = createService();
    const fn = at(
      schema({
        name: 'Jo|in',
        type: 'Function',
        parameters: [
          { key: 'separator', value: constant(' ') },
          { key: 'source', value: attribute('mail') },
        ],
      }),
    );
    assert.match(hover(...opened(service, GRAPH_URI, fn.text), fn.position)?.contents.value ?? '', /Join/);
    const attr = at(schema({ name: 'ma|il', type: 'Attribute' }));
    assert.match(hover(...opened(service, GRAPH_URI, attr.text), attr.position)?.contents.value ?? '', /mail/);
    const key = at(
      schema({
        name: 'Replace',
        type: 'Function',
        parameters: [
          { key: 'source', value: attribute('mail') },
          { key: 'Fi|nd', value: constant('-') },
        ],
      }),
    );
    assert.match(hover(...opened(service, GRAPH_URI, key.text), key.position)?.contents.value ?? '', /oldValue/);
    const target = at(schema(attribute('mail'), 'ti|tle'));
    assert.match(hover(...opened(service, GRAPH_URI, target.text), target.position)?.contents.value ?? '', /title/);
  });

  it('gives signature help inside source.expression', () => {
    const { text: t, position } = at(schema({ expression: 'Mid([mail], |', name: 'Mid', parameters: [], type: 'Function' }));
    const help = signatureHelp(...opened(createService(), GRAPH_URI, t), position);
    assert.equal(help?.signatures[0].label.startsWith('Mid('), true);
    assert.equal(help?.activeParameter, 1);
  });

  it('colours expressions in source.expression strings (not trees without text)', () => {
    const withText = text(
      awsSchema({
        user: [
          attributeMapping('title', {
            expression: 'Join(" ", [mail])',
            name: 'Join',
            parameters: [
              { key: 'separator', value: constant(' ') },
              { key: 'source', value: attribute('mail') },
            ],
            type: 'Function',
          }),
        ],
      }),
    );
    assert.ok(semanticTokens(...opened(createService(), GRAPH_URI, withText)).data.length > 0);
    const treeOnly = text(awsSchema({ user: [attributeMapping('title', attribute('mail', false))] }));
    assert.deepEqual(semanticTokens(...opened(createService(), GRAPH_URI, treeOnly)).data, []);
  });

  it('lists the user and group object mappings as symbols', () => {
    const source = text(
      awsSchema({
        user: requiredUserMappings(),
        group: [attributeMapping('displayName', attribute('displayName'), { matchingPriority: 1 })],
      }),
    );
    const symbols = documentSymbols(...opened(createService(), GRAPH_URI, source));
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['target', 'user', 'group'],
    );
    assert.deepEqual(
      symbols[1].children?.map((c) => c.name),
      ['userName', 'active', 'displayName', 'name.givenName', 'name.familyName'],
    );
  });
});

describe('graph: the dry run', () => {
  it('gives a Graph schema the same result as the mapping file it was converted from', () => {
    const path = fromRoot('examples', 'aws-iam-identity-center.mapping.jsonc');
    const service = new LanguageService({ host: fileSystemHost, catalogs });
    const mapping = service.getDocument(toUri(path), readFileSync(path, 'utf8'), 'mapping') as MappingDocument;
    const graphPath = fromRoot('examples', 'graph', 'aws-iam-identity-center.synchronization.json');
    const graph = service.getDocument(toUri(graphPath), readFileSync(graphPath, 'utf8')) as GraphDocument;
    assert.equal(graph.kind, 'graph');
    const { samples } = readSamples(readFileSync(fromRoot('examples', 'users', 'alice.user.json'), 'utf8'), {
      object: 'user',
      catalog: service.catalog,
      file: 'alice.user.json',
    });
    const options = { clock: () => Date.parse('2025-01-31T12:00:00Z'), seed: 1 };
    const fromMapping = prepareDryRun(service, mapping, 'user').run(samples[0], options);
    const fromGraph = prepareDryRun(service, graph, 'user').run(samples[0], options);
    const strip = (r: typeof fromMapping) => ({
      action: r.action,
      requests: r.requests,
      attributes: r.attributes.map((a) => [a.target, a.value, a.status]),
      problems: r.problems.map((p) => p.code),
      inScope: r.inScope,
      scope: r.scope,
    });
    assert.deepEqual(strip(fromGraph), strip(fromMapping));
  });
});
