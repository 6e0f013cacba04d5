/**
 * The fleets every tool test renders: the hand-built fixture and variants of
 * it, plus the seed scenario (test/fixtures/seed/fleet.yaml) and the examples through the real
 * front end, so a template change is checked against every shape at once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkSource } from '../../../compiler/index';
import type { Fleet } from '../../../compiler/model/fleet';
import { renderProvisioning } from '../../../compiler/emit/provision/index';
import type { OutputFile } from '../../../compiler/emit/output-file';
import { repoRoot } from '../../../compiler/emit/provision/engine';
import { fleet } from './fixture';

export function specFleet(rel: string): Fleet {
  const file = path.join(repoRoot(), rel);
  const r = checkSource(fs.readFileSync(file, 'utf8'), rel);
  if (!r.fleet) throw new Error(`${rel} does not check: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.fleet;
}

export function allFleets(): { name: string; fleet: Fleet }[] {
  const root = repoRoot();
  const examples = fs.existsSync(path.join(root, 'examples')) ? fs.readdirSync(path.join(root, 'examples')).sort() : [];
  return [
    { name: 'fixture', fleet: fleet() },
    {
      name: 'fixture, low port, HTTPS and two services',
      fleet: fleet((f) => {
        f.hosts[0].servicePort = 443;
        f.services[0].health = { ...f.services[0].health, protocol: 'HTTPS', matcher: '200-299' };
        f.services.push({ ...f.services[0], name: 'embed', health: { ...f.services[0].health, path: '/ready', matcher: '200,204' } });
        f.hosts[1].services = ['chat', 'embed'];
        f.pools[0].services = ['chat', 'embed'];
        f.pools[0].servicePort = null;
        f.pools[0].container.env = [];
      }),
    },
    { name: 'seed fixture', fleet: specFleet('test/fixtures/seed/fleet.yaml') },
    ...examples.map((e) => ({ name: `examples/${e}`, fleet: specFleet(`examples/${e}/fleet.yaml`) })),
  ];
}

export function renderAll(): { name: string; files: OutputFile[] }[] {
  return allFleets().map(({ name, fleet }) => ({ name, files: renderProvisioning(fleet).files }));
}
