/** The curator report as one self-contained HTML page (no scripts; every value escaped). */
import type { CuratorReport } from './curator-report.ts';
import { escapeHtml } from '../markdown/escape-html.ts';

function list(title: string, items: string[]): string {
  if (!items.length) return `<h3>${escapeHtml(title)}: none</h3>`;
  return `<h3>${escapeHtml(title)} (${items.length})</h3>\n<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
}

export function renderReportHtml(r: CuratorReport): string {
  const groups = Object.entries(r.diagnostics.byRecord).sort(([a], [b]) => (a === '(catalogue)' ? -1 : b === '(catalogue)' ? 1 : a.localeCompare(b)));
  const diagnostics = groups
    .map(
      ([record, list]) =>
        `<section><h3>${escapeHtml(record)}</h3><table><thead><tr><th scope="col">Severity</th><th scope="col">Code</th><th scope="col">Problem</th><th scope="col">Where</th><th scope="col">Hint</th></tr></thead><tbody>` +
        list
          .map(
            (d) =>
              `<tr class="${escapeHtml(d.severity)}"><td>${escapeHtml(d.severity)}</td><td><code>${escapeHtml(d.code)}</code></td><td>${escapeHtml(d.message)}</td><td>${escapeHtml([d.file, d.pointer].filter(Boolean).join(' '))}</td><td>${escapeHtml(d.hint ?? '')}</td></tr>`,
          )
          .join('') +
        `</tbody></table></section>`,
    )
    .join('\n');
  const timings = Object.entries(r.timings)
    .map(([stage, s]) => `<tr><td>${escapeHtml(stage)}</td><td>${s.toFixed(2)} s</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Aperture build ${escapeHtml(r.build)}: ${r.ok ? 'built' : 'refused'}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1a1a1a}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
tr.error td:first-child{color:#a00000;font-weight:bold}tr.warning td:first-child{color:#7a4d00}
.outcome{padding:.5rem 1rem;border-left:.4rem solid ${r.ok ? '#1b7a1b' : '#a00000'};background:#f4f4f4}
</style>
</head>
<body>
<main>
<h1>Build ${escapeHtml(r.build)}</h1>
<p class="outcome">${escapeHtml(r.outcome)}</p>
<p>Started ${escapeHtml(r.startedAt)}, finished ${escapeHtml(r.finishedAt)}. Catalogue <code>${escapeHtml(r.catalogue)}</code>.</p>
<p>${r.records.total} records: ${r.records.live} live pages, ${r.records.tombstones} tombstones, ${r.records.withheld} withheld; ${r.diagnostics.errors} errors, ${r.diagnostics.warnings} warnings.</p>
<h2>What changed on the site</h2>
${list('Added', r.changes.added)}
${list('Changed', r.changes.changed)}
${list('Withdrawn (now a tombstone)', r.changes.withdrawn)}
${list('Removed', r.changes.removed)}
${list('Withheld', r.changes.withheld.map((w) => `${w.record}${w.doi ? ` (${w.doi})` : ''}: ${w.reason}`))}
${r.audit.length ? `<h2>Release gate</h2>\n${list('Findings', r.audit.map((a) => `${a.what} (${a.file})`))}` : ''}
<h2>Diagnostics by record</h2>
${diagnostics || '<p>None.</p>'}
<h2>Timings</h2>
<table><thead><tr><th scope="col">Stage</th><th scope="col">Wall time</th></tr></thead><tbody>${timings}</tbody></table>
</main>
</body>
</html>
`;
}
