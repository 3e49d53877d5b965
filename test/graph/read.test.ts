import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { documentKindFromContent, documentKindOf } from '../../server/src/service/model/parse';
import { fileSpan, innerSpan } from '../../server/src/service/rules/util';
import { fromRoot } from '../util/paths';
import {
  attribute,
  attributeMapping,
  awsSchema,
  constant,
  covered,
  createService,
  graphDocument,
  requiredUserMappings,
  text,
} from './helpers';

describe('graph: recognising synchronization schemas', () => {
  it('by name: *.synchronization.json and *.sync-schema.json (json or jsonc)', () => {
    assert.equal(documentKindOf('/a/aws.synchronization.json'), 'graph');
    assert.equal(documentKindOf('file:///a/aws.sync-schema.json'), 'graph');
    assert.equal(documentKindOf('aws.SYNCHRONIZATION.jsonc'), 'graph');
    assert.equal(documentKindOf('aws.json'), undefined);
    assert.equal(documentKindOf('x.mapping.json'), 'mapping');
  });

  it('by content: a top-level synchronizationRules array, or one inside a job, template or templates response', () => {
    assert.equal(documentKindFromContent('{ "synchronizationRules": [] }'), 'graph');
    assert.equal(documentKindFromContent('{ "id": "job", "schema": { "synchronizationRules": [] } }'), 'graph');
    assert.equal(
      documentKindFromContent('{ "value": [ { "id": "aWSSingleSignon", "schema": { "synchronizationRules": [] } } ] }'),
      'graph',
    );
    assert.equal(documentKindFromContent('{ "filters": [] }'), 'scope');
    assert.equal(documentKindFromContent('{ "user": { "mappings": [] } }'), 'mapping');
  });
});

describe('graph: the model, with exact ranges into the Graph JSON', () => {
  const schema = awsSchema({
    user: [
      ...requiredUserMappings(),
      attributeMapping('title', attribute('jobTitle'), { flowType: 'ObjectAddOnly', defaultValue: 'Employee' }),
      attributeMapping('preferredLanguage', null, { defaultValue: 'en-US' }),
    ],
    group: [attributeMapping('displayName', attribute('displayName'), { matchingPriority: 1 })],
    userScope: {
      groups: [
        {
          name: 'Engineers',
          clauses: [
            { operatorName: 'EQUALS', sourceOperandName: 'department', targetOperand: { values: ['Engineering'] } },
            { operatorName: 'IS TRUE', sourceOperandName: 'accountEnabled', targetOperand: { values: [] } },
          ],
        },
      ],
      inputFilterGroups: [],
      categoryFilterGroups: [],
    },
  });
  const source = text(schema);
  const service = createService();
  const doc = graphDocument(service, source);

  it('reads User and Group object mappings as user and group sections', () => {
    assert.deepEqual(
      doc.objects.map((o) => o.object),
      ['user', 'group'],
    );
    assert.equal(covered(source, doc.objects[0].keySpan), '"User"');
    assert.equal(doc.graph.aws, true);
    assert.match(doc.graph.awsEvidence ?? '', /aWSSingleSignon/);
    assert.equal(doc.target?.value, 'AWSSingleSignon');
  });

  it('reads each attribute mapping: target, source, matchingPriority, flowType, defaultValue', () => {
    const user = doc.objects[0].mappings;
    assert.equal(user.length, 7);
    assert.equal(covered(source, user[0].target!.span), '"userName"');
    assert.equal(user[0].matchingPrecedence?.value, 1);
    assert.equal(covered(source, user[0].matchingPrecedence!.span), '1');
    assert.equal(user[1].matchingPrecedence?.value, 0);
    assert.equal(user[5].apply?.value, 'on-create');
    assert.equal(covered(source, user[5].apply!.span), '"ObjectAddOnly"');
    assert.equal(user[0].apply?.value, 'always');
    assert.equal(user[5].default?.value, 'Employee');
    assert.equal(user[0].default, undefined, 'defaultValue null is no default');
    assert.equal(user[6].source, undefined, 'source null has no expression');
    assert.equal(user[6].default?.value, 'en-US');
  });

  it('takes source.expression when present, with ranges through the JSON string escapes', () => {
    const active = doc.objects[0].mappings[1].source!;
    assert.equal(active.value, 'Switch([IsSoftDeleted], , "False", "True", "True", "False")');
    assert.equal(active.graph?.fromTree, false);
    const call = active.parsed.root!;
    assert.equal(call.kind, 'call');
    assert.equal(covered(source, fileSpan(active, call.start, call.end)), JSON.stringify(active.value).slice(1, -1));
    if (call.kind !== 'call') return;
    const firstString = call.args[2].value!;
    assert.equal(covered(source, fileSpan(active, firstString.start, firstString.end)), '\\"False\\"');
  });

  it('reads scope groups as filters: sourceOperandName, operatorName and targetOperand.values[0]', () => {
    const scope = doc.objects[0].scope;
    assert.equal(scope?.kind, 'inline');
    if (scope?.kind !== 'inline') return;
    const [clause, unary] = scope.filters[0].clauses;
    assert.equal(covered(source, clause.attribute!.span), '"department"');
    assert.equal(covered(source, clause.operator!.span), '"EQUALS"');
    assert.equal(covered(source, clause.value!.span), '"Engineering"');
    assert.equal(unary.value, undefined);
    assert.equal(unary.graph?.valueCount, 0);
  });

  it('a schema with no problems has no diagnostics', () => {
    assert.deepEqual(
      service.validate('file:///x/clean.synchronization.json', source).filter((d) => d.severity !== 'information'),
      [],
    );
  });
});

