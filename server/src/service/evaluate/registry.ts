/**
 * Every function the evaluator knows, keyed by lower-cased canonical name, built once at load.
 *
 * A function is either `eager` (its arguments are evaluated left to right first; an empty slot is
 * `undefined`), or has its own `compile` step (IIF, Replace, the role functions), which may throw
 * a Failure to report a static error. `rootOnly` functions are handled by the evaluator itself
 * because they are only defined as the outermost call.
 */
import * as dateFns from './dateFunctions';
import * as logic from './logic';
import * as multi from './multivalue';
import { guid, randomString } from './random';
import { compileReplace } from './replace';
import { compileRolesComplex, compileSingleAppRoleAssignment } from './roles';
import * as strings from './strings';
import { type Arg, type CallSite, type EvalContext, type Raw, type Thunk, argInt64, undefinedBehaviour } from './values';

export interface FunctionImpl {
  eager?: (args: Arg[], site: CallSite, ctx: EvalContext) => Raw;
  compile?: (site: CallSite, thunks: Array<Thunk | null>) => Thunk;
  /** Only defined as the outermost function (IgnoreFlowIfNullOrEmpty, SelectUniqueValue). */
  rootOnly?: string;
  /** `compile` never throws a Failure, so a check need not compile the call to know (evaluate.ts mayRefuseUnruled). */
  compileNeverRefuses?: true;
}

/** BitAnd(value1, value2): 64-bit bitwise AND of two integers (decimal or &H hex literals). */
function bitAnd(args: Arg[], site: CallSite): Raw {
  return BigInt.asIntN(64, argInt64(args, 0, site) & argInt64(args, 1, site)).toString();
}

function notDefined(reason: string): FunctionImpl {
  return {
    eager: (_args, site) => undefinedBehaviour(site, reason),
  };
}

const GRAPH_SAMPLE_ONLY =
  'this function appears only in the Graph function-schema sample and is not documented anywhere, so what it returns is unknown';

const TABLE: Record<string, FunctionImpl> = {
  Append: { eager: strings.append },
  AppRoleAssignmentsComplex: { compile: compileRolesComplex },
  AssertiveAppRoleAssignmentsComplex: { compile: compileRolesComplex },
  BitAnd: { eager: bitAnd },
  CBool: { eager: logic.cbool },
  CDate: { eager: dateFns.cdate },
  Coalesce: { eager: logic.coalesce },
  ConvertFromBase64: { eager: strings.convertFromBase64 },
  ConvertToBase64: { eager: strings.convertToBase64 },
  ConvertToUTF8Hex: { eager: strings.convertToUtf8Hex },
  Count: { eager: multi.count },
  CStr: { eager: strings.cstr },
  DateAdd: { eager: dateFns.dateAdd },
  DateDiff: { eager: dateFns.dateDiff },
  DateFromNum: { eager: dateFns.dateFromNum },
  DNComponent: { eager: strings.dnComponent },
  Error: { eager: logic.errorFn },
  FormatDateTime: { eager: dateFns.formatDateTime },
  Guid: { eager: guid },
  IgnoreFlowIfNullOrEmpty: {
    rootOnly:
      'IgnoreFlowIfNullOrEmpty is documented only as the outermost function of an expression (it drops the whole attribute from the flow)',
  },
  IIF: { compile: logic.compileIif, compileNeverRefuses: true },
  InStr: { eager: strings.instr },
  IsNull: { eager: logic.isNull },
  IsNullOrEmpty: { eager: logic.isNullOrEmptyFn },
  IsPresent: { eager: logic.isPresent },
  IsString: { eager: logic.isString },
  Item: { eager: multi.item },
  Join: { eager: strings.join },
  Left: { eager: strings.left },
  Len: { eager: strings.len },
  Mid: { eager: strings.mid },
  NormalizeDiacritics: { eager: strings.normalizeDiacritics },
  Not: { eager: logic.not },
  Now: { eager: dateFns.now },
  NumFromDate: { eager: dateFns.numFromDate },
  PCase: { eager: strings.pcase },
  RandomString: { eager: randomString },
  Redact: { eager: logic.redact },
  RemoveDuplicates: { eager: multi.removeDuplicates },
  Replace: { compile: compileReplace },
  SelectUniqueValue: { rootOnly: 'SelectUniqueValue must be the top-level function and cannot be nested (documented)' },
  SingleAppRoleAssignment: { compile: compileSingleAppRoleAssignment },
  Split: { eager: multi.split },
  StripSpaces: { eager: strings.stripSpaces },
  Switch: { eager: logic.switchFn },
  ToLower: { eager: strings.toLower },
  ToUpper: { eager: strings.toUpper },
  Trim: { eager: strings.trim },
  Word: { eager: strings.word },

  AppRoleAssignments: notDefined(GRAPH_SAMPLE_ONLY),
  DefaultDomain: notDefined(GRAPH_SAMPLE_ONLY + " (presumably the tenant's default domain, which a sample does not hold either)"),
  IsNothing: notDefined(GRAPH_SAMPLE_ONLY),
  Prepend: notDefined(GRAPH_SAMPLE_ONLY + ' (presumably prefix + source, but that is a guess)'),
  StringFromSid: notDefined(
    'documented only for Cloud Sync, on a binary objectSid; samples hold no binary values and how text input is treated is not documented',
  ),
};

export const IMPLEMENTATIONS: ReadonlyMap<string, FunctionImpl> = new Map(
  Object.entries(TABLE).map(([name, impl]) => [name.toLowerCase(), impl]),
);
