import { Runtime, type RuntimeOptions } from '../../runtime/Runtime.ts';

export const catalogue = new URL('./fixtures/catalogue.ts', import.meta.url);

/** A runtime on the test catalogue; `workers: 0` keeps actors in-process (fast), >0 uses real Piscina workers. */
export function testRuntime(options: Partial<RuntimeOptions> = {}): Promise<Runtime> {
  return Runtime.create({ catalogue, workers: 0, seed: 7, passivateAfterMs: 0, ...options });
}

/** The context of one actor, read through the public API. */
export async function contextOf(runtime: Runtime, id: string): Promise<Record<string, any>> {
  const detail = await runtime.getActor(id);
  return (detail?.snapshot as { context: Record<string, any> }).context;
}
