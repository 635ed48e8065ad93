/**
 * What an admin has paused: single actors, whole kinds, or the world. A paused actor keeps its mailbox; a
 * paused world stops the clock loop but can still be stepped a tick at a time.
 */
export class Pauses {
  readonly actors = new Set<string>();
  readonly kinds = new Set<string>();
  world = false;

  /** An actor is paused by itself or through its kind. */
  holds(id: string, kind: string): boolean {
    return this.actors.has(id) || this.kinds.has(kind);
  }

  /** The part that belongs to the world document (per-actor pauses are stored with each actor). */
  toWorld(): { pausedKinds: string[]; worldPaused: boolean } {
    return { pausedKinds: [...this.kinds], worldPaused: this.world };
  }

  loadWorld(state: { pausedKinds: string[]; worldPaused: boolean }): void {
    for (const kind of state.pausedKinds) this.kinds.add(kind);
    this.world = state.worldPaused;
  }
}
