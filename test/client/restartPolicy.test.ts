import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartPolicy } from '../../client/src/lsp/restartPolicy';
import { State } from '../../client/src/lsp/state';

describe('restarting a crashed server', () => {
  it('restarts four times within three minutes, then gives up', () => {
    let now = 0;
    const policy = new RestartPolicy(4, 180_000, () => now);
    const answers = [1, 2, 3, 4, 5].map(() => {
      now += 1000;
      return policy.shouldRestart();
    });
    assert.deepEqual(answers, [true, true, true, true, false]);
    assert.equal(policy.recentCrashes, 5);
  });

  it('forgets crashes older than the window', () => {
    let now = 0;
    const policy = new RestartPolicy(4, 180_000, () => now);
    for (let i = 0; i < 4; i++) assert.ok(policy.shouldRestart());
    now += 181_000;
    assert.ok(policy.shouldRestart(), 'a crash long after the others is restarted');
    assert.equal(policy.recentCrashes, 1);
  });

  it('forgives every crash after a restart the user asked for', () => {
    const policy = new RestartPolicy(4, 180_000, () => 0);
    for (let i = 0; i < 5; i++) policy.shouldRestart();
    assert.equal(policy.shouldRestart(), false);
    policy.reset();
    assert.equal(policy.shouldRestart(), true);
  });

  it('reports states with vscode-languageclient\'s numbers', () => {
    assert.deepEqual([State.Stopped, State.Running, State.Starting], [1, 2, 3]);
  });
});
