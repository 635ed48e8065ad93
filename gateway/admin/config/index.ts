import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { liveSettingsSchema, type LiveSettings } from '../../config.ts';
import { ApiError, describeIssues, validationHook } from '../../errors.ts';
import { requireRole } from '../../middleware/admin-auth/index.ts';
import type { GatewayDeps, GatewayEnv } from '../../types.ts';
import { audit } from '../audit.ts';
import { adminErrors, json } from '../schema.ts';

const settingsJson = z.record(z.string(), z.unknown());
/** A partial update, checked field by field against the full schema after merging. */
const patchBody = z
  .strictObject({
    limits: z.strictObject({ publicPerMinute: z.unknown(), playerPerSecond: z.unknown(), adminPerMinute: z.unknown() }).partial().optional(),
    leaseMs: z.unknown().optional(),
    pendingBatch: z.unknown().optional(),
  })
  .openapi('SettingsPatch');

/**
 * Live settings (rate limits, lease length, pending batch) for superadmins. The settings object is shared
 * with the middleware and routes, so an update applies to the next request; secrets are never shown.
 */
export function configRoutes(deps: GatewayDeps): OpenAPIHono<GatewayEnv> {
  const app = new OpenAPIHono<GatewayEnv>({ defaultHook: validationHook });
  const settings = deps.config.settings;
  const view = () => ({
    settings: structuredClone(settings),
    apiKeys: deps.config.apiKeys.length,
    adminApiKeys: deps.config.adminApiKeys.length,
    trustedBridges: [...deps.config.trustedBridges],
    jwt: deps.config.jwtSecret !== null,
  });

  app.openapi(
    createRoute({
      method: 'get', path: '/api/v1/admin/config', tags: ['admin'], middleware: [requireRole('superadmin')] as const,
      summary: 'Read the gateway settings (superadmin).',
      responses: { 200: { description: 'settings', content: json(settingsJson) }, ...adminErrors },
    }),
    (c) => c.json(view() as unknown as Record<string, unknown>, 200),
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/api/v1/admin/config', tags: ['admin'], middleware: [requireRole('superadmin')] as const,
      summary: 'Change live settings (superadmin). Validated as a whole; nothing changes if any field is bad.',
      request: { body: { content: json(patchBody), required: true } },
      responses: { 200: { description: 'settings after the change', content: json(settingsJson) }, ...adminErrors },
    }),
    async (c) => {
      const patch = c.req.valid('json');
      const merged = { ...settings, ...patch, limits: { ...settings.limits, ...(patch.limits ?? {}) } };
      const checked = liveSettingsSchema.safeParse(merged);
      if (!checked.success) throw new ApiError(400, 'invalid_request', describeIssues(checked.error.issues));
      await audit(deps, c, 'config.update', patch);
      apply(settings, checked.data);
      return c.json(view() as unknown as Record<string, unknown>, 200);
    },
  );
  return app;
}

function apply(target: LiveSettings, next: LiveSettings): void {
  Object.assign(target.limits, next.limits);
  target.leaseMs = next.leaseMs;
  target.pendingBatch = next.pendingBatch;
}
