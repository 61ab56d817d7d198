// The dashboard page's script (ours; no libraries). It polls /api/runs every second, refetches the histories of the
// selected runs whose files changed (already thinned to min/max per pixel column and smoothed by the server), and draws
// one SVG chart per metric with every selected run overlaid.
'use strict';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const CHART = { width: 460, height: 250, left: 58, right: 12, top: 8, bottom: 28 };
const PLOT_WIDTH = CHART.width - CHART.left - CHART.right;
const SVG_NS = 'http://www.w3.org/2000/svg';

const state = {
  runs: [],
  selected: new Set(JSON.parse(localStorage.getItem('sae-dashboard-selected') || '[]')),
  chosen: localStorage.getItem('sae-dashboard-selected') !== null,
  histories: new Map(),   // id -> { key, data }
  details: new Map(),     // id -> { version, data }
  settings: { smoothing: 0.6, log: false, x: 'step' },
};
// Timings the browser test and the measurements read.
window.saeDashboard = { firstRenderMs: null, lastCycleMs: null, cycles: 0, renders: 0 };
const started = performance.now();

const $ = id => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = tag.startsWith('svg:') ? document.createElementNS(SVG_NS, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function colorOf(id) {
  const index = state.runs.findIndex(r => r.id === id);
  return PALETTE[(index < 0 ? 0 : index) % PALETTE.length];
}

function formatNumber(v) {
  if (v === null || v === undefined || !isFinite(v)) return '-';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) {
    // 1.5e5 and 5e-4 rather than 1.500e+5 and 5.000e-4.
    const [mantissa, exponent] = v.toExponential(3).split('e');
    return `${Number(mantissa)}e${Number(exponent)}`;
  }
  return Number(v.toPrecision(5)).toString();
}

function formatX(v) {
  if (state.settings.x === 'wall') return new Date(v * 1000).toLocaleTimeString([], { hour12: false });
  const a = Math.abs(v);
  if (a >= 1e6) return (v / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M';
  if (a >= 1e3) return (v / 1e3).toFixed(a >= 1e4 ? 0 : 1) + 'k';
  return String(Math.round(v));
}

async function getJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  const body = await response.json().catch(() => ({ error: `${url}: HTTP ${response.status}, not JSON` }));
  if (!response.ok && !body.error) body.error = `${url}: HTTP ${response.status}`;
  return body;
}

function settingsKey() {
  return `${state.settings.smoothing}|${state.settings.x}`;
}

function saveSelection() {
  localStorage.setItem('sae-dashboard-selected', JSON.stringify([...state.selected]));
}

// ---- polling ----

async function cycle() {
  const t0 = performance.now();
  let list;
  try {
    list = await getJson('api/runs');
  } catch (e) {
    showServerError(`The dashboard server does not answer (${e.message}); retrying.`);
    return;
  }
  if (list.error) { showServerError(list.error); return; }
  showServerError(null);
  state.runs = list.runs;
  $('sae-dir').textContent = list.sae_dir;
  const ids = new Set(state.runs.map(r => r.id));
  for (const id of [...state.selected]) if (!ids.has(id)) state.selected.delete(id);
  if (!state.chosen && state.selected.size === 0 && state.runs.length > 0) {
    const running = state.runs.filter(r => r.state === 'running');
    for (const r of (running.length > 0 ? running : [state.runs[state.runs.length - 1]])) state.selected.add(r.id);
  }
  const key = settingsKey();
  const fetches = [];
  for (const run of state.runs) {
    if (!state.selected.has(run.id)) continue;
    const held = state.histories.get(run.id);
    if (!held || held.version !== run.version || held.key !== key) {
      const url = `api/history?run=${encodeURIComponent(run.id)}&width=${PLOT_WIDTH}&smoothing=${state.settings.smoothing}&x=${state.settings.x}`;
      fetches.push(getJson(url).then(data => state.histories.set(run.id, { version: run.version, key, data })));
    }
    const details = state.details.get(run.id);
    if (!details || details.version !== run.version) {
      fetches.push(getJson(`api/run?run=${encodeURIComponent(run.id)}`).then(data => state.details.set(run.id, { version: run.version, data })));
    }
  }
  const changed = fetches.length > 0 || window.saeDashboard.cycles === 0;
  await Promise.all(fetches);
  renderRunList();
  if (changed) render();
  window.saeDashboard.cycles++;
  window.saeDashboard.lastCycleMs = performance.now() - t0;
  if (window.saeDashboard.firstRenderMs === null && (state.selected.size === 0 || fetches.length > 0)) {
    window.saeDashboard.firstRenderMs = performance.now() - started;
  }
  $('updated').textContent = `updated ${new Date().toLocaleTimeString([], { hour12: false })}`;
}

