import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { handleError } from '../../errors.ts';
import { outage } from './index.ts';

function app(deadlineMs = 1_000) {
  const a = new Hono();
  a.onError(handleError);
  a.use('*', outage({ deadlineMs, retryAfterSeconds: 7 }));
  a.get('/down', () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  });
  a.get('/bug', () => {
    throw new Error('a bug');
  });
  a.get('/hang', () => new Promise<Response>(() => {})); // postgres.js waiting for a connection that never comes
  a.get('/ok', (c) => c.json({ ok: true }));
  return a;
}

describe('outages answered honestly', () => {
  it('answers 503 with Retry-After when the database cannot be reached', async () => {
    const res = await app().request('/down');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await res.json()).error.code).toBe('unavailable');
  });

  it('answers 503 with Retry-After instead of hanging past the deadline', async () => {
    const res = await app(20).request('/hang');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
  });

  it('leaves other answers alone: a bug stays a 500, a success a 200', async () => {
    expect((await app().request('/bug')).status).toBe(500);
    expect((await app().request('/ok')).status).toBe(200);
  });
});
