/**
 * The catalogs, loaded from the committed JSON in `data/` (generated from the domain reference by
 * `scripts/generate-catalogs.mjs`), with lookup maps built once at module load.
 *
 * JSON convention: `FunctionSignature.maxArgs` is `null` in functions.json when a parameter repeats
 * (JSON has no Infinity); it is mapped to `Infinity` here.
 */
import awsTargetsJson from './data/aws-targets.json';
import entraAttributesJson from './data/entra-attributes.json';
import failureModesJson from './data/failure-modes.json';
import functionsJson from './data/functions.json';
import scopeOperatorsJson from './data/scope-operators.json';
import sourcesJson from './data/sources.json';
import { CatalogIndex } from './lookup';
import type { AwsTargetAttribute, Catalogs, EntraSourceAttribute, FailureMode, FunctionSignature, ScopeOperator } from './types';

export type * from './types';

type StoredFunctionSignature = Omit<FunctionSignature, 'maxArgs'> & { maxArgs: number | null };

const functions: FunctionSignature[] = (functionsJson as unknown as StoredFunctionSignature[]).map((f) => ({
  ...f,
  maxArgs: f.maxArgs === null ? Infinity : f.maxArgs,
}));

export const catalogs: Catalogs = {
  awsTargets: awsTargetsJson as unknown as AwsTargetAttribute[],
  entraAttributes: entraAttributesJson as unknown as EntraSourceAttribute[],
  functions,
  scopeOperators: scopeOperatorsJson as unknown as ScopeOperator[],
  failureModes: failureModesJson as unknown as FailureMode[],
  sources: sourcesJson as Record<string, string>,
};

/** Indexed access to the bundled catalogs; rules and features receive a CatalogIndex instead. */
export const defaultCatalog = new CatalogIndex(catalogs);
