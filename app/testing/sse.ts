/**
 * A minimal reader of the gateway's action stream (`GET /api/v1/actions/stream`) for tests: collects each
 * `action` event's data as it arrives, until `close()`.
 *
 * @example
 * const stream = await openActionStream(`${url}/api/v1/actions/stream`, { 'x-api-key': KEY });
 * await until('one action', () => stream.actions.length === 1);
 * stream.close();
 */
export async function openActionStream(url: string, headers: Record<string, string>): Promise<{ actions: { action_id: string; payload?: { message?: string } }[]; close(): void }> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`stream answered ${res.status}`);
  const actions: { action_id: string }[] = [];
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        if (buffer.includes(': connected')) connected();
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!/^event: action$/m.test(frame)) continue;
          actions.push(JSON.parse(/^data: (.*)$/m.exec(frame)![1]!));
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  await ready;
  return { actions, close: () => abort.abort() };
}
