/**
 * The dry run: what Entra would send to AWS IAM Identity Center for one sample object, step by step
 * like Entra's "Provision on demand" (scope → matching → action → attributes → problems).
 *
 * `prepareDryRun` does everything that depends only on the mapping once (target placement, catalog
 * lookups, compiled scope regexes); `run(sample)` then only evaluates, so a batch is linear in the
 * number of samples. No IO: text and models in, the JSON contract out.
 */
import { DEFAULT_RUN_STEP_BUDGET, runWithRegexBudget } from '../regex';
import { exhaustedMessage } from '../regex/budget';
import type { CatalogIndex } from '../catalog/lookup';
import type { AwsTargetAttribute, ObjectKind } from '../catalog/types';
import { evaluateExpression, valueToJson } from '../evaluate/evaluate';
import type { EvalEnvironment, EvalResult, Value } from '../evaluate/types';
import type { ExprNode } from '../expression/ast';
import type { LanguageService } from '../languageService';
import { prop } from '../model/jsonNodes';
import type { MappingLikeDocument, ObjectMappingModel, ScopeFilterModel } from '../model/types';
import {
  CUSTOM_EXTENSION_UNSUPPORTED,
  DISPLAY_UNSUPPORTED,
  ENTERPRISE_USER_PREFIX,
  MAX_MULTI_VALUED_ENTRIES,
  isCustomExtensionTarget,
  isDisplaySubAttribute,
  unsupportedParentMessage,
  unsupportedParentOf,
} from '../aws/constraints';
import type { Severity } from '../rules/types';
import {
  computeIsSoftDeleted,
  isSoftDeletedValue,
  decideGroupAction,
  decideUserAction,
  memberBatches,
  patchBody,
  sameValue,
  type PatchOperation,
} from './lifecycle';
import { buildBody, existingValueAt, lookupRequest, parseTargetPath, type PlacedValue, type TargetLocation } from './payload';
import { compileScope, evaluateScope, type CompiledScope } from './scope';
import { DRY_RUN_CODES, type DryRunCode } from './codes';
import { checkGroupName, checkString, checkUserName } from './validate';
import { checkFirst, problemKey } from './checkFirst';
import { reviewUpdate } from './updateValues';
import { isReferenceOnly, REFERENCE_ONLY_NOTE } from './members';
import type {
  AttributeTrace,
  DryRunAction,
  DryRunProblem,
  DryRunResult,
  IsSoftDeletedTrace,
  JsonObject,
  JsonValue,
  MatchingTrace,
  PrepareOptions,
  RunOptions,
  Sample,
  ScimRequest,
} from './types';

/** Everything about one attribute mapping that does not depend on the sample. */
interface MappingPlan {
  /** 1-based number of the mapping in its section. */
  number: number;
  line: number;
  target: string;
  source: string | null;
  root: ExprNode | null;
  syntaxError?: string;
  location?: TargetLocation;
  catalogTarget?: AwsTargetAttribute;
  /** Why AWS rejects this target, when it does. */
  unsupported?: string;
  /** Neither in the catalog nor a known unsupported form. */
  unknownTarget: boolean;
  onCreateOnly: boolean;
  defaultValue?: string;
  matchingPrecedence?: number;
  boolean: boolean;
  reference: boolean;
  /** The earlier mapping that writes the same target. */
  duplicateOf?: number;
  /** Why check rejects the mapping's expression or target: it is not evaluated or sent. */
  rejected?: string;
}

/** A mapping's value for one sample, before the action decides what is sent. */
interface Evaluated {
  plan: MappingPlan;
  result: EvalResult | { kind: 'no-source' };
}

export interface PreparedDryRun {
  readonly object: ObjectKind;
  /** Problems of the mapping itself that every result repeats (a missing scope file, no matching attribute). */
  readonly setupProblems: DryRunProblem[];
  run(sample: Sample, options?: RunOptions): DryRunResult;
}

type ScopeSetup = { kind: 'none' } | { kind: 'compiled'; scope: CompiledScope } | { kind: 'broken'; message: string };

function resolveScopeFilters(
  service: LanguageService,
  doc: MappingLikeDocument,
  mapping: ObjectMappingModel,
): { filters?: ScopeFilterModel[]; error?: string } {
  const reference = mapping.scope;
  if (!reference) return {};
  if (reference.kind === 'inline') return { filters: reference.filters };
  const resolution = service.resolveScope(doc.uri, reference.path.value);
  if (resolution.status === 'found') return { filters: resolution.document.filters };
  if (resolution.status === 'missing')
    return { error: `The scope file "${reference.path.value}" cannot be read, so the scope cannot be evaluated.` };
  return { error: `The scope file "${reference.path.value}" is not usable: ${resolution.reason}` };
}

function prepareScope(
  service: LanguageService,
  doc: MappingLikeDocument,
  mapping: ObjectMappingModel,
  options: PrepareOptions,
): ScopeSetup {
  const { filters, error } = resolveScopeFilters(service, doc, mapping);
  if (error) return { kind: 'broken', message: error };
  if (!filters) return { kind: 'none' };
  return { kind: 'compiled', scope: compileScope(filters, mapping.object, service.catalogFor(doc), options.regexMatch) };
}

