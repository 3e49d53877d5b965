/** The provisioning-log explainer (`scim-mapper logs`, "Explain provisioning logs…" in VS Code). */
export { readLogEntry } from './entry';
export { createLogExplainer, type LogExplainer, type LogExplainerOptions } from './explain';
export { ENTRA_ERROR_FACTS, entraErrorFact, type EntraErrorFact } from './errorCatalog';
export { LogJsonReader, LogInputError, MAX_ENTRY_CHARS } from './jsonStream';
export { CsvRecordReader, PortalCsvJoin, portalCsvRole, PORTAL_CSV_EXPECTED, type PortalCsvRole } from './csv';
export { LogSummary, entryLines, type LogGroup } from './report';
export { rebuildPayload, checkPayload, type PayloadFinding, type SentValue } from './payloadCheck';
export type * from './types';
export { classifyLogSources, readLogSources, LogSourceError, type LogSource, type ClassifiedSources } from './read';
