/**
 * UI smoke tests: the packaged scim-mapper.vsix, installed into code-server the way a user installs
 * a .vsix, driven through the real workbench in headless Chromium. What a person would look at:
 * the squiggles and the Problems panel on the broken example, the completion widget in a target,
 * the dry-run report (a webview) opened from the command palette with live values beside it, and
 * the getting-started walkthrough.
 *
 * Screenshots go to SCIM_E2E_SCREENSHOTS (default .vscode-test/screenshots); `npm run screenshots`
 * points it at docs/images for the README. Run with `npm run test:ui`, which packages first.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
// scripts/e2e/lib.mjs is an ES module and this file compiles as CommonJS under the repository's
// tsconfig, so the library is loaded with import() (esbuild bundles it either way).
import type { CodeServer, Sandbox } from '../../scripts/e2e/lib.mjs' with { 'resolution-mode': 'import' };

type Lib = typeof import('../../scripts/e2e/lib.mjs', { with: { 'resolution-mode': 'import' } });
let lib: Lib;

let VSIX: string;
let SHOTS: string;
/** Generous waits for a busy 2-core machine; the first Quick Open alone can take 5 s there. */
const LONG = 90_000;
const WAIT = 30_000;

let sandbox: Sandbox;
let server: CodeServer;
let browser: Browser;
let page: Page;
let workspace: string;

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

