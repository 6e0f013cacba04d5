/**
 * Hints that say the fix, for the schema errors people actually make:
 * a key indented one level too deep or too shallow, a number written with
 * its unit (`target: 30%`), a public key pasted without its type, a
 * certificate named instead of given by ARN, a secret path without its store.
 * Each returns '' when it has nothing better than the schema's description.
 */
import type { PathSegment } from '../diagnostics/diagnostic';
import { formatPath } from '../diagnostics/diagnostic';
import { schemaAt, valueAt, type SchemaNode } from './schema-walk';

const propsOf = (node: SchemaNode | undefined): Record<string, SchemaNode> => {
  if (!node) return {};
  const own = (node.properties as Record<string, SchemaNode> | undefined) ?? {};
  if (Object.keys(own).length || !Array.isArray(node.anyOf)) return own;
  return Object.assign({}, ...(node.anyOf as SchemaNode[]).map((b) => (b.properties as Record<string, SchemaNode> | undefined) ?? {}));
};

/**
 * Where an unknown `key` found in the object at `path` belongs: the nearest
 * enclosing object whose schema has it (`dials_from` under `hosts[2].ssh`
 * belongs to `hosts[2]`), else a child object of this one whose schema has
 * it (`address` directly under `hosts[0]` belongs to `hosts[0].ssh`).
 */
export function whereKeyBelongs(schema: SchemaNode, doc: unknown, path: readonly PathSegment[], key: string): PathSegment[] | null {
  for (let n = path.length - 1; n >= 0; n--) {
    const anc = path.slice(0, n);
    if (typeof path[n] === 'number') continue; // a list level: its items are the same kind as path[n]'s
    const value = valueAt(doc, anc);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    if (key in propsOf(schemaAt(schema, anc).node)) return anc;
  }
  const here = schemaAt(schema, path).node;
  for (const [child, sub] of Object.entries(propsOf(here))) {
    const at = schemaAt(schema, [...path, child]).node ?? sub;
    if (at && (at.type === 'object' || at.properties) && key in propsOf(at)) return [...path, child];
  }
  return null;
}

/** The FF101 hint for a key that belongs elsewhere. */
export function misplacedKeyHint(path: readonly PathSegment[], key: string, belongs: readonly PathSegment[]): string {
  const to = formatPath(belongs) || 'the top level';
  if (belongs.length < path.length) {
    const from = path.slice(belongs.length).filter((s) => typeof s === 'string').map((s) => `\`${s}\``).join(' and ');
    return `\`${key}\` belongs to ${to}, not ${formatPath(path)}: indent it as a sibling of ${from}, not inside it.`;
  }
  return `\`${key}\` belongs inside ${to}: indent it under \`${String(belongs[belongs.length - 1])}\`.`;
}

/** `30%`, `15s`: a number written with its unit. */
export function numberAsTextHint(key: PathSegment | undefined, value: unknown): string {
  if (typeof value !== 'string') return '';
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(%|s|sec|secs|seconds?|ms|m|min|minutes?|gb|gib|mb)?\s*$/i.exec(value);
  if (!m) return '';
  const name = typeof key === 'string' ? key : 'the value';
  if (!m[2]) return ''; // a quoted number: the type error's own hint says to drop the quotes
  const unit = m[2] === '%' ? 'the value is already a percentage' : 'the unit is fixed by the key (see its description)';
  return `Write \`${name}: ${m[1]}\`, a plain number without \`${m[2]}\`: ${unit}.`;
}

/** Hints for pattern errors, by the definition or key the value failed. */
export function patternFixHint(refName: string | undefined, key: PathSegment | undefined, value: unknown): string {
  if (typeof value !== 'string') return '';
  if (refName === 'PublicKey') return publicKeyHint(typeof key === 'string' ? key : 'host_key', value);
  if (refName === 'SecretRef') {
    if (value.startsWith('/')) return `Name the store: \`ssm:${value}\` for an SSM parameter, or \`secretsmanager:NAME\` for a Secrets Manager secret.`;
    if (/^arn:aws[a-z-]*:secretsmanager:/.test(value)) return `Give the secret's name, not its ARN: \`secretsmanager:${value.split(':secret:')[1]?.replace(/-[A-Za-z0-9]{6}$/, '') ?? 'NAME'}\`.`;
    if (/^arn:aws[a-z-]*:ssm:/.test(value)) return `Give the parameter's name, not its ARN: \`ssm:${value.replace(/^.*:parameter/, '')}\`.`;
    return '';
  }
  if (key === 'certificate' && !value.startsWith('arn:')) {
    return `Give the certificate's ARN, \`arn:aws:acm:REGION:ACCOUNT:certificate/ID\`, not its name (${JSON.stringify(value).slice(0, 40)}); \`aws acm list-certificates --region REGION\` lists them. The certificate must be in the fleet's region.`;
  }
  return '';
}

const KEY_TYPES = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa', 'sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com'];

function publicKeyHint(key: string, value: string): string {
  const words = value.trim().split(/\s+/);
  // `ssh-keyscan` output pasted whole: `203.0.113.10 ssh-ed25519 AAAA...`.
  if (words.length >= 3 && KEY_TYPES.includes(words[1])) return `Drop the address in front (ssh-keyscan prints it): \`${key}: "${words.slice(1, 3).join(' ')}"\`.`;
  // The base64 alone: its first field names the type (RFC 4253 section 6.6).
  if (/^AAAA[A-Za-z0-9+/]+=*$/.test(words[0])) {
    const type = embeddedKeyType(words[0]);
    if (type) return `Put the key type in front: \`${key}: "${type} ${words[0].slice(0, 16)}..."\` (an OpenSSH public key line is \`TYPE BASE64 [comment]\`).`;
    return 'Put the key type in front, e.g. `ssh-ed25519 AAAA...`: an OpenSSH public key line is `TYPE BASE64 [comment]`.';
  }
  if (words[0].startsWith('-----BEGIN')) return 'That is a PEM block; give the OpenSSH public key line instead (`ssh-keygen -y -f KEY` prints it for a private key, `ssh-keygen -i -m PKCS8 -f KEY.pem` converts a PEM public key).';
  return '';
}

/** The key type recorded inside an SSH public key blob: uint32 length, then the name. */
function embeddedKeyType(b64: string): string | null {
  const buf = Buffer.from(b64.slice(0, 64), 'base64');
  if (buf.length < 5) return null;
  const len = buf.readUInt32BE(0);
  if (len < 7 || len > 40 || 4 + len > buf.length) return null;
  const type = buf.subarray(4, 4 + len).toString('latin1');
  return KEY_TYPES.includes(type) ? type : null;
}
