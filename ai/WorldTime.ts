/**
 * World time as the AI layer sees it: the virtual time of the latest effect it was asked about. Cache TTLs and
 * the decision deadline's bookkeeping run on it, so an answer cached for "one hour" lives one hour of the
 * world's time whatever the clock speed (at speed 600 a wall-clock hour would be 25 world days). Before the
 * first effect, and for callers that never pass a time (tools, benches), it is the wall clock.
 *
 * @example
 * const time = new WorldTime();
 * const cache = new DecisionCache({ now: time.now });
 * time.observe(ctx.now); // each effect's virtual time
 */
export class WorldTime {
  private latest: number | null = null;

  /** Time only moves forward: effects of one tick arrive together, a late one never winds it back. */
  observe(now: number | undefined): void {
    if (typeof now === 'number' && Number.isFinite(now) && (this.latest === null || now > this.latest)) this.latest = now;
  }

  readonly now = (): number => this.latest ?? Date.now();
}