function planMappings(
  doc: MappingLikeDocument,
  mapping: ObjectMappingModel,
  catalog: CatalogIndex,
  rejected: ReadonlyMap<unknown, string>,
): MappingPlan[] {
  const plans: MappingPlan[] = [];
  const firstByTarget = new Map<string, number>();
  for (const model of mapping.mappings) {
    const target = model.target?.value;
    if (!target) continue;
    const object = mapping.object;
    const catalogTarget = catalog.awsTarget(object, target) ?? catalog.awsTargetIgnoreCase(object, target);
    let unsupported: string | undefined;
    if (catalogTarget && !catalogTarget.supported)
      unsupported = catalogTarget.unsupportedReason ?? `AWS IAM Identity Center does not support "${target}".`;
    else if (!catalogTarget && isDisplaySubAttribute(target)) unsupported = DISPLAY_UNSUPPORTED;
    else if (!catalogTarget && isCustomExtensionTarget(target)) unsupported = CUSTOM_EXTENSION_UNSUPPORTED;
    else if (!catalogTarget) {
      const parent = unsupportedParentOf(catalog, object, target);
      if (parent) unsupported = unsupportedParentMessage(target, parent);
    }
    const source = model.source;
    const precedence = model.matchingPrecedence?.value;
    const defaultValue = model.default?.value;
    const plan: MappingPlan = {
      number: model.index + 1,
      line: doc.lines.positionAt(model.span.start).line + 1,
      target,
      source: source ? source.value : null,
      root: source?.parsed.root ?? null,
      location: parseTargetPath(catalogTarget?.path ?? target, object),
      catalogTarget,
      unsupported,
      unknownTarget: !catalogTarget && !unsupported,
      onCreateOnly: model.apply?.value === 'on-create',
      boolean: catalogTarget?.type === 'boolean',
      reference: catalogTarget?.type === 'reference' && catalogTarget.path !== 'profileUrl',
    };
    if (source && source.parsed.errors.length > 0) plan.syntaxError = source.parsed.errors[0].message;
    const rejection = rejected.get(model);
    if (rejection !== undefined) plan.rejected = rejection;
    if (typeof defaultValue === 'string') plan.defaultValue = defaultValue;
    else if (typeof defaultValue === 'number' || typeof defaultValue === 'boolean') plan.defaultValue = String(defaultValue);
    if (typeof precedence === 'number' && precedence > 0) plan.matchingPrecedence = precedence;
    const key = (catalogTarget?.path ?? target).toLowerCase();
    const earlier = firstByTarget.get(key);
    if (earlier !== undefined) plan.duplicateOf = earlier;
    else firstByTarget.set(key, plan.number);
    plans.push(plan);
  }
  return plans;
}

/** FNV-1a, for deriving a per-sample random stream from the seed and the sample's identity. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast, seedable generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sampleIdentity(sample: Sample): string {
  const a = sample.attributes;
  for (const name of ['objectId', 'userPrincipalName', 'displayName', 'mail']) {
    if (typeof a[name] === 'string') return `${name}=${a[name] as string}`;
  }
  return JSON.stringify(a);
}

/**
 * What an expression reads for a sample: its attributes (IsSoftDeleted as given), its app-role
 * assignments, the taken values, the clock and a random stream. With a seed, the stream depends
 * only on the seed and the sample, never on its position in a batch.
 */
export function sampleEnvironment(
  sample: Sample,
  isSoftDeleted: boolean,
  options: RunOptions = {},
  state: ReaderState = {},
): EvalEnvironment {
  const taken =
    options.takenValues?.length || sample.takenValues?.length
      ? new Set<string>([...(options.takenValues ?? []), ...(sample.takenValues ?? [])])
      : NO_TAKEN_VALUES;
  const env: EvalEnvironment = {
    attribute: attributeReader(sample, () => isSoftDeleted, state),
    clock: options.clock ?? Date.now,
    random: options.seed !== undefined ? lazySeededRandom(options.seed, sample) : Math.random,
    takenValues: taken,
  };
  if (sample.appRoleAssignments) env.appRoleAssignments = sample.appRoleAssignments;
  return env;
}

/** The sample's seeded stream, derived only when an expression first asks for a random number (most never do). */
function lazySeededRandom(seed: number, sample: Sample): () => number {
  let stream: (() => number) | undefined;
  return () => (stream ??= seededRandom(hash32(`${seed}:${sampleIdentity(sample)}`)))();
}

/**
 * A sample's attribute names, read once per run for the case-insensitive lookups: most mappings
 * read an attribute some samples lack, for every sample. Lowercasing keeps the length of every
 * character but U+0130 (İ → i̇), so a name can only match a key of its own length, and most
 * missing names are ruled out by their length alone.
 */
class SampleKeys {
  readonly keys: string[];
  /** Bit n is set when some key has length n (n < 31). */
  private readonly lengths: number = 0;
  /** Some key is longer than 30 characters or has an İ: no quick answer. */
  private readonly unsure: boolean = false;

  constructor(attributes: Record<string, unknown>) {
    this.keys = Object.keys(attributes);
    for (const key of this.keys) {
      if (key.length > 30 || key.includes('\u0130')) this.unsure = true;
      else this.lengths |= 1 << key.length;
    }
  }

  /** The value of the last attribute whose lowercased name is `lower`, as a lowercase index would find it. */
  find(attributes: Record<string, unknown>, lower: string): unknown {
    if (!this.unsure && lower.length <= 30 && (this.lengths & (1 << lower.length)) === 0) return undefined;
    let found: unknown;
    for (const key of this.keys) {
      if (key.length !== lower.length && !key.includes('\u0130')) continue;
      if (key.toLowerCase() === lower) found = attributes[key];
    }
    return found;
  }
}

/** What the attribute readers of one run share: the sample's names, read on the first miss. */
interface ReaderState {
  keys?: SampleKeys;
}

/** Looks an attribute up by exact name, then case-insensitively (Entra's docs spell IsSoftDeleted both ways). */
function attributeReader(sample: Sample, isSoftDeleted: () => boolean, state: ReaderState = {}): (name: string) => unknown {
  return (name) => {
    if (name === 'IsSoftDeleted' || (name.length === 13 && name.toLowerCase() === 'issoftdeleted')) return isSoftDeleted();
    const attributes = sample.attributes;
    if (Object.hasOwn(attributes, name)) return attributes[name];
    return (state.keys ??= new SampleKeys(attributes)).find(attributes, lowercase(name));
  };
}

/** Lowercased attribute names: a mapping reads the same few names for every sample. */
const lowercaseNames = new Map<string, string>();

function lowercase(name: string): string {
  let lower = lowercaseNames.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowercaseNames.size >= 1000) lowercaseNames.clear();
    lowercaseNames.set(name, lower);
  }
  return lower;
}

