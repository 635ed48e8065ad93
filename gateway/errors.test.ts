import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HTTPException } from 'hono/http-exception';
import { ApiError, classifyError } from './errors.ts';
import { startGateway, type GatewayHandle } from './server.ts';
import { BRIDGE_KEY, makeHarness } from './testing/harness.ts';
import { InvalidRecordError } from '../persistence/validate.ts';
import { RuntimeInputError } from '../runtime/Router.ts';

describe('one mapping of errors to answers', () => {
  it('keeps known statuses, calls bad input 400, an unreachable database 503, and hides the rest', () => {
    expect(classifyError(new ApiError(404, 'actor_not_found', 'no actor'))).toMatchObject({ status: 404, code: 'actor_not_found', internal: false });
    expect(classifyError(new HTTPException(415, { message: 'json please' }))).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    expect(classifyError(new InvalidRecordError('status must be completed or failed'))).toMatchObject({ status: 400, code: 'invalid_request', message: 'status must be completed or failed' });
    expect(classifyError(new RuntimeInputError('unknown actor kind "nope"'))).toMatchObject({ status: 400, code: 'invalid_request' });
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(classifyError(down)).toMatchObject({ status: 503, code: 'unavailable', headers: { 'Retry-After': '5' } });
    expect(classifyError(new Error('secret detail'))).toEqual({ status: 500, code: 'internal', message: 'internal error', headers: {}, internal: true });
  });

  describe('HTTP and the bridge WebSocket answer alike', () => {
    const handles: GatewayHandle[] = [];
    afterEach(async () => {
      await Promise.all(handles.splice(0).map((h) => h.close({ graceMs: 500, flush: false })));
    });

    it('a store refusing bad input is 400 on both, not 500 on the socket', async () => {
      const h = makeHarness();
      h.outbox.complete = async () => {
        throw new InvalidRecordError('action a-1 cannot complete twice with different outcomes');
      };
      const http = await h.app.request('/api/v1/actions/complete', {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': BRIDGE_KEY },
        body: JSON.stringify({ action_id: 'a-1', status: 'completed' }),
      });
      expect(http.status).toBe(400);
      const httpBody = (await http.json()) as { error: { code: string } };

      const handle = await startGateway(h.app, { port: 0, hostname: '127.0.0.1' });
      handles.push(handle);
      const socket = new WebSocket(`${handle.url.replace('http', 'ws')}/api/v1/bridge/ws`, { headers: { 'x-api-key': BRIDGE_KEY } });
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      const reply = new Promise<any>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
      socket.send(JSON.stringify({ type: 'complete', ref: 'c1', action_id: 'a-1', status: 'completed' }));
      expect(await reply).toEqual({ type: 'error', ref: 'c1', status: 400, error: { code: httpBody.error.code, message: 'action a-1 cannot complete twice with different outcomes' } });
      socket.close();
    });
  });
});
