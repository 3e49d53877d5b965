/** The CLI's output, injected so tests can capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (colour on). */
  colour: boolean;
  /**
   * The exit status the run has earned so far (1 once an error was found). When the reader of
   * stdout goes away (`| head -1`), the CLI stops and exits with this instead of failing.
   */
  exitSoFar?: number;
  /** The whole of stdin (tests inject it); by default process.stdin is read. */
  readStdin?(): Promise<string>;
  /** Waits until what was written to stdout is out, and throws if that failed (a full disk, a closed pipe). */
  flush?(): Promise<void>;
  /** Whether stderr is a terminal (a progress line may be shown there). */
  errIsTerminal?: boolean;
  /** Writes to stderr as is: only for the CLI's own control sequences (the progress line), never for input. */
  rawErr?: (text: string) => void;
  /** The environment (tenant commands: SCIM_MAPPER_GRAPH_*); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Asks a question on the terminal and returns the answer; absent when stdin is not a terminal. */
  ask?: (question: string) => Promise<string>;
}

const CODES = { red: 31, yellow: 33, green: 32, cyan: 36, dim: 2, bold: 1 } as const;

export function paint(io: CliIo, colour: keyof typeof CODES, text: string): string {
  return io.colour ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
}

/**
 * Control characters a terminal would act on: C0 (but tab), DEL, C1, the line and paragraph
 * separators and the bidirectional overrides that reorder what a reader sees (a "Trojan Source"
 * line). Text from files and samples passes through `escapeControl` before it reaches a terminal.
 */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  switch (ch) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    default:
      return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

/** One untrusted piece of text (a message, a value, a path) made inert: `\u001b` is shown as the six characters `\u001b`. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, visible);
}

/**
 * A text stream made inert as a whole: every control character is shown visibly except the line
 * breaks and (only when colour is on) our own colour codes, `ESC [ digits m`, which cannot move the
 * cursor, set a title or write the clipboard.
 */
function escapeStream(text: string, colour: boolean): string {
  if (!colour) return text.replace(CONTROL_BUT_NEWLINE, visible);
  return text
    .split(/(\u001b\[\d{1,2}m)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(CONTROL_BUT_NEWLINE, visible)))
    .join('');
}

/** An io whose stdout (for text formats) and stderr cannot carry terminal escapes from input. */
export function safeTextIo(io: CliIo): CliIo {
  return wrapIo(io, (text) => io.out(escapeStream(text, io.colour)));
}

/** An io whose stderr is inert (stdout untouched, for exact JSON). */
export function safeErrIo(io: CliIo): CliIo {
  return wrapIo(io, (text) => io.out(text));
}

/** `io` with another stdout writer and an escaping stderr; everything else passes through. */
function wrapIo(io: CliIo, out: (text: string) => void): CliIo {
  return {
    out,
    err: (text) => io.err(escapeStream(text, io.colour)),
    colour: io.colour,
    readStdin: io.readStdin ? () => io.readStdin!() : undefined,
    flush: io.flush ? () => io.flush!() : undefined,
    env: io.env,
    ask: io.ask,
    errIsTerminal: io.errIsTerminal,
    rawErr: io.rawErr ?? ((text) => io.err(text)),
    get exitSoFar() {
      return io.exitSoFar;
    },
    set exitSoFar(code) {
      io.exitSoFar = code;
    },
  };
}

/** Thrown by `out` once stdout's reader has gone (EPIPE): the run stops early and quietly. */
export class OutputClosedError extends Error {
  constructor() {
    super('stdout closed');
  }
}

/** Thrown by `out` once a write to stdout failed otherwise (a full disk, /dev/full): one message, exit 2. */
export class OutputFailedError extends Error {}

interface StreamState {
  failure?: NodeJS.ErrnoException;
}

function watch(stream: NodeJS.WriteStream, state: StreamState): void {
  // Without a listener a failed write becomes an uncaught exception with a stack trace.
  stream.on('error', (error: NodeJS.ErrnoException) => {
    state.failure ??= error;
  });
}

function checkState(state: StreamState): void {
  if (!state.failure) return;
  if (state.failure.code === 'EPIPE') throw new OutputClosedError();
  throw new OutputFailedError(`Cannot write to stdout: ${state.failure.code ?? state.failure.message}.`);
}

let watched: { out: StreamState; err: StreamState } | undefined;

function streams(): { out: StreamState; err: StreamState } {
  if (!watched) {
    watched = { out: {}, err: {} };
    watch(process.stdout, watched.out);
    watch(process.stderr, watched.err);
  }
  return watched;
}

export const processIo: CliIo = {
  out: (text) => {
    const state = streams().out;
    checkState(state);
    try {
      process.stdout.write(text);
    } catch (error) {
      state.failure ??= error as NodeJS.ErrnoException;
    }
    checkState(state);
  },
  err: (text) => {
    // A closed stderr has nobody to tell; drop the text rather than fail the run over it.
    if (streams().err.failure) return;
    try {
      process.stderr.write(text);
    } catch {
      // as above
    }
  },
  colour: !!process.stdout.isTTY && !process.env.NO_COLOR,
  errIsTerminal: !!process.stderr.isTTY,
  rawErr: (text) => void process.stderr.write(text),
  env: process.env,
  ask: process.stdin.isTTY && process.stderr.isTTY ? askOnTerminal : undefined,
  flush: async () => {
    const state = streams().out;
    checkState(state);
    // The callback of an empty write runs once everything before it was handed to the system.
    await new Promise<void>((resolve) => {
      try {
        process.stdout.write('', () => resolve());
      } catch {
        resolve();
      }
    });
    await yieldToEvents();
    checkState(state);
  },
};

/** Gives stdout's 'error' event a chance to arrive, so that a long run notices a closed pipe and stops. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** One line from the terminal (push's confirmation). */
async function askOnTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
