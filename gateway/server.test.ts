import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { bindGateway, type BoundListener } from './server.ts';
import { makeHarness, BRIDGE_KEY } from './testing/harness.ts';

/** Write `request` on a raw socket; resolve with everything read until the server closes the connection. */
function rawExchange(port: number, request: string | Buffer, keepWriting = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let pump: NodeJS.Timeout | undefined;
    socket.on('data', (d) => (text += d.toString()));
    socket.on('error', () => {}); // a reset after the answer is part of what is checked below
    socket.on('close', () => {
      clearInterval(pump);
      resolve(text);
    });
    socket.write(request, (err) => err && reject(err));
    if (keepWriting) pump = setInterval(() => socket.writable && socket.write('x'), 50);
  });
}

let listener: BoundListener | undefined;
afterEach(async () => {
  await listener?.abort();
  listener = undefined;
});

describe('the listener', () => {
  it('answers 503 with Retry-After and the start-up status until the gateway is attached', async () => {
    listener = await bindGateway({ port: 0, hostname: '127.0.0.1' });
    listener.setStatus('waiting for the database (ECONNREFUSED), attempt 3');
    const res = await fetch(`${listener.url}/ready`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(await res.json()).toMatchObject({ status: 'starting', reason: expect.stringMatching(/attempt 3/) });
    listener.attach(makeHarness().app);
    expect((await fetch(`${listener.url}/health`)).status).toBe(200);
  });

  it('fails at once on a busy port', async () => {
    listener = await bindGateway({ port: 0, hostname: '127.0.0.1' });
    await expect(bindGateway({ port: listener.port, hostname: '127.0.0.1' })).rejects.toThrow(/EADDRINUSE/);
  });

  it('closes the connection after an early 413 instead of keeping it alive out of step', async () => {
    listener = await bindGateway({ port: 0, hostname: '127.0.0.1' });
    listener.attach(makeHarness().app);
    const body = Buffer.alloc(200_000, 'a');
    const head = `POST /api/v1/events/dispatch HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nX-API-Key: ${BRIDGE_KEY}\r\nContent-Length: ${body.length}\r\n\r\n`;
    const answer = await rawExchange(listener.port, Buffer.concat([Buffer.from(head), body]));
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer.toLowerCase()).toContain('connection: close');
  });

  it('cuts a request whose body trickles in slower than the request timeout', async () => {
    listener = await bindGateway({ port: 0, hostname: '127.0.0.1', requestTimeoutMs: 300, checkEveryMs: 50 });
    listener.attach(makeHarness().app);
    const head = `POST /api/v1/events/dispatch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-API-Key: ${BRIDGE_KEY}\r\nContent-Length: 5000\r\n\r\n`;
    const answer = await rawExchange(listener.port, head, true);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});
