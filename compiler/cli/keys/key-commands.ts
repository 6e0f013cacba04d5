/**
 * The exact shell commands that create, store and install one host's SSH
 * keys, for its tunnel direction. Every value from the fleet goes through
 * shQuote (the provisioning templates' quoter), so the printed commands are
 * safe to paste whatever the fleet holds. Pure: returns text.
 *
 * Storage: SSM SecureString parameters
 * (https://docs.aws.amazon.com/cli/latest/reference/ssm/put-parameter.html) or
 * Secrets Manager secrets
 * (https://docs.aws.amazon.com/cli/latest/reference/secretsmanager/create-secret.html),
 * read from a file with the CLI's `file://` prefix so the key never sits in
 * the shell history or the process list.
 * authorized_keys options: sshd(8) AUTHORIZED_KEYS FILE FORMAT (`restrict`
 * turns every feature off; `port-forwarding` with `permitopen`/`permitlisten`
 * turns back on exactly the one forward the tunnel needs).
 */
import type { Fleet, Host, ReverseTunnel, ForwardTunnel, SecretRef } from '../../model/fleet';
import { commentText as c, shQuote as q } from '../../emit/provision/quote';

/** ssh-keyscan's -t name for a public key's type. */
function keyscanType(publicKey: string): string {
  const type = publicKey.split(' ')[0];
  if (type === 'ssh-ed25519') return 'ed25519';
  if (type.startsWith('ecdsa-')) return 'ecdsa';
  if (type === 'ssh-rsa') return 'rsa';
  return type;
}

/** The command that stores a private key file where the fleet says. */
export function storeSecret(ref: SecretRef, region: string, keyFile: string): string[] {
  if (ref.store === 'ssm') {
    return [`aws ssm put-parameter --region ${q(region)} --type SecureString --name ${q(ref.name)} --value ${q(`file://${keyFile}`)} --overwrite`];
  }
  return [
    `aws secretsmanager create-secret --region ${q(region)} --name ${q(ref.name)} --secret-string ${q(`file://${keyFile}`)}`,
    `#   (it exists already: aws secretsmanager put-secret-value --region ${q(region)} --secret-id ${q(ref.name)} --secret-string ${q(`file://${keyFile}`)})`,
  ];
}

const where = (ref: SecretRef): string => `${ref.store}:${ref.name}`;

export function keyCommands(fleet: Fleet, host: Host): string {
  return host.tunnel.direction === 'forward' ? forward(fleet, host, host.tunnel) : reverse(fleet, host, host.tunnel);
}

function forward(fleet: Fleet, host: Host, t: ForwardTunnel): string {
  const key = `./${host.name}-proxy-key`;
  const type = keyscanType(t.hostKey);
  const pinned = t.hostKey.split(' ').slice(0, 2).join(' ');
  const options = `restrict,port-forwarding,permitopen="127.0.0.1:${host.modelPort}"`;
  return [
    `# ${c(host.name)}: forward tunnel. The proxy ${c(host.proxy.name)} dials ${c(t.address)}:${c(t.sshPort)} as ${c(t.user)}`,
    `# and forwards its port ${c(host.servicePort ?? host.modelPort)} to 127.0.0.1:${c(host.modelPort)} on the box (ssh -L).`,
    '',
    '# 1. On your machine: the key pair the proxy logs in with (no passphrase: the proxy runs unattended).',
    `ssh-keygen -t ed25519 -N '' -C ${q(`fleetform proxy ${fleet.name}/${host.name}`)} -f ${q(key)}`,
    '',
    "# 2. The box's host key, read over a network you trust. It must print exactly",
    `#    ${c(pinned)}`,
    '#    (ssh.host_key in the fleet); if it does not, fix ssh.host_key or find out why.',
    `ssh-keyscan -t ${q(type)} -p ${q(t.sshPort)} ${q(t.address)} 2>/dev/null | cut -d ' ' -f 2-3`,
    '',
    `# 3. The private half where the fleet says (ssh.private_key: ${c(where(t.privateKey))}); the proxy reads it at boot.`,
    ...storeSecret(t.privateKey, fleet.region, key),
    '',
    `# 4. The public half on the box, for ${c(t.user)}, allowed to forward to the model server and nothing else.`,
    `ssh -p ${q(t.sshPort)} ${q(`${t.user}@${t.address}`)} ${q("umask 077 && mkdir -p ~/.ssh && cat >> ~/.ssh/authorized_keys")} < <(printf '%s %s\\n' ${q(options)} "$(cat ${q(`${key}.pub`)})")`,
    '',
    '# 5. Delete the private key from your machine once it is stored:',
    `rm -f ${q(key)}`,
    '',
  ].join('\n');
}

function reverse(fleet: Fleet, host: Host, t: ReverseTunnel): string {
  const hostKey = `./${host.name}-proxy-host-key`;
  const port = host.servicePort ?? host.modelPort;
  return [
    `# ${c(host.name)}: reverse tunnel. The box dials its proxy ${c(host.proxy.name)} as ${c(t.user)} from ${c(t.dialsFrom)}`,
    `# and opens the proxy's port ${c(port)} back to 127.0.0.1:${c(host.modelPort)} on the box (ssh -R).`,
    '',
    '# 1. On the GPU box, as root: the key pair the box logs in with, once.',
    "ssh-keygen -t ed25519 -N '' -C " + q(`fleetform tunnel ${fleet.name}/${host.name}`) + ' -f /root/fleetform-tunnel-key',
    '#    Put the public half in hosts[].ssh.authorized_key:',
    'cat /root/fleetform-tunnel-key.pub',
    '#    The proxy installs it restricted to the one forward it needs:',
    `#    from="${c(t.dialsFrom)}",restrict,port-forwarding,permitlisten="0.0.0.0:${c(port)}" ssh-ed25519 AAAA...`,
    `#    The address it dials from (dials_from, now ${c(t.dialsFrom)}) is the box's public NAT address:`,
    'curl -s https://checkip.amazonaws.com',
    '',
    "# 2. On your machine: the proxy's host key pair, the same for every replacement proxy.",
    `ssh-keygen -t ed25519 -N '' -C ${q(`fleetform proxy host ${fleet.name}/${host.name}`)} -f ${q(hostKey)}`,
    '#    Its public half goes in hosts[].ssh.proxy_host_public_key (the box pins it):',
    `cat ${q(`${hostKey}.pub`)}`,
    '',
    `# 3. The private half where the fleet says (ssh.proxy_host_key: ${c(where(t.proxyHostKey))}); the proxy installs it at boot.`,
    ...storeSecret(t.proxyHostKey, fleet.region, hostKey),
    `rm -f ${q(hostKey)}`,
    '',
    '# 4. After `fleetform build` and `terraform apply`, on the GPU box, as root (install-tunnel.sh is',
    `#    generated under hosts/${c(host.name)}/ of the build; the address is terraform output reverse_tunnel_endpoints):`,
    'sudo ./install-tunnel.sh --proxy PROXY_ADDRESS --identity /root/fleetform-tunnel-key --dry-run',
    'sudo ./install-tunnel.sh --proxy PROXY_ADDRESS --identity /root/fleetform-tunnel-key',
    '',
  ].join('\n');
}