function showServerError(message) {
  const box = $('server-error');
  box.hidden = !message;
  box.textContent = message || '';
}

async function loop() {
  try {
    await cycle();
  } catch (e) {
    showServerError(`Dashboard error: ${e.message}`);
  }
  setTimeout(loop, 1000);
}

function rerender() {
  state.histories.clear();
  cycle().catch(e => showServerError(e.message));
}

// ---- run list ----

function renderRunList() {
  const nav = $('runs');
  nav.replaceChildren();
  if (state.runs.length === 0) {
    nav.append(el('p', { class: 'muted', text: 'No runs under this folder yet. Runs appear here as soon as they start.' }));
    return;
  }
  let model = null;
  for (const run of state.runs) {
    if (run.model !== model) {
      model = run.model;
      nav.append(el('h3', { text: model }));
    }
    const history = state.histories.get(run.id);
    const hasError = run.error || (history && (history.data.error || (history.data.errors || []).length > 0));
    const box = el('input', {
      type: 'checkbox', 'data-run': run.id, checked: state.selected.has(run.id),
      onchange: e => {
        state.chosen = true;
        if (e.target.checked) state.selected.add(run.id); else state.selected.delete(run.id);
        saveSelection();
        cycle().then(render);
      },
    });
    nav.append(el('label', { class: 'run', title: run.detail || '' },
      box,
      el('span', { class: 'swatch', style: `background:${colorOf(run.id)}` }),
      el('span', { class: 'name', text: run.layer }),
      hasError ? el('span', { class: 'badge failed', title: run.error || 'history has unreadable lines', text: '!' }) : null,
      el('span', { class: `badge ${run.state}`, 'data-state': run.state, text: run.state }),
      el('span', { class: 'step', text: run.last_step === null ? '' : formatX(run.last_step) })));
  }
}

// ---- details ----

function renderDetails() {
  const root = $('details');
  root.replaceChildren();
  for (const run of state.runs.filter(r => state.selected.has(r.id))) {
    const d = (state.details.get(run.id) || {}).data || {};
    const h = (state.histories.get(run.id) || {}).data || {};
    const errors = [d.error, h.error, d.status_error, d.config_error, d.evaluation_error, ...(h.errors || [])].filter(Boolean);
    const card = el('div', { class: 'run-details', 'data-run': run.id },
      el('h3', {}, el('span', { class: 'swatch', style: `background:${colorOf(run.id)}` }), run.id,
        el('span', { class: `badge ${run.state}`, text: run.state }),
        d.verdict ? el('span', { class: 'badge', text: `verdict: ${d.verdict}` }) : null,
        el('a', { class: 'button', href: `api/csv?run=${encodeURIComponent(run.id)}`, download: '', text: 'CSV' })),
      el('div', { class: 'muted', text: [d.detail, h.steps_logged !== undefined ? `${h.steps_logged} logged steps` : null,
        h.dead_features !== undefined ? `dead features: ${formatNumber(h.dead_features)} (step ${h.dead_features_step})` : null,
        h.source ? `from ${h.source}` : null].filter(Boolean).join(' · ') }));
    for (const e of errors) card.append(el('div', { class: 'run-error', text: e }));
    if ((d.notes || []).length > 0) card.append(el('ul', { class: 'notes' }, ...d.notes.map(n => el('li', { text: n }))));
    if (d.evaluation) {
      const table = el('table', { class: 'eval' });
      for (const [k, v] of Object.entries(d.evaluation)) table.append(el('tr', {}, el('td', { text: k }), el('td', { text: formatNumber(v) })));
      card.append(el('details', { open: true }, el('summary', { text: 'evaluation' }), table));
    }
    if (d.config) card.append(el('details', {}, el('summary', { text: 'config' }), el('pre', { class: 'config', text: d.config })));
    if ((d.figures || []).length > 0) {
      const figures = el('div', { class: 'figures' });
      for (const f of d.figures) {
        const src = `api/figure?path=${encodeURIComponent(f)}`;
        figures.append(el('a', { href: src, target: '_blank', title: f }, el('img', { src, alt: f, loading: 'lazy' })));
      }
      card.append(el('details', {}, el('summary', { text: `figures (${d.figures.length})` }), figures));
    }
    root.append(card);
  }
}

