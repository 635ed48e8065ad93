import type { Context } from 'hono';
import type { GatewayDeps, GatewayEnv } from '../types.ts';

/**
 * Record an admin write in `admin_audit_log` (who, what, with which data, from where). Awaited before the
 * response: an admin action whose trace could not be written is reported as failed.
 *
 * @example
 * await audit(deps, c, 'actor.pause', { actorId });
 */
export async function audit(deps: GatewayDeps, c: Context<GatewayEnv>, actionType: string, actionData: unknown): Promise<void> {
  await deps.audit.record({
    admin_user: c.var.principal.sub,
    action_type: actionType,
    action_data: actionData,
    ip_address: c.var.clientAddress,
  });
}