async function screenshot(name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** On failure, keep a picture of the workbench next to the screenshots. */
async function onFailure(t: TestContext, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    await screenshot(`failure-${t.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => undefined);
    throw error;
  }
}

/** Closes whatever widget or quick input is open, so each step starts from the editor. */
async function escape(times = 2): Promise<void> {
  for (let i = 0; i < times; i++) await page.keyboard.press('Escape');
}

/**
 * Closes the active editor of editor group `group` (1-based) with its tab's close button, as a user
 * would, until the workbench has `groupsLeft` groups. A mouse click is used rather than Ctrl+W: after
 * a webview opens, keyboard focus can stay inside its iframe and a shortcut never reaches the group.
 */
async function closeEditorInGroup(group: number, groupsLeft: number): Promise<void> {
  const deadline = Date.now() + WAIT;
  for (;;) {
    const tab = page
      .locator('.editor-group-container')
      .nth(group - 1)
      .locator('.tabs-container .tab.active')
      .first();
    await tab.hover({ timeout: WAIT });
    await tab.locator('.tab-actions .codicon-close, .tab-actions .action-label').first().click({ timeout: WAIT });
    try {
      await page.waitForFunction(`document.querySelectorAll(".editor-group-container").length === ${groupsLeft}`, undefined, {
        timeout: 5_000,
      });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** Opens a workspace file through Quick Open (Ctrl+P), as a user would, and waits for its tab. */
async function quickOpen(relativePath: string): Promise<Locator> {
  await escape();
  await page.keyboard.press(`${mod}+P`);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await page.keyboard.type(relativePath);
  const name = path.basename(relativePath);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: LONG });
  await page.keyboard.press('Enter');
  const tab = page.locator('.tabs-container .tab.active', { hasText: name });
  await tab.waitFor({ timeout: WAIT });
  const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  await editor.waitFor({ timeout: WAIT });
  return editor;
}

/** Moves the cursor with Go to Line (Ctrl+G), "line:column", 1-based. */
async function goTo(line: number, column: number): Promise<void> {
  await escape();
  await page.keyboard.press(`${mod}+G`);
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: WAIT });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: WAIT });
}

/** 1-based line and column of `needle` in a workspace file. */
function locate(relativePath: string, needle: string, delta = 0): { line: number; column: number } {
  const lines = fs.readFileSync(path.join(workspace, relativePath), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `${needle} in ${relativePath}`);
  return { line: index + 1, column: lines[index].indexOf(needle) + 1 + delta };
}

/** Hides the panel (Problems, Output, ...) so the editors get the height back. */
async function hidePanel(): Promise<void> {
  if (await page.locator('.part.panel').isVisible()) await runCommand('View: Hide Panel');
  await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: WAIT });
}

/** Runs a command from the command palette (F1). */
async function runCommand(title: string): Promise<void> {
  await escape();
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: WAIT });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
}

describe('SCIM Mapper in the code-server workbench (installed from the .vsix)', () => {
  before(async () => {
    lib = await import('../../scripts/e2e/lib.mjs');
    const { folderUrl, installVsix, launchChromium, makeSandbox, requireTools, ROOT, startCodeServer, writeUserSettings } = lib;
    VSIX = path.join(ROOT, 'scim-mapper.vsix');
    SHOTS = path.resolve(ROOT, process.env.SCIM_E2E_SCREENSHOTS ?? path.join('.vscode-test', 'screenshots'));
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const f of fs.readdirSync(SHOTS)) if (f.startsWith('failure-')) fs.rmSync(path.join(SHOTS, f));
    requireTools({ codeServer: true, chromium: true });
    assert.ok(fs.existsSync(VSIX), `${path.relative(ROOT, VSIX)} exists (npm run package)`);
    sandbox = makeSandbox('scim-ui-');
    workspace = path.join(sandbox.dir, 'examples');
    fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
    const userDataDir = path.join(sandbox.dir, 'user-data');
    const extensionsDir = path.join(sandbox.dir, 'extensions');
    writeUserSettings(userDataDir, {
      // Calmer pictures: no minimap, no chat view, no welcome tab.
      'editor.minimap.enabled': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'editor.fontSize': 14,
      'editor.stickyScroll.enabled': false,
    });
    installVsix(VSIX, { userDataDir, extensionsDir, sandbox });
    assert.ok(
      fs.readdirSync(extensionsDir).some((d) => d.startsWith('scim-mapper.scim-mapper-')),
      'the .vsix is installed',
    );

    server = await startCodeServer({ sandbox, userDataDir, extensionsDir });
    browser = await launchChromium(sandbox);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(folderUrl(server.url, workspace));
    await page.locator('.monaco-workbench').waitFor({ timeout: LONG });
    await page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: 'aws-iam-identity-center.mapping.jsonc' })
      .waitFor({ timeout: LONG });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    if (server) {
      await server.stop();
      if (process.env.SCIM_E2E_VERBOSE) console.log(lib.tail(server.logFile));
    }
    sandbox?.cleanup();
  });

  it('shows squiggles and the Problems panel for the broken example', async (t) => {
    await onFailure(t, async () => {
      await quickOpen('broken/broken.mapping.jsonc');
      const { line, column } = locate('broken/broken.mapping.jsonc', 'Joinn(');
      await goTo(line, column);
      await page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ timeout: LONG });

      await page.keyboard.press(`${mod}+Shift+M`);
      const rows = page.locator('.markers-panel .monaco-list-row');
      await rows.first().waitFor({ timeout: WAIT });
      // The Problems filter, as a user narrows the list.
      const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
      await filter.fill('Joinn');
      const row = rows.filter({ hasText: 'Unknown function "Joinn"' }).first();
      await row.waitFor({ timeout: WAIT });
      const text = await row.innerText();
      assert.match(text, /expr-unknown-function/);
      assert.match(text, /Did you mean Join\?/);
      // Clear the filter again: the full list is the better picture.
      await filter.fill('');
      await page.locator('.viewpane-filter-badge', { hasText: 'Showing' }).waitFor({ state: 'hidden', timeout: WAIT });
      await rows.filter({ hasText: 'Property "colour" is not allowed here' }).first().waitFor({ timeout: WAIT });

      // Back in the editor (the cursor is still on Joinn), show the hover with the message.
      await page.keyboard.press(`${mod}+1`);
      await page.keyboard.press(`${mod}+K`);
      await page.keyboard.press(`${mod}+I`);
      await page
        .locator('.monaco-hover', { hasText: 'Unknown function "Joinn"' })
        .first()
        .waitFor({ state: 'visible', timeout: WAIT });
      await screenshot('diagnostics');
      await escape();
    });
  });

  it('offers AWS attributes in the completion widget inside a target', async (t) => {
    await onFailure(t, async () => {
      await hidePanel();
      await quickOpen('aws-iam-identity-center.mapping.jsonc');
      const { line, column } = locate('aws-iam-identity-center.mapping.jsonc', '"title"', 1);
      await goTo(line, column);
      // Replace "title" by typing, the way a user starts a new target.
      for (let i = 0; i < 'title'.length; i++) await page.keyboard.press('Delete');
      await page.keyboard.type('name');
      const widget = page.locator('.editor-widget.suggest-widget.visible');
      await widget.waitFor({ timeout: WAIT }).catch(async () => {
        await page.keyboard.press(`${mod}+Space`); // quick suggestions off or too slow: ask explicitly
        await widget.waitFor({ timeout: WAIT });
      });
      await widget.locator('.monaco-list-row', { hasText: 'name.familyName' }).first().waitFor({ timeout: WAIT });
      const labels = await widget.locator('.monaco-list-row .label-name').allInnerTexts();
      assert.ok(
        labels.some((l) => l.includes('name.givenName')),
        `the widget lists name.givenName (${labels.join(', ')})`,
      );
      await screenshot('completion');
      await escape();
      await page.keyboard.press(`${mod}+Z`);
      await page.keyboard.press(`${mod}+Z`);
    });
  });

  it('runs a dry run from the command palette and shows the report and live values', async (t) => {
    await onFailure(t, async () => {
      await hidePanel();
      await quickOpen('aws-iam-identity-center.mapping.jsonc');
      await runCommand('SCIM Mapper: Dry Run Sample User');
      // The sample picker lists the workspace's sample users.
      const alice = page.locator('.quick-input-list .monaco-list-row', { hasText: 'alice.user.json' }).first();
      await alice.waitFor({ timeout: LONG });
      // Picked by its row: typing "alice" would also match other samples (broken/dry-run/alice-cleared.user.json).
      await alice.click();

      // The report is a webview beside the mapping: scope trace, action, the request with its Copy button.
      const reportTab = page.locator('.tabs-container .tab', { hasText: 'Dry run aws-iam-identity-center.mapping.jsonc' });
      await reportTab.first().waitFor({ timeout: LONG });
      const report = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      await report.locator('h1', { hasText: 'Dry run: users/alice.user.json' }).waitFor({ timeout: LONG });
      await report.locator('p.scope-verdict', { hasText: 'in scope' }).waitFor({ state: 'attached', timeout: WAIT });
      await report.locator('p.action', { hasText: 'CREATE' }).waitFor({ state: 'attached', timeout: WAIT });
      await report.locator('h3', { hasText: 'Requests AWS receives' }).waitFor({ state: 'attached', timeout: WAIT });
      await report
        .locator('pre', { hasText: '"userName": "alice@contoso.com"' })
        .first()
        .waitFor({ state: 'attached', timeout: WAIT });
      await report.locator('button.copy').first().waitFor({ state: 'attached', timeout: WAIT });

      // Live values: the chosen user's values appear next to the mapping, as inlay hints.
      const mapping = page
        .locator('.editor-group-container', {
          has: page
            .locator('.tabs-container .tab', { hasText: 'aws-iam-identity-center.mapping.jsonc' })
            .filter({ hasNotText: 'Dry run' }),
        })
        .first();
      await mapping.locator('.view-line', { hasText: '= "alice@contoso.com"' }).first().waitFor({ timeout: WAIT });

      // Side by side, with the side bar hidden for room.
      await page.keyboard.press(`${mod}+B`);
      await report.locator('h1', { hasText: 'Dry run: users/alice.user.json' }).waitFor({ timeout: WAIT });
      await screenshot('dry-run');

      // Live values alone: close the report, the mapping gets the whole width.
      await closeEditorInGroup(2, 1);
      await mapping.locator('.view-line', { hasText: '= "alice@contoso.com"' }).first().waitFor({ timeout: WAIT });
      await mapping.locator('.view-line', { hasText: '= "Smith"' }).first().waitFor({ timeout: WAIT });
      await page.locator('.statusbar-item', { hasText: 'SCIM: users/alice.user.json' }).first().waitFor({ timeout: WAIT });
      await screenshot('live-values');
      await page.keyboard.press(`${mod}+B`);
    });
  });

  it('opens the getting-started walkthrough', async (t) => {
    await onFailure(t, async () => {
      await runCommand('Welcome: Open Walkthrough');
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with SCIM Mapper' })
        .first()
        .waitFor({ timeout: LONG });
      await page.keyboard.type('SCIM Mapper');
      await page.keyboard.press('Enter');
      const walkthrough = page.locator('.gettingStartedContainer');
      await walkthrough.locator('h2', { hasText: 'Get started with SCIM Mapper' }).first().waitFor({ timeout: LONG });
      for (const step of ['Open the example', 'See a squiggle', 'Fix it', 'Run a dry run', 'Pull from Entra']) {
        await walkthrough
          .locator('.getting-started-step', { hasText: step })
          .first()
          .waitFor({ state: 'attached', timeout: WAIT });
      }
      await screenshot('walkthrough');
    });
  });
});
