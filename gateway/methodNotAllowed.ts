import type { Context } from 'hono';
import { errorBody } from './errors.ts';

interface RouteLike {
  method: string;
  path: string;
}

/**
 * The methods the app answers on `path`, from its route table: middleware (`ALL`) and catch-all patterns (the
 * dashboard's static `/*`) do not count, or every wrong method would look allowed somewhere.
 */
export function allowedMethods(routes: readonly RouteLike[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue;
    if (patternOf(route.path).test(path)) methods.add(route.method);
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

const patterns = new Map<string, RegExp>();
function patternOf(path: string): RegExp {
  let re = patterns.get(path);
  if (!re) {
    const source = path
      .split('/')
      .map((part) => (part.startsWith(':') || /^\{.+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    re = new RegExp(`^${source}/?$`);
    patterns.set(path, re);
  }
  return re;
}

/**
 * `app.notFound`: a path that exists under another method is 405 with `Allow` (a wrong method used to answer
 * 404, which sent people looking for a typo in the path); anything else 404.
 */
export function notFoundOrWrongMethod(routes: () => readonly RouteLike[]) {
  return function notFoundHandler(c: Context) {
    const allowed = allowedMethods(routes(), c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method)) {
      c.header('Allow', allowed.join(', '));
      return c.json(errorBody('method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(' or ')}`), 405);
    }
    return c.json(errorBody('not_found', `no route ${c.req.method} ${c.req.path}`), 404);
  };
}
