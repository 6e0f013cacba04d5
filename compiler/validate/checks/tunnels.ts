/**
 * Each tunnel direction has its own credentials: a forward tunnel (the proxy
 * dials the box) needs the box's address, its pinned host key and the
 * proxy's private key; a reverse tunnel (the box dials the proxy) needs the
 * box's public key, the proxy's host key pair and the address the box dials
 * from. Fields of the other direction are errors, not silently ignored, so a
 * half-converted host cannot pass. A key must play one role only.
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import type { Check } from './check';
import { andList, at, hostsOf, obj, serviceHostNames, servicesOf, str } from './read';

const FORWARD_NEEDS = ['address', 'host_key', 'private_key'] as const;
const REVERSE_NEEDS = ['authorized_key', 'proxy_host_key', 'proxy_host_public_key'] as const;
const FORWARD_ONLY = ['address', 'port', 'host_key', 'private_key'] as const;
const REVERSE_ONLY = ['authorized_key', 'proxy_host_key', 'proxy_host_public_key'] as const;

/** `ssh-ed25519 AAAA... comment` -> `ssh-ed25519 AAAA...`: the comment is not part of the key. */
const keyBody = (k: string): string => k.split(' ').slice(0, 2).join(' ');

export const tunnels: Check = {
  name: 'tunnels',
  codes: {
    FF230: 'a forward-tunnel host lacks ssh.address, ssh.host_key or ssh.private_key',
    FF231: 'a forward-tunnel host sets a reverse-tunnel field',
    FF232: 'a reverse-tunnel host lacks ssh.authorized_key, ssh.proxy_host_key, ssh.proxy_host_public_key or dials_from',
    FF233: 'a reverse-tunnel host sets a forward-tunnel field',
    FF234: 'one SSH public key is used in two roles (host key and user key)',
    FF235: 'two reverse-tunnel hosts share an authorized key (warning)',
    FF251: 'a host key (ssh.host_key, ssh.proxy_host_public_key) is a security-key type that sshd cannot serve',
    FF252: 'a reverse-tunnel host backs a service on a port below 1024, which its unprivileged tunnel user cannot bind',
  },
  run(ctx) {
    const roles: { key: string; role: string; path: PathSegment[] }[] = [];
    for (const h of hostsOf(ctx.spec)) {
      const ssh = obj(h.value.ssh);
      if (!ssh) continue; // the schema reports a missing or malformed ssh
      const direction = h.value.tunnel ?? 'forward';
      const sshPath = [...h.path, 'ssh'];
      if (direction === 'forward') {
        const missing = FORWARD_NEEDS.filter((k) => ssh[k] === undefined);
        if (missing.length) {
          ctx.report({
            code: 'FF230',
            path: sshPath,
            atKey: true,
            message: `${at(sshPath)} lacks ${andList(missing.map((m) => `\`${m}\``))}, which a forward tunnel needs (the proxy dials the box)`,
            hint: 'Give the box\'s address, its SSH host public key (pinned, never trusted on first use) and `private_key: ssm:/...` for the proxy\'s key. Or, if the box dials out, set `tunnel: reverse`.',
          });
        }
        const wrong = [...REVERSE_ONLY.filter((k) => ssh[k] !== undefined).map((k) => ({ k, path: [...sshPath, k] })), ...(h.value.dials_from !== undefined ? [{ k: 'dials_from', path: [...h.path, 'dials_from'] }] : [])];
        for (const w of wrong) {
          ctx.report({
            code: 'FF231',
            path: w.path,
            atKey: true,
            message: `${at(w.path)} is set, but ${at(h.path)} uses a forward tunnel${h.value.tunnel === undefined ? ' (the default)' : ''}; \`${w.k}\` belongs to reverse tunnels`,
            hint: 'Remove it, or set `tunnel: reverse` if the box dials the proxy.',
          });
        }
      } else if (direction === 'reverse') {
        const missing: string[] = REVERSE_NEEDS.filter((k) => ssh[k] === undefined);
        if (h.value.dials_from === undefined) missing.push('dials_from');
        if (missing.length) {
          ctx.report({
            code: 'FF232',
            path: sshPath,
            atKey: true,
            message: `${at(h.path)} lacks ${andList(missing.map((m) => `\`${m}\``))}, which a reverse tunnel needs (the box dials the proxy)`,
            hint: 'Give the box\'s public key (ssh.authorized_key), the proxy host key pair (ssh.proxy_host_key: ssm:/..., ssh.proxy_host_public_key) and the address the box connects from (dials_from: x.x.x.x/32).',
          });
        }
        for (const k of FORWARD_ONLY) {
          if (ssh[k] === undefined) continue;
          ctx.report({
            code: 'FF233',
            path: [...sshPath, k],
            atKey: true,
            message: `${at([...sshPath, k])} is set, but ${at(h.path)} uses a reverse tunnel; \`${k}\` belongs to forward tunnels`,
            hint: 'Remove it: with a reverse tunnel the box dials the proxy, so the proxy needs no address or key for the box.',
          });
        }
      }
      // Security-key (sk-*) types exist only as user keys: sshd cannot use
      // one as a host key, so pinning one can never match.
      // https://man.openbsd.org/sshd_config#HostKeyAlgorithms
      for (const k of ['host_key', 'proxy_host_public_key'] as const) {
        const v = str(ssh[k]);
        if (v?.startsWith('sk-')) {
          ctx.report({
            code: 'FF251',
            path: [...sshPath, k],
            message: `${at([...sshPath, k])} is a ${v.split(' ')[0]} key; security-key types are user keys only and no sshd presents one as its host key`,
            hint: 'Pin the server\'s real host key, e.g. the output of `ssh-keyscan -t ed25519 <host>` (ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa).',
          });
        }
      }
      // A remote forward binds its port as the logged-in user: ports below
      // 1024 need root there, and the tunnel user is deliberately not root.
      // https://man.openbsd.org/ssh#R
      if (direction === 'reverse') {
        const port = lowestServicePort(ctx.spec, h.value.name);
        // Port 22 is reported once, by port-chain (FF241): sshd holds it.
        if (port !== null && port < 1024 && port !== 22) {
          ctx.report({
            code: 'FF252',
            path: [...h.path, 'tunnel'],
            message: `${at(h.path)} uses a reverse tunnel for a service on port ${port}; the proxy's unprivileged tunnel user cannot bind ports below 1024`,
            hint: 'Serve it on a port of 1024 or above (the ALB listener can still be 80 or 443), or use a forward tunnel.',
          });
        }
      }
      const hostKey = str(ssh.host_key);
      const authorized = str(ssh.authorized_key);
      const proxyPublic = str(ssh.proxy_host_public_key);
      if (hostKey) roles.push({ key: keyBody(hostKey), role: 'host', path: [...sshPath, 'host_key'] });
      if (proxyPublic) roles.push({ key: keyBody(proxyPublic), role: 'host', path: [...sshPath, 'proxy_host_public_key'] });
      if (authorized) roles.push({ key: keyBody(authorized), role: 'user', path: [...sshPath, 'authorized_key'] });
    }
    // A key that is both a host key and a user key means a private key is
    // shared between a server and a client: whoever holds one impersonates the other.
    const reported = new Set<string>();
    // First holder of each key per role: a linear pass, not a search per key.
    const firstHost = new Map<string, (typeof roles)[number]>();
    for (const r of roles) if (r.role === 'host' && !firstHost.has(r.key)) firstHost.set(r.key, r);
    for (const r of roles) {
      const other = r.role === 'user' ? firstHost.get(r.key) : undefined;
      if (other && r.role === 'user' && !reported.has(r.key)) {
        reported.add(r.key);
        ctx.report({
          code: 'FF234',
          path: r.path,
          message: `${at(r.path)} is the same key as ${at(other.path)}; a user key must not double as a host key`,
          hint: 'Generate a separate key pair for each role: `ssh-keygen -t ed25519`.',
        });
      }
    }
    const firstUser = new Map<string, PathSegment[]>();
    for (const r of roles.filter((x) => x.role === 'user')) {
      const first = firstUser.get(r.key);
      if (first) {
        ctx.report({
          code: 'FF235',
          severity: 'warning',
          path: r.path,
          message: `${at(r.path)} is the same key as ${at(first)}; either box can open the other's tunnel`,
          hint: 'Give each box its own key pair, so a compromised box cannot take over another box\'s traffic.',
        });
      } else firstUser.set(r.key, r.path);
    }
  },
};

/** The lowest port among the services whose backends include `host` (by name or `all`), or null. */
function lowestServicePort(spec: unknown, host: unknown): number | null {
  if (typeof host !== 'string') return null;
  const ports = servicesOf(spec)
    .filter((svc) => serviceHostNames(spec, svc.value).includes(host))
    .flatMap((svc) => (typeof svc.value.port === 'number' ? [svc.value.port] : []));
  return ports.length ? Math.min(...ports) : null;
}
