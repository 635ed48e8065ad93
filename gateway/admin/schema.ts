import { z } from '@hono/zod-openapi';

export const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

export const adminErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('AdminError');

/** The statuses every admin route may answer besides its success. */
export const adminErrors = {
  400: { description: 'invalid request', content: json(adminErrorSchema) },
  401: { description: 'no or invalid credentials', content: json(adminErrorSchema) },
  403: { description: 'role too low', content: json(adminErrorSchema) },
  429: { description: 'admin rate limit reached (see Retry-After)', content: json(adminErrorSchema) },
};

export const actorIdParam = z.object({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}:[A-Za-z0-9_.:-]{1,128}$/, 'actor ids are kind:key')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'npc:kafra-prontera' }),
});

export const kindParam = z.object({
  kind: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'kind must be lowercase letters, digits, - and _')
    .openapi({ param: { name: 'kind', in: 'path' }, example: 'npc' }),
});

/** An event for an actor: a `type` and plain JSON fields (the body limit bounds its size). */
export const plainEventSchema = z
  .object({ type: z.string().regex(/^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/, 'type must be a short identifier') })
  .catchall(z.unknown())
  .openapi('PlainEvent');

export const okSchema = z.object({ ok: z.literal(true) }).openapi('Ok');
