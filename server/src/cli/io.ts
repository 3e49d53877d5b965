/** The CLI's output, injected so tests can capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (colour on). */
  colour: boolean;
  /** Whether stderr is a terminal (a progress line may be shown there). */
  errIsTerminal?: boolean;
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
};
