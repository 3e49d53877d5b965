/**
 * The project config, suppressions, safe fixes and input hygiene at the service boundary: the
 * same code the CLI and the language server use.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { catalogs, defaultCatalog } from '../server/src/service/catalog';
import { parseProjectConfig } from '../server/src/service/config/projectConfig';
import { detectCsvDelimiter, readSamples, seededRandom } from '../server/src/service/dryrun';
import { codeActions, hover, suppressionCodeActions } from '../server/src/service/features';
import { applySafeFixes } from '../server/src/service/features/safeFixes';
import { LanguageService, type ServiceHost } from '../server/src/service/languageService';
import { projectSettingsReader, ProjectConfigFinder } from '../server/src/host/projectConfigFiles';
import { unifiedDiff } from '../server/src/cli/unifiedDiff';
import { applyTextEdits, completeAt, mappingFile, MAPPING_URI, opened } from './features/helpers';
import { RULES } from '../server/src/service/rules';
import { fromRoot } from './util/paths';

const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'scim-config-')));
  temps.push(dir);
  return dir;
}

const BASE = [
  '{ "target": "userName", "source": "[userPrincipalName]", "matchingPrecedence": 1 }',
  '{ "target": "active", "source": "Switch([IsSoftDeleted], , \\"False\\", \\"True\\", \\"True\\", \\"False\\")" }',
  '{ "target": "displayName", "source": "[displayName]" }',
  '{ "target": "name.givenName", "source": "[givenName]" }',
  '{ "target": "name.familyName", "source": "[surname]" }',
];

describe('project config: parsing', () => {
  it('reads every documented field, with comments and a BOM', () => {
    const { config, problems } = parseProjectConfig(
      '\uFEFF// team config\n{ "rules": { "risky-characters": "off" }, "ignore": ["gen/**"], "sourceAttributes": { "user": [{ "name": "costCentre", "type": "String" }], "group": [{ "name": "groupCode", "multiValued": true }] }, "graphTarget": "aws" }',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      rules: { 'risky-characters': 'off' },
      ignore: ['gen/**'],
      sourceAttributes: {
        user: [{ name: 'costCentre', type: 'String', multiValued: false }],
        group: [{ name: 'groupCode', type: 'String', multiValued: true }],
      },
      graphTarget: 'aws',
    });
  });

  it('reports each mistake with its position', () => {
    const cases: Array<[string, RegExp]> = [
      ['{ "rules": { "nope": "error" } }', /Unknown rule "nope"/],
      ['{ "rules": { "schema": "loud" } }', /severity of "schema" must be one of/],
      ['{ "ignore": "gen" }', /"ignore" must be an array/],
      ['{ "graphTarget": "gcp" }', /"graphTarget" must be one of/],
      ['{ "sourceAttributes": { "user": [{ "type": "String" }] } }', /needs a "name"/],
      ['{ "sourceAttributes": { "device": [] } }', /"user" and "group", not "device"/],
      ['{ "colour": 1 }', /Unknown property "colour"/],
      ['{ "rules": ', /Invalid JSON/],
      ['[]', /must be a JSON object/],
    ];
    for (const [text, message] of cases) {
      const { problems } = parseProjectConfig(text);
      assert.ok(
        problems.some((p) => message.test(p.message)),
        `${text}: ${JSON.stringify(problems)}`,
      );
    }
    assert.deepEqual(
      parseProjectConfig('{\n  "rules": { "x": "off" }\n}').problems.map((p) => [p.line, p.character]),
      [[1, 13]],
    );
  });

  it('the JSON Schema for editors lists exactly the rule codes', () => {
    const schema = JSON.parse(readFileSync(fromRoot('schemas', 'scim-mapper-config.schema.json'), 'utf8')) as {
      properties: { rules: { properties: Record<string, unknown> } };
    };
    assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), RULES.map((r) => r.code).sort());
    const manifest = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as {
      contributes: { jsonValidation: Array<{ fileMatch: string[]; url: string }> };
    };
    assert.ok(
      manifest.contributes.jsonValidation.some(
        (v) =>
          v.url === './schemas/scim-mapper-config.schema.json' &&
          v.fileMatch.includes('.scim-mapper.json') &&
          v.fileMatch.includes('.scim-mapper.jsonc'),
      ),
    );
  });
});

describe('project config: discovery and the language service', () => {
  it('the nearest config wins; the file wins over the editor settings where both speak', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'team', 'deep'), { recursive: true });
    writeFileSync(join(dir, '.scim-mapper.json'), '{ "rules": { "expr-function-case": "error" } }');
    writeFileSync(join(dir, 'team', '.scim-mapper.jsonc'), '{ "rules": { "expr-function-case": "hint" } }');
    const finder = new ProjectConfigFinder();
    assert.equal(finder.forFile(join(dir, 'team', 'deep', 'x.mapping.jsonc'))?.path, join(dir, 'team', '.scim-mapper.jsonc'));
    assert.equal(finder.forFile(join(dir, 'x.mapping.jsonc'))?.path, join(dir, '.scim-mapper.json'));

    const reader = projectSettingsReader();
    const host: ServiceHost = { readFile: () => undefined, projectSettings: (uri) => reader.read(uri) };
    // The editor says warning for one rule and off for another; the file speaks only about the first.
    const service = new LanguageService({
      host,
      catalogs,
      settings: { rules: { 'expr-function-case': 'warning', 'expr-function-undocumented': 'off' } },
    });
    const text = mappingFile([
      ...BASE,
      '{ "target": "title", "source": "switch([jobTitle], \\"x\\", \\"a\\", \\"b\\")" }',
      '{ "target": "locale", "source": "Trim([preferredLanguage])" }',
    ]);
    const severities = (path: string) =>
      Object.fromEntries(service.validate(pathToFileURL(path).href, text).map((d) => [d.code, d.severity]));
    assert.deepEqual(severities(join(dir, 'team', 'deep', 'a.mapping.jsonc')), { 'expr-function-case': 'hint' });
    assert.deepEqual(severities(join(dir, 'b.mapping.jsonc')), { 'expr-function-case': 'error' });
    // A changed config is seen once the reader is invalidated (the language server does so before each check).
    writeFileSync(
      join(dir, 'team', '.scim-mapper.jsonc'),
      '{ "rules": { "expr-function-case": "off", "expr-function-undocumented": "information" } }',
    );
    reader.invalidate();
    assert.deepEqual(severities(join(dir, 'team', 'deep', 'a.mapping.jsonc')), { 'expr-function-undocumented': 'information' });
  });

  it('declared sourceAttributes are known to checks, completion and hover', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, '.scim-mapper.json'),
      '{ "sourceAttributes": { "user": [{ "name": "costCentre", "type": "String" }] } }',
    );
    const reader = projectSettingsReader();
    const service = new LanguageService({
      host: { readFile: () => undefined, projectSettings: (uri) => reader.read(uri) },
      catalogs,
    });
    const uri = pathToFileURL(join(dir, 'cost.mapping.jsonc')).href;
    const text = mappingFile([...BASE, '{ "target": "title", "source": "[costCentre]" }']);
    assert.deepEqual(
      service.validate(uri, text).map((d) => d.code),
      [],
    );
    const elsewhere = pathToFileURL(join(tempDir(), 'cost.mapping.jsonc')).href;
    assert.deepEqual(
      service.validate(elsewhere, text).map((d) => d.code),
      ['expr-unknown-attribute'],
    );
    const completion = completeAt(mappingFile([...BASE, '{ "target": "title", "source": "[cost|" }']), { uri, service });
    assert.ok(completion.labels.includes('costCentre'), completion.labels.join());
    const offset = text.indexOf('costCentre') + 2;
    const lines = text.slice(0, offset).split('\n');
    const shown = hover(...opened(service, uri, text), { line: lines.length - 1, character: lines[lines.length - 1].length });
    assert.match(JSON.stringify(shown), /project config/);
  });
});

describe('suppressions', () => {
  it('next-line and same-line comments drop the named findings, and only those', () => {
    const service = new LanguageService({ host: { readFile: () => undefined }, catalogs });
    const text = mappingFile([
      ...BASE,
      '// scim-mapper-disable-next-line expr-function-case, expr-function-undocumented -- reviewed\n      { "target": "title", "source": "switch([jobTitle], \\"x\\", \\"a\\", Trim(\\"b\\"))" }',
      '{ "target": "locale", "source": "Trim([preferredLanguage])" } /* scim-mapper-disable-line expr-function-undocumented */',
      '{ "target": "nickName", "source": "switch([mailNickname], \\"x\\", \\"a\\", \\"b\\")" }',
    ]);
    const codes = service.validate(MAPPING_URI, text).map((d) => `${d.range.start.line}:${d.code}`);
    assert.deepEqual(codes, ['12:expr-function-case']);
  });

  it('a quick fix inserts a suppression that silences the diagnostic, or extends the one above', () => {
    const service = new LanguageService({ host: { readFile: () => undefined }, catalogs });
    const text = mappingFile([...BASE, '{ "target": "title", "source": "switch([jobTitle], \\"x\\", \\"a\\", Trim(\\"b\\"))" }']);
    const diagnostics = service.validate(MAPPING_URI, text);
    const caseDiagnostic = diagnostics.find((d) => d.code === 'expr-function-case')!;
    const [action] = suppressionCodeActions(...opened(service, MAPPING_URI, text), caseDiagnostic.range, [caseDiagnostic]);
    assert.equal(action.title, 'Suppress expr-function-case for this line');
    const once = applyTextEdits(text, action.edit.changes[MAPPING_URI]);
    assert.match(once, /\n {6}\/\/ scim-mapper-disable-next-line expr-function-case\n {6}\{ "target": "title"/);
    const left = service.validate(MAPPING_URI, once);
    assert.deepEqual(
      left.map((d) => d.code),
      ['expr-function-undocumented'],
    );
    const [second] = suppressionCodeActions(...opened(service, MAPPING_URI, once), left[0].range, left);
    const twice = applyTextEdits(once, second.edit.changes[MAPPING_URI]);
    assert.match(twice, /\/\/ scim-mapper-disable-next-line expr-function-case, expr-function-undocumented\n/);
    assert.deepEqual(service.validate(MAPPING_URI, twice), []);
    // The rule's own fixes still come first and unchanged.
    assert.ok(
      codeActions(...opened(service, MAPPING_URI, text), caseDiagnostic.range, [caseDiagnostic]).every(
        (a) => !a.title.startsWith('Suppress'),
      ),
    );
  });
});

