import type { Context, MiddlewareHandler } from 'hono';
import { log } from '../../runtime/log.ts';
import type { GatewayDeps, GatewayEnv } from '../types.ts';

/** How a request ended, as the audit log keeps it (inside `action_data.outcome`). */
export type AuditOutcome =
  | { result: 'accepted' }
  /** refused before it did anything: bad input, missing role, unknown actor, rate limit… */
  | { result: 'refused'; status: number; reason: string }
  /** accepted (and audited) but then failed while acting */
  | { result: 'failed'; status: number; reason: string };

const withOutcome = (data: unknown, outcome: AuditOutcome): Record<string, unknown> =>
  data !== null && typeof data === 'object' && !Array.isArray(data) ? { ...(data as Record<string, unknown>), outcome } : { request: data ?? null, outcome };

/**
 * Record an admin write in `admin_audit_log` (who, what, with which data, from where), with outcome
 * `accepted`. Awaited before the action: an admin action whose trace could not be written is reported as
 * failed and not done. If the action then fails, {@link auditOutcomes} adds a `failed` entry.
 *
 * @example
 * await audit(deps, c, 'actor.pause', { actorId });
 */
export async function audit(deps: GatewayDeps, c: Context<GatewayEnv>, actionType: string, actionData: unknown): Promise<void> {
  await deps.audit.record({
    admin_user: c.var.principal.sub,
    action_type: actionType,
    action_data: withOutcome(actionData, { result: 'accepted' }),
    ip_address: c.var.clientAddress,
  });
  c.set('audited', { actionType, actionData });
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The other half of the audit: every admin request that was refused or failed — writes, and reads a handler
 * audits (player export) — is recorded with its status and the reason the client was given. Only requests
 * with an identity are recorded (a failed authentication has no admin to name; the auth-failure limit bounds
 * those). Placed before authentication, so refusals by role and by rate limit are seen too.
 */
export function auditOutcomes(deps: GatewayDeps): MiddlewareHandler<GatewayEnv> {
  return async function auditOutcome(c, next) {
    await next();
    const status = c.res.status;
    const audited = c.get('audited');
    const principal = c.get('principal');
    if (status < 400 || !principal || (READS.has(c.req.method) && !audited)) return;
    const reason = await reasonOf(c.res);
    const outcome: AuditOutcome = { result: audited ? 'failed' : 'refused', status, reason };
    try {
      await deps.audit.record({
        admin_user: principal.sub,
        // the concrete path, so the entry names what was asked for (which actor, which kind)
        action_type: audited?.actionType ?? `${c.req.method} ${c.req.path}`,
        action_data: withOutcome(audited?.actionData ?? {}, outcome),
        ip_address: c.var.clientAddress,
      });
    } catch (err) {
      // the client already has its answer (a refusal); losing the trace of a refusal is logged, not escalated
      log.warn({ err, path: c.req.path, status }, 'could not audit a refused admin request');
    }
  };
}

async function reasonOf(res: Response): Promise<string> {
  try {
    const body = (await res.clone().json()) as { error?: { message?: unknown } };
    return String(body.error?.message ?? res.statusText ?? '');
  } catch {
    return res.statusText || `HTTP ${res.status}`;
  }
}
