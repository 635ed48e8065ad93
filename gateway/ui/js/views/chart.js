// A tiny live line chart in SVG: the last N samples of one rate, drawn without any library.
import { formatNumber, h, replace, s } from '../dom.js';

export class Sparkline {
  constructor(label, { capacity = 60, unit = '/s' } = {}) {
    this.label = label;
    this.unit = unit;
    this.capacity = capacity;
    this.values = [];
    this.valueEl = h('span', { class: 'spark-value' }, '—');
    this.svg = s('svg', { class: 'spark', viewBox: '0 0 240 48', preserveAspectRatio: 'none', role: 'img', 'aria-label': label });
    this.axisEl = h('div', { class: 'spark-axis' });
    this.el = h('div', { class: 'tile chart' }, h('div', { class: 'tile-label' }, label), this.valueEl, this.svg, this.axisEl);
  }

  push(value) {
    this.values.push(value);
    if (this.values.length > this.capacity) this.values.shift();
    replace(this.valueEl, `${formatNumber(value, value < 10 ? 1 : 0)}${this.unit}`);
    const max = Math.max(1, ...this.values);
    const step = 240 / Math.max(1, this.capacity - 1);
    const offset = this.capacity - this.values.length;
    const points = this.values.map((v, i) => `${((offset + i) * step).toFixed(1)},${(46 - (v / max) * 42).toFixed(1)}`).join(' ');
    replace(this.svg,
      s('line', { x1: 0, y1: 46.5, x2: 240, y2: 46.5, class: 'spark-base' }),
      s('line', { x1: 0, y1: 4, x2: 240, y2: 4, class: 'spark-grid' }),
      s('polyline', { points, fill: 'none', class: 'spark-line' }));
    // the axes in words: the top line's value, and how far back the left edge is
    replace(this.axisEl, h('span', null, `top ${formatNumber(max, max < 10 ? 1 : 0)}${this.unit}`), h('span', null, `last ${this.values.length} s`), h('span', null, 'now'));
  }
}