describe('--fix: safe fixes', () => {
  it('property: on generated files with typos, every fixed file parses and has no more errors than before', () => {
    const random = seededRandom(20261207);
    const typos: Array<(s: string) => string> = [
      (s) => s.replace('[givenName]', '[GivenName]'),
      (s) => s.replace('[surname]', '[surnam]'),
      (s) => s.replace('Switch(', 'switch('),
      (s) => s.replace('"displayName" }', '"displayname" }'),
      (s) => s.replace('"name.familyName"', '"name.familyname"'),
      (s) => s.replace('[displayName]', 'Joinn(" ", [displayName])'),
      (s) => s.replace('[userPrincipalName]', '[userPrincipalNam]'),
      (s) => s.replace('}', '} // a comment'),
      (s) => s.replace('"source"', '"source": "[mail]", "source"'),
      (s) => s.replace('[', ''),
      (s) => s.replace(']', ''),
      (s) => s.replace('"userName"', '"usrName"'),
    ];
    const service = new LanguageService({ host: { readFile: () => undefined }, catalogs });
    let changed = 0;
    for (let i = 0; i < 150; i++) {
      let text = mappingFile(BASE);
      const count = 1 + Math.floor(random() * 4);
      for (let k = 0; k < count; k++) text = typos[Math.floor(random() * typos.length)](text);
      const uri = `file:///p/gen${i}.mapping.jsonc`;
      const before = service.validate(uri, text);
      const result = applySafeFixes(...opened(service, uri, text, 'mapping'), before);
      const errors = (list: typeof before) => list.filter((d) => d.severity === 'error').length;
      if (result.text !== text) {
        changed++;
        const document = service.getDocument(uri, result.text, 'mapping');
        assert.equal(document?.syntaxErrors.length, 0, `fixed file ${i} parses:\n${result.text}`);
        assert.ok(errors(service.validate(uri, result.text)) <= errors(before), `fixed file ${i} has no more errors`);
        // Never a mapping removed or added: the same number of targets.
        assert.equal((result.text.match(/"target"/g) ?? []).length, (text.match(/"target"/g) ?? []).length);
      }
    }
    assert.ok(changed > 50, `${changed} files fixed`);
  });

  it('quoting: a one-element array or a padded integer becomes the plain string; a fraction is left alone', () => {
    const service = new LanguageService({ host: { readFile: () => undefined }, catalogs });
    const uri = 'file:///p/eng.scope.jsonc';
    const text =
      '{\n  "filters": [\n    { "clauses": [\n      { "attribute": "department", "operator": "EQUALS", "value": ["Engineering"] },\n      { "attribute": "extensionAttribute1", "operator": "Greater_Than", "value": " 10 " },\n      { "attribute": "extensionAttribute2", "operator": "Greater_Than", "value": "10.5" }\n    ] }\n  ]\n}\n';
    const result = applySafeFixes(...opened(service, uri, text, 'scope'), service.validate(uri, text));
    assert.match(result.text, /"value": "Engineering"/);
    assert.match(result.text, /"value": "10" \}/);
    assert.match(result.text, /"value": "10\.5"/);
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ['scope-operator-value'],
    );
  });

  it('leaves ambiguous and destructive fixes alone', () => {
    const service = new LanguageService({ host: { readFile: () => undefined }, catalogs });
    const text = mappingFile([
      ...BASE,
      '{ "target": "title", "source": "[jobTitle]" }',
      '{ "target": "title", "source": "[department]" }',
      '{ "target": "password", "source": "[mail]" }',
    ]);
    const result = applySafeFixes(...opened(service, MAPPING_URI, text, 'mapping'), service.validate(MAPPING_URI, text));
    assert.equal(result.text, text);
  });

  it('unified diff: hunks with context, counts and both ends', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before.replace('line 2\n', 'line two\n').replace('line 19\n', 'line nineteen\n');
    assert.equal(
      unifiedDiff('x.mapping.jsonc', before, after),
      [
        '--- a/x.mapping.jsonc',
        '+++ b/x.mapping.jsonc',
        '@@ -1,5 +1,5 @@',
        ' line 1',
        '-line 2',
        '+line two',
        ' line 3',
        ' line 4',
        ' line 5',
        '@@ -16,5 +16,5 @@',
        ' line 16',
        ' line 17',
        ' line 18',
        '-line 19',
        '+line nineteen',
        ' line 20',
        '',
      ].join('\n'),
    );
    assert.equal(unifiedDiff('x', 'same\n', 'same\n'), '');
  });
});

