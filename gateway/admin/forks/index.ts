import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { ApiError, validationHook } from '../../errors.ts';
import { requireRole } from '../../middleware/admin-auth/index.ts';
import type { GatewayDeps, GatewayEnv } from '../../types.ts';
import { audit } from '../audit.ts';
import { adminErrors, json } from '../schema.ts';
import { parseFrom } from '../../../fork/createFork.ts';
import { OverrideError, parseOverrides } from '../../../fork/overrides.ts';
import type { ForkService } from '../../../fork/ForkService.ts';

export const FORKS_PATH = '/api/v1/admin/forks';

const anyObject = z.record(z.string(), z.unknown());
const forkBody = z
  .strictObject({
    from: z.string().max(64).default('latest').openapi({ example: 'latest' }),
    days: z.number().int().min(1).max(365).default(7),
    baseline: z.boolean().default(true),
    /** fork/overrides.ts: economy.dropFactor/priceFactor, spawnRate, arcPacing, pause, inject, players */
    overrides: anyObject.default({}).openapi({ example: { economy: { dropFactor: 2 }, inject: [{ at: '20:00', event_type: 'player_login', count: 500 }] } }),
  })
  .openapi('ForkRequest');
const replayBody = z
  .strictObject({
    checkpoint: z.number().int().min(0),
    tick: z.number().int().min(0).optional(),
    journalSeq: z.number().int().min(1).optional(),
    actors: z.array(z.string().max(200)).max(50).default([]),
  })
  .refine((b) => (b.tick === undefined) !== (b.journalSeq === undefined), 'give one of tick or journalSeq')
  .openapi('ReplayRequest');
const jobParam = z.object({ id: z.string().regex(/^[a-z0-9_]{1,40}$/).openapi({ param: { name: 'id', in: 'path' } }) });
const notHere = { description: 'this gateway runs no forks (no database)', content: json(z.object({ error: z.record(z.string(), z.unknown()) })) };

function service(deps: GatewayDeps): ForkService {
  if (!deps.forks) throw new ApiError(501, 'no_forks', 'this gateway was started without forks (no database)');
  return deps.forks;
}

/** Bad overrides or `from` are the caller's mistake: 400 with the reason, nothing copied. */
function badInput(err: unknown): never {
  if (err instanceof OverrideError || /--from|no archived checkpoint|no checkpoint|nothing to fork|replay must|no journal event|input-log mark|reached no actor/.test((err as Error).message)) {
    throw new ApiError(400, 'invalid_fork', (err as Error).message.replace(/^--from/, 'from'));
  }
  throw err;
}

/**
 * What-if forks (admin+, writes audited): start a fork of the live world with overrides and a baseline, follow
 * it, read its comparison as JSON or as the offline HTML page; archive and list checkpoints; replay the live
 * world from a checkpoint to a tick or a journal event and look at actors there. Long work runs as jobs: every
 * request is answered at once (the gateway answers within 10 s or says 503).
 */
