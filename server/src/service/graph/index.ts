/**
 * Microsoft Graph synchronization schemas: reading them into the mapping model, converting
 * mapping files to schemas (ready to PUT) and back, and the request that applies a schema.
 */
export { GRAPH_SCHEMA_NAME, AWS_TEMPLATE_ID, GRAPH_FLOW_TYPES, locateSchema, readGraphDocument } from './read';
export {
  mappingToGraph,
  readMappingIntent,
  graphAttributeMapping,
  schemaOfValue,
  AWS_TEMPLATE,
  type ConversionProblem,
  type MappingToGraphOptions,
  type MappingToGraphResult,
} from './write';
export {
  graphToMapping,
  printMappingFile,
  printScopeFile,
  type GraphToMappingOptions,
  type GraphToMappingResult,
  type MappingEntry,
  type FilterEntry,
  type ObjectSection,
} from './toMapping';
export { describePutRequest, putSchemaRequest, getSchemaRequest, GRAPH_SCHEMA_PATH, type GraphRequest } from './requests';
export {
  expressionToTree,
  printTree,
  canonicalOfExpression,
  canonicalOfTree,
  sameCanonical,
  printCanonical,
  type GraphSource,
  type Canonical,
} from './tree';
export { convertMappingToGraph, convertGraphToMapping } from './convert';
