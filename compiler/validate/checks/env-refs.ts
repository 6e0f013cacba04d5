/**
 * Container environment values are plain text or secret references, told
 * apart by prefix (compiler/lower/source.ts `isSecretRef`). A value that
 * starts like a reference but is not a valid one would either be fetched
 * under a name SSM or Secrets Manager rejects (`ssm:/my key`) or, without
 * the slash (`ssm:my-key`), silently passed to the container as the literal
 * text. Both are mistakes worth stopping here.
 */
import type { Check } from './check';
import { at, obj, poolsOf, show } from './read';

/** The schema's SecretRef pattern (spec/fleet.schema.json). */
const SECRET_REF = /^(ssm:\/[a-zA-Z0-9_.\-/]{1,1010}|secretsmanager:[a-zA-Z0-9/_+=.@-]{1,512})$/;
const LOOKS_LIKE_REF = /^(ssm|secretsmanager):/i;

export const envRefs: Check = {
  name: 'env-refs',
  codes: {
    FF209: 'a container env value starts like a secret reference but is not a valid one',
  },
  run(ctx) {
    for (const p of poolsOf(ctx.spec)) {
      const env = obj(obj(p.value.container)?.env);
      if (!env) continue;
      for (const [name, value] of Object.entries(env)) {
        if (typeof value !== 'string' || !LOOKS_LIKE_REF.test(value) || SECRET_REF.test(value)) continue;
        const path = [...p.path, 'container', 'env', name];
        ctx.report({
          code: 'FF209',
          path,
          message: `${at(path)} is ${show(value)}, which looks like a secret reference but is not one; references are \`ssm:/path/name\` (letters, digits, _ . - /) or \`secretsmanager:name\``,
          hint: /^ssm:[^/]/i.test(value) ? `Did you mean ${show(`ssm:/${value.slice(4)}`)}? SSM parameter paths start with /.` : 'Fix the name, or if this is meant as plain text, it cannot start with ssm: or secretsmanager:.',
        });
      }
    }
  },
};
