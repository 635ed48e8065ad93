// Messages to the user. Errors from the gateway are always shown, never swallowed; a 401 signs the user out.
import { ApiError } from './api.js';
import { replace } from './dom.js';
import { explain } from './words.js';

export { explain };

let timer;

export function flash(message, kind = 'info') {
  const el = document.getElementById('flash');
  el.hidden = false;
  el.className = `flash ${kind}`;
  el.dataset.kind = kind;
  replace(el, message);
  clearTimeout(timer);
  timer = setTimeout(() => (el.hidden = true), kind === 'error' ? 8000 : 3000);
}

/** Hide the current message at once (signing out must not leave the last user's toast behind). */
export function clearFlash() {
  clearTimeout(timer);
  const el = document.getElementById('flash');
  el.hidden = true;
  replace(el);
}

export function reportError(err) {
  if (err instanceof ApiError && err.status === 401) {
    window.dispatchEvent(new CustomEvent('midgard:signout', { detail: 'Your session is no longer valid: sign in again.' }));
    return;
  }
  flash(err instanceof ApiError ? explain(err.message) : String(err?.message ?? err), 'error');
}
