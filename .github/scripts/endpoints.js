#!/usr/bin/env node
// @ts-check
/**
 * `node .github/scripts/endpoints.js OUTPUTS.json`: `terraform output -json`
 * -> the Markdown table of endpoints for the apply job's summary. Only the
 * outputs that say where clients connect (names from
 * compiler/emit/terraform/outputs.ts), and never a sensitive one: Terraform
 * marks those, and their values are left out. Tested in test/workflows/scripts.test.ts.
 */
const fs = require('node:fs');

const ENDPOINTS = ['static_ips', 'nlb_dns_name', 'alb_dns_name', 'service_urls', 'reverse_tunnel_endpoints'];

/** @param {Record<string, { sensitive?: boolean, value: unknown }>} outputs */
function endpointsTable(outputs) {
  const rows = ENDPOINTS.filter((name) => outputs[name] && outputs[name].sensitive !== true).map((name) => {
    const v = outputs[name].value;
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    return `| \`${name}\` | ${code(text)} |`;
  });
  if (!rows.length) return '## Endpoints\n\nThis fleet has no endpoint outputs.\n';
  return ['## Endpoints', '', '| Output | Value |', '| --- | --- |', ...rows, ''].join('\n');
}

/**
 * A value as inline code, the way compiler/emit/review/markdown.ts writes it
 * (this script runs without the compiled compiler): a code span, unless the
 * value holds what a code span in a table cannot (`|`, a backtick, a line
 * break, `<!--`); then `<code>` with every Markdown and HTML character as an
 * entity. GFM still autolinks URLs and e-mail addresses inside an inline
 * <code>: a `:` entity and a zero-width joiner after `@` stop that.
 * @param {string} text
 */
function code(text) {
  if (text !== '' && !/[|`\u0000-\u001f]|<!--/.test(text)) return `\`${text}\``;
  const s = text
    .replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[&<>"'|\\`*_[\]~$!:]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/@(?=[A-Za-z0-9_])/g, '@\u200d')
    .replace(/www\./gi, (w) => `&#${w.charCodeAt(0)};${w.slice(1)}`);
  return `<code>${s}</code>`;
}

module.exports = { endpointsTable };

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node .github/scripts/endpoints.js OUTPUTS.json\n');
    process.exitCode = 2;
  } else {
    process.stdout.write(endpointsTable(JSON.parse(fs.readFileSync(file, 'utf8'))));
  }
}
