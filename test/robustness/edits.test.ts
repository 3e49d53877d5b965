/**
 * Edits are safe: a property test over generated documents. Every quick fix and every formatting
 * edit
 *   - lies inside the document and does not overlap another edit of the same change,
 *   - yields a document that still parses (when the original did),
 *   - changes only what it is meant to: a `replace` fix only its span, formatting only whitespace
 *     (the token stream, comments included, stays the same), a range format only its lines,
 *   - and is a no-op when applied a second time (the fix is no longer offered, formatting again
 *     changes nothing).
 * The documents are seeded, so a failure names a seed and a document number to replay.
 */
import assert from 'node:assert/strict';
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { describe, it } from 'node:test';
import { catalogs } from '../../server/src/service/catalog';
import { codeActions, format, type TextEdit } from '../../server/src/service/features';
import { LanguageService } from '../../server/src/service/languageService';
import type { FixData } from '../../server/src/service/rules/types';
import { parseJsonTree } from '../../server/src/service/text/jsonTree';
import { LineIndex } from '../../server/src/service/text/lineIndex';
import { applyEdits, rangeProblem } from './fuzzHarness';
import { mutate, randomMapping, randomScope } from './fuzzGen';
import { GALLERY_USER_MAPPINGS, int, pick, rng, type Random } from './generate';
import { opened } from '../features/helpers';

const SEED = 20250131;
const DOCUMENTS = 400;

function service(): LanguageService {
  return new LanguageService({ host: { readFile: () => undefined }, catalogs });
}

/** The gallery mapping with semantic damage that quick fixes repair: typos, wrong case, missing and duplicated mappings. */
function damagedGallery(random: Random): string {
  const mappings = GALLERY_USER_MAPPINGS.map((m) => ({ ...m })) as Array<{
    target: string;
    source: string;
    matchingPrecedence?: number;
  }>;
  for (let k = int(random, 1, 5); k > 0; k--) {
    const i = int(random, 0, mappings.length - 1);
    switch (int(random, 0, 7)) {
      case 0:
        mappings.splice(i, 1); // required-missing, matching-missing
        break;
      case 1:
        mappings[i].source = mappings[i].source.replace(/\[(\w)/, (_, c: string) => `[${c.toUpperCase()}`); // attribute case
        break;
      case 2:
        mappings[i].source = `Joinn(" ", ${mappings[i].source})`; // unknown function
        break;
      case 3:
        mappings[i].target = mappings[i].target.toUpperCase(); // target case
        break;
      case 4:
        mappings.push({ ...mappings[i] }); // duplicate target
        break;
      case 5:
        mappings[i] = { target: 'displayName', source: '[displayName]', matchingPrecedence: 1 }; // matching on a non-filterable attribute
        break;
      case 6:
        mappings[i].source = `switch(${mappings[i].source}, "x", "a", "b")`; // function case
        break;
      default:
        mappings[i].source = `Join("\\t", ${mappings[i].source}, "a\u200bb")`; // risky and invalid characters
    }
  }
  const layout = random() < 0.5 ? 2 : undefined;
  const text = JSON.stringify(
    {
      target: 'aws-iam-identity-center',
      user: {
        scope: {
          filters: [
            {
              clauses: [
                { attribute: 'accountEnabled', operator: 'IS TRUE', value: 'x' },
                { attribute: 'department', operator: 'EQUALS' },
              ],
            },
          ],
        },
        mappings,
      },
    },
    null,
    layout,
  );
  return random() < 0.3 ? `// a damaged gallery mapping\n${text}\n` : text;
}

function documentFor(random: Random): { uri: string; text: string } {
  const r = random();
  if (r < 0.45) return { uri: 'file:///edits/doc.mapping.jsonc', text: damagedGallery(random) };
  if (r < 0.8) return { uri: 'file:///edits/doc.mapping.jsonc', text: randomMapping(random) };
  if (r < 0.9) return { uri: 'file:///edits/doc.scope.jsonc', text: randomScope(random) };
  // Broken JSON too: fixes must not make it worse (and must not throw).
  return { uri: 'file:///edits/doc.mapping.jsonc', text: mutate(random, damagedGallery(random), 1) };
}

function parses(text: string): boolean {
  const tree = parseJsonTree(text);
  return tree.errors.length === 0 && !tree.tooDeep;
}

/** True when `after` is `before` with at most [start, end) replaced: everything around it is the same. */
function unchangedOutside(before: string, after: string, start: number, end: number): boolean {
  const tail = before.length - end;
  return (
    after.length >= start + tail &&
    after.slice(0, start) === before.slice(0, start) &&
    after.slice(after.length - tail) === before.slice(end)
  );
}

/** The changed region of `before`, in its offsets: [start, end). */
function changedRegion(before: string, after: string): { start: number; end: number } | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  return { start, end: before.length - end };
}

function checkEdits(lines: LineIndex, edits: readonly TextEdit[], where: string): void {
  const spans = edits.map((e) => {
    assert.equal(rangeProblem(lines, e.range), undefined, `${where}: edit outside the document: ${JSON.stringify(e.range)}`);
    return { start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end) };
  });
  spans.sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i].start >= spans[i - 1].end, `${where}: overlapping edits`);
}

/** The tokens of a JSONC text without whitespace and line breaks: what formatting must keep. */
function tokens(text: string): string[] {
  const scanner = createScanner(text, false);
  const out: string[] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) continue;
    // A block comment's inner line breaks may be re-indented; its words may not change.
    out.push(
      kind === SyntaxKind.BlockCommentTrivia
        ? scanner.getTokenValue().replace(/\s+/g, ' ')
        : `${kind}:${scanner.getTokenValue()}`,
    );
  }
  return out;
}

