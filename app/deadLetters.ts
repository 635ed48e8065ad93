import type { DeadLetter } from '../runtime/control.ts';

/** As many as the runtime itself keeps in memory: the oldest go first. */
export const MAX_KEPT_DEAD_LETTERS = 10_000;

/**
 * Dead letters that outlive a restart. The runtime keeps this process's letters in memory; the ones restored
 * from the last checkpoint are kept here, and every checkpoint carries both (app/createMidgard.ts puts them in
 * `checkpointExtras`), so an admin still sees why an actor failed after the world was restarted.
 */
export class DeadLetterLog {
  private readonly restored: DeadLetter[];

  constructor(
    private readonly current: { deadLetters(): DeadLetter[] },
    restored: unknown,
    private readonly max = MAX_KEPT_DEAD_LETTERS,
  ) {
    this.restored = Array.isArray(restored) ? restored.filter(isDeadLetter).slice(-max) : [];
  }

  /** Oldest first: the restored ones, then this process's. */
  all(): DeadLetter[] {
    return [...this.restored, ...this.current.deadLetters()].slice(-this.max);
  }

  get count(): number {
    return Math.min(this.max, this.restored.length + this.current.deadLetters().length);
  }
}

/** A checkpoint from another version may carry anything: keep only well-formed letters. */
function isDeadLetter(value: unknown): value is DeadLetter {
  const v = value as Partial<DeadLetter> | null;
  return !!v && typeof v.actorId === 'string' && typeof v.error === 'string' && typeof v.tick === 'number' && typeof v.now === 'number' && !!v.event && typeof v.event === 'object';
}
