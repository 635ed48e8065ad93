import { z } from 'zod';
import { completeBodySchema } from '../actions/schema.ts';
import { dispatchEnvelopeSchema } from '../events/schema.ts';

/**
 * The bridge WebSocket's messages, one JSON object per text frame.
 *
 * in:  {"type":"events","ref":"r1","events":[…contract events…]}   → {"type":"ack","ref":"r1","accepted":n,"duplicates":n,"throttled":n,"refused":[{index,event_type,reason}]}
 *      {"type":"complete","action_id":"a-1","status":"completed",…} → {"type":"completed","action_id":"a-1","known":true}
 * out: {"type":"action","seq":12,"action":{…contract action…}}       (resume: connect with ?after=<last seq>)
 *      {"type":"error","ref":"r1","status":400,"error":{"code":…,"message":…}}  (nothing changed; status as HTTP would answer)
 * An `ack` is sent only after the events are journaled, exactly like a 2xx from HTTP dispatch; as there, each event
 * is checked on its own: a bad one is listed in `refused` (and kept for the admin API), the rest are journaled. Only
 * a message that is not JSON or not of this shape is answered with an `error`.
 */
export const clientMessageSchema = z.discriminatedUnion('type', [
  dispatchEnvelopeSchema.extend({ type: z.literal('events'), ref: z.string().max(100).optional() }),
  completeBodySchema.extend({ type: z.literal('complete'), ref: z.string().max(100).optional() }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;
