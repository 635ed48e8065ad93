import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { capabilitiesSchema } from '../../contract/capabilities.ts';
import { CHECK_RULES } from '../../contract/capabilities.ts';
import { ActionGate } from '../../actors/effects/ActionGate.ts';
import { MemoryCapabilityStore } from '../../persistence/memory/MemoryCapabilityStore.ts';
import { log } from '../../runtime/log.ts';
import { ApiError, validationHook } from '../errors.ts';
import { worldNotHere } from '../worldElsewhere.ts';
import { errorSchema } from '../events/schema.ts';
import { limitBody } from '../middleware/body-limit/index.ts';
import { requireRole } from '../middleware/admin-auth/index.ts';
import { adminErrors } from '../admin/schema.ts';
import type { GatewayDeps, GatewayEnv } from '../types.ts';

const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });
const unauthorized = { 401: { description: 'no valid X-API-Key and not a trusted bridge', content: json(errorSchema) } };
/** A stock server's handshake is ~60 KB (1,265 maps with sizes); room for servers with many custom maps. */
export const HANDSHAKE_BYTES = 512 * 1024;

// rebuilt from the contract's shape: `.openapi()` exists only on schemas made after @hono/zod-openapi loaded
const handshakeSchema = z.strictObject(capabilitiesSchema.shape).openapi('Capabilities');
const summarySchema = z
  .object({
    source: z.enum(['default', 'handshake']),
    received_at: z.number().int().nullable(),
    bridge_version: z.string(),
    renewal: z.boolean(),
    maps: z.number().int(),
    map_flags: z.number().int(),
    templates: z.array(z.string()),
  })
  .openapi('CapabilitySummary');
const refusedSchema = z
  .object({
    capabilities: summarySchema,
    counts: z.array(z.object({ action_type: z.string(), rule: z.string(), count: z.number().int() })),
    refused: z.array(z.object({ at: z.number(), action_id: z.string(), action_type: z.string(), actor: z.string(), rule: z.enum(CHECK_RULES), reason: z.string(), action: z.unknown() })),
    selftests: z.array(z.looseObject({ timestamp: z.number(), player_id: z.number().optional(), map: z.string().optional(), rows: z.array(z.object({ check: z.string(), ok: z.boolean(), detail: z.string() })) })).openapi({ description: "the latest `@aiworld selftest` tables the game reported, newest first" }),
  })
  .openapi('RefusedActions');

function summary(gate: ActionGate): z.infer<typeof summarySchema> {
  const { source, receivedAt, capabilities: c } = gate.current;
  return { source, received_at: receivedAt, bridge_version: c.bridge_version, renewal: c.renewal, maps: c.maps.length, map_flags: c.map_flags.length, templates: c.templates };
}

/**
 * The game server's capabilities: the bridge's handshake (`PUT /api/v1/bridge/capabilities`, bridge auth, replaces
 * the previous one), and for admins the actions refused because the game could not run them
 * (`GET /api/v1/admin/actions/refused`, gm+). The handshake is stored (`deps.capabilities`: in Postgres, with a
 * wake-up for the world and the other gateway nodes, which adopt it — app/followCapabilities.ts) before it is
 * answered, so it holds wherever actions are decided and survives a restart.
 *
 * @example
 * app.route('/', capabilityRoutes(deps, gate));
 */
export function capabilityRoutes(deps: GatewayDeps, gate: ActionGate): OpenAPIHono<GatewayEnv> {
  const app = new OpenAPIHono<GatewayEnv>({ defaultHook: validationHook });
  const now = deps.now ?? Date.now;
  const store = deps.capabilities ?? new MemoryCapabilityStore();

  app.openapi(
    createRoute({
      method: 'put', path: '/api/v1/bridge/capabilities', tags: ['bridge'], middleware: [limitBody(HANDSHAKE_BYTES)] as const,
      summary: 'The game server says what it can run: loaded maps with sizes, map flags, template NPCs, renewal, bridge version.',
      request: { body: { content: json(handshakeSchema), required: true } },
      responses: {
        200: { description: 'now in force (stored: the world and every gateway node take it)', content: json(summarySchema) },
        400: { description: 'malformed handshake (the previous one stays)', content: json(errorSchema) },
        503: { description: 'the handshake could not be stored; the previous one stays, retry', content: json(errorSchema) },
        ...unauthorized,
      },
    }),
    async (c) => {
      let stored;
      try {
        stored = await store.save(c.req.valid('json'), now());
      } catch (err) {
        log.error({ err }, 'storing the capabilities handshake failed; the previous one stays');
        throw new ApiError(503, 'capabilities_unavailable', 'the handshake could not be stored; retry');
      }
      gate.adopt(stored);
      return c.json(summary(gate), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/v1/bridge/capabilities', tags: ['bridge'],
      summary: 'The capabilities in force (the last handshake, or the default set).',
      responses: { 200: { description: 'capabilities', content: json(summarySchema) }, ...unauthorized },
    }),
    (c) => c.json(summary(gate), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/api/v1/admin/actions/refused', tags: ['admin'], middleware: [requireRole('gm')] as const,
      summary: 'Actions refused before the outbox because the game server cannot run them (newest first), and counts by type and rule.',
      request: { query: z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).optional() }) },
      responses: { 200: { description: 'refusals', content: json(refusedSchema) }, 503: { description: "asked of a gateway node (role 'gateway'): the world keeps them", content: json(errorSchema) }, ...adminErrors },
    }),
    (c) => {
      // refusals and self-test tables are the world's (its gate checks the actions): not on a gateway node
      if (deps.role === 'gateway') throw worldNotHere();
      const { limit } = c.req.valid('query');
      return c.json({ capabilities: summary(gate), counts: gate.refusedCounts(), refused: gate.refused(limit), selftests: gate.selftests() }, 200);
    },
  );

  return app;
}
