/** The dry run's expression evaluator: see evaluate.ts. */
export { evaluateExpression, evaluateText, valueToJson } from './evaluate';
export type { AppRoleAssignment, EvalEnvironment, EvalError, EvalResult, Value } from './types';
