/**
 * The API docs page: one self-contained HTML document that reads `/openapi.json` from the same origin and
 * lists every operation with its parameters and schemas. No CDN (swagger-ui loads its assets from one), so
 * it works on an offline server. Everything from the spec is inserted with textContent, never as markup.
 */
export const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Midgard API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 2rem;color:#1d232a}
h1{margin-bottom:.2rem}.op{border:1px solid #d5dbe1;border-radius:6px;margin:.6rem 0}
.op>summary{cursor:pointer;padding:.45rem .7rem;display:flex;gap:.7rem;align-items:baseline}
.m{font:600 12px monospace;text-transform:uppercase;min-width:3.6rem}.get{color:#1565c0}.post{color:#2e7d32}
.put,.patch{color:#ef6c00}.delete{color:#c62828}.p{font-family:monospace}.s{color:#59636e}
pre{background:#f5f7f9;padding:.6rem;margin:.4rem .7rem;overflow:auto;font-size:12px}.tag{margin-top:1.4rem}
</style></head><body>
<h1>Midgard API</h1><p class="s">Generated from <a href="/openapi.json">/openapi.json</a>. Bridge calls need
<code>X-API-Key</code>; admin calls a bearer token (<code>midgard token --role admin --sub you</code>).</p>
<div id="ops">loading…</div>
<script>
(async () => {
  const root = document.getElementById('ops');
  const spec = await (await fetch('/openapi.json')).json();
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
  const resolve = (s) => s && s.$ref ? spec.components.schemas[s.$ref.split('/').pop()] : s;
  root.textContent = '';
  const byTag = {};
  for (const [path, item] of Object.entries(spec.paths)) for (const [method, op] of Object.entries(item)) {
    const tag = (op.tags && op.tags[0]) || 'other'; (byTag[tag] = byTag[tag] || []).push([path, method, op]);
  }
  for (const [tag, ops] of Object.entries(byTag)) {
    root.append(el('h2', 'tag', tag));
    for (const [path, method, op] of ops) {
      const d = el('details', 'op'); const s = el('summary');
      s.append(el('span', 'm ' + method, method), el('span', 'p', path), el('span', 's', op.summary || ''));
      d.append(s);
      const detail = {};
      if (op.parameters) detail.parameters = op.parameters.map((p) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema }));
      const body = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
      if (body) detail.body = resolve(body.schema);
      detail.responses = Object.fromEntries(Object.entries(op.responses || {}).map(([code, r]) => [code, r.description]));
      d.append(el('pre', '', JSON.stringify(detail, null, 2)));
      root.append(d);
    }
  }
})().catch((err) => { document.getElementById('ops').textContent = 'could not load /openapi.json: ' + err; });
</script></body></html>`;
