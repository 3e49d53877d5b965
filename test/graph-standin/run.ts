/** Runs the CLI in-process against a Graph stand-in and collects what it printed. */
import type { CliIo } from '../../server/src/cli/io';
import { main } from '../../server/src/cli/main';
import type { GraphStandin } from './standin';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** The questions asked on the "terminal". */
  asked: string[];
}

export interface RunOptions {
  /** Answers to push's question; without it the run has no terminal. */
  answers?: string[];
  env?: Record<string, string>;
}

export async function runCli(standin: GraphStandin | undefined, args: string[], options: RunOptions = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const asked: string[] = [];
  const answers = [...(options.answers ?? [])];
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    colour: false,
    env: { ...(standin ? standin.env() : {}), ...options.env },
    ask: options.answers
      ? async (question) => {
          asked.push(question);
          return answers.shift() ?? '';
        }
      : undefined,
  };
  const code = await main(args, io);
  return { code, out, err, asked };
}
