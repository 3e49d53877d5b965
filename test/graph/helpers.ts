import { catalogs } from '../../server/src/service/catalog';
import { LanguageService, type ServiceHost, type ServiceSettings } from '../../server/src/service/languageService';
import type { GraphDocument } from '../../server/src/service/model/types';
import { seededRandom } from '../../server/src/service/dryrun/dryRun';

export const GRAPH_URI = 'file:///srv/project/test.synchronization.json';

export function createService(files: Record<string, string> = {}, settings?: ServiceSettings): LanguageService {
  const host: ServiceHost = { readFile: (uri) => files[uri] };
  return new LanguageService({ host, catalogs, settings });
}

export function graphDocument(service: LanguageService, text: string, uri = GRAPH_URI): GraphDocument {
  const document = service.getDocument(uri, text);
  if (document?.kind !== 'graph') throw new Error(`not read as a Graph schema: ${document?.kind}`);
  return document;
}

export function attribute(name: string, expression = true): Record<string, unknown> {
  return expression ? { expression: `[${name}]`, name, parameters: [], type: 'Attribute' } : { name, type: 'Attribute' };
}

export function constant(value: string, expression = true): Record<string, unknown> {
  return expression
    ? { expression: JSON.stringify(value), name: value, parameters: [], type: 'Constant' }
    : { name: value, type: 'Constant' };
}

export function attributeMapping(target: string, source: unknown, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    defaultValue: null,
    exportMissingReferences: false,
    flowBehavior: 'FlowWhenChanged',
    flowType: 'Always',
    matchingPriority: 0,
    source,
    targetAttributeName: target,
    ...fields,
  };
}

/** The gallery user mappings AWS requires, so AWS rules stay quiet unless a test wants them. */
export function requiredUserMappings(): Record<string, unknown>[] {
  return [
    attributeMapping('userName', attribute('userPrincipalName'), { matchingPriority: 1 }),
    attributeMapping('active', {
      expression: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      name: 'Switch',
      parameters: [
        { key: 'source', value: attribute('IsSoftDeleted') },
        { key: 'switchValue', value: constant('False') },
        { key: 'switchValue', value: constant('True') },
        { key: 'switchValue', value: constant('True') },
        { key: 'switchValue', value: constant('False') },
      ],
      type: 'Function',
    }),
    attributeMapping('displayName', attribute('displayName')),
    attributeMapping('name.givenName', attribute('givenName')),
    attributeMapping('name.familyName', attribute('surname')),
  ];
}

export interface SchemaOptions {
  user?: Record<string, unknown>[];
  group?: Record<string, unknown>[];
  userScope?: unknown;
  targetDirectoryName?: string;
  id?: string;
  directories?: unknown[];
}

/** An AWS IAM Identity Center schema in the shape Graph exports, with the given attribute mappings. */
export function awsSchema(options: SchemaOptions = {}): Record<string, unknown> {
  const objectMappings: Record<string, unknown>[] = [];
  if (options.user) {
    objectMappings.push({
      enabled: true,
      flowTypes: 'Add,Update,Delete',
      name: 'Provision Azure Active Directory Users',
      scope: options.userScope ?? null,
      sourceObjectName: 'User',
      targetObjectName: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      attributeMappings: options.user,
    });
  }
  if (options.group) {
    objectMappings.push({
      enabled: true,
      flowTypes: 'Add,Update,Delete',
      name: 'Provision Azure Active Directory Groups',
      scope: null,
      sourceObjectName: 'Group',
      targetObjectName: 'urn:ietf:params:scim:schemas:core:2.0:Group',
      attributeMappings: options.group,
    });
  }
  const schema: Record<string, unknown> = {
    id: options.id ?? 'aWSSingleSignon.00000000000000000000000000000000',
    version: '6.0',
    synchronizationRules: [
      {
        editable: true,
        id: '03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8',
        name: 'USERGROUP_OUTBOUND_USERGROUP',
        priority: 1,
        sourceDirectoryName: 'Azure Active Directory',
        targetDirectoryName: options.targetDirectoryName ?? 'AWSSingleSignon',
        objectMappings,
      },
    ],
  };
  if (options.directories) schema.directories = options.directories;
  return schema;
}

export function text(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** The file text a diagnostic or span covers. */
export function covered(source: string, span: { start: number; end: number }): string {
  return source.slice(span.start, span.end);
}

/** The product's seeded generator (mulberry32). */
export const prng = seededRandom;