describe('input hygiene: samples', () => {
  it("detects the CSV delimiter: comma, semicolon, tab, and Excel's sep= line", () => {
    assert.equal(detectCsvDelimiter('userPrincipalName,displayName\n'), ',');
    assert.equal(detectCsvDelimiter('userPrincipalName;displayName;"a,b"\n'), ';');
    assert.equal(detectCsvDelimiter('userPrincipalName\tdisplayName\n'), '\t');
    for (const text of [
      'userPrincipalName;displayName\nalice@contoso.com;Alice Smith\n',
      'userPrincipalName\tdisplayName\nalice@contoso.com\tAlice Smith\n',
      'sep=;\nuserPrincipalName;displayName\nalice@contoso.com;Alice Smith\n',
      '\uFEFFuserPrincipalName,displayName\nalice@contoso.com,Alice Smith\n',
    ]) {
      const parsed = readSamples(text, { object: 'user', catalog: defaultCatalog, file: 'people.csv' });
      assert.deepEqual(parsed.errors, [], JSON.stringify(text));
      assert.equal(parsed.samples[0].attributes.displayName, 'Alice Smith', JSON.stringify(text));
      assert.equal(parsed.samples[0].attributes.userPrincipalName, 'alice@contoso.com');
    }
  });

  it('reads PowerShell Get-MgUser JSON (PascalCase, Id) like Graph JSON', () => {
    const powershell = JSON.stringify({
      Id: '6e7b768e-07e2-4810-8459-485f84f8f204',
      AccountEnabled: true,
      DisplayName: 'Alice Smith',
      GivenName: 'Alice',
      Surname: 'Smith',
      UserPrincipalName: 'alice@contoso.com',
      Mail: 'alice@contoso.com',
      BusinessPhones: ['+1 425 555 0100'],
      MobilePhone: null,
      OnPremisesExtensionAttributes: { ExtensionAttribute1: 'CC-42', ExtensionAttribute2: null },
      AdditionalProperties: { '@odata.type': '#microsoft.graph.user' },
    });
    const graph = JSON.stringify({
      id: '6e7b768e-07e2-4810-8459-485f84f8f204',
      accountEnabled: true,
      displayName: 'Alice Smith',
      givenName: 'Alice',
      surname: 'Smith',
      userPrincipalName: 'alice@contoso.com',
      mail: 'alice@contoso.com',
      businessPhones: ['+1 425 555 0100'],
      onPremisesExtensionAttributes: { extensionAttribute1: 'CC-42', extensionAttribute2: null },
      '@odata.type': '#microsoft.graph.user',
    });
    const read = (text: string) => readSamples(text, { object: 'user', catalog: defaultCatalog, file: 'alice.json' });
    const fromPowerShell = read(powershell);
    assert.deepEqual(fromPowerShell.errors, []);
    assert.deepEqual(fromPowerShell.samples[0].attributes, read(graph).samples[0].attributes);
    assert.equal(fromPowerShell.samples[0].attributes.objectId, '6e7b768e-07e2-4810-8459-485f84f8f204');
    assert.equal(fromPowerShell.samples[0].attributes.extensionAttribute1, 'CC-42');
  });
});
