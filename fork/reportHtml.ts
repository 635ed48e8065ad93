import type { Comparison } from './compare.ts';

/**
 * The comparison as one offline HTML page: no script, no external asset, charts drawn as inline SVG. The
 * dashboard serves it (gateway/admin/forks), the CLI writes it next to the JSON.
 */
const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const COLORS = { baseline: '#7a869a', fork: '#d9480f' };

/** A line chart of two series (baseline grey, fork orange) over the days. */
export function lineChart(title: string, days: number[], series: { baseline: number[]; fork: number[] }, width = 520, height = 180): string {
  const all = [...series.baseline, ...series.fork];
  if (!all.length) return `<figure><figcaption>${esc(title)}</figcaption><p>no data</p></figure>`;
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const span = hi - lo || 1;
  const pad = 30;
  const x = (i: number) => pad + (days.length <= 1 ? 0 : (i / (days.length - 1)) * (width - 2 * pad));
  const y = (v: number) => height - pad - ((v - lo) / span) * (height - 2 * pad);
  const path = (vs: number[]) => vs.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const label = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
  return `<figure><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}">
<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#ccc"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${height - pad}" stroke="#ccc"/>
<text x="2" y="${pad}" font-size="10">${label(hi)}</text><text x="2" y="${height - pad}" font-size="10">${label(lo)}</text>
${days.map((d, i) => `<text x="${x(i).toFixed(1)}" y="${height - pad + 14}" font-size="10" text-anchor="middle">${d}</text>`).join('')}
${series.baseline.map((v, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${COLORS.baseline}"/>`).join('')}${series.fork.map((v, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2" fill="${COLORS.fork}"/>`).join('')}
<path d="${path(series.baseline)}" fill="none" stroke="${COLORS.baseline}" stroke-width="2"/><path d="${path(series.fork)}" fill="none" stroke="${COLORS.fork}" stroke-width="2" stroke-dasharray="${sameSeries(series) ? '5 3' : '0'}"/>
</svg></figure>`;
}

const sameSeries = (s: { baseline: number[]; fork: number[] }) => JSON.stringify(s.baseline) === JSON.stringify(s.fork);

/** Paired bars (baseline, fork) per category. */
export function barChart(title: string, rows: Record<string, { baseline: number; fork: number }>, width = 520): string {
  const entries = Object.entries(rows);
  const max = Math.max(1, ...entries.flatMap(([, v]) => [v.baseline, v.fork]));
  const rowH = 22;
  const left = 150;
  const height = entries.length * rowH + 10;
  const bar = (v: number) => ((width - left - 60) * v) / max;
  return `<figure><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}">
${entries
  .map(([k, v], i) => {
    const top = i * rowH + 5;
    return `<text x="${left - 6}" y="${top + 14}" font-size="11" text-anchor="end">${esc(k)}</text>
<rect x="${left}" y="${top}" width="${bar(v.baseline).toFixed(1)}" height="9" fill="${COLORS.baseline}"/><rect x="${left}" y="${top + 10}" width="${bar(v.fork).toFixed(1)}" height="9" fill="${COLORS.fork}"/>
<text x="${left + Math.max(bar(v.baseline), bar(v.fork)) + 4}" y="${top + 14}" font-size="10">${v.baseline} → ${v.fork}</text>`;
  })
  .join('\n')}
</svg></figure>`;
}

const fmt = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/0+$/, '')) : JSON.stringify(v));
const pct = (c: number | undefined) => (c === undefined ? '' : c === Infinity ? 'new' : `${c > 0 ? '+' : ''}${(c * 100).toFixed(1)}%`);

export function reportHtml(cmp: Comparison): string {
  const rows = cmp.differences
    .map((d) => `<tr><td><code>${esc(d.path)}</code></td><td>${esc(fmt(d.baseline))}</td><td>${esc(fmt(d.fork))}</td><td>${esc(pct(d.change))}</td></tr>`)
    .join('\n');
  const factions = Object.entries(cmp.series.factions).map(([f, s]) => lineChart(`faction power: ${f}`, cmp.series.days, s)).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fork ${esc(cmp.fork.id)} against its baseline</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left}
figure{display:inline-block;margin:0 1rem 1rem 0}figcaption{font-weight:600}.key span{display:inline-block;width:1em;height:.6em;margin:0 .3em}</style></head>
<body>
<h1>Fork ${esc(cmp.fork.id)} against its baseline</h1>
<p>From ${esc(cmp.fork.from)} (checkpoint tick ${cmp.fork.checkpoint.tick}, ${esc(new Date(cmp.fork.checkpoint.now).toISOString())}), ${cmp.days} virtual days.
Changed: ${cmp.changes.length ? cmp.changes.map((c) => `<code>${esc(c)}</code>`).join(', ') : 'nothing (this is the baseline itself)'}.</p>
<p class="key"><span style="background:${COLORS.baseline}"></span>baseline <span style="background:${COLORS.fork}"></span>fork.
${cmp.sameWorld ? 'The two worlds ended identical.' : `${cmp.differences.length} figures differ, ${cmp.unchanged} are the same.`}</p>
<h2>Differences</h2>
${cmp.differences.length ? `<table><thead><tr><th>figure</th><th>baseline</th><th>fork</th><th>change</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : '<p>None.</p>'}
<h2>Over time</h2>
${lineChart('economy: mean price / base price', cmp.series.days, cmp.series.priceIndex)}
${factions}
<h2>Actions by type</h2>
${barChart('actions by type', cmp.actionsByType)}
</body></html>
`;
}
