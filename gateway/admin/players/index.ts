import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { ApiError, validationHook } from '../../errors.ts';
import { requireRole } from '../../middleware/admin-auth/index.ts';
import type { GatewayDeps, GatewayEnv } from '../../types.ts';
import { audit } from '../audit.ts';
import { adminErrors, json } from '../schema.ts';

export const PLAYER_EXPORT_PATH = '/api/v1/admin/players/{playerId}/export';

const playerParam = z.object({
  playerId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).openapi({ param: { name: 'playerId', in: 'path' }, example: 150001 }),
});
const exportSchema = z
  .object({ player_id: z.number(), exported_at: z.string(), tables: z.record(z.string(), z.array(z.unknown())) })
  .openapi('PlayerExport');

/**
 * True when no table holds a row about the player: no such player here. Audit entries do not count: every
 * export is itself audited with the player's id, so a second look at a typo'd id would "find" the first.
 */
export const isEmptyExport = (dump: { tables: Record<string, unknown[]> }): boolean =>
  Object.entries(dump.tables).every(([table, rows]) => table === 'admin_audit_log' || rows.length === 0);

/**
 * GDPR export through the running gateway (admin+, audited): the embedded database belongs to the process that
 * runs the world, so `midgard player export` asks here while the world runs instead of demanding a stop.
 */
export function playerRoutes(deps: GatewayDeps): OpenAPIHono<GatewayEnv> {
  const app = new OpenAPIHono<GatewayEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: 'get', path: PLAYER_EXPORT_PATH, tags: ['admin'], middleware: [requireRole('admin')] as const,
      summary: 'GDPR: every row that concerns a player, as JSON (admin+, audited).',
      request: { params: playerParam },
      responses: {
        200: { description: 'the export', content: json(exportSchema) },
        404: { description: 'no row concerns the player', content: json(z.object({ error: z.record(z.string(), z.unknown()) })) },
        501: { description: 'this gateway has no database to export from', content: json(z.object({ error: z.record(z.string(), z.unknown()) })) },
        ...adminErrors,
      },
    }),
    async (c) => {
      const { playerId } = c.req.valid('param');
      if (!deps.players) throw new ApiError(501, 'no_database', 'this gateway was started without player data (no database)');
      await audit(deps, c, 'player.export', { player_id: playerId });
      const dump = await deps.players.exportPlayer(playerId);
      if (isEmptyExport(dump)) throw new ApiError(404, 'player_not_found', `no row concerns player ${playerId}`);
      return c.json(dump, 200);
    },
  );
  return app;
}
