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
    return `| \`${name}\` | \`${text.replace(/\|/g, '\\|').replace(/`/g, "'")}\` |`;
  });
  if (!rows.length) return '## Endpoints\n\nThis fleet has no endpoint outputs.\n';
  return ['## Endpoints', '', '| Output | Value |', '| --- | --- |', ...rows, ''].join('\n');
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
