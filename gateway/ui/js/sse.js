// A server-sent events parser for fetch() streams: EventSource cannot send an Authorization header, and the
// gateway's feed needs one.

export class SseParser {
  #buffer = '';

  /** Feed a chunk of text; returns the complete events it finished, as { event, data }. */
  push(chunk) {
    this.#buffer += chunk.replace(/\r\n?/g, '\n');
    const events = [];
    let end;
    while ((end = this.#buffer.indexOf('\n\n')) >= 0) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      let event = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length) events.push({ event, data: data.join('\n') });
    }
    return events;
  }
}
