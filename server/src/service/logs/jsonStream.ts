/**
 * Reads log entries from JSON text as it arrives, without holding more than one entry: a Graph
 * page (`{"value": [...], "@odata.nextLink": …}`), a plain array, JSON Lines, or several of these
 * one after another. Only the elements of the array being read are ever buffered, so a file of
 * 100,000 entries needs the memory of one. Pure: text chunks in, parsed values out.
 */

export class LogInputError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** The longest single entry (or non-page object) read, in characters: a bound, not a format limit. */
export const MAX_ENTRY_CHARS = 16 * 1024 * 1024;

const enum Kind {
  None,
  String,
  Container,
  Primitive,
}

/**
 * Feed it chunks with `push` and call `end` at the end; `onValue` gets each entry (a parsed JSON
 * value) with the 1-based line it starts on. Errors are `LogInputError`s with a line.
 */
export class LogJsonReader {
  private line = 1;
  private depth = 0;
  private inString = false;
  private escape = false;
  private started = false;

  /** The top-level value being read: an array of entries, or an object (a page, or one entry). */
  private top: 'array' | 'object' | null = null;
  private topLine = 1;
  /** The top-level object's text while it may still be a single entry. */
  private objectParts: string[] | null = null;
  private objectStart = 0;
  private objectChars = 0;
  private pageSeen = false;
  /** Key tracking at depth 1 of a top-level object. */
  private keyChars: string | null = null;
  private lastKey: string | null = null;
  private pendingKey: string | null = null;

  /** Depth at which array elements are entries (1: a top-level array; 2: a page's value array). */
  private elementDepth = -1;
  private element = Kind.None;
  private elementParts: string[] = [];
  private elementStart = 0;
  private elementChars = 0;
  private elementLine = 1;

  constructor(private readonly onValue: (value: unknown, line: number) => void) {}

  /** Characters held for the entry being read (for tests of the streaming bound). */
  get bufferedChars(): number {
    return this.elementChars + this.objectChars;
  }