/** No taken values: one set for every sample that gives none. */
const NO_TAKEN_VALUES: ReadonlySet<string> = new Set<string>();

/** The evaluator's JSON form of a value, typed for the dry-run result. */
function valueJson(value: Value): JsonValue {
  return valueToJson(value) as JsonValue;
}

function isNullValue(result: Evaluated['result']): boolean {
  return result.kind === 'no-source' || (result.kind === 'value' && result.value.kind === 'null');
}

// ---------------------------------------------------------------------------------------------
// The dry run as named steps over an explicit state:
//   prepare (once per mapping) → scope → evaluate → match → action → attributes → requests → validate → result.
// Each step reads what the earlier ones left in `RunState` and adds its own part, so a step can be
// read (and changed) on its own, and the order of the problems in a result is the order of the steps.

/** The "prepare" step's output: everything about a mapping section that does not depend on the sample. */
interface PreparedSection {
  readonly object: ObjectKind;
  readonly catalog: CatalogIndex;
  /** Whether the mapping has a section for the object. */
  readonly hasSection: boolean;
  readonly setupProblems: DryRunProblem[];
  readonly plans: MappingPlan[];
  readonly scopeSetup: ScopeSetup;
  readonly mappingEnabled: boolean;
  /** Plans with a matchingPrecedence, lowest precedence first. */
  readonly matchingPlans: MappingPlan[];
  readonly activePlan?: MappingPlan;
  readonly externalIdPlan?: MappingPlan;
  /** For groups: the user scope, which members must pass to be provisioned. */
  readonly memberScope?: CompiledScope;
  readonly requiredTargets: Array<{ required: AwsTargetAttribute; plan?: MappingPlan }>;
  readonly emailPlan?: MappingPlan;
  /** What the check (which runs first) already reported, by problemKey: not repeated in other words. */
  readonly reported: ReadonlySet<string>;
}

/** One object's run: the sample and options in, then what each step found. */
interface RunState {
  readonly prepared: PreparedSection;
  readonly sample: Sample;
  readonly options: RunOptions;
  readonly problems: DryRunProblem[];
  /** The attribute readers of this run share what they learn about the sample's names. */
  readonly readers: ReaderState;
  accountEnabled?: unknown;
  // scope
  inScope: boolean | null;
  scopeTrace: DryRunResult['scope'];
  scopeExplanation: string | null;
  isSoftDeleted?: IsSoftDeletedTrace;
  // evaluate
  evaluated: Evaluated[];
  // match
  matching: MatchingTrace | null;
  existing?: JsonObject;
  existingVia?: string;
  // action
  decision?: { action: DryRunAction; reason: string };
  action: DryRunAction;
  // attributes
  readonly attributes: AttributeTrace[];
  readonly placed: PlacedValue[];
  /** The plans whose values are sent, by mapping number (ascending, as they are added). */
  readonly sentPlans: Array<MappingPlan | undefined>;
  readonly patchOps: PatchOperation[];
  unresolvedReferences: number;
  memberIds: string[];
  // requests
  readonly requests: ScimRequest[];
  created?: { elements: Array<{ collection: string; owners: number[] }>; body: JsonObject };
}

function report(
  state: RunState,
  code: DryRunCode,
  severity: Severity,
  target: string | null,
  message: string,
  plan?: MappingPlan,
): void {
  // What the check already reported for this mapping (or section) is not repeated in other words.
  // A mapping check rejects yields nothing to judge: the check's finding says why.
  if (plan?.rejected !== undefined || state.prepared.reported.has(problemKey(state.prepared.object, plan?.number, code))) return;
  const problem: DryRunProblem = { code, severity, target, message };
  if (plan) problem.mapping = { number: plan.number, source: plan.source, line: plan.line };
  state.problems.push(problem);
}

/** Step "prepare": plans the mappings, compiles the scope, finds the matching and required targets. */
function prepareSection(
  service: LanguageService,
  doc: MappingLikeDocument,
  object: ObjectKind,
  options: PrepareOptions,
): PreparedSection {
  // A Graph schema's own attribute definitions (custom attributes) count as known attributes.
  const catalog = service.catalogFor(doc);
  const section = doc.objects.find((o) => o.object === object);
  // The check comes first: its findings are every result's first problems (see checkFirst.ts).
  const verdict = checkFirst(service, doc);
  const setupProblems: DryRunProblem[] = [...verdict.problems];
  if (!section) {
    setupProblems.push({
      code: 'schema' satisfies DryRunCode,
      severity: 'error',
      target: null,
      message: `The mapping has no "${object}" section, so no ${object} can be provisioned.`,
    });
  }
  const plans = section ? planMappings(doc, section, catalog, verdict.rejected) : [];
  const scopeSetup: ScopeSetup = section ? prepareScope(service, doc, section, options) : { kind: 'none' };
  if (scopeSetup.kind === 'broken' && !verdict.reported.has(problemKey(object, undefined, 'scope-file-missing')))
    setupProblems.push({
      code: 'scope-file-missing' satisfies DryRunCode,
      severity: 'error',
      target: null,
      message: scopeSetup.message,
    });
  const enabledNode = section ? prop(section.node, 'enabled') : undefined;
  const mappingEnabled = enabledNode?.value !== false;
  const matchingPlans = plans
    .filter((p) => p.matchingPrecedence !== undefined)
    .sort((a, b) => a.matchingPrecedence! - b.matchingPrecedence!);
  const activePlan = object === 'user' ? plans.find((p) => p.target === 'active') : undefined;
  const externalIdPlan = plans.find((p) => p.target === 'externalId');

  // For groups: members that the user scope excludes are never provisioned, so Entra cannot add them.
  let memberScope: CompiledScope | undefined;
  if (object === 'group') {
    const userSection = doc.objects.find((o) => o.object === 'user');
    const userScope = userSection ? prepareScope(service, doc, userSection, options) : undefined;
    if (userScope?.kind === 'compiled') memberScope = userScope.scope;
  }

  const requiredTargets = catalog
    .awsTargetsFor(object)
    .filter((t) => t.required && t.supported && t.type !== 'complex' && t.path !== 'id')
    .map((required) => ({ required, plan: plans.find((p) => (p.catalogTarget?.path ?? p.target) === required.path) }));
  const emailPlan = plans.find((p) => p.location?.kind === 'collection' && p.location.collection.toLowerCase() === 'emails');
  return {
    object,
    catalog,
    hasSection: !!section,
    setupProblems,
    plans,
    scopeSetup,
    mappingEnabled,
    matchingPlans,
    activePlan,
    externalIdPlan,
    memberScope,
    requiredTargets,
    emailPlan,
    reported: verdict.reported,
  };
}

