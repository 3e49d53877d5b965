/**
 * The project config file, `.scim-mapper.json` or `.scim-mapper.jsonc`, read the same way by the
 * CLI and the language server (schemas/scim-mapper-config.schema.json describes it for editors):
 *
 *   { "rules": { "<code>": "off|hint|information|warning|error" }, "ignore": ["glob", …],
 *     "sourceAttributes": { "user": [{ "name", "type", "multiValued" }], "group": [ … ] },
 *     "graphTarget": "auto|aws|other" }
 *
 * Pure: text in, a config or the problems (with positions) out. Finding the file is the host's job.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { EntraSourceAttribute, ObjectKind } from '../catalog/types';
import type { ServiceSettings } from '../languageService';
import { RULES_BY_CODE } from '../rules';
import type { SeveritySetting } from '../rules/types';
import { LineIndex } from '../text/lineIndex';
import { stripBom } from '../text/encoding';

export const CONFIG_FILE_NAMES = ['.scim-mapper.json', '.scim-mapper.jsonc'] as const;

export type SourceAttributeType = 'String' | 'Boolean' | 'Integer' | 'DateTime' | 'Reference';

export interface DeclaredSourceAttribute {
  name: string;
  type: SourceAttributeType;
  multiValued: boolean;
}

export interface ProjectConfig {
  rules?: Record<string, SeveritySetting>;
  ignore?: string[];
  sourceAttributes?: Partial<Record<ObjectKind, DeclaredSourceAttribute[]>>;
  graphTarget?: 'auto' | 'aws' | 'other';
}

export interface ConfigProblem {
  message: string;
  /** 0-based line and character. */
  line: number;
  character: number;
}

const LEVELS: readonly SeveritySetting[] = ['off', 'hint', 'information', 'warning', 'error'];
const TYPES: readonly SourceAttributeType[] = ['String', 'Boolean', 'Integer', 'DateTime', 'Reference'];
const TARGETS = ['auto', 'aws', 'other'] as const;

export function parseProjectConfig(input: string): { config: ProjectConfig; problems: ConfigProblem[] } {
  const text = stripBom(input);
  const lines = new LineIndex(text);
  const problems: ConfigProblem[] = [];
  const at = (offset: number, message: string): void => {
    const position = lines.positionAt(offset);
    problems.push({ message, line: position.line, character: position.character });
  };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const error of errors) at(error.offset, `Invalid JSON: ${printParseErrorCode(error.error)}.`);
  const config: ProjectConfig = {};
  if (errors.length > 0) return { config, problems };
  if (!root || root.type !== 'object') {
    at(0, 'The config must be a JSON object.');
    return { config, problems };
  }
  for (const property of root.children ?? []) {
    const [keyNode, value] = property.children ?? [];
    if (!keyNode || !value) continue;
    const key = String(keyNode.value);
    switch (key) {
      case '$schema':
        break;
      case 'rules':
        config.rules = readRules(value, at);
        break;
      case 'ignore':
        if (value.type !== 'array' || (value.children ?? []).some((c) => c.type !== 'string'))
          at(value.offset, '"ignore" must be an array of glob strings.');
        else config.ignore = (value.children ?? []).map((c) => String(c.value));
        break;
      case 'sourceAttributes':
        config.sourceAttributes = readSourceAttributes(value, at);
        break;
      case 'graphTarget':
        if (!TARGETS.includes(value.value)) at(value.offset, `"graphTarget" must be one of ${TARGETS.join(', ')}.`);
        else config.graphTarget = value.value;
        break;
      default:
        at(keyNode.offset, `Unknown property "${key}" (expected rules, ignore, sourceAttributes or graphTarget).`);
    }
  }
  return { config, problems };
}

type Report = (offset: number, message: string) => void;

function readRules(node: Node, at: Report): Record<string, SeveritySetting> {
  const rules: Record<string, SeveritySetting> = {};
  if (node.type !== 'object') {
    at(node.offset, '"rules" must be an object of "code": "severity".');
    return rules;
  }
  for (const property of node.children ?? []) {
    const [keyNode, value] = property.children ?? [];
    if (!keyNode || !value) continue;
    const code = String(keyNode.value);
    if (!RULES_BY_CODE.has(code)) at(keyNode.offset, `Unknown rule "${code}".`);
    else if (!LEVELS.includes(value.value)) at(value.offset, `The severity of "${code}" must be one of ${LEVELS.join(', ')}.`);
    else rules[code] = value.value;
  }
  return rules;
}

