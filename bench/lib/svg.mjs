// Hand-written SVG charts: latency percentiles per target on a log scale, and plain bars.
const COLORS = { direct: '#7f8c8d', nginx: '#27ae60', hs1c: '#2c6fbb' };
const W = 860;
const PLOT_H = 300;
const LEFT = 70;
const TOP = 40;
const BOTTOM = 90;

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colorOf = (target) => COLORS[target] ?? '#c0392b';

function frame(title, body, legend) {
  const h = TOP + PLOT_H + BOTTOM;
  const keys = legend.map((t, i) => `<rect x="${LEFT + i * 110}" y="${h - 24}" width="12" height="12" fill="${colorOf(t)}"/>`
    + `<text x="${LEFT + i * 110 + 18}" y="${h - 14}">${esc(t)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${LEFT}" y="22" font-size="15" font-weight="bold">${esc(title)}</text>
${body}${keys}
</svg>
`;
}

// groups: [{ label, target, values: { p50, p90, p99, p999 } }] in µs; one cluster per percentile.
export function percentileChart(title, groups) {
  const names = [['p50', 'p50'], ['p90', 'p90'], ['p99', 'p99'], ['p999', 'p99.9']];
  const all = groups.flatMap((g) => names.map(([k]) => g.values[k])).filter((v) => v > 0);
  const lo = Math.pow(10, Math.floor(Math.log10(Math.max(1, Math.min(...all, 10)))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...all, 10))));
  const y = (v) => TOP + PLOT_H - (PLOT_H * (Math.log10(Math.max(v, lo)) - Math.log10(lo))) / (Math.log10(hi) - Math.log10(lo));
  let body = '';
  for (let d = lo; d <= hi; d *= 10) {
    body += `<line x1="${LEFT}" x2="${W - 10}" y1="${y(d)}" y2="${y(d)}" stroke="#ddd"/>`
      + `<text x="${LEFT - 6}" y="${y(d) + 4}" text-anchor="end">${esc(formatUs(d))}</text>`;
  }
  const clusterW = (W - LEFT - 20) / names.length;
  const barW = Math.min(40, (clusterW - 20) / Math.max(1, groups.length));
  names.forEach(([k, label], c) => {
    const x0 = LEFT + c * clusterW + (clusterW - barW * groups.length) / 2;
    groups.forEach((g, i) => {
      const v = g.values[k];
      const top = y(v);
      body += `<rect x="${x0 + i * barW}" y="${top}" width="${barW - 2}" height="${TOP + PLOT_H - top}" fill="${colorOf(g.target)}">`
        + `<title>${esc(`${g.label} ${label}: ${formatUs(v)}`)}</title></rect>`;
      body += `<text x="${x0 + i * barW + barW / 2}" y="${TOP + PLOT_H + 14}" text-anchor="middle" font-size="9" `
        + `transform="rotate(40 ${x0 + i * barW + barW / 2} ${TOP + PLOT_H + 14})">${esc(g.label)}</text>`;
    });
    body += `<text x="${LEFT + c * clusterW + clusterW / 2}" y="${TOP + PLOT_H + 62}" text-anchor="middle" font-weight="bold">${label}</text>`;
  });
  body += `<text x="14" y="${TOP + PLOT_H / 2}" transform="rotate(-90 14 ${TOP + PLOT_H / 2})" text-anchor="middle">latency (log scale)</text>`;
  return frame(title, body, [...new Set(groups.map((g) => g.target))]);
}

// bars: [{ label, target, value }], unit: text after the value.
export function barChart(title, bars, unit) {
  const max = Math.max(...bars.map((b) => b.value), 1e-9);
  const barW = Math.min(80, (W - LEFT - 20) / Math.max(1, bars.length));
  let body = `<line x1="${LEFT}" x2="${W - 10}" y1="${TOP + PLOT_H}" y2="${TOP + PLOT_H}" stroke="#999"/>`;
  bars.forEach((b, i) => {
    const h = (PLOT_H * b.value) / max;
    const x = LEFT + i * barW;
    body += `<rect x="${x}" y="${TOP + PLOT_H - h}" width="${barW - 6}" height="${h}" fill="${colorOf(b.target)}"/>`
      + `<text x="${x + (barW - 6) / 2}" y="${TOP + PLOT_H - h - 4}" text-anchor="middle">${esc(`${b.value.toFixed(1)} ${unit}`)}</text>`
      + `<text x="${x + (barW - 6) / 2}" y="${TOP + PLOT_H + 16}" text-anchor="middle">${esc(b.label)}</text>`;
  });
  return frame(title, body, [...new Set(bars.map((b) => b.target))]);
}

export function formatUs(us) {
  if (us >= 1e6) return `${(us / 1e6).toFixed(us >= 1e7 ? 0 : 1)} s`;
  if (us >= 1e3) return `${(us / 1e3).toFixed(us >= 1e4 ? 0 : 1)} ms`;
  return `${Math.round(us)} µs`;
}