describe('edits: every quick fix is safe', () => {
  it(`on ${DOCUMENTS} generated documents (seed ${SEED})`, () => {
    let applied = 0;
    const kinds = new Set<string>();
    for (let n = 0; n < DOCUMENTS; n++) {
      const random = rng(SEED + n);
      const { uri, text } = documentFor(random);
      const where = `seed ${SEED}, document ${n}`;
      const lines = new LineIndex(text);
      const svc = service();
      const diagnostics = svc.validate(uri, text);
      for (const diagnostic of diagnostics.filter((d) => d.data)) {
        for (const action of codeActions(...opened(svc, uri, text), diagnostic.range, [diagnostic])) {
          const edits = action.edit.changes[uri] ?? [];
          const context = `${where}: ${diagnostic.code} "${action.title}"`;
          checkEdits(lines, edits, context);
          const fixed = applyEdits(lines, text, edits);
          assert.notEqual(fixed, text, `${context}: an offered fix changes nothing`);
          if (parses(text)) assert.ok(parses(fixed), `${context}: the fixed document does not parse:\n${fixed}`);

          // Only the intended range changes.
          const fix = (diagnostic.data!.fixes as FixData[]).find((f) => f.title === action.title);
          assert.ok(fix, `${context}: the action comes from the diagnostic's data`);
          kinds.add(fix.fix);
          if (fix.fix === 'replace') {
            assert.equal(edits.length, 1, `${context}: one edit`);
            assert.deepEqual(
              [lines.offsetAt(edits[0].range.start), lines.offsetAt(edits[0].range.end)],
              [fix.span.start, fix.span.end],
              `${context}: the edit is the fix span`,
            );
            assert.ok(
              unchangedOutside(text, fixed, fix.span.start, fix.span.end),
              `${context}: text outside the fix span changed`,
            );
          } else {
            const root = parseJsonTree(text).root;
            if (root)
              assert.ok(
                unchangedOutside(text, fixed, root.offset, root.offset + root.length),
                `${context}: text outside the document's value changed`,
              );
          }

          // A second application is a no-op: the stale diagnostic offers nothing that changes the
          // text, unless the fixed document has the very same finding again at the same place
          // (a second identical mapping that moved up into the removed one's lines): then it is
          // indistinguishable from a current diagnostic, and fixing it is right.
          const again = codeActions(...opened(service(), uri, fixed), diagnostic.range, [diagnostic]).filter(
            (a) => a.title === action.title,
          );
          for (const second of again) {
            const twice = applyEdits(new LineIndex(fixed), fixed, second.edit.changes[uri] ?? []);
            if (twice === fixed) continue;
            const same = service()
              .validate(uri, fixed)
              .some(
                (d) =>
                  d.code === diagnostic.code &&
                  JSON.stringify(d.range) === JSON.stringify(diagnostic.range) &&
                  JSON.stringify(d.data) === JSON.stringify(diagnostic.data),
              );
            assert.ok(same, `${context}: applying the fix a second time changed the document again`);
          }
          applied++;
        }
      }
    }
    // The generator must reach the interesting cases, or this test proves little.
    assert.ok(applied > 300, `only ${applied} fixes applied`);
    for (const kind of ['replace', 'remove-mapping', 'add-mapping', 'move-matching', 'remove-property'])
      assert.ok(kinds.has(kind), `no ${kind} fix was exercised (${[...kinds].join(', ')})`);
  });
});

describe('edits: formatting is safe', () => {
  it(`on ${DOCUMENTS} generated documents (seed ${SEED})`, () => {
    let formatted = 0;
    for (let n = 0; n < DOCUMENTS; n++) {
      const random = rng(SEED * 7 + n);
      const { uri, text } = documentFor(random);
      const where = `seed ${SEED * 7}, document ${n}`;
      const options = {
        tabSize: int(random, 1, 8),
        insertSpaces: random() < 0.7,
        keepLines: random() < 0.5,
        insertFinalNewline: pick(random, [undefined, true, false]),
      };
      const lines = new LineIndex(text);
      const svc = service();
      const edits = format(...opened(svc, uri, text), options);
      checkEdits(lines, edits, where);
      const result = applyEdits(lines, text, edits);
      if (parses(text)) {
        assert.ok(parses(result), `${where}: the formatted document does not parse`);
        assert.deepEqual(tokens(result), tokens(text), `${where}: formatting changed more than whitespace`);
      }
      // Formatting a formatted document changes nothing (a broken one is formatted best-effort).
      if (parses(text)) {
        const again = format(...opened(service(), uri, result), options);
        assert.equal(applyEdits(new LineIndex(result), result, again), result, `${where}: formatting twice is not a no-op`);
      }

      // A range format changes only the lines of its range.
      if (lines.lineCount > 2) {
        const startLine = int(random, 0, lines.lineCount - 2);
        const endLine = int(random, startLine, lines.lineCount - 1);
        const range = {
          start: { line: startLine, character: 0 },
          end: { line: endLine, character: lines.lineText(endLine).length },
        };
        const rangeEdits = format(...opened(service(), uri, text), options, range);
        checkEdits(lines, rangeEdits, `${where} (range)`);
        const region = changedRegion(text, applyEdits(lines, text, rangeEdits));
        if (region) {
          const from = lines.offsetAt({ line: startLine, character: 0 });
          const to = lines.offsetAt({ line: endLine + 1, character: 0 });
          assert.ok(
            region.start >= from && region.end <= to,
            `${where}: a format of lines ${startLine}-${endLine} changed ${JSON.stringify(region)} outside [${from}, ${to})`,
          );
        }
      }
      formatted++;
    }
    assert.equal(formatted, DOCUMENTS);
  });
});