// ---- charts ----

function niceTicks(lo, hi, count) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map(m => m * power).find(s => s >= raw) || raw;
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

function logTicks(lo, hi) {
  const ticks = [];
  for (let p = Math.floor(lo); p <= Math.ceil(hi); p++) if (p >= lo - 1e-9 && p <= hi + 1e-9) ticks.push(p);
  if (ticks.length >= 2) return ticks;
  // Less than a decade: round values in linear space, placed on the log scale.
  return niceTicks(Math.pow(10, lo), Math.pow(10, hi), 4).filter(v => v > 0).map(v => Math.log10(v));
}

function renderCharts() {
  const root = $('charts');
  const selected = state.runs.filter(r => state.selected.has(r.id) && state.histories.has(r.id));
  const metrics = [];
  for (const run of selected) {
    for (const m of (state.histories.get(run.id).data.metrics || [])) if (!metrics.includes(m.name)) metrics.push(m.name);
  }
  root.replaceChildren();
  if (metrics.length === 0) {
    root.append(el('p', { class: 'muted', text: selected.length === 0 ? 'Select a run on the left.' : 'No logged steps yet.' }));
    return;
  }
  for (const name of metrics) {
    const series = selected.map(run => ({ run, m: (state.histories.get(run.id).data.metrics || []).find(m => m.name === name) })).filter(s => s.m);
    root.append(chart(name, series));
  }
}

