import type { DeadLetter, Transition } from './control.ts';

const RECENT = 50;
const MAX_DEAD_LETTERS = 10_000;

/**
 * Opt-in inspection and the dead letters. Transitions are only recorded for actors someone watches (or steps):
 * recording every actor's transitions costs about a third of the throughput (ARCHITECTURE.md decision 7).
 */
export class Inspector {
  private readonly watchers = new Map<string, Set<(t: Transition) => void>>();
  private readonly recent = new Map<string, Transition[]>();
  private readonly dead: DeadLetter[] = [];

  watch(actorId: string, listener: (t: Transition) => void): () => void {
    let set = this.watchers.get(actorId);
    if (!set) this.watchers.set(actorId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) this.watchers.delete(actorId);
    };
  }

  watchedIds(): string[] {
    return [...this.watchers.keys()];
  }

  isWatched(actorId: string): boolean {
    return this.watchers.has(actorId);
  }

  record(t: Transition): void {
    let list = this.recent.get(t.actorId);
    if (!list) this.recent.set(t.actorId, (list = []));
    list.push(t);
    if (list.length > RECENT) list.shift();
    for (const listener of this.watchers.get(t.actorId) ?? []) listener(t);
  }

  recentOf(actorId: string): Transition[] {
    return this.recent.get(actorId) ?? [];
  }

  deadLetter(letter: DeadLetter): void {
    this.dead.push(letter);
    if (this.dead.length > MAX_DEAD_LETTERS) this.dead.splice(0, this.dead.length - MAX_DEAD_LETTERS);
  }

  get deadLetterCount(): number {
    return this.dead.length;
  }

  deadLetters(): DeadLetter[] {
    return [...this.dead];
  }
}
