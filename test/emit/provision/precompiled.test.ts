import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PRECOMPILED_PATH, templateSources } from '../../../compiler/emit/provision/engine';
import { ROOT } from '../../helpers/fleet-text';

test('every template is precompiled from its current text', () => {
  const pre = require(path.join(ROOT, PRECOMPILED_PATH)) as { templates: Record<string, { sha256: string }>; partials: Record<string, { sha256: string }> };
  for (const src of templateSources(ROOT)) assert.is((src.partial ? pre.partials : pre.templates)[src.name]?.sha256, src.sha256, `${src.name}: run npm run generate`);
});

test('a build loads the handlebars runtime only, never its compiler', () => {
  const script = `
    const { renderProvisioning } = require(${JSON.stringify(path.join(ROOT, 'dist/compiler/emit/provision/index.js'))});
    const { checkSource } = require(${JSON.stringify(path.join(ROOT, 'dist/compiler/index.js'))});
    const fs = require('fs');
    const fleet = checkSource(fs.readFileSync(${JSON.stringify(path.join(ROOT, 'examples/reverse-tunnels/fleet.yaml'))}, 'utf8'), 'f.yaml').fleet;
    const files = renderProvisioning(fleet).files;
    const loaded = Object.keys(require.cache).filter((k) => k.includes('/handlebars/'));
    process.stdout.write(JSON.stringify({ files: files.length, runtime: loaded.some((k) => k.endsWith('handlebars.runtime.js')), compiler: loaded.some((k) => k.includes('/compiler/')) }));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout), { files: 4, runtime: true, compiler: false });
});

test.run();