function readSourceAttributes(node: Node, at: Report): Partial<Record<ObjectKind, DeclaredSourceAttribute[]>> {
  const result: Partial<Record<ObjectKind, DeclaredSourceAttribute[]>> = {};
  if (node.type !== 'object') {
    at(node.offset, '"sourceAttributes" must be an object with "user" and/or "group" lists.');
    return result;
  }
  for (const property of node.children ?? []) {
    const [keyNode, value] = property.children ?? [];
    if (!keyNode || !value) continue;
    const object = String(keyNode.value);
    if (object !== 'user' && object !== 'group') {
      at(keyNode.offset, `"sourceAttributes" has lists for "user" and "group", not "${object}".`);
      continue;
    }
    if (value.type !== 'array') {
      at(value.offset, `"sourceAttributes.${object}" must be an array.`);
      continue;
    }
    const list: DeclaredSourceAttribute[] = [];
    for (const item of value.children ?? []) {
      const declared = readAttribute(item, at);
      if (declared) list.push(declared);
    }
    result[object] = list;
  }
  return result;
}

function readAttribute(node: Node, at: Report): DeclaredSourceAttribute | undefined {
  if (node.type !== 'object') {
    at(node.offset, 'A source attribute is an object { "name", "type", "multiValued" }.');
    return undefined;
  }
  const fields = new Map<string, Node>();
  for (const property of node.children ?? []) {
    const [keyNode, value] = property.children ?? [];
    if (!keyNode || !value) continue;
    const key = String(keyNode.value);
    if (key !== 'name' && key !== 'type' && key !== 'multiValued')
      at(keyNode.offset, `Unknown property "${key}" (expected name, type, multiValued).`);
    else fields.set(key, value);
  }
  const name = fields.get('name');
  if (!name || name.type !== 'string' || !/^[A-Za-z_][\w.-]*$/.test(String(name.value))) {
    at((name ?? node).offset, 'A source attribute needs a "name" (letters, digits, _, . and -).');
    return undefined;
  }
  const type = fields.get('type');
  if (type !== undefined && !TYPES.includes(type.value)) {
    at(type.offset, `"type" must be one of ${TYPES.join(', ')}.`);
    return undefined;
  }
  const multiValued = fields.get('multiValued');
  if (multiValued !== undefined && multiValued.type !== 'boolean') {
    at(multiValued.offset, '"multiValued" must be true or false.');
    return undefined;
  }
  return {
    name: String(name.value),
    type: (type?.value as SourceAttributeType | undefined) ?? 'String',
    multiValued: multiValued?.value === true,
  };
}

/** The declared attributes as catalog entries: known to completion, hover, checks and the dry run. */
export function declaredCatalogAttributes(config: ProjectConfig): EntraSourceAttribute[] {
  const result: EntraSourceAttribute[] = [];
  for (const object of ['user', 'group'] as const) {
    for (const declared of config.sourceAttributes?.[object] ?? []) {
      result.push({
        name: declared.name,
        object,
        type: declared.type,
        multiValued: declared.multiValued,
        status: 'confirmed',
        scopable: !declared.multiValued && declared.type !== 'Reference' && declared.type !== 'DateTime',
        description: 'Declared in the project config (sourceAttributes): an attribute of this tenant.',
        sources: [],
      });
    }
  }
  return result;
}

const settingsOf = new WeakMap<ProjectConfig, ServiceSettings>();

/** A config as service settings; the same object for the same config, so catalogs built for it are reused. */
export function configToSettings(config: ProjectConfig): ServiceSettings {
  let settings = settingsOf.get(config);
  if (!settings) {
    settings = {};
    if (config.rules) settings.rules = config.rules;
    if (config.graphTarget) settings.graphTarget = config.graphTarget;
    if (config.sourceAttributes) settings.sourceAttributes = declaredCatalogAttributes(config);
    settingsOf.set(config, settings);
  }
  return settings;
}