function initialState(p: PreparedSection, sample: Sample, options: RunOptions): RunState {
  return {
    prepared: p,
    sample,
    options,
    problems: [...p.setupProblems],
    readers: {},
    inScope: true,
    scopeTrace: null,
    scopeExplanation: null,
    evaluated: [],
    matching: null,
    action: 'none',
    attributes: [],
    placed: [],
    sentPlans: [],
    patchOps: [],
    unresolvedReferences: 0,
    memberIds: [],
    requests: [],
  };
}

/** Step "scope": the scoping filter, then IsSoftDeleted (which depends on it). */
function scopeStep(p: PreparedSection, s: RunState): void {
  const { sample } = s;
  if (sample.object !== p.object) {
    report(s, 'schema', 'error', null, `This sample is a ${sample.object}, but the dry run is for ${p.object}s.`);
  }
  s.accountEnabled = p.object === 'user' ? attributeReader(sample, () => false, s.readers)('accountEnabled') : undefined;
  // IsSoftDeleted inside a clause uses the facts known before the scope itself.
  const preScope = isSoftDeletedValue(sample, undefined, s.accountEnabled);
  const scopeAttribute = attributeReader(sample, () => preScope, s.readers);
  const scopeSetup = p.scopeSetup;
  if (scopeSetup.kind === 'compiled') {
    const outcome = evaluateScope(scopeSetup.scope, scopeAttribute);
    s.inScope = outcome.inScope;
    s.scopeTrace = outcome.trace;
    s.scopeExplanation = outcome.explanation;
    if (s.inScope === null) {
      report(
        s,
        DRY_RUN_CODES.scopeNotEvaluable,
        'warning',
        null,
        `${outcome.explanation} The result assumes the object is in scope.`,
      );
    } else if (outcome.unknownClauses.length > 0) {
      report(
        s,
        DRY_RUN_CODES.scopeNotEvaluable,
        'information',
        null,
        `The scope is decided by other clauses, but ${outcome.unknownClauses.join('; ')}.`,
      );
    }
  } else if (scopeSetup.kind === 'broken') {
    s.inScope = null;
    s.scopeExplanation = scopeSetup.message;
  }
  s.isSoftDeleted = computeIsSoftDeleted(sample, s.inScope, s.accountEnabled);
}

/** Step "evaluate": every mapping's expression in the sample's environment. */
function evaluateStep(p: PreparedSection, s: RunState): void {
  const env = sampleEnvironment(s.sample, s.isSoftDeleted!.value, s.options, s.readers);
  s.evaluated = p.plans.map((plan) => {
    if (!plan.source) return { plan, result: { kind: 'no-source' } };
    if (plan.rejected !== undefined)
      return { plan, result: { kind: 'error', error: { message: plan.rejected, start: 0, end: 0, reason: 'syntax' } } };
    if (plan.syntaxError)
      return { plan, result: { kind: 'error', error: { message: plan.syntaxError, start: 0, end: 0, reason: 'syntax' } } };
    try {
      return { plan, result: evaluateExpression(plan.root, env, p.catalog) };
    } catch (error) {
      return {
        plan,
        result: {
          kind: 'error',
          error: {
            message: `The evaluator failed: ${error instanceof Error ? error.message : String(error)}`,
            start: 0,
            end: 0,
            reason: 'invalid-input',
          },
        },
      };
    }
  });
}

function evaluatedOf(s: RunState, plan: MappingPlan): Evaluated {
  return s.evaluated.find((e) => e.plan === plan)!;
}

/** Step "match": the lookup Entra sends by the matching attributes, and the existing AWS object it finds. */
function matchStep(p: PreparedSection, s: RunState): void {
  const { object, matchingPlans } = p;
  const { sample, options } = s;
  const outOfPlay = s.inScope === false || sample.assigned === false;
  if (matchingPlans.length === 0) {
    if (p.hasSection && !outOfPlay)
      report(
        s,
        'matching-missing',
        'error',
        null,
        `No ${object} mapping has a matchingPrecedence, so Entra cannot look ${object}s up in AWS and provisions none.`,
      );
    return;
  }
  for (const plan of matchingPlans) {
    const item = evaluatedOf(s, plan);
    const value = item.result.kind === 'value' ? valueJson(item.result.value) : null;
    if (typeof value !== 'string' || value.length === 0) continue;
    const trace: MatchingTrace = {
      target: plan.target,
      value,
      request: lookupRequest(object, plan.target, value),
      precedence: plan.matchingPrecedence,
    };
    s.matching ??= trace;
    const found = options.existing?.find(object, plan.target, value);
    if (found) {
      s.matching = trace;
      s.existing = found.body;
      s.existingVia = found.via;
      break;
    }
  }
  if (!s.matching) {
    const first = matchingPlans[0];
    s.matching = { target: first.target, value: null, request: null, precedence: first.matchingPrecedence };
    if (!outOfPlay && !sample.deleted) {
      report(
        s,
        DRY_RUN_CODES.matchingValueMissing,
        'error',
        first.target,
        `The matching attribute "${first.target}" has no value for this ${object} (${first.source ?? 'no source'} is null or empty); Entra needs a value to look the ${object} up, so it skips it.`,
        first,
      );
    }
  }
  if (!s.existing && p.externalIdPlan && options.existing) {
    const item = evaluatedOf(s, p.externalIdPlan);
    const value = item.result.kind === 'value' ? valueJson(item.result.value) : null;
    const found = typeof value === 'string' && value ? options.existing.find(object, 'externalId', value) : undefined;
    if (found) {
      s.existing = found.body;
      s.existingVia = `linked by externalId ${JSON.stringify(value)} — as if Entra remembered the id it got when it created the ${object}; the lookup by ${s.matching.target} alone would not find it`;
    }
  }
}