export function forkRoutes(deps: GatewayDeps): OpenAPIHono<GatewayEnv> {
  const app = new OpenAPIHono<GatewayEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({ method: 'get', path: FORKS_PATH, tags: ['admin'], middleware: [requireRole('admin')] as const, summary: 'Fork jobs, newest first.', responses: { 200: { description: 'jobs', content: json(z.object({ jobs: z.array(anyObject) })) }, 501: notHere, ...adminErrors } }),
    (c) => c.json({ jobs: service(deps).list() as never[] }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: FORKS_PATH, tags: ['admin'], middleware: [requireRole('admin')] as const,
      summary: 'Fork the live world, fast-forward it with overrides (and a baseline without), compare.',
      request: { body: { content: json(forkBody), required: true } },
      responses: { 202: { description: 'the job, running', content: json(anyObject) }, 501: notHere, ...adminErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const forks = service(deps);
      let request;
      try {
        request = { from: parseFrom(body.from), days: body.days, baseline: body.baseline, overrides: parseOverrides(body.overrides, 'overrides') };
      } catch (err) {
        badInput(err);
      }
      const job = await forks.start(request).catch(badInput);
      await audit(deps, c, 'fork.start', { id: job.id, from: body.from, days: body.days, overrides: body.overrides });
      return c.json(job as never, 202);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: `${FORKS_PATH}/jobs/{id}`, tags: ['admin'], middleware: [requireRole('admin')] as const, request: { params: jobParam }, summary: 'One fork job: state, progress, the differences found.', responses: { 200: { description: 'the job', content: json(anyObject) }, 404: { description: 'no such job', content: json(anyObject) }, 501: notHere, ...adminErrors } }),
    (c) => {
      const job = service(deps).job(c.req.valid('param').id);
      if (!job) throw new ApiError(404, 'fork_not_found', `no fork job '${c.req.valid('param').id}'`);
      return c.json(job as never, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: `${FORKS_PATH}/jobs/{id}/report`, tags: ['admin'], middleware: [requireRole('admin')] as const, request: { params: jobParam }, summary: "A finished fork's reports and comparison (JSON).", responses: { 200: { description: 'reports', content: json(anyObject) }, 404: { description: 'not finished or unknown', content: json(anyObject) }, 501: notHere, ...adminErrors } }),
    (c) => {
      const report = service(deps).report(c.req.valid('param').id);
      if (!report) throw new ApiError(404, 'report_not_ready', 'no report for this job (unknown, still running, or failed)');
      return c.json(report as never, 200);
    },
  );

  // the offline page: no script, inline SVG; served as HTML for the dashboard to open in a new tab
  app.openapi(
    createRoute({
      method: 'get', path: `${FORKS_PATH}/jobs/{id}/report.html`, tags: ['admin'], middleware: [requireRole('admin')] as const, request: { params: jobParam },
      summary: "A finished fork's comparison as an offline HTML page (no script, inline SVG charts).",
      responses: { 200: { description: 'the page', content: { 'text/html': { schema: z.string() } } }, 404: { description: 'not finished, unknown, or run without a baseline', content: json(anyObject) }, 501: notHere, ...adminErrors },
    }),
    (c) => {
      const html = service(deps).html(c.req.valid('param').id);
      if (!html) throw new ApiError(404, 'report_not_ready', 'no comparison for this job (unknown, still running, failed, or run without a baseline)');
      return c.html(html) as never;
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: `${FORKS_PATH}/checkpoints`, tags: ['admin'], middleware: [requireRole('admin')] as const, summary: 'Archived checkpoints a fork or a replay can start from.', responses: { 200: { description: 'checkpoints', content: json(z.object({ checkpoints: z.array(anyObject) })) }, 501: notHere, ...adminErrors } }),
    async (c) => c.json({ checkpoints: (await service(deps).checkpoints()) as never[] }, 200),
  );

  app.openapi(
    createRoute({ method: 'post', path: `${FORKS_PATH}/checkpoints`, tags: ['admin'], middleware: [requireRole('admin')] as const, summary: "Archive the live world's current checkpoint.", responses: { 200: { description: 'its id', content: json(z.object({ id: z.number().nullable() })) }, 501: notHere, ...adminErrors } }),
    async (c) => {
      const id = await service(deps).archive();
      await audit(deps, c, 'fork.archive', { id });
      return c.json({ id }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: `${FORKS_PATH}/replays`, tags: ['admin'], middleware: [requireRole('admin')] as const,
      summary: 'Replay the live world from an archived checkpoint to a tick or a journal event (a job: follow it, then inspect its actors).',
      request: { body: { content: json(replayBody), required: true } },
      responses: { 202: { description: 'the replay, running', content: json(anyObject) }, 501: notHere, ...adminErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const job = await service(deps).startReplay(body).catch(badInput);
      await audit(deps, c, 'fork.replay', body);
      return c.json(job as never, 202);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: `${FORKS_PATH}/replays/{id}`, tags: ['admin'], middleware: [requireRole('admin')] as const, request: { params: z.object({ id: z.string().regex(/^r[a-z0-9_]{1,40}$/).openapi({ param: { name: 'id', in: 'path' } }) }) }, summary: 'A replay: state, and when done the world hash and the actors asked for.', responses: { 200: { description: 'the replay', content: json(anyObject) }, 404: { description: 'no such replay', content: json(anyObject) }, 501: notHere, ...adminErrors } }),
    (c) => {
      const job = service(deps).replayJob(c.req.valid('param').id);
      if (!job) throw new ApiError(404, 'replay_not_found', `no replay '${c.req.valid('param').id}'`);
      return c.json(job as never, 200);
    },
  );
  return app;
}
