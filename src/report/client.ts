/**
 * The script that draws report.html's plots in the browser, from the inline summary JSON, with
 * Observable Plot and d3 (inlined UMD bundles, globals `Plot` and `d3`). Plain ES2020 in a
 * string: it is never compiled by tsc and runs as-is offline.
 *
 * Every mark carries a `title` (a tooltip, and an SVG <title> that tests read back) whose last
 * line holds the exact numbers from summary.json, so a test can check that what is drawn is what
 * was computed. When all plots are drawn, <body> gets data-plots="N" and data-ready="1"; errors
 * are listed in data-errors and shown in the page.
 */
export const REPORT_CLIENT_JS = String.raw`
(function () {
  'use strict';
  var errors = [];
  var plots = 0;
  var data = JSON.parse(document.getElementById('brink-data').textContent);
  var BLUE = '#3661ad', ORANGE = '#e07b39', GREY = '#888';
  var ARM_COLORS = ['#3661ad', '#e07b39', '#2a9d6f', '#b5446e', '#7a5cc2', '#8c6d31', '#4e9fb8', '#d4a017'];

  function pctDigits(x) {
    var v = Math.abs(x * 100);
    if (v === 0 || v >= 1) return 1;
    if (v >= 0.1) return 2;
    return 3;
  }
  function pct(x, d) { return x == null ? 'n/a' : (x * 100).toFixed(d == null ? pctDigits(x) : d) + '%'; }
  function pctCI(e, lo, hi) {
    if (e == null) return 'n/a';
    var d = pctDigits(Math.max(Math.abs(e), Math.abs(hi || 0)));
    // An outcome that happened in no run: 0 and the interval's upper bound, as the tables print it.
    if (e === 0 && hi != null) return '0 (≤ ' + pct(hi, d) + ')';
    return pct(e, d) + ' (' + (lo == null ? '?' : (lo * 100).toFixed(d)) + '–' + pct(hi, d) + ')';
  }
  function num(x) { return x == null ? 'n/a' : (Math.abs(x) >= 1000 ? d3.format(',.0f')(x) : String(+x.toPrecision(3))); }
  function pp(x) { return x == null ? 'n/a' : (x > 0 ? '+' : x < 0 ? '−' : '') + Math.abs(x * 100).toFixed(1) + ' pp'; }

  /** Clean ticks for a symlog axis over the values xs: 0 if present, then 1-2-5 steps per decade (1 per decade when wide). */
  function symlogTicks(xs) {
    var ticks = [];
    var pos = xs.filter(function (x) { return x > 0; });
    if (xs.some(function (x) { return x <= 0; })) ticks.push(0);
    if (pos.length === 0) return ticks;
    var lo = d3.min(pos), hi = d3.max(pos);
    var k0 = Math.floor(Math.log10(lo)), k1 = Math.ceil(Math.log10(hi));
    var steps = k1 - k0 <= 3 ? [1, 2, 5] : [1];
    var n0 = ticks.length;
    for (var k = k0; k <= k1; k++) steps.forEach(function (m) { var v = +(m * Math.pow(10, k)).toPrecision(3); if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v); });
    // A range inside one decade (escalation scores 2,188–6,026) would get one tick: use round linear ticks.
    if (ticks.length - n0 < 3) ticks = ticks.slice(0, n0).concat(d3.ticks(lo, hi, 5).filter(function (v) { return v > 0; }));
    return ticks;
  }
  /**
   * Ticks for a linear axis over [lo, hi] (0 included), with labels shown × scale (100 for
   * percentage points): enough decimals that no two labels are equal, and a true minus sign, so
   * an axis never reads "-1 -1 -0 0".
   */
  function signedAxis(values, scale, count) {
    scale = scale || 1;
    var lo = Math.min(0, d3.min(values)), hi = Math.max(0, d3.max(values));
    if (!(hi > lo)) { lo = lo - 1 / scale; hi = hi + 1 / scale; }
    var ticks = d3.ticks(lo, hi, count || 6);
    var step = Math.abs(d3.tickStep(lo, hi, count || 6)) * scale;
    var digits = d3.precisionFixed(step);
    var f = d3.format('.' + digits + 'f');
    function fmt(x) {
      var v = x * scale;
      if (Math.abs(v) < step / 2) return '0';
      return (v > 0 ? '+' : '−') + f(Math.abs(v));
    }
    return { domain: [Math.min(lo, ticks[0]), Math.max(hi, ticks[ticks.length - 1])], ticks: ticks, tickFormat: fmt };
  }
  function tickFmt(x) { return Math.abs(x) >= 1000 ? d3.format(',')(x) : String(x); }

  function mount(id, render) {
    var el = document.getElementById(id);
    if (!el) return;
    try {
      var node = render();
      if (node) { el.appendChild(node); plots++; }
    } catch (e) {
      errors.push(id + ': ' + (e && e.message ? e.message : String(e)));
      el.textContent = 'Could not draw this plot: ' + (e && e.message ? e.message : e);
    }
  }

  function probabilityRows(S) {
    var rows = [];
    var P = S.probabilities;
    Object.keys(P).forEach(function (k) {
      if (k === 'rung4ByTheatre') return;
      rows.push(Object.assign({ key: k }, P[k]));
    });
    Object.keys(P.rung4ByTheatre).forEach(function (t) { rows.push(Object.assign({ key: 'rung4.' + t }, P.rung4ByTheatre[t])); });
    return rows;
  }
  function probTitle(d) {
    return d.label + '\n' + pctCI(d.estimate, d.lo, d.hi) + ', ' + d3.format(',')(d.count) + ' of ' + d3.format(',')(d.runs) + ' runs' +
      '\n[' + d.key + '] estimate=' + d.estimate + ' lo=' + d.lo + ' hi=' + d.hi + ' count=' + d.count;
  }

  function probabilitiesPlot(S) {
    var rows = probabilityRows(S);
    var xmax = Math.min(1, Math.max(0.05, d3.max(rows, function (d) { return d.hi; }) * 1.15));
    return Plot.plot({
      width: 900, height: 60 + rows.length * 30, marginLeft: 330, marginRight: 80,
      x: { domain: [0, xmax], label: 'probability over the horizon →', tickFormat: '%', grid: true },
      y: { domain: rows.map(function (d) { return d.label; }), label: null },
      marks: [
        Plot.ruleX([0]),
        Plot.ruleY(rows, { y: 'label', x1: 'lo', x2: 'hi', stroke: BLUE, strokeWidth: 3, strokeOpacity: 0.45 }),
        Plot.dot(rows, { y: 'label', x: 'estimate', fill: BLUE, r: 4.5, title: probTitle }),
        Plot.text(rows, { y: 'label', x: 'hi', text: function (d) { return pctCI(d.estimate, d.lo, d.hi); }, dx: 8, textAnchor: 'start', fill: '#333' })
      ]
    });
  }

  var KM_KEYS = [['article4', 'Article 4 (first consultation)', '#2a9d6f'], ['drawnIn', 'Drawn in', ORANGE], ['article5', 'Article 5 invoked', '#b5446e']];
  // The three events are the focal alliance's (summary.focal): name it in the series.
  function kmLabel(S, k) { return S.focal ? k[1] + ' (' + S.focal + ')' : k[1]; }
  function kmRows(S, keys, armName) {
    var rows = [], bands = [];
    var H = S.provenance.horizonDays;
    keys.forEach(function (k) {
      var t = S.timeToEvent[k[0]];
      if (!t) return;
      var label = kmLabel(S, k);
      var name = armName ? armName + ' — ' + label : label;
      var c = t.curve;
      rows.push({ series: name, day: 0, p: 0, lo: 0, hi: 0 });
      for (var i = 0; i < c.day.length; i++) rows.push({ series: name, day: c.day[i], p: 1 - c.survival[i], lo: 1 - c.hi[i], hi: 1 - c.lo[i] });
      var last = rows[rows.length - 1];
      rows.push({ series: name, day: H, p: last.p, lo: last.lo, hi: last.hi });
      bands.push({ series: name, median: t.median, events: t.events, runs: t.runs, final: 1 - t.survivalAtHorizon, key: k[0] });
    });
    return { rows: rows, ends: bands };
  }
  function kmPlot(S) {
    var r = kmRows(S, KM_KEYS, null);
    var colors = KM_KEYS.map(function (k) { return k[2]; });
    var ymax = Math.min(1, Math.max(0.05, d3.max(r.rows, function (d) { return d.hi; }) * 1.1));
    return Plot.plot({
      width: 900, height: 360, marginRight: 170,
      x: { domain: [0, S.provenance.horizonDays], label: 'day →', grid: true },
      y: { domain: [0, ymax], label: '↑ share of runs in which it has happened', tickFormat: '%', grid: true },
      color: { domain: KM_KEYS.map(function (k) { return kmLabel(S, k); }), range: colors, legend: true },
      marks: [
        Plot.areaY(r.rows, { x: 'day', y1: 'lo', y2: 'hi', fill: 'series', fillOpacity: 0.15, curve: 'step-after' }),
        Plot.line(r.rows, { x: 'day', y: 'p', stroke: 'series', strokeWidth: 2, curve: 'step-after' }),
        ymax >= 0.5 ? Plot.ruleY([0.5], { stroke: GREY, strokeDasharray: '4,3' }) : null,
        Plot.text(r.ends, { x: S.provenance.horizonDays, y: 'final', text: function (d) { return pct(d.final) + (d.median != null ? ', median day ' + d.median : ''); }, fill: 'series', dx: 6, textAnchor: 'start',
          title: function (d) { return d.series + '\n' + d3.format(',')(d.events) + ' of ' + d3.format(',')(d.runs) + ' runs by the horizon; median ' + (d.median == null ? 'not reached' : 'day ' + d.median) + '\n[' + d.key + '] events=' + d.events + ' median=' + d.median; } })
      ]
    });
  }

  function rungPlot(S) {
    var rows = [];
    Object.keys(S.highestRung).forEach(function (t) {
      var h = S.highestRung[t];
      h.counts.forEach(function (c, rung) { rows.push({ theatre: t, rung: rung, runs: c, share: h.shares[rung] }); });
    });
    var names = ['competition', 'gray zone', 'coercive signalling', 'proxy war', 'direct limited clash', 'general war', 'nuclear use'];
    return Plot.plot({
      width: 900, height: 300, marginBottom: 50,
      fx: { label: null },
      x: { domain: d3.range(7), label: 'highest rung reached →', tickFormat: function (r) { return r; } },
      y: { label: '↑ share of runs', tickFormat: '%', grid: true },
      color: { type: 'ordinal', domain: d3.range(7), range: ['#c9d6e3', '#9fb6cf', '#7895b8', '#e0a040', '#d9603b', '#b22222', '#5c0a0a'] },
      marks: [
        Plot.barY(rows, { fx: 'theatre', x: 'rung', y: 'share', fill: 'rung',
          title: function (d) { return d.theatre + ': highest rung ' + d.rung + ' (' + names[d.rung] + ')\n' + pct(d.share) + ', ' + d3.format(',')(d.runs) + ' runs\n[' + d.theatre + '] rung=' + d.rung + ' runs=' + d.runs; } }),
        Plot.ruleY([0])
      ]
    });
  }

  var COSTS = [['costAid', 'C_aid'], ['costDeterrence', 'C_deterrence'], ['costRisk', 'C_risk'], ['costTotal', 'C_total']];
  function costRangePlot(S) {
    var rows = COSTS.map(function (k) { return Object.assign({ key: k[0], name: k[1] }, S.costs[k[0]]); });
    var xs = [];
    rows.forEach(function (d) { xs.push(d.q05, d.q50, d.q95, d.mean); });
    return Plot.plot({
      width: 900, height: 220, marginLeft: 110, marginRight: 40,
      x: { type: 'symlog', label: 'billions of 2025 US$ (symmetric log scale) →', grid: true, ticks: symlogTicks(xs), tickFormat: tickFmt },
      y: { domain: COSTS.map(function (k) { return k[1]; }), label: null },
      marks: [
        Plot.ruleY(rows, { y: 'name', x1: 'q05', x2: 'q95', stroke: BLUE, strokeOpacity: 0.35, strokeWidth: 10 }),
        Plot.tickX(rows, { y: 'name', x: 'q50', stroke: BLUE, strokeWidth: 2 }),
        Plot.dot(rows, { y: 'name', x: 'mean', fill: ORANGE, r: 5, symbol: 'diamond',
          title: function (d) { return d.label + '\nmean ' + num(d.mean) + ' (95% CI ' + num(d.lo) + '–' + num(d.hi) + '); median ' + num(d.q50) + '; 90% of runs ' + num(d.q05) + '–' + num(d.q95) + '\n[' + d.key + '] mean=' + d.mean + ' q05=' + d.q05 + ' q50=' + d.q50 + ' q95=' + d.q95; } })
      ]
    });
  }

  function histPlot(hist, opts) {
    var n = d3.sum(hist, function (h) { return h[2]; });
    var rows = hist.map(function (h) { return { x1: h[0], x2: h[0] === h[1] ? h[0] + 1e-9 : h[1], share: h[2] / n, runs: h[2] }; });
    var xs = [];
    rows.forEach(function (d) { xs.push(d.x1, d.x2); });
    return Plot.plot({
      width: 900, height: 240,
      x: { type: 'symlog', label: opts.xlabel, grid: true, ticks: symlogTicks(xs), tickFormat: tickFmt },
      y: { label: '↑ share of runs', tickFormat: '%', grid: true },
      marks: [
        Plot.rectY(rows, { x1: 'x1', x2: 'x2', y: 'share', fill: opts.color || BLUE, fillOpacity: 0.8,
          title: function (d) { return num(d.x1) + ' to ' + num(d.x2) + ': ' + d3.format(',')(d.runs) + ' runs (' + pct(d.share) + ')'; } }),
        Plot.ruleY([0]),
        opts.rules ? Plot.ruleX(opts.rules, { x: 'x', stroke: 'color', strokeDasharray: '4,3' }) : null,
        // Labels never overlap: the leftmost rule is labelled on its left, the others on their right,
        // each on its own line, on a white halo so bars do not hide them.
        opts.rules ? opts.rules.slice().sort(function (a, b) { return a.x - b.x; }).map(function (r, i) {
          return Plot.text([r], { x: 'x', frameAnchor: 'top', text: function (d) { return d.label + ' ' + num(d.x); }, fill: r.color, dx: i === 0 ? -5 : 5, dy: 4 + 15 * i, textAnchor: i === 0 ? 'end' : 'start', stroke: 'white', strokeWidth: 4, paintOrder: 'stroke', fontWeight: 600 });
        }) : null
      ]
    });
  }

  function fanPlot(S, f) {
    var rows = [];
    for (var w = 0; w < S.fans.weeks; w++) {
      if (!f.n[w]) continue;
      rows.push({ day: S.fans.day[w], q05: f.q05[w], q25: f.q25[w], q50: f.q50[w], q75: f.q75[w], q95: f.q95[w], n: f.n[w] });
    }
    if (rows.length === 0) return null;
    var isRung = f.key.indexOf('rung.') === 0;
    var curve = isRung ? 'step-after' : 'linear';
    var wrap = document.createElement('div');
    wrap.className = 'fan';
    var h = document.createElement('h4');
    h.textContent = f.label;
    wrap.appendChild(h);
    var y = isRung ? { domain: [0, 6], ticks: 7, label: '↑ rung', grid: true } : { label: null, grid: true, zero: true };
    var notes = [];
    if (f.key === 'cohesion') {
      // Cohesion lives on 0–1: a y-axis at least 0.2 wide, so a change of 0.007 does not fill the
      // panel; the note says where the axis starts when it does not start at 0.
      var lo = d3.min(rows, function (d) { return d.q05; }), hi = d3.max(rows, function (d) { return d.q95; });
      var mid = (lo + hi) / 2, half = Math.max(0.1, (hi - lo) / 2 * 1.1);
      var y0 = mid - half, y1 = mid + half;
      if (y0 < 0) { y0 = 0; y1 = Math.min(1, 2 * half); } else if (y1 > 1) { y1 = 1; y0 = Math.max(0, 1 - 2 * half); }
      y = { label: null, grid: true, domain: [y0, y1] };
      var note = document.createElement('p');
      note.className = 'fan-note';
      note.textContent = 'Axis zoomed to ' + d3.format('.2f')(y0) + '–' + d3.format('.2f')(y1) + ' of cohesion\'s 0–1 range; the 90% band spans ' + d3.format('.3f')(hi - lo) + ' over the horizon.';
      notes.push(note);
    }
    if (f.key === 'stockpilePartner') {
      var pn = document.createElement('p');
      pn.className = 'fan-note';
      pn.textContent = 'A median of 0 days means most partners have used up their stockpile; that is not partner collapse. The partner collapses only when its war capacity, a separate quantity, falls below its collapse threshold, which is why the collapse probability above can stay small.';
      notes.push(pn);
    }
    wrap.appendChild(Plot.plot({
      width: 440, height: 200, marginLeft: 46,
      x: { domain: [0, S.provenance.horizonDays], label: 'day →', grid: true },
      y: y,
      marks: [
        Plot.areaY(rows, { x: 'day', y1: 'q05', y2: 'q95', fill: BLUE, fillOpacity: 0.15, curve: curve }),
        Plot.areaY(rows, { x: 'day', y1: 'q25', y2: 'q75', fill: BLUE, fillOpacity: 0.3, curve: curve }),
        Plot.line(rows, { x: 'day', y: 'q50', stroke: BLUE, strokeWidth: 2, curve: curve }),
        Plot.dot(rows, Plot.pointerX({ x: 'day', y: 'q50', fill: BLUE, r: 3,
          title: function (d) { return f.label + ', day ' + d.day + ': median ' + num(d.q50) + '; 50% in ' + num(d.q25) + '–' + num(d.q75) + '; 90% in ' + num(d.q05) + '–' + num(d.q95); } }))
      ]
    }));
    notes.forEach(function (n) { wrap.appendChild(n); });
    return wrap;
  }

  function pathwaysPlot(S) {
    var rows = S.pathways.top.map(function (p) { return Object.assign({ name: '#' + p.rank + '  ' + p.steps.join(' → ') }, p); });
    if (rows.length === 0) return null;
    var longest = d3.max(rows, function (d) { return d.name.length; });
    return Plot.plot({
      width: 960, height: 50 + rows.length * 30, marginLeft: Math.min(560, 20 + longest * 6.3), marginRight: 60,
      x: { label: 'share of the runs that reached rung ≥ 4 →', tickFormat: '%', grid: true },
      y: { domain: rows.map(function (d) { return d.name; }), label: null },
      marks: [
        Plot.barX(rows, { y: 'name', x: 'share', fill: ORANGE, fillOpacity: 0.85,
          title: function (d) { return d.steps.join(' → ') + '\n' + pct(d.share) + ' of runs reaching rung 4 (' + d3.format(',')(d.count) + ' runs)' + (d.examples && d.examples.length > 0 ? '\nexample runs: ' + d.examples.map(function (e) { return e.trajectory + ' (day ' + e.day + ')'; }).join(', ') : '') + '\n[#' + d.rank + '] count=' + d.count + ' share=' + d.share; } }),
        Plot.text(rows, { y: 'name', x: 'share', text: function (d) { return pct(d.share); }, dx: 6, textAnchor: 'start' }),
        Plot.ruleX([0])
      ]
    });
  }

  function art4Plot(S) {
    var rows = S.article4Consultations.distribution;
    return Plot.plot({
      width: 900, height: 220,
      x: { label: 'Article 4 consultations in a run →', type: 'band' },
      y: { label: '↑ share of runs', tickFormat: '%', grid: true },
      marks: [
        Plot.barY(rows, { x: 'consultations', y: 'share', fill: '#2a9d6f',
          title: function (d) { return d.consultations + ' consultations: ' + d3.format(',')(d.runs) + ' runs (' + pct(d.share) + ')\n[art4] consultations=' + d.consultations + ' runs=' + d.runs; } }),
        Plot.ruleY([0])
      ]
    });
  }

  function episodesPlot(S) {
    var rows = S.episodes.durationHistogram.map(function (h) { return { day: h[0], n: h[1] }; });
    if (rows.length === 0) return null;
    var med = S.episodes.medianDays;
    return Plot.plot({
      width: 900, height: 220,
      x: { label: 'episode duration (days) →', grid: true },
      y: { label: '↑ episodes', grid: true },
      marks: [
        Plot.rectY(rows, Plot.binX({ y: 'sum' }, { x: 'day', y: 'n', thresholds: d3.range(0, S.provenance.horizonDays + 8, 7), fill: GREY })),
        Plot.ruleY([0]),
        med != null ? Plot.ruleX([med], { stroke: ORANGE, strokeWidth: 2 }) : null,
        med != null ? Plot.text([med], { x: function (d) { return d; }, frameAnchor: 'top', dy: 4, dx: 4, textAnchor: 'start', text: function () { return 'median ' + med + ' days'; }, fill: ORANGE }) : null
      ]
    });
  }

  function drawRun(S, prefix) {
    prefix = prefix || '';
    mount(prefix + 'plot-probabilities', function () { return probabilitiesPlot(S); });
    mount(prefix + 'plot-km', function () { return kmPlot(S); });
    mount(prefix + 'plot-rungs', function () { return rungPlot(S); });
    mount(prefix + 'plot-costs', function () { return costRangePlot(S); });
    mount(prefix + 'plot-cost-total', function () {
      var c = S.costs.costTotal;
      return histPlot(c.histogram, { xlabel: 'C_total, billions of 2025 US$ (symmetric log scale) →', rules: [{ x: c.mean, label: 'mean', color: ORANGE }, { x: c.q50, label: 'median', color: BLUE }] });
    });
    mount(prefix + 'plot-pathways', function () { return pathwaysPlot(S); });
    mount(prefix + 'plot-score', function () {
      var e = S.escalationScore;
      return histPlot(e.histogram, { xlabel: 'escalation score per run (symmetric log scale) →', color: '#7a5cc2', rules: [{ x: e.q50, label: 'median', color: BLUE }] });
    });
    mount(prefix + 'plot-art4', function () { return art4Plot(S); });
    mount(prefix + 'plot-episodes', function () { return episodesPlot(S); });
    var fans = document.getElementById(prefix + 'plot-fans');
    if (fans) S.fans.series.forEach(function (f) {
      var id = prefix + 'fan-' + f.key.replace(/[^A-Za-z0-9_-]/g, '_');
      var div = document.createElement('div');
      div.id = id;
      fans.appendChild(div);
      mount(id, function () { return fanPlot(S, f); });
    });
  }

  // Which rows of a comparison each differences plot draws, and the unit of its axis: one unit per axis.
  var DIFF_GROUPS = {
    binary: { pick: function (c) { return c.binary; }, unit: 'percentage points', scale: 100 },
    costs: { pick: function (c) { return c.metrics.filter(function (d) { return /^cost/.test(d.key); }); }, unit: 'billions of 2025 US$', scale: 1 },
    art4: { pick: function (c) { return c.metrics.filter(function (d) { return d.key === 'art4Count'; }); }, unit: 'Article 4 consultations per run', scale: 1 }
  };
  function diffPlot(C, which) {
    var g = DIFF_GROUPS[which];
    var rows = [];
    C.comparisons.forEach(function (c) {
      g.pick(c).forEach(function (d) { rows.push(Object.assign({ arm: c.arm }, d)); });
    });
    if (rows.length === 0) return null;
    var fmt = which === 'binary' ? pp : function (x) { return x == null ? 'n/a' : (x > 0 ? '+' : x < 0 ? '−' : '') + num(Math.abs(x)); };
    var vals = [];
    rows.forEach(function (d) { [d.lo, d.hi, d.difference].forEach(function (v) { if (v != null) vals.push(v); }); });
    var ax = signedAxis(vals, g.scale, 6);
    return Plot.plot({
      width: 900, height: 70 + rows.length * 26, marginLeft: 330, marginRight: 150,
      x: { label: 'difference vs ' + C.provenance.arms[0].name + ' (' + g.unit + ') →', domain: ax.domain, ticks: ax.ticks, tickFormat: ax.tickFormat, grid: true },
      y: { domain: d3.range(rows.length), tickFormat: function (i) { return rows[i].label + (C.comparisons.length > 1 ? ' [' + rows[i].arm + ']' : ''); }, label: null },
      color: { domain: C.provenance.arms.map(function (a) { return a.name; }), range: ARM_COLORS },
      marks: [
        Plot.ruleX([0], { stroke: '#333' }),
        Plot.ruleY(rows, { y: function (d, i) { return i; }, x1: 'lo', x2: 'hi', stroke: 'arm', strokeWidth: 3, strokeOpacity: 0.5 }),
        Plot.dot(rows, { y: function (d, i) { return i; }, x: 'difference', fill: 'arm', r: 4.5,
          title: function (d) { return d.label + ' [' + d.arm + ' − ' + C.provenance.arms[0].name + ']\n' + fmt(d.difference) + ' (95% CI ' + fmt(d.lo) + ' to ' + fmt(d.hi) + ')\n[' + d.arm + ':' + d.key + '] difference=' + d.difference + ' lo=' + d.lo + ' hi=' + d.hi; } }),
        Plot.text(rows, { y: function (d, i) { return i; }, frameAnchor: 'right', dx: 145, textAnchor: 'end', text: function (d) { return fmt(d.difference) + ' [' + fmt(d.lo) + ', ' + fmt(d.hi) + ']'; } })
      ]
    });
  }
  /** Costs and consultations are different units: two plots, one per unit, in one container. */
  function diffMetricsPlots(C) {
    var wrap = document.createElement('div');
    ['costs', 'art4'].forEach(function (which) {
      var node = diffPlot(C, which);
      if (!node) return;
      var div = document.createElement('div');
      div.className = 'diff-' + which;
      div.appendChild(node);
      wrap.appendChild(div);
    });
    return wrap;
  }

  function armProbPlot(C) {
    var rows = [];
    var armNames = C.provenance.arms.map(function (a) { return a.name; });
    C.arms.forEach(function (S, j) {
      probabilityRows(S).forEach(function (d) { rows.push(Object.assign({ arm: armNames[j] }, d)); });
    });
    var labels = probabilityRows(C.arms[0]).map(function (d) { return d.label; });
    // A sweep lists its arms in numeric order of the swept value, not in the order given.
    var order = armNames.slice();
    if (C.sweep) {
      var sv = [C.sweep.reference].concat(C.sweep.values);
      if (sv.every(function (v) { return typeof v === 'number'; })) order = d3.sort(d3.range(armNames.length), function (j) { return sv[j]; }).map(function (j) { return armNames[j]; });
    }
    var xmax = Math.min(1, Math.max(0.05, d3.max(rows, function (d) { return d.hi; }) * 1.15));
    return Plot.plot({
      width: 900, height: 50 + labels.length * (armNames.length * 16 + 12), marginLeft: 330, marginRight: 110,
      x: { domain: [0, xmax], label: 'probability over the horizon →', tickFormat: '%', grid: true },
      fy: { domain: labels, label: null, axis: 'left', padding: 0.15 },
      y: { domain: order, axis: null },
      // The legend in the same order; each arm keeps its colour of the other plots.
      color: { domain: order, range: order.map(function (a) { return ARM_COLORS[armNames.indexOf(a) % ARM_COLORS.length]; }), legend: true },
      marks: [
        Plot.frame({ stroke: '#eee' }),
        Plot.ruleY(rows, { fy: 'label', y: 'arm', x1: 'lo', x2: 'hi', stroke: 'arm', strokeWidth: 3, strokeOpacity: 0.5 }),
        Plot.dot(rows, { fy: 'label', y: 'arm', x: 'estimate', fill: 'arm', r: 4, title: function (d) { return d.arm + ': ' + probTitle(d); } }),
        Plot.text(rows, { fy: 'label', y: 'arm', x: 'hi', dx: 6, textAnchor: 'start', fontSize: 10, text: function (d) { return pctCI(d.estimate, d.lo, d.hi); } })
      ]
    });
  }

  function kmComparePlot(C, key, label) {
    var rows = [];
    C.arms.forEach(function (S, j) {
      var r = kmRows(S, [[key, label]], C.provenance.arms[j].name);
      r.rows.forEach(function (d) { d.arm = C.provenance.arms[j].name; rows.push(d); });
    });
    var ymax = Math.min(1, Math.max(0.05, d3.max(rows, function (d) { return d.hi; }) * 1.1));
    return Plot.plot({
      width: 440, height: 260,
      x: { domain: [0, C.provenance.horizonDays], label: 'day →', grid: true },
      y: { domain: [0, ymax], label: '↑ ' + label, tickFormat: '%', grid: true },
      color: { domain: C.provenance.arms.map(function (a) { return a.name; }), range: ARM_COLORS, legend: true },
      marks: [
        Plot.areaY(rows, { x: 'day', y1: 'lo', y2: 'hi', fill: 'arm', fillOpacity: 0.12, curve: 'step-after' }),
        Plot.line(rows, { x: 'day', y: 'p', stroke: 'arm', strokeWidth: 2, curve: 'step-after', title: function (d) { return d.arm; } })
      ]
    });
  }

  /**
   * A sweep's response curve: the swept value on x in numeric order (not the order given), the
   * outcome with its 95% interval on y; probabilities and costs on separate plots (one unit per
   * axis). Null when a swept value is not a number (a word or true/false field).
   */
  var SWEEP_PROBS = ['drawnIn', 'article4', 'article5', 'horizontal', 'partnerCollapse', 'nuclearUse'];
  function sweepPlots(C) {
    var sw = C.sweep;
    var values = [sw.reference].concat(sw.values);
    if (!values.every(function (v) { return typeof v === 'number' && isFinite(v); })) return null;
    var xs = d3.sort(d3.union(values));
    var xlabel = sw.parameter + ' (swept value) →';
    var prob = [], cost = [];
    C.arms.forEach(function (S, j) {
      var x = values[j], ref = j === 0;
      SWEEP_PROBS.forEach(function (k) {
        var p = S.probabilities[k];
        if (p) prob.push({ x: x, ref: ref, key: k, series: p.label, estimate: p.estimate, lo: p.lo, hi: p.hi, count: p.count });
      });
      [['costTotal', 'C_total'], ['costAid', 'C_aid']].forEach(function (k) {
        var c = S.costs[k[0]];
        cost.push({ x: x, ref: ref, key: k[0], series: k[1], estimate: c.mean, lo: c.lo, hi: c.hi });
      });
    });
    // Outcomes that never happened under any value would be flat lines at 0: leave them to the tables.
    var seen = d3.rollup(prob, function (v) { return d3.sum(v, function (d) { return d.count; }); }, function (d) { return d.key; });
    prob = prob.filter(function (d) { return seen.get(d.key) > 0 && d.estimate != null; });
    prob.sort(function (a, b) { return a.x - b.x; });
    cost.sort(function (a, b) { return a.x - b.x; });
    var xAxis = { label: xlabel, ticks: xs, tickFormat: function (v) { return num(v); }, grid: true, inset: 12 };
    function curve(rows, ylabel, tickFormat, colors, fmt, h) {
      function title(d) { return d.series + ' at ' + sw.parameter + ' = ' + num(d.x) + (d.ref ? ' (the scenario\'s value)' : '') + '\n' + fmt(d) + '\n[sweep:' + d.key + ':' + d.x + '] x=' + d.x + ' estimate=' + d.estimate + ' lo=' + d.lo + ' hi=' + d.hi; }
      var names = Array.from(new Set(rows.map(function (d) { return d.series; })));
      return Plot.plot({
        width: 900, height: h, marginRight: 40,
        x: xAxis,
        y: { label: ylabel, tickFormat: tickFormat, grid: true, zero: true },
        color: { domain: names, range: colors, legend: true },
        marks: [
          Plot.ruleY([0]),
          Plot.ruleX(rows, { x: 'x', y1: 'lo', y2: 'hi', stroke: 'series', strokeWidth: 2, strokeOpacity: 0.5, dx: 0 }),
          Plot.line(rows, { x: 'x', y: 'estimate', stroke: 'series', strokeWidth: 1.5, z: 'series' }),
          Plot.dot(rows.filter(function (d) { return !d.ref; }), { x: 'x', y: 'estimate', fill: 'series', r: 4, title: title }),
          // The scenario's own value: an open circle.
          Plot.dot(rows.filter(function (d) { return d.ref; }), { x: 'x', y: 'estimate', fill: 'white', stroke: 'series', r: 4, strokeWidth: 2, title: title })
        ]
      });
    }
    var wrap = document.createElement('div');
    if (prob.length) wrap.appendChild(curve(prob, '↑ probability over the horizon', '%', ARM_COLORS, function (d) { return pctCI(d.estimate, d.lo, d.hi); }, 320));
    wrap.appendChild(curve(cost, '↑ mean cost, billions of 2025 US$', undefined, [ORANGE, '#2a9d6f'], function (d) { return num(d.estimate) + ' (95% CI ' + num(d.lo) + '–' + num(d.hi) + ')'; }, 260));
    return wrap;
  }

  function tornadoPlot(S, n) {
    var o = S.outcome;
    var fmt = o.kind === 'probability' ? pp : function (x) { return x == null ? 'n/a' : (x > 0 ? '+' : '') + num(x); };
    var top = S.rows.slice(0, n);
    var rows = [];
    top.forEach(function (r) {
      [['low', r.low], ['high', r.high]].forEach(function (sd) {
        if (!sd[1]) return;
        var d = sd[1].differences[o.key];
        rows.push({ parameter: r.parameter, side: sd[0] + ' (× ' + S.factors[sd[0]] + ')', value: sd[1].value, difference: d[0], lo: d[1], hi: d[2] });
      });
    });
    var sides = ['low (× ' + S.factors.low + ')', 'high (× ' + S.factors.high + ')'];
    var vals = [];
    rows.forEach(function (d) { [d.lo, d.hi, d.difference].forEach(function (v) { if (v != null) vals.push(v); }); });
    var ax = signedAxis(vals.length ? vals : [0], o.kind === 'probability' ? 100 : 1, 6);
    return Plot.plot({
      width: 900, height: 60 + top.length * 30, marginLeft: 230, marginRight: 40,
      x: { label: 'difference in ' + o.label + ' vs the scenario\'s values' + (o.kind === 'probability' ? ' (percentage points)' : '') + ' →',
        domain: ax.domain, ticks: ax.ticks, tickFormat: ax.tickFormat, grid: true },
      y: { domain: top.map(function (r) { return r.parameter; }), label: null },
      color: { domain: sides, range: [BLUE, ORANGE], legend: true },
      marks: [
        Plot.ruleX([0], { stroke: '#333' }),
        Plot.barX(rows, { y: 'parameter', x1: 0, x2: 'difference', fill: 'side', fillOpacity: 0.35 }),
      ].concat(sides.map(function (side, k) {
        // dy is a constant in Plot, so each side is its own pair of marks: low above, high below.
        var part = rows.filter(function (d) { return d.side === side; });
        return [
          Plot.ruleY(part, { y: 'parameter', x1: 'lo', x2: 'hi', stroke: 'side', strokeWidth: 2, dy: k === 0 ? -4 : 4 }),
          Plot.dot(part, { y: 'parameter', x: 'difference', fill: 'side', r: 3.5, dy: k === 0 ? -4 : 4,
            title: function (d) { return d.parameter + ' = ' + num(d.value) + ' (' + d.side + ')\n' + fmt(d.difference) + ' (95% CI ' + fmt(d.lo) + ' to ' + fmt(d.hi) + ')\n[' + d.parameter + ':' + d.side.split(' ')[0] + '] difference=' + d.difference + ' lo=' + d.lo + ' hi=' + d.hi; } })
        ];
      }))
    });
  }

  try {
    if (data.kind === 'sensitivity') {
      mount('plot-tornado', function () { return tornadoPlot(data.summary, data.tornadoRows); });
    } else if (data.kind === 'run') {
      drawRun(data.summary, '');
    } else {
      var C = data.summary;
      if (C.sweep) mount('plot-sweep', function () { return sweepPlots(C); });
      mount('plot-arm-probabilities', function () { return armProbPlot(C); });
      mount('plot-diff-binary', function () { return diffPlot(C, 'binary'); });
      mount('plot-diff-metrics', function () { return diffMetricsPlots(C); });
      mount('plot-km-drawnIn', function () { return kmComparePlot(C, 'drawnIn', 'drawn in by day t'); });
      mount('plot-km-article5', function () { return kmComparePlot(C, 'article5', 'Article 5 by day t'); });
      C.arms.forEach(function (S, j) { drawRun(S, 'arm' + j + '-'); });
    }
  } catch (e) {
    errors.push(String(e && e.message ? e.message : e));
  }
  document.body.setAttribute('data-plots', String(plots));
  document.body.setAttribute('data-errors', errors.join(' | '));
  if (errors.length) {
    var box = document.getElementById('errors');
    if (box) { box.hidden = false; box.textContent = 'Some plots could not be drawn: ' + errors.join('; '); }
  }
  document.body.setAttribute('data-ready', '1');
})();
`;
