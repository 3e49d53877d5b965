import type { FunctionParameter, FunctionSignature } from '../catalog/types';
import type { ArgSlot, CallNode } from './ast';

export interface BoundArgument {
  slot: ArgSlot;
  slotIndex: number;
  /** The catalog parameter this slot fills, or null for a slot beyond the last parameter. */
  parameter: FunctionParameter | null;
}

/**
 * The shape of a signature's parameter list: leading fixed parameters, an optional block of
 * repeating parameters (Join's sources, Switch's key/value pairs), then trailing fixed
 * parameters (Coalesce's defaultValue). Arguments are positional in Entra, so every slot is
 * assigned by this shape alone.
 */
interface ParameterShape {
  leading: FunctionParameter[];
  repeating: FunctionParameter[];
  trailing: FunctionParameter[];
}

/** Shapes per signature: rules and the evaluator ask for every argument slot of every call. */
const shapes = new WeakMap<FunctionSignature, ParameterShape>();

function shapeOf(signature: FunctionSignature): ParameterShape {
  let shape = shapes.get(signature);
  if (!shape) shapes.set(signature, (shape = computeShape(signature)));
  return shape;
}

function computeShape(signature: FunctionSignature): ParameterShape {
  const params = signature.parameters;
  const first = params.findIndex((p) => p.repeats);
  if (first < 0) return { leading: params, repeating: [], trailing: [] };
  let last = first;
  while (last + 1 < params.length && params[last + 1].repeats) last++;
  return { leading: params.slice(0, first), repeating: params.slice(first, last + 1), trailing: params.slice(last + 1) };
}

/** The parameter that argument slot `index` of a call with `slotCount` slots fills. */
export function parameterForSlot(signature: FunctionSignature, index: number, slotCount: number): FunctionParameter | null {
  const { leading, repeating, trailing } = shapeOf(signature);
  if (index < leading.length) return leading[index];
  if (repeating.length === 0) return index < leading.length + trailing.length ? trailing[index - leading.length] : null;
  // Trailing parameters take the last slots only when the call has more than the leading ones plus one block.
  const trailingStart = Math.max(leading.length + repeating.length, slotCount - trailing.length);
  if (trailing.length > 0 && index >= trailingStart) return trailing[index - trailingStart] ?? null;
  return repeating[(index - leading.length) % repeating.length];
}

export function bindArguments(call: CallNode, signature: FunctionSignature): BoundArgument[] {
  return call.args.map((slot, slotIndex) => ({
    slot,
    slotIndex,
    parameter: parameterForSlot(signature, slotIndex, call.args.length),
  }));
}
