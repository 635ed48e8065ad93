// The signed-in user: a JWT kept in sessionStorage (gone when the tab closes). The claims are read here only to
// decide what to show; the gateway checks the signature and the role on every request.

const KEY = 'midgard.token';
export const ROLES = ['player', 'gm', 'admin', 'superadmin'];

/** What each button needs; mirrors the gateway's requireRole() on the matching route. */
export const NEEDS = {
  view: 'gm',
  pause: 'gm',
  step: 'gm',
  send: 'admin',
  speed: 'admin',
  snapshot: 'admin',
  config: 'superadmin',
  audit: 'admin',
};

function decodeClaims(token) {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('a JWT has three dot-separated parts');
  const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const claims = JSON.parse(json);
  if (typeof claims !== 'object' || claims === null) throw new Error('the token payload is not an object');
  if (!ROLES.includes(claims.role)) throw new Error(`unknown role '${String(claims.role)}'`);
  if (typeof claims.sub !== 'string') throw new Error('the token has no subject');
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) throw new Error('the token has expired');
  return claims;
}

class Session {
  token = null;
  claims = null;

  load() {
    const saved = sessionStorage.getItem(KEY);
    if (!saved) return false;
    try {
      this.set(saved);
      return true;
    } catch {
      this.clear();
      return false;
    }
  }

  /** Throws with a readable message when the text is not a usable token. */
  set(token) {
    const trimmed = token.trim().replace(/^Bearer\s+/i, '');
    this.claims = decodeClaims(trimmed);
    this.token = trimmed;
    sessionStorage.setItem(KEY, trimmed);
  }

  clear() {
    this.token = null;
    this.claims = null;
    sessionStorage.removeItem(KEY);
  }

  get role() {
    return this.claims?.role ?? null;
  }

  /** May the signed-in user do `action` (a key of NEEDS)? */
  can(action) {
    const role = this.role;
    return role !== null && ROLES.indexOf(role) >= ROLES.indexOf(NEEDS[action]);
  }
}

export const session = new Session();
