import { test } from 'uvu';
import { edit, expectLines, expectValid, keyAt, valueAt } from '../helpers';

const BOX1_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAsGpfzoxRf8NbVcbzibn6Wu5+xhebL4H/uGL+qUygFs';

test('a forward and a reverse tunnel with their own fields are valid', () => {
  expectValid(edit());
});

test('a forward tunnel without its credentials', () => {
  const t = edit(['      address: 203.0.113.10\n', ''], ['      private_key: ssm:/demo/ssh/box-1\n', '']);
  expectLines(t, [`FF230 ${keyAt(t, 'ssh:\n      host_key')} hosts[0].ssh lacks \`address\` and \`private_key\`, which a forward tunnel needs (the proxy dials the box)`]);
});

test('a forward tunnel with reverse fields', () => {
  const t = edit(['    port: 8585\n  - name: box-2', '    dials_from: 198.51.100.8/32\n    port: 8585\n  - name: box-2']);
  expectLines(t, [`FF231 ${keyAt(t, 'dials_from: 198.51.100.8/32')} hosts[0].dials_from is set, but hosts[0] uses a forward tunnel (the default); \`dials_from\` belongs to reverse tunnels`]);
});

test('a reverse tunnel without dials_from and with a forward field', () => {
  const t = edit(['    dials_from: 198.51.100.7/32\n', ''], ['      proxy_host_key: ssm:/demo/ssh/box-2-host', '      proxy_host_key: ssm:/demo/ssh/box-2-host\n      address: 198.51.100.7']);
  expectLines(t, [
    `FF232 ${keyAt(t, 'ssh:\n      authorized_key')} hosts[1] lacks \`dials_from\`, which a reverse tunnel needs (the box dials the proxy)`,
    `FF233 ${keyAt(t, 'address: 198.51.100.7')} hosts[1].ssh.address is set, but hosts[1] uses a reverse tunnel; \`address\` belongs to forward tunnels`,
  ]);
});

test('a user key that is also a host key', () => {
  const t = edit(['authorized_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIyPqcVxv+X7covJbOTqHdoRyAKx9faoxmoBecWoqDQU', `authorized_key: ${BOX1_KEY} reused`]);
  expectLines(t, [`FF234 ${keyAt(t, `authorized_key: ${BOX1_KEY}`).replace(/:(\d+)$/, (_, c) => `:${Number(c) + 'authorized_key: '.length}`)} hosts[1].ssh.authorized_key is the same key as hosts[0].ssh.host_key; a user key must not double as a host key`]);
});

test('two boxes sharing one key: a warning', () => {
  const shared = edit(['  - name: box-2', `  - name: box-3
    tunnel: reverse
    ssh:
      authorized_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIyPqcVxv+X7covJbOTqHdoRyAKx9faoxmoBecWoqDQU other
      proxy_host_key: ssm:/demo/ssh/box-3-host
      proxy_host_public_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJwms7zqGjOyD+V1eNTrfN0rQoVQcrcINt7Mfo3J/cbc
    dials_from: 198.51.100.9/32
    port: 8585
  - name: box-2`]);
  expectLines(shared, [`FF235 ${keyAt(shared, 'authorized_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIyPqcVxv+X7covJbOTqHdoRyAKx9faoxmoBecWoqDQU\n').replace(/:(\d+)$/, (_, c) => `:${Number(c) + 'authorized_key: '.length}`)} hosts[2].ssh.authorized_key is the same key as hosts[1].ssh.authorized_key; either box can open the other's tunnel`]);
});

test('a security-key type pinned as a host key', () => {
  const t = edit(['host_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAsGpfzoxRf8NbVcbzibn6Wu5+xhebL4H/uGL+qUygFs', 'host_key: sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t'] );
  expectLines(t, [`FF251 ${valueAt(t, 'host_key: sk-')} hosts[0].ssh.host_key is a sk-ssh-ed25519@openssh.com key; security-key types are user keys only and no sshd presents one as its host key`]);
});

test('a reverse tunnel serving a privileged port', () => {
  const t = edit(['services:\n  - name: chat\n    port: 8585', 'services:\n  - name: chat\n    port: 443'], ['    dials_from: 198.51.100.7/32\n    port: 8585', '    dials_from: 198.51.100.7/32\n    port: 443'], ['      private_key: ssm:/demo/ssh/box-1\n    port: 8585', '      private_key: ssm:/demo/ssh/box-1\n    port: 443']);
  expectLines(t, [`FF252 ${valueAt(t, 'tunnel: reverse')} hosts[1] uses a reverse tunnel for a service on port 443; the proxy's unprivileged tunnel user cannot bind ports below 1024`]);
});

test.run();