describe('graph: a source tree without expression text', () => {
  const join = {
    name: 'Join',
    parameters: [
      { key: 'separator', value: constant(' ', false) },
      { key: 'source', value: attribute('GivenName', false) },
      { key: 'source', value: attribute('surname', false) },
    ],
    type: 'Function',
  };
  const replace = {
    name: 'Replace',
    parameters: [
      { key: 'source', value: attribute('preferredLanguage', false) },
      { key: 'Find', value: constant('-', false) },
      { key: 'Replacement', value: constant('_', false) },
    ],
    type: 'Function',
  };
  const switchNode = {
    name: 'Switch',
    parameters: [
      { key: 'source', value: attribute('IsSoftDeleted', false) },
      { key: 'switchValue', value: constant('False', false) },
      { key: 'switchValue', value: constant('True', false) },
    ],
    type: 'Function',
  };
  const source = text(
    awsSchema({
      user: [
        attributeMapping('name.formatted', join),
        attributeMapping('locale', replace),
        attributeMapping('title', switchNode),
      ],
    }),
  );
  const service = createService();
  const doc = graphDocument(service, source);
  const [formatted, locale, title] = doc.objects[0].mappings.map((m) => m.source!);

  it('is printed as an expression, placing keyed parameters in their positional slots', () => {
    assert.equal(formatted.value, 'Join(" ", [GivenName], [surname])');
    assert.equal(formatted.graph?.fromTree, true);
    assert.equal(locale.value, 'Replace([preferredLanguage], "-", , , "_")');
    assert.equal(title.value, 'Switch([IsSoftDeleted], , "False", "True")');
  });

  it('maps every expression node to the JSON it came from', () => {
    const call = formatted.parsed.root!;
    if (call.kind !== 'call') throw new Error('not a call');
    assert.equal(covered(source, fileSpan(formatted, call.nameStart, call.nameEnd)), 'Join');
    const given = call.args[1].value!;
    assert.equal(covered(source, fileSpan(formatted, given.start, given.end)), '"GivenName"');
    assert.equal(covered(source, fileSpan(formatted, given.start + 1, given.end - 1)), 'GivenName');
    const separator = call.args[0].value!;
    assert.equal(covered(source, fileSpan(formatted, separator.start, separator.end)), '" "');
    assert.ok(covered(source, innerSpan(formatted)).trim().startsWith('"name": "Join"'));
  });

  it('a diagnostic underlines the right "name" in the tree', () => {
    const found = service.validate(doc.uri, source).find((d) => d.code === 'expr-unknown-attribute');
    assert.ok(found);
    const start = doc.lines.offsetAt(found.range.start);
    const end = doc.lines.offsetAt(found.range.end);
    assert.equal(source.slice(start, end), '"GivenName"');
  });
});

describe('graph: custom attributes from directories[] extend the catalogs for that file', () => {
  const schema = awsSchema({
    user: [
      ...requiredUserMappings(),
      attributeMapping('title', attribute('costCode')),
      attributeMapping('locale', attribute('employeeType')),
    ],
    directories: [
      {
        id: '66e4a8cc-1b7b-435e-95f8-f06cea133828',
        name: 'Azure Active Directory',
        objects: [
          {
            name: 'User',
            attributes: [
              { name: 'costCode', type: 'String', multivalued: false },
              { name: 'employeeType', type: 'String' },
              { name: 'mail', type: 'String' },
            ],
          },
        ],
      },
    ],
  });
  const source = text(schema);

  it('an attribute the directory defines is known; one it does not is still unknown', () => {
    const service = createService();
    const doc = graphDocument(service, source);
    assert.deepEqual(
      doc.graph.customAttributes.map((a) => a.name),
      ['costCode', 'employeeType'],
    );
    const codes = service.validate(doc.uri, source).map((d) => d.code);
    assert.ok(!codes.includes('expr-unknown-attribute'), codes.join());
    assert.ok(!codes.includes('expr-attribute-unverified'), 'the tenant confirms employeeType');
    const without = text({ ...schema, directories: [] });
    assert.ok(service.validate('file:///y.synchronization.json', without).some((d) => d.code === 'expr-unknown-attribute'));
  });

  it('the bundled catalog stays as it was for other files', () => {
    const service = createService();
    graphDocument(service, source);
    assert.equal(service.catalog.entraAttribute('user', 'costCode'), undefined);
  });
});

describe('graph: the documented examples read without structural problems', () => {
  it('the AWS gallery template (a templates response) is found inside value[0].schema', () => {
    const source = readFileSync(fromRoot('test', 'fixtures', 'graph', 'default-schema.json'), 'utf8');
    const service = createService();
    const doc = service.getDocument('file:///r/default-schema.json', source, 'graph');
    assert.equal(doc?.kind, 'graph');
    if (doc?.kind !== 'graph') return;
    assert.deepEqual(doc.graph.schemaPath, ['value', 0, 'schema']);
    assert.equal(doc.objects[0].object, 'group');
    assert.equal(doc.objects[0].mappings[0].source?.value, '[members]');
    const structural = service.validate(doc.uri, source, 'graph').filter((d) => d.code === 'schema' || d.code === 'json-syntax');
    assert.deepEqual(structural, []);
  });

  it('the bundled Graph example is clean', () => {
    const path = fromRoot('examples', 'graph', 'aws-iam-identity-center.synchronization.json');
    const service = createService();
    assert.deepEqual(service.validate('file://' + path, readFileSync(path, 'utf8')), []);
  });
});
