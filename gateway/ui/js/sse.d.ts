// Types for sse.js, so node tests can import it.
export class SseParser {
  push(chunk: string): { event: string; data: string }[];
}
