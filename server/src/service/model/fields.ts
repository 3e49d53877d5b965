/**
 * The field shapes every model is made of: a JSON value kept with its node and span. Their own
 * module, below model/types.ts and graph/types.ts, because both build on them and model/types.ts
 * holds graph/types.ts's shapes (no import cycle, type-only included).
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { Span } from '../text/lineIndex';
import type { DecodedJsonString } from '../text/jsonString';

export type { JsonNode };

/** A JSON string value with its node and a decoded-index → file-offset map. */
export interface StringField {
  value: string;
  node: JsonNode;
  /** The literal including its quotes. */
  span: Span;
  decoded: DecodedJsonString;
}

/** Any JSON value we read, kept with its node so rules can point at it. */
export interface ValueField<T> {
  value: T;
  node: JsonNode;
  span: Span;
}
