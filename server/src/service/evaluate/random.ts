/** Guid() and RandomString(): randomness comes only from env.random, so tests are repeatable. */
import { type Arg, type CallSite, type EvalContext, type Raw, argInt, argOptionalString, argSpan, invalidInput } from './values';

function randomInt(ctx: EvalContext, n: number): number {
  const r = ctx.env.random();
  const i = Math.floor((Number.isFinite(r) ? r : 0) * n);
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

const HEX = '0123456789abcdef';

/** Guid(): an RFC 4122 version-4 GUID in lower-case 8-4-4-4-12 form. */
export function guid(_args: Arg[], _site: CallSite, ctx: EvalContext): Raw {
  let out = '';
  for (let i = 0; i < 16; i++) {
    let byte = randomInt(ctx, 256);
    if (i === 6) byte = (byte & 0x0f) | 0x40; // version 4
    if (i === 8) byte = (byte & 0x3f) | 0x80; // RFC 4122 variant
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += HEX[byte >> 4] + HEX[byte & 0x0f];
  }
  return out;
}

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
/** The special characters of Windows' "password must meet complexity requirements" reference. */
const SPECIAL = '~!@#$%^&*_-+=`|\\(){}[]:;"\'<>,.?/';
const MAX_LENGTH = 256;

/**
 * RandomString(Length, MinimumNumbers, MinimumSpecialCharacters, MinimumCapital,
 * MinimumLowerCase, CharactersToAvoid): at least the minimum of each class, the rest drawn from
 * all classes, in random order, never using a character to avoid.
 */
export function randomString(args: Arg[], site: CallSite, ctx: EvalContext): Raw {
  const length = argInt(args, 0, site);
  const minimums = [argInt(args, 1, site), argInt(args, 2, site), argInt(args, 3, site), argInt(args, 4, site)];
  const avoid = argOptionalString(args, 5, site) ?? '';
  if (length < 1 || length > MAX_LENGTH)
    return invalidInput(site, `Length must be between 1 and ${MAX_LENGTH}, not ${length}`, argSpan(site, 0));
  for (let i = 0; i < 4; i++) {
    if (minimums[i] < 0)
      return invalidInput(site, `${site.params[i + 1]?.name ?? 'a minimum'} cannot be negative`, argSpan(site, i + 1));
  }
  const total = minimums[0] + minimums[1] + minimums[2] + minimums[3];
  if (total > length) {
    return invalidInput(site, `the minimums add up to ${total}, more than Length ${length}`, argSpan(site, 0));
  }
  const pools = [DIGITS, SPECIAL, UPPER, LOWER].map((pool) =>
    avoid === '' ? pool : [...pool].filter((c) => !avoid.includes(c)).join(''),
  );
  for (let i = 0; i < 4; i++) {
    if (minimums[i] > 0 && pools[i].length === 0) {
      return invalidInput(
        site,
        `CharactersToAvoid excludes every character of a class that ${site.params[i + 1]?.name ?? 'a minimum'} requires`,
        argSpan(site, 5),
      );
    }
  }
  const all = pools.join('');
  if (all.length === 0) return invalidInput(site, 'CharactersToAvoid excludes every allowed character', argSpan(site, 5));
  const chars: string[] = [];
  for (let i = 0; i < 4; i++) {
    for (let k = 0; k < minimums[i]; k++) chars.push(pools[i][randomInt(ctx, pools[i].length)]);
  }
  while (chars.length < length) chars.push(all[randomInt(ctx, all.length)]);
  // Fisher-Yates, so the required characters are not always in front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(ctx, i + 1);
    const t = chars[i];
    chars[i] = chars[j];
    chars[j] = t;
  }
  return chars.join('');
}
