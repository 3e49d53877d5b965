/** The CLI's output, injected so tests can capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (colour on). */
  colour: boolean;
  /** Whether stderr is a terminal (a progress line may be shown there). */
  errIsTerminal?: boolean;
  /** The environment (tenant commands: SCIM_MAPPER_GRAPH_*); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Asks a question on the terminal and returns the answer; absent when stdin is not a terminal. */
  ask?: (question: string) => Promise<string>;
}

const CODES = { red: 31, yellow: 33, green: 32, cyan: 36, dim: 2, bold: 1 } as const;

export function paint(io: CliIo, colour: keyof typeof CODES, text: string): string {
  return io.colour ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  colour: !!process.stdout.isTTY && !process.env.NO_COLOR,
  errIsTerminal: !!process.stderr.isTTY,
  env: process.env,
  ask: process.stdin.isTTY && process.stderr.isTTY ? askOnTerminal : undefined,
};

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
