/**
 * No secret material in fleet.yaml, anywhere. A private key or cloud
 * credential pasted into any field is reported without ever echoing the value
 * (the schema's messages for that path are suppressed too), so the diagnostic
 * itself cannot leak it into CI logs or PR annotations.
 */
import type { Diagnostic, PathSegment } from '../diagnostics/diagnostic';
import { formatPath } from '../diagnostics/diagnostic';
import type { SourceMap } from '../load/source-map';

interface SecretPattern {
  what: string;
  test: RegExp;
  /** Extra test on the matched text, to keep false positives down. */
  confirm?: (match: string) => boolean;
}

/** A random 40-character key mixes upper case, lower case and digits; paths and names do not. */
const looksRandom = (m: string): boolean => /[A-Z]/.test(m) && /[a-z]/.test(m) && /[0-9]/.test(m);

const SECRET_PATTERNS: SecretPattern[] = [
  { what: 'a private key', test: /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/ },
  { what: 'an OpenSSH private key', test: /b3BlbnNzaC1rZXktdjE/ }, // base64 of "openssh-key-v1", the body of every OpenSSH private key
  { what: 'an AWS access key ID', test: /\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/ },
  { what: 'an AWS secret access key', test: /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/, confirm: looksRandom },
  { what: 'a GitHub token', test: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { what: 'a Hugging Face token', test: /\bhf_[A-Za-z0-9]{30,}\b/ },
  { what: 'a Slack token', test: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
];

/** Fields whose values are public keys: long base64 there is expected, not a secret. */
const PUBLIC_KEY_FIELDS = new Set(['host_key', 'authorized_key', 'proxy_host_public_key']);

export interface SecretScan {
  diagnostics: Diagnostic[];
  /** Paths (formatted) whose values must never be echoed by later messages. */
  hidden: Set<string>;
}

export function scanForSecrets(doc: unknown, sourceMap: SourceMap): SecretScan {
  const diagnostics: Diagnostic[] = [];
  const hidden = new Set<string>();
  const visit = (v: unknown, path: PathSegment[]): void => {
    if (typeof v === 'string') {
      const field = [...path].reverse().find((s): s is string => typeof s === 'string');
      const publicKeyField = field !== undefined && PUBLIC_KEY_FIELDS.has(field);
      const hit = SECRET_PATTERNS.find((p) => {
        const m = p.test.exec(v);
        if (!m) return false;
        if (p.confirm && (publicKeyField || !p.confirm(m[0]))) return false;
        return true;
      });
      if (hit) {
        const formatted = formatPath(path);
        hidden.add(formatted);
        diagnostics.push({
          code: 'FF201',
          severity: 'error',
          file: sourceMap.file,
          path: formatted,
          span: sourceMap.spanOf(path),
          message: `${formatted} contains what looks like ${hit.what}; secrets never belong in fleet.yaml (value not shown)`,
          hint: 'Store it in SSM Parameter Store (SecureString) or Secrets Manager and reference it: `ssm:/fleet/ssh/host` or `secretsmanager:fleet/ssh/host`. Then rotate it: it has been committed.',
        });
      }
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => visit(x, [...path, i]));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) visit(x, [...path, k]);
    }
  };
  visit(doc, []);
  return { diagnostics, hidden };
}
