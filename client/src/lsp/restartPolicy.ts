/**
 * Decides whether a crashed server is started again. Like vscode-languageclient's default, a server
 * that crashes more than `maxRestarts` times within `windowMs` stays stopped, so a server that dies
 * at once on every start does not spin forever.
 */
export class RestartPolicy {
  private readonly crashes: number[] = [];

  constructor(
    readonly maxRestarts = 4,
    readonly windowMs = 3 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash; true when the server should be started again. */
  shouldRestart(): boolean {
    const time = this.now();
    this.crashes.push(time);
    while (this.crashes.length > 0 && time - this.crashes[0] > this.windowMs) this.crashes.shift();
    return this.crashes.length <= this.maxRestarts;
  }

  /** Forgets earlier crashes: after a restart the user asked for, the server gets its chances again. */
  reset(): void {
    this.crashes.length = 0;
  }

  /** How many crashes the current window holds (for the message that gives up). */
  get recentCrashes(): number {
    return this.crashes.length;
  }
}
