// Words for people: durations as they are said, and gateway errors explained. Pure, tested in node.

/** Milliseconds as people say them: `6 h`, `90 s`, `1 h 30 min`, `250 ms`. */
export function formatDuration(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${ms} ms`;
  const units = [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000]];
  const parts = [];
  let rest = Math.round(ms / 1000) * 1000;
  for (const [name, size] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join(' ');
}

/**
 * The gateway's auth errors name JWT library classes (`invalid token: JwtTokenSignatureMismatched`); say what
 * they mean and what to do instead.
 */
export function explain(message) {
  const text = String(message ?? '');
  if (/SignatureMismatched|JwtTokenInvalid/.test(text)) return 'the token was signed with another secret than this gateway\'s (a token from another machine or an older start?). Use the sign-in link printed at start-up, or mint one with `npx midgard token` here.';
  if (/JwtTokenExpired|has expired/.test(text)) return 'the token has expired: use a fresh sign-in link or `npx midgard token`.';
  if (/JwtTokenIssuedAt|JwtTokenNotBefore/.test(text)) return 'the token is not valid yet: this machine\'s clock and the gateway\'s disagree.';
  if (/bearer tokens are not enabled/.test(text)) return 'this gateway accepts no tokens: it was started without MIDGARD_JWT_SECRET in production mode.';
  return text;
}

