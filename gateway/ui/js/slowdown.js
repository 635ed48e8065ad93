// When the gateway answers 429, the dashboard waits as long as it was told (Retry-After) with a visible
// countdown, then tries again, instead of blanking the page. One banner serves every waiting request.

let deadline = 0;
let ticker = null;

function banner() {
  let el = document.getElementById('slowdown');
  if (!el) {
    el = document.createElement('div');
    el.id = 'slowdown';
    el.className = 'slowdown';
    el.setAttribute('role', 'status');
    el.dataset.testid = 'rate-limit';
    document.body.append(el);
  }
  return el;
}

function render() {
  const left = Math.ceil((deadline - Date.now()) / 1000);
  const el = banner();
  if (left <= 0) {
    el.hidden = true;
    clearInterval(ticker);
    ticker = null;
    return;
  }
  el.hidden = false;
  el.textContent = `The gateway asked the dashboard to slow down (admin rate limit). Retrying in ${left} s…`;
}

/** Resolve after `seconds`, showing the countdown meanwhile; rejects with AbortError when `signal` aborts. */
export function waitOut(seconds, signal) {
  deadline = Math.max(deadline, Date.now() + seconds * 1000);
  render();
  ticker ??= setInterval(render, 250);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, seconds * 1000);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    }, { once: true });
  });
}

/** Seconds to wait from a 429 response: its Retry-After, bounded so a bad header cannot freeze the page. */
export function retryAfterSeconds(header) {
  const n = Number(header);
  return Number.isFinite(n) && n > 0 ? Math.min(120, Math.ceil(n)) : 5;
}
