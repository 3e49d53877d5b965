import { activeNotSoftDelete } from './activeNotSoftDelete';
import { documentTooLarge } from './documentTooLarge';
import { emptyStringDefault } from './emptyStringDefault';
import { exprArity } from './exprArity';
import { exprAttributeUnverified } from './exprAttributeUnverified';
import { exprFunctionCase } from './exprFunctionCase';
import { exprFunctionUndocumented } from './exprFunctionUndocumented';
import { exprSyntax } from './exprSyntax';
import { exprTooLong } from './exprTooLong';
import { exprUnknownAttribute } from './exprUnknownAttribute';
import { exprUnknownFunction } from './exprUnknownFunction';
import { exprUnsupported } from './exprUnsupported';
import { exprUsage } from './exprUsage';
import { graphClauseValues } from './graphClauseValues';
import { graphExpressionMismatch } from './graphExpressionMismatch';
import { graphNotAws } from './graphNotAws';
import { graphParameterKey } from './graphParameterKey';
import { graphUnknownFlowType } from './graphUnknownFlowType';
import { graphUnrepresentable } from './graphUnrepresentable';
import { invalidCharacters } from './invalidCharacters';
import { jsonDuplicateKey } from './jsonDuplicateKey';
import { jsonSyntax } from './jsonSyntax';
import { matchingMissing } from './matchingMissing';
import { matchingMultiple } from './matchingMultiple';
import { matchingNotFilterable } from './matchingNotFilterable';
import { requiredMissing } from './requiredMissing';
import { riskyCharacters } from './riskyCharacters';
import { samlNameIdMismatch } from './samlNameIdMismatch';
import { schema } from './schema';
import { scopeFileMissing } from './scopeFileMissing';
import { scopeInvalidRegex } from './scopeInvalidRegex';
import { scopeNullExcluded } from './scopeNullExcluded';
import { scopeOperatorUndocumented } from './scopeOperatorUndocumented';
import { scopeOperatorValue } from './scopeOperatorValue';
import { scopeUnknownAttribute } from './scopeUnknownAttribute';
import { scopeUnknownOperator } from './scopeUnknownOperator';
import { scopeUnsupportedAttribute } from './scopeUnsupportedAttribute';
import { targetDuplicate } from './targetDuplicate';
import { targetMultiValued } from './targetMultiValued';
import { targetUnknown } from './targetUnknown';
import { targetUnsupported } from './targetUnsupported';
import type { Rule } from './types';
import { unusedSuppression } from './unusedSuppression';
import { usernameWhitespaceSource } from './usernameWhitespaceSource';
// Issue 17: the "provisioning" section.
import { scopeAllUnfiltered } from './scopeAllUnfiltered';
import { secretInFile } from './secretInFile';
import { tenantUrlInvalid } from './tenantUrlInvalid';
import { tokenExpiring } from './tokenExpiring';

/**
 * Every rule, in the order findings are listed. Codes are a public contract (CLI JSON, settings,
 * other tools): never rename one; retire a rule by keeping its code reserved in ARCHITECTURE.md.
 */
export const RULES: readonly Rule[] = [
  jsonSyntax,
  jsonDuplicateKey,
  documentTooLarge,
  schema,
  exprSyntax,
  exprTooLong,
  exprUnknownFunction,
  exprFunctionCase,
  exprFunctionUndocumented,
  exprArity,
  exprUnknownAttribute,
  exprAttributeUnverified,
  exprUsage,
  exprUnsupported,
  targetUnknown,
  targetUnsupported,
  targetDuplicate,
  targetMultiValued,
  matchingNotFilterable,
  matchingMissing,
  matchingMultiple,
  requiredMissing,
  activeNotSoftDelete,
  samlNameIdMismatch,
  invalidCharacters,
  riskyCharacters,
  emptyStringDefault,
  usernameWhitespaceSource,
  scopeUnknownAttribute,
  scopeUnsupportedAttribute,
  scopeUnknownOperator,
  scopeOperatorUndocumented,
  scopeOperatorValue,
  scopeInvalidRegex,
  scopeFileMissing,
  scopeNullExcluded,
  secretInFile,
  tenantUrlInvalid,
  tokenExpiring,
  scopeAllUnfiltered,
  graphNotAws,
  graphExpressionMismatch,
  graphParameterKey,
  graphUnknownFlowType,
  graphClauseValues,
  graphUnrepresentable,
  unusedSuppression,
];

export const RULES_BY_CODE: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.code, rule]));

export type { Rule };
