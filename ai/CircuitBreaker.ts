/**
 * A circuit breaker per provider: after `failureThreshold` consecutive failures (default 5) it opens and
 * refuses calls for `openMs` (default 60 s), so a provider that is down costs no timeouts; then it lets one
 * probe through (half-open). A successful probe closes it; a failed one opens it again for another `openMs`.
 * The clock is injected so tests step time instead of waiting.
 *
 * @example
 * const breaker = new CircuitBreaker({ now: () => clock });
 * if (breaker.tryAcquire()) {
 *   try { await call(); breaker.success(); } catch (e) { breaker.failure(); }
 * }
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  failureThreshold?: number;
  openMs?: number;
  now?: () => number;
}

export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | null = null;
  private probeInFlight = false;
  private readonly failureThreshold: number;
  private readonly openMs: number;
  private readonly now: () => number;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.openMs = options.openMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.openMs ? 'half-open' : 'open';
  }

  /** May a call go out now? In half-open, only one probe at a time is admitted. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  success(): void {
    this.consecutiveFailures = 0;
    this.openedAt = null;
    this.probeInFlight = false;
  }

  failure(): void {
    this.consecutiveFailures++;
    if (this.probeInFlight || this.consecutiveFailures >= this.failureThreshold) {
      this.openedAt = this.now();
    }
    this.probeInFlight = false;
  }
}
