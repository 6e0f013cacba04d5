/**
 * The emitters (CDKTF and everything under compiler/emit/index), loaded only
 * by `build`: `check` never pays for them. From bundles they come from the
 * `emit` bundle (compiler/bundles.ts); scripts/bundle.ts keeps the `require`
 * below out of the `cli` bundle.
 */
import { fromBundle } from '../bundles';

export function loadEmitters(): typeof import('../emit/index') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (fromBundle('emit') ?? require('../emit/index')) as typeof import('../emit/index');
}