/** Step "action": create, update, disable, delete or none, from scope, assignment and the existing object. */
function actionStep(p: PreparedSection, s: RunState): void {
  const { object, activePlan, matchingPlans } = p;
  const activeItem = activePlan ? evaluatedOf(s, activePlan) : undefined;
  let desiredActive: boolean | undefined;
  if (activeItem?.result.kind === 'value' && activeItem.result.value.kind === 'string') {
    const t = activeItem.result.value.value.trim().toLowerCase();
    if (t === 'true' || t === 'false') desiredActive = t === 'true';
  }
  const facts = {
    sample: s.sample,
    inScope: s.inScope,
    scopeExplanation: s.scopeExplanation,
    isSoftDeleted: s.isSoftDeleted!,
    accountEnabled: s.accountEnabled,
    existing: s.existing,
    existingVia: s.existingVia,
    desiredActive,
    mappingEnabled: p.mappingEnabled && p.hasSection,
    lookup: s.matching?.request ?? null,
  };
  let decision = object === 'user' ? decideUserAction(facts) : decideGroupAction(facts);
  if (decision.action === 'create' && (matchingPlans.length === 0 || s.matching?.value === null)) {
    decision = {
      action: 'none',
      reason:
        matchingPlans.length === 0
          ? `No mapping is used for matching, so Entra cannot look the ${object} up and does not provision it.`
          : `Entra cannot look the ${object} up without a value for "${matchingPlans[0].target}", so it reports an error and sends nothing.`,
    };
  }
  if (decision.problem)
    report(
      s,
      decision.problem.code,
      decision.problem.severity,
      activePlan ? 'active' : null,
      decision.problem.message,
      activePlan,
    );
  s.decision = decision;
  s.action = decision.action;
}

/** An id Entra would send for a referenced object (a placeholder when the sample does not give it). */
function resolveReference(s: RunState, key: string): string {
  const ref = s.sample.references.get(key);
  if (ref?.awsId) return ref.awsId;
  s.unresolvedReferences++;
  return `aws-id-of:${key}`;
}

