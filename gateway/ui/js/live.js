// One live feed for the whole page: views subscribe to its events and say which actors they watch; the feed is
// reopened only when that set changes (the gateway switches inspection on for watched actors only).
import { openFeed } from './api.js';

const handlers = new Set();
let watch = [];
let close = null;
let status = 'off';
const statusListeners = new Set();

function dispatch(name, data) {
  for (const handler of handlers) {
    try {
      handler(name, data);
    } catch (err) {
      console.error('live handler failed', err);
    }
  }
}

function setStatus(next, detail) {
  status = next;
  for (const l of statusListeners) l(next, detail);
}

export const live = {
  /** Start (or restart) the feed watching `ids`. */
  start(ids = watch) {
    const next = [...new Set(ids)].sort();
    if (close && next.join(',') === watch.join(',')) return;
    watch = next;
    close?.();
    close = openFeed({ watch, onEvent: dispatch, onStatus: setStatus });
  },
  stop() {
    close?.();
    close = null;
    watch = [];
    setStatus('off');
  },
  watching(ids) {
    this.start(ids);
  },
  subscribe(handler) {
    handlers.add(handler);
    return () => handlers.delete(handler);
  },
  onStatus(listener) {
    statusListeners.add(listener);
    listener(status);
    return () => statusListeners.delete(listener);
  },
};
