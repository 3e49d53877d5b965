/**
 * Every quick fix the broken example offers, applied the way the light bulb applies it (the
 * CodeAction's edit, then its command), must make its diagnostic go away.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteTeardown, test } from '../mocha';
import { codeOf, countCode, open, ourDiagnostics, setText, waitForDiagnostics, workspaceUri } from '../helpers';

interface Fix {
  /** The codes of the diagnostics VS Code asked for fixes for (those touching the range). */
  codes: string[];
  line: number;
  action: vscode.CodeAction;
}

/** Codes whose fixes the broken example must offer in the editor (a regression guard). */
const EXPECTED_FIXABLE = [
  'required-missing',
  'matching-not-filterable',
  'invalid-characters',
  'expr-unknown-attribute',
  'expr-unknown-function',
  'expr-function-case',
  'target-multi-valued',
  'target-duplicate',
  'target-unsupported',
  'target-unknown',
  'active-not-soft-delete',
  'risky-characters',
  'matching-missing',
  'scope-unknown-attribute',
  'scope-operator-value',
];

suite('Quick fixes in a real VS Code', () => {
  const broken = workspaceUri('broken', 'broken.mapping.jsonc');
  let original = '';
  let document: vscode.TextDocument;

  suiteTeardown(async () => {
    if (document && original) {
      await setText(document, original);
      await document.save();
    }
  });

  test('each quick fix applies and its diagnostic goes away', async function () {
    this.timeout(600_000);
    document = (await open(broken)).document;
    original = document.getText();
    const initial = await waitForDiagnostics(broken, (ds) => ds.length > 20, "the broken example's diagnostics");
    const signature = (ds: readonly vscode.Diagnostic[]): string =>
      ds
        .map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`)
        .sort()
        .join(',');
    const initialSignature = signature(initial);

    // Collect the fixes as VS Code's light bulb sees them: the code actions for each diagnostic's
    // range (VS Code sends the diagnostics touching that range; results do not say which one an
    // action fixes, so a fix counts when one of those diagnostics goes away).
    const fixes: Fix[] = [];
    const seen = new Set<string>();
    for (const diagnostic of initial) {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        broken,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const codes = [...new Set(initial.filter((d) => d.range.intersection(diagnostic.range) !== undefined).map(codeOf))];
      for (const action of actions ?? []) {
        const id = `${diagnostic.range.start.line}:${action.title}`;
        if (seen.has(id)) continue;
        seen.add(id);
        fixes.push({ codes, line: diagnostic.range.start.line, action });
      }
    }
    const fixable = new Set(fixes.flatMap((f) => f.codes));
    for (const code of EXPECTED_FIXABLE)
      assert.ok(fixable.has(code), `a quick fix for ${code} (have ${[...fixable].join(', ')})`);
    assert.ok(
      fixes.every((f) => f.action.kind?.contains(vscode.CodeActionKind.QuickFix)),
      'all are quick fixes',
    );

    const failures: string[] = [];
    for (const fix of fixes) {
      const before = ourDiagnostics(broken);
      if (fix.action.edit) assert.ok(await vscode.workspace.applyEdit(fix.action.edit), `"${fix.action.title}" applies`);
      if (fix.action.command)
        await vscode.commands.executeCommand(fix.action.command.command, ...(fix.action.command.arguments ?? []));
      assert.notEqual(document.getText(), original, `"${fix.action.title}" changes the text`);
      try {
        await waitForDiagnostics(
          broken,
          (ds) => fix.codes.some((code) => countCode(ds, code) < countCode(before, code)),
          `"${fix.action.title}" to remove a ${fix.codes.join('/')} diagnostic`,
        );
      } catch (error) {
        failures.push(`line ${fix.line + 1} "${fix.action.title}": ${error instanceof Error ? error.message : String(error)}`);
      }
      // Back to the original text for the next fix.
      await setText(document, original);
      await waitForDiagnostics(
        broken,
        (ds) => signature(ds) === initialSignature,
        'the original diagnostics after undoing the fix',
      );
    }
    assert.deepEqual(failures, [], `quick fixes that left their diagnostic:\n${failures.join('\n')}`);
    assert.ok(fixes.length >= EXPECTED_FIXABLE.length, `${fixes.length} fixes applied`);
    console.log(`      (${fixes.length} quick fixes applied and undone)`);
  });
});
