import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Trace } from 'vscode-jsonrpc/node';
import { traceLevel } from '../../client/src/lsp/trace';

describe('tracing the LSP traffic', () => {
  it('traces what scimMapper.trace.server asks for', () => {
    assert.equal(traceLevel('off', false), Trace.Off);
    assert.equal(traceLevel(undefined, false), Trace.Off);
    assert.equal(traceLevel('messages', false), Trace.Messages);
    assert.equal(traceLevel('verbose', false), Trace.Verbose);
  });

  it('an output channel at log level Trace asks for at least the messages', () => {
    assert.equal(traceLevel('off', true), Trace.Messages);
    assert.equal(traceLevel('verbose', true), Trace.Verbose);
  });
});