/** Step "attributes": each mapping's value, shaped for its target, and whether (and how) it is sent. */
function attributesStep(p: PreparedSection, s: RunState): void {
  const { activePlan, memberScope } = p;
  const { sample, action, attributes, placed, sentPlans, patchOps } = s;
  const create = action === 'create';
  for (const item of s.evaluated) {
    const { plan, result } = item;
    const trace: AttributeTrace = { target: plan.target, source: plan.source, value: null, status: 'set', mapping: plan.number };
    attributes.push(trace);
    if (result.kind === 'error') {
      trace.status = 'error';
      trace.note =
        plan.rejected !== undefined ? `Not evaluated: check rejects this mapping (${plan.rejected})` : result.error.message;
      trace.sent = false;
      // The check's finding is already among the problems.
      if (plan.rejected !== undefined) continue;
      // Entra evaluates mappings only for objects it provisions; a disable evaluates only active.
      if (!(action === 'create' || action === 'update' || (action === 'disable' && plan === activePlan))) continue;
      const undefinedBehaviour = result.error.reason === 'undefined-behaviour';
      const where =
        plan.source && result.error.end > result.error.start
          ? ` (at "${plan.source.slice(result.error.start, result.error.end)}", characters ${result.error.start + 1}–${result.error.end})`
          : '';
      report(
        s,
        undefinedBehaviour ? DRY_RUN_CODES.expressionUndefined : DRY_RUN_CODES.expressionError,
        undefinedBehaviour ? 'warning' : 'error',
        plan.target,
        `${undefinedBehaviour ? 'What Entra does here is not documented, so the dry run cannot tell the value' : 'The expression fails'}: ${result.error.message}${where}`,
        plan,
      );
      continue;
    }
    if (result.kind === 'ignore') {
      trace.status = 'ignored';
      trace.sent = false;
      trace.note = 'IgnoreFlowIfNullOrEmpty: the value is null or empty, so the attribute is left out and AWS keeps what it has.';
      continue;
    }
    let value: JsonValue;
    if (isNullValue(result)) {
      if (create && plan.defaultValue !== undefined) {
        trace.status = 'default';
        value = plan.defaultValue;
        trace.note = `${plan.source ? `${plan.source} is null; ` : ''}the default value applies (on create only).`;
      } else {
        trace.status = 'skipped-null';
        trace.sent = false;
        trace.note =
          plan.defaultValue !== undefined
            ? 'The value is null; the default applies on create only, so nothing is sent and AWS keeps its value.'
            : 'The value is null: Entra never sends nulls, so the attribute is left out.';
        continue;
      }
    } else {
      value = valueJson((result as { kind: 'value'; value: Value }).value);
    }

    // Shape the value for its target.
    if (plan.reference && plan.location?.kind !== 'members' && typeof value === 'string') {
      const ref = sample.references.get(value);
      const resolved = resolveReference(s, value);
      trace.note = `Reference to ${ref?.label ?? value}: Entra sends that user's id in AWS.`;
      value = resolved;
    }
    if (plan.location?.kind === 'members') {
      const keys = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
      const ids: string[] = [];
      for (const key of keys) {
        const ref = sample.references.get(key);
        if (ref?.isGroup) {
          report(
            s,
            DRY_RUN_CODES.memberNestedGroup,
            'warning',
            plan.target,
            `Member ${ref.label ?? key} is a group: AWS IAM Identity Center has no nested groups, and Entra provisions only the direct user members of an assigned group, so it skips this member and the users inside it.`,
            plan,
          );
          continue;
        }
        if (memberScope && isReferenceOnly(ref)) {
          report(
            s,
            DRY_RUN_CODES.memberNotEvaluated,
            'information',
            plan.target,
            `Member ${ref?.label ?? key}: ${REFERENCE_ONLY_NOTE}.`,
            plan,
          );
        } else if (memberScope && ref?.attributes) {
          const memberSample: Sample = { object: 'user', attributes: ref.attributes, references: new Map(), info: sample.info };
          const memberOutcome = evaluateScope(
            memberScope,
            attributeReader(memberSample, () => false),
          );
          if (memberOutcome.inScope === false) {
            report(
              s,
              DRY_RUN_CODES.memberOutOfScope,
              'information',
              plan.target,
              `Member ${ref.label ?? key} fails the user scoping filter, so it is not provisioned and Entra cannot add it to the group.`,
              plan,
            );
            continue;
          }
        }
        ids.push(resolveReference(s, key));
      }
      s.memberIds = ids;
      value = ids;
      trace.note = `${ids.length} member${ids.length === 1 ? '' : 's'}; sent with PATCH after the group exists, at most 100 per request.`;
    } else if (
      Array.isArray(value) &&
      value.length === 1 &&
      typeof value[0] === 'string' &&
      plan.location?.kind !== 'collection'
    ) {
      value = value[0];
    }
    trace.value = value;

    // Which values are sent.
    if (action === 'none' || action === 'delete') {
      trace.sent = false;
      continue;
    }
    if (action === 'disable') {
      trace.sent = plan === activePlan;
      if (!trace.sent) trace.note = appendNote(trace.note, 'A disable sends only active.');
      continue;
    }
    if (action === 'update' && plan.onCreateOnly) {
      trace.sent = false;
      trace.note = appendNote(trace.note, 'Applies on create only (apply: on-create), so it is left out of an update.');
      continue;
    }
    if (plan.duplicateOf !== undefined) {
      report(
        s,
        'target-duplicate',
        'error',
        plan.target,
        `"${plan.target}" is also written by mapping ${plan.duplicateOf}; Entra allows one mapping per target attribute.`,
        plan,
      );
    }
    if (!plan.location) {
      trace.sent = false;
      trace.note = appendNote(trace.note, 'The target path cannot be placed in a SCIM body.');
      report(
        s,
        'target-unknown',
        'error',
        plan.target,
        `"${plan.target}" is not a SCIM attribute path the dry run can place in a request.`,
        plan,
      );
      continue;
    }
    if (plan.location.kind === 'members') {
      trace.sent = true;
      continue;
    }
    if (action === 'create') {
      placed.push({ location: plan.location, value: shapeForBody(plan, value), owner: plan.number });
      sentPlans[plan.number] = plan;
      trace.sent = true;
    } else {
      // update: only what differs from AWS.
      const current = existingValueAt(s.existing!, plan.location);
      const desired = shapeForPatch(plan, value);
      const comparable = plan.reference && /^aws-id-of:/.test(String(desired)) ? current === undefined || current === null : true;
      const currentRef =
        plan.reference && current && typeof current === 'object' && !Array.isArray(current)
          ? (current as JsonObject).value
          : current;
      if (!comparable) {
        trace.sent = false;
        trace.note = appendNote(
          trace.note,
          'AWS already has a manager and the dry run cannot tell whether it is the same user (give the manager\'s "awsId" in the sample to compare).',
        );
        continue;
      }
      if (sameValue(desired, currentRef, plan.boolean)) {
        trace.sent = false;
        trace.note = appendNote(trace.note, 'Unchanged: AWS already has this value.');
        continue;
      }
      patchOps.push({ op: current === undefined || current === null ? 'Add' : 'Replace', path: plan.target, value: desired });
      sentPlans[plan.number] = plan;
      trace.sent = true;
      if (plan.catalogTarget?.patchModifiable === false) {
        report(
          s,
          DRY_RUN_CODES.patchUnsupported,
          'error',
          plan.target,
          `AWS IAM Identity Center does not let PATCH change "${plan.target}"; the update fails.`,
          plan,
        );
      }
    }
  }
}

function existingIdOf(s: RunState): string | undefined {
  return s.existing && typeof s.existing.id === 'string' ? s.existing.id : undefined;
}

/** Step "requests": the SCIM requests Entra sends for the action. */
function requestsStep(p: PreparedSection, s: RunState): void {
  const { object } = p;
  const { action, requests } = s;
  const existingId = existingIdOf(s);
  const resource = object === 'user' ? 'Users' : 'Groups';
  if (action === 'create') {
    const built = buildBody(object, s.placed);
    requests.push({ method: 'POST', path: `/${resource}`, body: built.body });
    for (const body of memberBatches('Add', s.memberIds)) {
      requests.push({ method: 'PATCH', path: '/Groups/{id}', body, note: '{id} is the id AWS returns for the new group.' });
    }
    s.created = built;
  } else if (action === 'update') {
    const memberOps = object === 'group' ? memberChanges(s) : { add: [], remove: [] };
    if (s.patchOps.length > 0)
      requests.push({ method: 'PATCH', path: `/${resource}/${existingId}`, body: patchBody(s.patchOps) });
    for (const body of memberBatches('Add', memberOps.add))
      requests.push({ method: 'PATCH', path: `/Groups/${existingId}`, body });
    for (const body of memberBatches('Remove', memberOps.remove))
      requests.push({ method: 'PATCH', path: `/Groups/${existingId}`, body });
  } else if (action === 'disable') {
    requests.push({
      method: 'PATCH',
      path: `/Users/${existingId}`,
      body: patchBody([{ op: 'Replace', path: 'active', value: 'False' }]),
    });
  } else if (action === 'delete') {
    requests.push({ method: 'DELETE', path: `/${resource}/${existingId}` });
  }
  if (action === 'update' && s.existing) reviewExisting(p, s, s.existing);
}