function chart(name, series) {
  const log = state.settings.log;
  const ty = v => (log ? (v > 0 ? Math.log10(v) : null) : v);
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const { m } of series) {
    for (const [xs, ys] of [[m.x, m.y], [m.sx || [], m.sy || []]]) {
      for (let i = 0; i < xs.length; i++) {
        const y = ty(ys[i]);
        if (y === null) continue;
        x0 = Math.min(x0, xs[i]); x1 = Math.max(x1, xs[i]);
        y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
    }
  }
  const card = el('div', { class: 'chart', 'data-metric': name }, el('h4', { text: name + (log ? ' (log)' : '') }));
  const svg = el('svg:svg', { width: CHART.width, height: CHART.height, viewBox: `0 0 ${CHART.width} ${CHART.height}` });
  card.append(svg);
  if (!isFinite(x0)) {
    svg.append(el('svg:text', { x: CHART.left + 10, y: CHART.height / 2, class: 'muted', text: log ? 'no positive values for a log axis' : 'no values' }));
    return card;
  }
  if (x1 === x0) { x0 -= 1; x1 += 1; }
  if (y1 === y0) { const pad = Math.abs(y0) * 0.05 || 1; y0 -= pad; y1 += pad; }
  const padY = (y1 - y0) * 0.04;
  y0 -= padY; y1 += padY;
  const plotH = CHART.height - CHART.top - CHART.bottom;
  const sx = x => CHART.left + (x - x0) / (x1 - x0) * PLOT_WIDTH;
  const sy = y => CHART.top + (1 - (y - y0) / (y1 - y0)) * plotH;
  const axis = el('svg:g', { class: 'axis' });
  for (const t of (log ? logTicks(y0, y1) : niceTicks(y0, y1, 5))) {
    axis.append(el('svg:line', { x1: CHART.left, x2: CHART.width - CHART.right, y1: sy(t), y2: sy(t) }));
    axis.append(el('svg:text', { x: CHART.left - 4, y: sy(t) + 3, 'text-anchor': 'end', text: log ? formatNumber(Math.pow(10, t)) : formatNumber(t) }));
  }
  for (const t of niceTicks(x0, x1, 5)) {
    axis.append(el('svg:line', { x1: sx(t), x2: sx(t), y1: CHART.top, y2: CHART.top + plotH }));
    axis.append(el('svg:text', { x: sx(t), y: CHART.height - 10, 'text-anchor': 'middle', text: formatX(t) }));
  }
  svg.append(axis);
  const smoothing = state.settings.smoothing > 0;
  for (const { run, m } of series) {
    const color = colorOf(run.id);
    const path = (xs, ys) => {
      let d = '', pen = false;
      for (let i = 0; i < xs.length; i++) {
        const y = ty(ys[i]);
        if (y === null) { pen = false; continue; }
        d += `${pen ? 'L' : 'M'}${sx(xs[i]).toFixed(1)},${sy(y).toFixed(1)}`;
        pen = true;
      }
      return d;
    };
    svg.append(el('svg:path', { class: smoothing ? 'raw faint' : 'raw', stroke: color, d: path(m.x, m.y), 'data-run': run.id, 'data-points': m.x.length }));
    if (smoothing && m.sx) svg.append(el('svg:path', { class: 'smooth', stroke: color, d: path(m.sx, m.sy), 'data-run': run.id, 'data-smoothed': m.sx.length }));
  }
  const cursor = el('svg:line', { class: 'cursor', y1: CHART.top, y2: CHART.top + plotH, visibility: 'hidden' });
  svg.append(cursor);
  svg.addEventListener('mousemove', e => {
    const box = svg.getBoundingClientRect();
    const px = e.clientX - box.left;
    if (px < CHART.left || px > CHART.width - CHART.right) { hideTooltip(cursor); return; }
    const x = x0 + (px - CHART.left) / PLOT_WIDTH * (x1 - x0);
    const lines = [];
    let nearestX = null;
    for (const { run, m } of series) {
      const i = nearest(m.x, x);
      if (i < 0) continue;
      if (nearestX === null || Math.abs(m.x[i] - x) < Math.abs(nearestX - x)) nearestX = m.x[i];
      let text = `${run.id} @ ${formatX(m.x[i])}: ${formatNumber(m.y[i])}`;
      if (m.sx) { const j = nearest(m.sx, x); if (j >= 0) text += ` (smoothed ${formatNumber(m.sy[j])})`; }
      lines.push({ color: colorOf(run.id), text });
    }
    if (nearestX === null) { hideTooltip(cursor); return; }
    cursor.setAttribute('x1', sx(nearestX));
    cursor.setAttribute('x2', sx(nearestX));
    cursor.setAttribute('visibility', 'visible');
    const tip = $('tooltip');
    tip.replaceChildren(el('div', { text: name }), ...lines.map(l => el('div', {}, el('span', { class: 'swatch', style: `background:${l.color}` }), ' ' + l.text)));
    tip.hidden = false;
    tip.style.left = `${e.clientX + 12}px`;
    tip.style.top = `${e.clientY + 12}px`;
  });
  svg.addEventListener('mouseleave', () => hideTooltip(cursor));
  return card;
}

function hideTooltip(cursor) {
  cursor.setAttribute('visibility', 'hidden');
  $('tooltip').hidden = true;
}

