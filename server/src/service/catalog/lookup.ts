import { closestMatch } from '../util/similar';
import type {
  AwsTargetAttribute,
  Catalogs,
  EntraSourceAttribute,
  FailureMode,
  FunctionSignature,
  ObjectKind,
  ScopeOperator,
} from './types';

/**
 * The gallery default of a target as an expression: the catalog writes direct mappings as a bare
 * attribute name (`surname`), which a mapping needs as `[surname]`.
 */
export function galleryExpression(source: string): string {
  return /^[A-Za-z_][\w.]*$/.test(source) ? `[${source}]` : source;
}

/** Normalises an operator name so "REGEX Match", "regex_match" and "Regex Match" compare equal. */
export function operatorKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ');
}

/**
 * Indexed, read-only access to a set of catalogs. The service builds one per catalog set (the
 * bundled one, or one extended with a tenant's custom attributes) and rules read only through it.
 */
export class CatalogIndex {
  private readonly targetsByObject: Record<ObjectKind, AwsTargetAttribute[]> = { user: [], group: [] };
  private readonly attributesLower = new Map<string, EntraSourceAttribute>();
  private readonly attributesByObject: Record<ObjectKind, EntraSourceAttribute[]> = { user: [], group: [] };
  private readonly attributePatterns: Record<ObjectKind, Array<{ regex: RegExp; attribute: EntraSourceAttribute }>> = {
    user: [],
    group: [],
  };
  private readonly functionsLower = new Map<string, FunctionSignature>();
  private readonly functionsExact = new Map<string, FunctionSignature>();
  /** Per-object maps, so the lookups rules make for every mapping build no key strings. */
  private readonly targetsByName: Record<ObjectKind, Map<string, AwsTargetAttribute>> = { user: new Map(), group: new Map() };
  private readonly attributesByName: Record<ObjectKind, Map<string, EntraSourceAttribute>> = {
    user: new Map(),
    group: new Map(),
  };
  private readonly operators = new Map<string, ScopeOperator>();

  constructor(readonly catalogs: Catalogs) {
    for (const target of catalogs.awsTargets) {
      this.targetsByName[target.object].set(target.path, target);
      this.targetsByObject[target.object].push(target);
    }
    for (const attribute of catalogs.entraAttributes) {
      if (attribute.pattern) {
        this.attributePatterns[attribute.object].push({ regex: new RegExp(attribute.pattern), attribute });
        continue;
      }
      this.attributesByName[attribute.object].set(attribute.name, attribute);
      this.attributesLower.set(`${attribute.object}:${attribute.name.toLowerCase()}`, attribute);
      this.attributesByObject[attribute.object].push(attribute);
    }
    for (const signature of catalogs.functions) {
      this.functionsLower.set(signature.name.toLowerCase(), signature);
      this.functionsExact.set(signature.name, signature);
    }
    for (const operator of catalogs.scopeOperators) {
      this.operators.set(operatorKey(operator.name), operator);
      this.operators.set(operatorKey(operator.graphName), operator);
    }
  }

  awsTarget(object: ObjectKind, path: string): AwsTargetAttribute | undefined {
    return this.targetsByName[object].get(path);
  }

  awsTargetsFor(object: ObjectKind): readonly AwsTargetAttribute[] {
    return this.targetsByObject[object];
  }

  /** A target whose path differs only in case (SCIM attribute names are case-insensitive, Entra's are not). */
  awsTargetIgnoreCase(object: ObjectKind, path: string): AwsTargetAttribute | undefined {
    const lower = path.toLowerCase();
    return this.targetsByObject[object].find((t) => t.path.toLowerCase() === lower);
  }

  /** An exact (case-sensitive) source attribute, or a pattern attribute such as a directory extension. */
  entraAttribute(object: ObjectKind, name: string): EntraSourceAttribute | undefined {
    return this.attributesByName[object].get(name) ?? this.attributePatterns[object].find((p) => p.regex.test(name))?.attribute;
  }

  entraAttributeIgnoreCase(object: ObjectKind, name: string): EntraSourceAttribute | undefined {
    return this.attributesLower.get(`${object}:${name.toLowerCase()}`);
  }

  entraAttributesFor(object: ObjectKind): readonly EntraSourceAttribute[] {
    return this.attributesByObject[object];
  }

  /** The closest offered attribute name (confirmed or likely) for "did you mean". */
  suggestAttribute(object: ObjectKind, name: string): string | undefined {
    const names = this.attributesByObject[object].filter((a) => a.status !== 'unavailable').map((a) => a.name);
    return closestMatch(name, names);
  }

  suggestTarget(object: ObjectKind, path: string): string | undefined {
    return closestMatch(
      path,
      this.targetsByObject[object].filter((t) => t.supported).map((t) => t.path),
    );
  }

  /** A function by name, case-insensitively (Entra resolves `Instr` and `switch` too). */
  functionByName(name: string): FunctionSignature | undefined {
    // Rules ask for every call of every expression: the exact spelling is found without lowercasing.
    return this.functionsExact.get(name) ?? this.functionsLower.get(name.toLowerCase());
  }

  suggestFunction(name: string): string | undefined {
    return closestMatch(
      name,
      this.catalogs.functions.map((f) => f.name),
    );
  }

  scopeOperator(name: string): ScopeOperator | undefined {
    return this.operators.get(operatorKey(name));
  }

  suggestOperator(name: string): string | undefined {
    return closestMatch(
      name,
      this.catalogs.scopeOperators.map((o) => o.name),
    );
  }

  /** A failure mode of aws/failure-modes.md by id (`stale-values`, `saml-nameid`, …). */
  failureMode(id: string): FailureMode | undefined {
    return this.catalogs.failureModes?.find((m) => m.id === id);
  }

  /** A failure mode's statements, each quoted after who published it, for messages. */
  failureModeQuotes(id: string): string {
    const mode = this.failureMode(id);
    return mode ? mode.statements.map((s) => `${s.by}: "${s.text}"`).join(' ') : '';
  }

  citation(key: string): string {
    return Object.hasOwn(this.catalogs.sources, key) ? this.catalogs.sources[key] : key;
  }
}