/** `current` on every attribute of an update, and the values Entra leaves stale (updateValues.ts). */
function reviewExisting(p: PreparedSection, s: RunState, current: JsonObject): void {
  const byNumber = new Map(p.plans.map((plan) => [plan.number, plan]));
  const planOf = (trace: AttributeTrace) => (trace.mapping === undefined ? undefined : byNumber.get(trace.mapping));
  reviewUpdate(
    current,
    s.attributes,
    (trace) => planOf(trace)?.location,
    p.catalog,
    (code, severity, trace, message) => report(s, code, severity, trace.target, message, planOf(trace)),
  );
}

/** Which group memberships change in an update (only when the --existing group lists its members). */
function memberChanges(s: RunState): { add: string[]; remove: string[] } {
  const current = s.existing ? existingValueAt(s.existing, { kind: 'members' }) : undefined;
  const membersTrace = s.attributes.find((a) => a.target === 'members');
  if (!Array.isArray(current)) {
    if (membersTrace && s.memberIds.length > 0) {
      membersTrace.sent = false;
      membersTrace.note = appendNote(
        membersTrace.note,
        'AWS never returns group members, and the --existing group lists none, so the dry run cannot tell which memberships change (Entra tracks what it added). Add "members" to the existing group to compare.',
      );
    }
    return { add: [], remove: [] };
  }
  const have = new Set(
    current.map((m) => (m && typeof m === 'object' && !Array.isArray(m) ? String((m as JsonObject).value) : String(m))),
  );
  const want = new Set(s.memberIds);
  const add = s.memberIds.filter((id) => !have.has(id));
  const remove = [...have].filter((id) => !want.has(id));
  if (membersTrace) {
    membersTrace.sent = add.length + remove.length > 0;
    membersTrace.note = appendNote(membersTrace.note, `${add.length} to add, ${remove.length} to remove.`);
  }
  return { add, remove };
}

/** Step "validate": what AWS would reject in the values sent (a create's body, an update's operations). */
function validateStep(p: PreparedSection, s: RunState): void {
  if (s.action === 'create' && s.created) validateCreate(p, s, s.created.elements, s.created.body);
  else if (s.action === 'update') {
    for (const op of s.patchOps) {
      const plan = s.sentPlans.find((x) => x !== undefined && x.target === op.path);
      if (plan) validateValues(p, s, plan, op.value ?? null);
    }
  }
}

function validateValues(p: PreparedSection, s: RunState, plan: MappingPlan, value: JsonValue): void {
  const { object } = p;
  if (plan.unsupported) {
    report(s, 'target-unsupported', 'error', plan.target, `${plan.unsupported} AWS rejects the request.`, plan);
    return;
  }
  if (plan.unknownTarget) {
    report(
      s,
      'target-unknown',
      'warning',
      plan.target,
      `"${plan.target}" is not an attribute AWS IAM Identity Center documents; AWS may reject it.`,
      plan,
    );
  }
  const catalogTarget = plan.catalogTarget;
  if (!catalogTarget) return;
  if (plan.boolean) {
    if (typeof value !== 'boolean' && !(typeof value === 'string' && /^(true|false)$/i.test(value))) {
      report(
        s,
        DRY_RUN_CODES.valueNotBoolean,
        'error',
        plan.target,
        `"${plan.target}" is a boolean in AWS, but the value is ${JSON.stringify(value)}; it must be True or False.`,
        plan,
      );
    }
    return;
  }
  if (Array.isArray(value)) {
    if (value.some((v) => v !== null && typeof v === 'object' && !Array.isArray(v) && 'display' in v)) {
      report(
        s,
        'target-unsupported',
        'error',
        plan.target,
        `The elements carry a "display" sub-attribute, which AWS IAM Identity Center does not accept on multi-valued attributes (roles take only value, type and primary); AWS rejects the ${object}.`,
        plan,
      );
    }
    if (value.length > 1 && !value.every((v) => typeof v === 'object')) {
      report(
        s,
        'target-multi-valued',
        'error',
        plan.target,
        `The expression yields ${value.length} values, but "${plan.target}" holds one value in AWS IAM Identity Center; AWS rejects the ${object}. Pick one with Item(…, 1) or Join them.`,
        plan,
      );
    }
    return;
  }
  if (typeof value !== 'string' || plan.reference) return;
  for (const problem of checkString(catalogTarget, plan.target, value))
    report(s, problem.code, problem.severity, plan.target, problem.message, plan);
  if ((object === 'group' && catalogTarget.path === 'displayName') || (object === 'user' && catalogTarget.path === 'userName')) {
    const reserved = object === 'group' ? checkGroupName(value) : checkUserName(value);
    if (reserved) report(s, reserved.code, reserved.severity, plan.target, reserved.message, plan);
  }
}

function validateCreate(
  p: PreparedSection,
  s: RunState,
  elements: Array<{ collection: string; owners: number[] }>,
  body: JsonObject,
): void {
  const { object, emailPlan } = p;
  const { placed, sentPlans } = s;
  for (const item of placed) {
    const plan = sentPlans[item.owner]!;
    validateValues(p, s, plan, item.value);
  }
  // One element per multi-valued attribute (bodies usually have one of each: nothing to group then).
  const repeated = elements.some((element, i) => elements.findIndex((e) => e.collection === element.collection) !== i);
  const byCollection = new Map<string, Array<{ owners: number[] }>>();
  for (const element of repeated ? elements : []) {
    const list = byCollection.get(element.collection) ?? [];
    list.push(element);
    byCollection.set(element.collection, list);
  }
  for (const [collection, list] of byCollection) {
    if (list.length <= MAX_MULTI_VALUED_ENTRIES) continue;
    const first = sentPlans[list[0].owners[0]];
    for (const element of list.slice(1)) {
      const plan = sentPlans[element.owners[0]];
      report(
        s,
        'target-multi-valued',
        'error',
        plan?.target ?? collection,
        `AWS IAM Identity Center accepts one ${collection} entry per ${object}, and "${first?.target ?? collection}" already fills one; with ${list.length} entries AWS rejects the ${object} ("List attribute ${collection} exceeds allowed limit of 1").`,
        plan,
      );
    }
  }
  // Required attributes present and non-empty.
  for (const { required, plan } of p.requiredTargets) {
    const value = plan ? placed.find((v) => v.owner === plan.number)?.value : undefined;
    if (typeof value === 'string' && value.length > 0) continue;
    if (typeof value === 'string') continue; // empty: reported by checkString
    if (!plan) {
      report(
        s,
        'required-missing',
        'error',
        required.path,
        `AWS IAM Identity Center requires "${required.path}" for ${object}s, and no mapping sets it; AWS rejects the ${object}.`,
      );
      continue;
    }
    const item = evaluatedOf(s, plan);
    const why =
      item.result.kind === 'error'
        ? 'its expression fails'
        : item.result.kind === 'ignore'
          ? 'IgnoreFlowIfNullOrEmpty leaves it out'
          : `${plan.source ?? 'the source'} is null for this ${object}`;
    report(
      s,
      'required-missing',
      'error',
      required.path,
      `AWS IAM Identity Center requires "${required.path}", but ${why}; AWS rejects the ${object} (it "will not be provisioned").`,
      plan,
    );
  }
  if (object === 'user' && emailPlan && !Array.isArray(body.emails)) {
    report(
      s,
      DRY_RUN_CODES.emailMissing,
      'warning',
      emailPlan.target,
      `${emailPlan.source ?? 'The email source'} is null for this user, so it gets no email address. SCIM does not require one, but AWS IAM Identity Center expects users to have a unique email.`,
      emailPlan,
    );
  }
}

