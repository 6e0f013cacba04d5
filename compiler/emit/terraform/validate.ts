/**
 * Construct validation -> diagnostics. The check stage is meant to stop
 * everything AWS would reject before the emitter runs; construct validations
 * are the second line, and a message from them means a check is missing.
 * They are reported as diagnostics pointing at the fleet.yaml node the
 * construct came from, never as a stack trace.
 */
import type { Construct } from 'constructs';
import type { Diagnostic } from '../../diagnostics/diagnostic';
import type { Source } from '../../model/fleet';

export const FF_CONSTRUCT_VALIDATION = 'FF301';

export function validationDiagnostics(root: Construct, sources: Map<Construct, Source>, fallback: Source, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const c of root.node.findAll()) {
    for (const message of c.node.validate()) {
      const source = nearestSource(c, sources) ?? fallback;
      out.push({
        code: FF_CONSTRUCT_VALIDATION,
        severity: 'error',
        file,
        path: source.path,
        span: source.span,
        message: `${source.path || 'the fleet'}: ${message} (construct ${c.node.path})`,
        hint: `fleetform check let this through, which is a gap in its checks; please report it. Meanwhile, change ${source.path || 'the fleet'} so that the message no longer applies.`,
      });
    }
  }
  return out;
}

function nearestSource(c: Construct, sources: Map<Construct, Source>): Source | undefined {
  for (let s: Construct | undefined = c; s; s = s.node.scope) {
    const source = sources.get(s);
    if (source) return source;
  }
  return undefined;
}
