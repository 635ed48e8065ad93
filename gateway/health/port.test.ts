import { describe, expect, it } from 'vitest';
import { makeHarness } from '../testing/harness.ts';
import { bindHealthPort } from './port.ts';

describe('the health port of a process without a gateway', () => {
  it('answers 503 starting with the status, then the gateway health routes for the world, and nothing else', async () => {
    const health = await bindHealthPort({ port: 0, hostname: '127.0.0.1' });
    try {
      health.setStatus('restoring the world');
      const starting = await fetch(`${health.url}/ready`);
      expect(starting.status).toBe(503);
      expect(starting.headers.get('retry-after')).toBe('2');
      expect(await starting.json()).toMatchObject({ status: 'starting', reason: 'restoring the world' });

      const { deps } = makeHarness();
      let databaseUp = true;
      health.attach({ role: 'world', runtime: deps.runtime, config: deps.config, running: () => true, ready: async () => databaseUp });
      expect(await (await fetch(`${health.url}/health`)).json()).toEqual({ status: 'ok', role: 'world', tick: deps.runtime.clock().tick });
      expect(await (await fetch(`${health.url}/ready`)).json()).toEqual({ status: 'ready', role: 'world', database: true, runtime: true, tick: deps.runtime.clock().tick });
      databaseUp = false;
      expect((await fetch(`${health.url}/ready`)).status).toBe(503);
      expect((await fetch(`${health.url}/metrics`)).status).toBe(200); // from this machine, with no metrics key
      expect((await fetch(`${health.url}/api/v1/actions/pending`)).status).toBe(404);
    } finally {
      await health.close();
    }
  });

  it('fails at once on a port already taken', async () => {
    const first = await bindHealthPort({ port: 0, hostname: '127.0.0.1' });
    try {
      await expect(bindHealthPort({ port: first.port, hostname: '127.0.0.1' })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