/** The last step: the final action (an update with nothing to send is none) and the result object. */
function resultStep(p: PreparedSection, s: RunState): DryRunResult {
  const { object } = p;
  const { sample } = s;
  const decision = s.decision!;
  let finalAction = s.action;
  let actionReason = decision.reason;
  if (s.action === 'update' && s.requests.length === 0) {
    finalAction = 'none';
    actionReason = `${decision.reason.replace(/: Entra sends the changed attributes.*$/, '')}. AWS already holds every value Entra would send, so there is nothing to update.`;
  }
  if (s.unresolvedReferences > 0 && (finalAction === 'create' || finalAction === 'update')) {
    report(
      s,
      DRY_RUN_CODES.referenceUnresolved,
      'information',
      object === 'user' ? `${ENTERPRISE_USER_PREFIX}manager` : 'members',
      `Entra sends the AWS ids of referenced users; the sample does not give them, so "aws-id-of:<key>" stands in (add "awsId" to the referenced object to use a real one). Users that are not provisioned yet are left out (exportMissingReferences is false).`,
    );
  }

  const result: DryRunResult = {
    object,
    inScope: s.inScope,
    scope: s.scopeTrace,
    matching: s.matching,
    requests: s.requests,
    attributes: s.attributes,
    problems: s.problems,
    action: finalAction,
    actionReason,
    sample: { label: sample.info.label, format: sample.info.format },
  };
  if (object === 'user' || p.plans.some((plan) => plan.source?.includes('IsSoftDeleted'))) result.isSoftDeleted = s.isSoftDeleted;
  const existingId = existingIdOf(s);
  if (existingId && finalAction !== 'create') result.existingId = existingId;
  if (sample.info.location) result.sample.location = sample.info.location;
  if (sample.info.mapped.length > 0) result.sample.mapped = sample.info.mapped;
  if (sample.info.ignored.length > 0) result.sample.ignored = sample.info.ignored;
  if (sample.info.warnings.length > 0) result.sample.warnings = sample.info.warnings;
  return result;
}

/**
 * The steps after "prepare", in Entra's order. Called one by one rather than from a list: the run
 * goes once per user of a whole tenant, and direct calls let the JIT inline each step.
 */
function runSteps(p: PreparedSection, s: RunState): void {
  scopeStep(p, s);
  evaluateStep(p, s);
  matchStep(p, s);
  actionStep(p, s);
  attributesStep(p, s);
  requestsStep(p, s);
  validateStep(p, s);
}

/** Prepares a dry run of the user or group section of a mapping document. */
export function prepareDryRun(
  service: LanguageService,
  doc: MappingLikeDocument,
  object: ObjectKind,
  options: PrepareOptions = {},
): PreparedDryRun {
  const prepared = prepareSection(service, doc, object, options);
  // Every regex of one run shares one budget (regex/budget.ts), so thousands of catastrophic
  // patterns cost one bounded run, and the report says so once.
  function run(sample: Sample, runOptions: RunOptions = {}): DryRunResult {
    return runWithRegexBudget(DEFAULT_RUN_STEP_BUDGET, (budget) => {
      const state = initialState(prepared, sample, runOptions);
      runSteps(prepared, state);
      const result = resultStep(prepared, state);
      if (budget.exhausted) {
        result.problems.push({
          code: DRY_RUN_CODES.regexBudgetExhausted,
          severity: 'error',
          target: null,
          message: exhaustedMessage(budget),
        });
      }
      return result;
    });
  }
  return { object, setupProblems: prepared.setupProblems, run };
}

function appendNote(note: string | undefined, extra: string): string {
  return note ? `${note} ${extra}` : extra;
}

/** The value as it goes into a POST body: booleans as JSON booleans, references as {"value": id}. */
function shapeForBody(plan: MappingPlan, value: JsonValue): JsonValue {
  if (plan.boolean && typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (plan.reference && typeof value === 'string') return { value };
  return value;
}

/** The value as Entra writes it in a PATCH: booleans as "True"/"False", references as the bare id. */
function shapeForPatch(plan: MappingPlan, value: JsonValue): JsonValue {
  if (plan.boolean && typeof value === 'string' && /^(true|false)$/i.test(value))
    return value.toLowerCase() === 'true' ? 'True' : 'False';
  return value;
}

/** Runs one sample: prepares the mapping and runs it (use prepareDryRun for batches). */
export function dryRun(
  service: LanguageService,
  doc: MappingLikeDocument,
  object: ObjectKind,
  sample: Sample,
  options: RunOptions & PrepareOptions = {},
): DryRunResult {
  return prepareDryRun(service, doc, object, options).run(sample, options);
}
