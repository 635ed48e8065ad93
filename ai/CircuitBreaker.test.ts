import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './CircuitBreaker.ts';

describe('CircuitBreaker', () => {
  it('opens after 5 consecutive failures, refuses for 60 s, then admits one half-open probe', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ now: () => now });
    for (let i = 0; i < 4; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.failure();
    }
    expect(breaker.state).toBe('closed');
    breaker.tryAcquire();
    breaker.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    now += 59_999;
    expect(breaker.tryAcquire()).toBe(false);
    now += 1;
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false); // one probe at a time
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('reopens for another full period when the probe fails', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ now: () => now, failureThreshold: 2, openMs: 1000 });
    breaker.failure();
    breaker.failure();
    now = 1000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe('open');
    now = 1999;
    expect(breaker.tryAcquire()).toBe(false);
    now = 2000;
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('a success resets the count of consecutive failures', () => {
    const breaker = new CircuitBreaker({ now: () => 0 });
    for (let i = 0; i < 4; i++) breaker.failure();
    breaker.success();
    for (let i = 0; i < 4; i++) breaker.failure();
    expect(breaker.state).toBe('closed');
  });
});
