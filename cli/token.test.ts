import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeHarness, TEST_SECRET } from '../gateway/testing/harness.ts';
import { run } from './token.ts';

describe('midgard token', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    delete process.env.MIDGARD_JWT_SECRET;
  });

  it('mints a token the gateway accepts with exactly that role', async () => {
    process.env.MIDGARD_JWT_SECRET = TEST_SECRET;
    const out = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await run(['--role', 'gm', '--sub', 'alice'])).toBe(0);
    const token = String(out.mock.calls[0]![0]);
    const h = makeHarness();
    const auth = { authorization: `Bearer ${token}` };
    expect((await h.app.request('/api/v1/admin/world/pause', { method: 'POST', headers: auth })).status).toBe(200);
    expect((await h.app.request('/api/v1/admin/world/snapshot', { method: 'POST', headers: auth })).status).toBe(403);
    expect((await h.audit.recent(1))[0]!.admin_user).toBe('alice');
  });

  it('refuses bad usage with exit code 2 and prints no token', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const out = vi.spyOn(console, 'log').mockImplementation(() => {});
    process.env.MIDGARD_DATA_DIR = '/nonexistent/midgard-test/pg'; // no development secret either
    expect(await run(['--role', 'admin', '--sub', 'a'])).toBe(2); // no secret
    delete process.env.MIDGARD_DATA_DIR;
    process.env.MIDGARD_JWT_SECRET = TEST_SECRET;
    expect(await run(['--role', 'god', '--sub', 'a'])).toBe(2);
    expect(await run(['--sub', 'a'])).toBe(2);
    expect(await run(['--role', 'admin'])).toBe(2);
    expect(await run(['--role', 'admin', '--sub', 'a b'])).toBe(2);
    expect(await run(['--role', 'admin', '--sub', 'a', '--ttl', '0'])).toBe(2);
    expect(await run(['--role', 'admin', '--sub', 'a', '--bogus'])).toBe(2);
    expect(out).not.toHaveBeenCalled();
    expect(err.mock.calls.map((c) => String(c[0])).join('\n')).toContain('--role must be one of player, gm, admin, superadmin');
  });
});
