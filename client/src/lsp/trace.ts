import { Trace } from 'vscode-jsonrpc/node';

/**
 * How much of the LSP traffic to log, from the `<id>.trace.server` setting (off, messages,
 * verbose). An output channel whose log level is Trace asks for at least the messages, as with
 * vscode-languageclient; unlike there, the setting alone is enough to see the trace.
 */
export function traceLevel(setting: unknown, channelAtTraceLevel: boolean): Trace {
  const level = setting === 'verbose' ? Trace.Verbose : setting === 'messages' ? Trace.Messages : Trace.Off;
  return level === Trace.Off && channelAtTraceLevel ? Trace.Messages : level;
}