  push(chunk: string): void {
    let i = 0;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    this.elementStart = i;
    this.objectStart = i;
    /** Where the next backslash is in this chunk (-1: none; recomputed once passed). */
    let nextBackslash = chunk.indexOf('\\', i);
    for (; i < chunk.length; i++) {
      let c = chunk.charCodeAt(i);
      if (this.inString && !this.escape && this.keyChars === null && c !== 34 && c !== 92) {
        // Most of a log is string content: jump to the next quote or backslash. (A raw line break
        // inside a string is invalid JSON, which JSON.parse reports, so no line is skipped here.)
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = chunk.indexOf('\\', i);
        const quote = chunk.indexOf('"', i);
        const next = quote === -1 ? nextBackslash : nextBackslash === -1 ? quote : Math.min(quote, nextBackslash);
        if (next === -1) break;
        i = next;
        c = chunk.charCodeAt(i);
      }
      if (c === 10) this.line++;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) {
          this.inString = false;
          if (this.keyChars !== null) {
            this.lastKey = this.keyChars;
            this.keyChars = null;
          }
          if (this.element === Kind.String && this.depth === this.elementDepth) this.endElement(chunk, i + 1);
        } else if (this.keyChars !== null && this.keyChars.length < 64) this.keyChars += chunk[i];
        continue;
      }
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        if (this.element === Kind.Primitive) this.endElement(chunk, i);
        continue;
      }
      if (this.depth === 0) {
        if (c !== 123 && c !== 91)
          throw new LogInputError(
            `expected a JSON object or array (a Graph page, an array of entries or JSON Lines), found ${JSON.stringify(chunk[i])}`,
            this.line,
          );
        this.top = c === 91 ? 'array' : 'object';
        this.topLine = this.line;
        this.depth = 1;
        this.pageSeen = false;
        this.lastKey = this.pendingKey = null;
        if (this.top === 'array') this.elementDepth = 1;
        else {
          this.elementDepth = -1;
          this.objectParts = [];
          this.objectStart = i;
          this.objectChars = 0;
        }
        continue;
      }
      const atElementLevel = this.element === Kind.None && this.depth === this.elementDepth;
      const atObjectKeys = this.top === 'object' && this.depth === 1 && this.elementDepth === -1;
      switch (c) {
        case 34: // "
          this.inString = true;
          if (atElementLevel) this.startElement(Kind.String, i);
          else if (atObjectKeys) {
            this.keyChars = '';
            this.pendingKey = null;
          }
          break;
        case 123: // {
        case 91: // [
          if (atElementLevel) this.startElement(Kind.Container, i);
          else if (atObjectKeys && c === 91 && this.pendingKey === 'value' && !this.pageSeen) {
            // A Graph page: its entries are the elements of "value"; the rest of the page is not kept.
            this.objectParts = null;
            this.objectChars = 0;
            this.elementDepth = 2;
            this.pageSeen = true;
          }
          if (atObjectKeys) this.pendingKey = null;
          this.depth++;
          break;
        case 125: // }
        case 93: // ]
          if (this.element === Kind.Primitive && this.depth === this.elementDepth) this.endElement(chunk, i);
          this.depth--;
          if (this.element === Kind.Container && this.depth === this.elementDepth) this.endElement(chunk, i + 1);
          else if (this.top === 'object' && this.elementDepth === 2 && this.depth === 1) this.elementDepth = -1;
          if (this.depth === 0) this.endTop(chunk, i + 1);
          break;
        case 44: // ,
          if (this.element === Kind.Primitive && this.depth === this.elementDepth) this.endElement(chunk, i);
          break;
        case 58: // :
          if (atObjectKeys) this.pendingKey = this.lastKey;
          break;
        default:
          if (atElementLevel) this.startElement(Kind.Primitive, i);
          else if (atObjectKeys) this.pendingKey = null;
      }
    }
    // Keep the unfinished entry's text for the next chunk.
    if (this.element !== Kind.None) this.keep('element', chunk.slice(this.elementStart));
    if (this.objectParts) this.keep('object', chunk.slice(this.objectStart));
  }

  end(): void {
    if (this.element === Kind.Primitive) this.endElement('', 0);
    if (this.inString || this.depth > 0)
      throw new LogInputError(
        `the JSON ends inside the value that starts on line ${this.top ? this.topLine : this.line}`,
        this.line,
      );
  }

  private keep(which: 'element' | 'object', text: string): void {
    if (which === 'element') {
      this.elementParts.push(text);
      this.elementChars += text.length;
      if (this.elementChars > MAX_ENTRY_CHARS)
        throw new LogInputError(`the entry starting here is longer than ${MAX_ENTRY_CHARS} characters`, this.elementLine);
    } else {
      this.objectParts!.push(text);
      this.objectChars += text.length;
      if (this.objectChars > MAX_ENTRY_CHARS)
        throw new LogInputError(
          `the object starting here is longer than ${MAX_ENTRY_CHARS} characters and is not a page of entries`,
          this.topLine,
        );
    }
  }

  private startElement(kind: Kind, at: number): void {
    this.element = kind;
    this.elementStart = at;
    this.elementParts = [];
    this.elementChars = 0;
    this.elementLine = this.line;
  }

  private endElement(chunk: string, end: number): void {
    this.elementParts.push(chunk.slice(this.elementStart, end));
    const text = this.elementParts.join('');
    this.element = Kind.None;
    this.elementParts = [];
    this.elementChars = 0;
    this.emit(text, this.elementLine);
  }

  private endTop(chunk: string, end: number): void {
    if (this.objectParts) {
      this.objectParts.push(chunk.slice(this.objectStart, end));
      const text = this.objectParts.join('');
      this.objectParts = null;
      this.objectChars = 0;
      this.emit(text, this.topLine);
    }
    this.top = null;
    this.elementDepth = -1;
  }

  private emit(text: string, line: number): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new LogInputError(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`, line);
    }
    // An array of pages (several responses saved in one array) is read page by page.
    if (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Array.isArray((value as Record<string, unknown>).value)
    ) {
      for (const item of (value as { value: unknown[] }).value) this.onValue(item, line);
      return;
    }
    this.onValue(value, line);
  }
}