function nearest(xs, x) {
  if (xs.length === 0) return -1;
  let lo = 0, hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid; else hi = mid;
  }
  return Math.abs(xs[lo] - x) <= Math.abs(xs[hi] - x) ? lo : hi;
}

// ---- feature-density histogram over training ----

const densityCards = new Map();   // id -> { data, card }: a heatmap is redrawn only when its run's data changed
const MAX_DENSITY_RUNS = 8;

function renderDensity() {
  const root = $('density');
  root.replaceChildren();
  const runs = state.runs.filter(r => state.selected.has(r.id) && state.histories.has(r.id));
  for (const run of runs.slice(0, MAX_DENSITY_RUNS)) {
    const data = state.histories.get(run.id).data;
    const cached = densityCards.get(run.id);
    if (cached && cached.data === data) { root.append(cached.card); continue; }
    const card = densityCard(run, data);
    if (card) { densityCards.set(run.id, { data, card }); root.append(card); }
  }
  if (runs.length > MAX_DENSITY_RUNS) root.append(el('p', { class: 'muted', text: `Histograms of the first ${MAX_DENSITY_RUNS} selected runs.` }));
  if (root.children.length === 0) root.append(el('p', { class: 'muted', text: 'No density window has ended yet in the selected runs.' }));
}

function densityCard(run, data) {
  const d = data.density;
  if (!d || d.steps.length === 0 || d.buckets.length === 0) return null;
  let max = 0;
  for (const row of d.counts) for (const c of row) if (c !== null) max = Math.max(max, c);
  const w = CHART.width, h = 40 + d.buckets.length * 18, left = 90;
  const svg = el('svg:svg', { width: w, height: h });
  const cellW = (w - left - 10) / d.steps.length, cellH = 18;
  d.counts.forEach((row, i) => row.forEach((c, j) => {
    const t = c === null || max === 0 ? 0 : c / max;
    svg.append(el('svg:rect', {
      x: left + i * cellW, y: 8 + (d.buckets.length - 1 - j) * cellH, width: Math.max(cellW, 1) + 0.3, height: cellH,
      fill: `rgb(${Math.round(247 - 200 * t)},${Math.round(251 - 150 * t)},${Math.round(255 - 80 * t)})`,
    }, el('svg:title', { text: `step ${d.steps[i]}, ${d.buckets[j]}: ${c === null ? '-' : c} features` })));
  }));
  const axis = el('svg:g', { class: 'axis' });
  d.buckets.forEach((b, j) => axis.append(el('svg:text', { x: left - 4, y: 8 + (d.buckets.length - 1 - j) * cellH + 12, 'text-anchor': 'end', text: b })));
  axis.append(el('svg:text', { x: left, y: h - 14, text: `step ${formatX(d.steps[0])}` }));
  axis.append(el('svg:text', { x: w - 10, y: h - 14, 'text-anchor': 'end', text: `step ${formatX(d.steps[d.steps.length - 1])}` }));
  svg.append(axis);
  const dead = data.dead_features;
  return (el('div', { class: 'chart', 'data-density': run.id },
    el('h4', {}, el('span', { class: 'swatch', style: `background:${colorOf(run.id)}` }),
      ` ${run.id}: features per firing-frequency decade` + (dead !== undefined ? ` · dead features: ${formatNumber(dead)}` : '')),
    svg));
}

function render() {
  renderDetails();
  renderCharts();
  renderDensity();
  window.saeDashboard.renders++;
}

// ---- controls ----

$('smoothing').addEventListener('input', e => {
  state.settings.smoothing = Number(e.target.value);
  $('smoothing-value').textContent = state.settings.smoothing.toFixed(2);
});
$('smoothing').addEventListener('change', rerender);
$('log-axis').addEventListener('change', e => { state.settings.log = e.target.checked; render(); });
$('x-axis').addEventListener('change', e => { state.settings.x = e.target.value; rerender(); });
loop();
