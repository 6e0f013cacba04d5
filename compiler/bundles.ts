/**
 * The one hook between code that runs from bundles and code that does not:
 * when `./fleetform` starts from bundles (compiler/cli/launch.ts), it lends
 * its loader through this global, and the place that loads a part on demand
 * (the emitters, which only `build` needs) takes it from its bundle, with its
 * code cache, instead of requiring the modules.
 */
export type BundlePart = 'emit';

/** The global through which launch.ts lends its bundle loader. */
export const BUNDLE_LOADER = Symbol.for('fleetform.loadBundle');

/** The part from its bundle, or undefined when not running from bundles. */
export function fromBundle(part: BundlePart): unknown {
  const load = (globalThis as Record<symbol, unknown>)[BUNDLE_LOADER] as ((name: BundlePart) => unknown) | undefined;
  return load ? load(part) : undefined;
}
