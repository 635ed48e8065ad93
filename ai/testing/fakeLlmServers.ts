import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Fake LLM APIs on 127.0.0.1 (random port) for tests and benchmarks: one speaks Anthropic's Messages API
 * (POST /v1/messages), one Groq's OpenAI-style chat completions (POST /openai/v1/chat/completions). The real
 * SDKs are pointed at them with `baseURL`. By default they answer every request of the prompt correctly (see
 * `answerPrompt`); a `script` can return errors, delays (for timeouts) or malformed bodies per call.
 *
 * @example
 * const fake = await startFakeAnthropic({ script: ({ n }) => (n < 2 ? { status: 500 } : undefined) });
 * const provider = new AnthropicProvider({ apiKey: 'test', baseURL: fake.url });
 * // … first two calls fail, then normal replies; fake.calls holds every request body
 * await fake.close();
 */

export interface FakeCall {
  path: string;
  body: any;
  /** the credential as sent (`x-api-key` or a bearer token) */
  apiKey: string | undefined;
}

/** `undefined` = answer normally. */
export interface FakeReply {
  status?: number;
  /** JSON body to send instead of the normal reply */
  body?: unknown;
  /** raw text body (malformed JSON, HTML error pages) */
  raw?: string;
  /** wait before answering (longer than the client timeout = a timeout) */
  delayMs?: number;
  /** the model's text, wrapped in a valid API reply */
  text?: string;
  /** extra response headers (`retry-after`, …) */
  headers?: Record<string, string>;
}

export type FakeScript = (call: FakeCall & { n: number }) => FakeReply | undefined;

export interface FakeServer {
  url: string;
  calls: FakeCall[];
  script: FakeScript | undefined;
  close(): Promise<void>;
}

type Flavour = 'anthropic' | 'groq';

export function startFakeAnthropic(options: { script?: FakeScript } = {}): Promise<FakeServer> {
  return startFake('anthropic', options.script);
}

export function startFakeGroq(options: { script?: FakeScript } = {}): Promise<FakeServer> {
  return startFake('groq', options.script);
}

/**
 * A well-behaved model: reads the numbered requests of an AI-layer prompt (`#i purpose=… facts={…} options=[…]`)
 * and answers each with the first option and a short line.
 */
export function answerPrompt(prompt: string): string {
  const answers = [];
  for (const line of prompt.split('\n')) {
    const match = /^#(\d+) purpose=(\S+)/.exec(line);
    if (!match) continue;
    const options = /options=(\[.*\])$/.exec(line);
    const choice = options ? (JSON.parse(options[1]!) as string[])[0] : undefined;
    answers.push({ i: Number(match[1]), text: `Fake ${match[2]} line ${match[1]}.`, ...(choice ? { choice } : {}) });
  }
  return JSON.stringify(answers);
}

async function startFake(flavour: Flavour, script: FakeScript | undefined): Promise<FakeServer> {
  const path = flavour === 'anthropic' ? '/v1/messages' : '/openai/v1/chat/completions';
  const calls: FakeCall[] = [];
  const fake: FakeServer = { url: '', calls, script, close: async () => {} };
  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url?.split('?')[0] !== path) return send(res, 404, { error: { message: `no route ${req.url}` } });
    let body: any;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 400, { error: { message: 'invalid JSON' } });
    }
    // Anthropic's API takes `x-api-key`; its SDK 1.x sends the key as a bearer token, like Groq's
    const apiKey = header(req, 'x-api-key') ?? header(req, 'authorization')?.replace(/^Bearer /, '');
    const call = { path, body, apiKey };
    calls.push(call);
    const reply = fake.script?.({ ...call, n: calls.length - 1 }) ?? {};
    if (reply.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (res.destroyed || req.socket.destroyed) return;
    }
    if (reply.raw !== undefined) {
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      return res.end(reply.raw);
    }
    if (reply.body !== undefined || (reply.status && reply.status >= 400)) {
      return send(res, reply.status ?? 200, reply.body ?? { error: { type: 'api_error', message: `fake ${reply.status}` } }, reply.headers);
    }
    const prompt = flavour === 'anthropic' ? String(body.messages?.at(-1)?.content ?? '') : String(body.messages?.at(-1)?.content ?? '');
    const text = reply.text ?? answerPrompt(prompt);
    const inputTokens = Math.ceil(JSON.stringify(body.messages ?? []).length / 4) + Math.ceil(String(body.system ?? '').length / 4);
    const outputTokens = Math.ceil(text.length / 4);
    send(res, reply.status ?? 200, flavour === 'anthropic' ? anthropicReply(body.model, text, inputTokens, outputTokens) : groqReply(body.model, text, inputTokens, outputTokens));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Groq's SDK appends /openai/v1/… to its base URL; Anthropic's appends /v1/…
  fake.url = `http://127.0.0.1:${port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function anthropicReply(model: string, text: string, input: number, output: number) {
  return {
    id: `msg_fake_${Math.random().toString(36).slice(2)}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: input, output_tokens: output },
  };
}

function groqReply(model: string, text: string, input: number, output: number) {
  return {
    id: `chatcmpl-fake-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
  };
}
