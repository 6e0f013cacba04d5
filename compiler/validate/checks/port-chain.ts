/**
 * The port chain holds end to end: NLB listener -> ALB listener -> target
 * group (service port) -> proxy or pool instance -> tunnel/container -> model
 * server. A proxy or pool instance listens on one service port, so a backend
 * shared by several services needs them all on the same port; health checks
 * travel the same path, so they use the traffic port; the NLB's `alb` target
 * forwards TCP to an existing ALB listener port; and port 22 on a backend is
 * sshd's.
 */
import type { Check } from './check';
import { at, hostsOf, int, list, listenersOf, obj, poolsOf, serviceHostNames, servicePoolNames, servicesOf, show, str } from './read';

export const portChain: Check = {
  name: 'port-chain',
  codes: {
    FF236: 'a host backs services on different ports (its proxy listens on one)',
    FF237: 'a pool backs services on different ports (its instances publish one)',
    FF238: 'a listener redirect_to is not an HTTPS listener of this ALB, or is set on an HTTPS listener',
    FF239: 'a health check port is neither traffic-port nor the service port',
    FF240: 'load_balancer.static_ips.ports names a port with no ALB listener',
    FF241: 'a service with backends uses port 22, which sshd holds on proxies and pool instances',
  },
  run(ctx) {
    const { spec } = ctx;
    const services = servicesOf(spec);
    for (const [kind, items, code] of [['host', hostsOf(spec), 'FF236'], ['pool', poolsOf(spec), 'FF237']] as const) {
      for (const e of items) {
        const name = str(e.value.name);
        if (name === undefined) continue;
        const backed = services.filter((s) => (kind === 'host' ? serviceHostNames(spec, s.value) : servicePoolNames(s.value)).includes(name) && int(s.value.port) !== undefined);
        const first = backed[0];
        const other = backed.find((s) => s.value.port !== first?.value.port);
        if (!first || !other) continue;
        ctx.report({
          code,
          path: [...other.path, 'port'],
          message: `${at([...other.path, 'port'])} is ${other.value.port}, but ${kind} ${show(name)} also backs service ${show(first.value.name)} on port ${first.value.port}; ${kind === 'host' ? 'its proxy forwards one port through the tunnel' : 'its instances publish the container on one port'}`,
          hint: `Use the same port for every service ${kind} ${show(name)} backs (the listener ports can still differ).`,
        });
      }
    }

    const listeners = listenersOf(spec);
    const httpsPorts = listeners.filter((l) => l.value.protocol === 'HTTPS').map((l) => int(l.value.port)).filter((p): p is number => p !== undefined);
    for (const l of listeners) {
      const to = int(l.value.redirect_to);
      if (to === undefined) continue;
      const path = [...l.path, 'redirect_to'];
      if (l.value.protocol === 'HTTPS') {
        ctx.report({ code: 'FF238', path, atKey: true, message: `${at(path)} is set on an HTTPS listener; only an HTTP listener redirects (to HTTPS)`, hint: 'Remove redirect_to here; put it on the HTTP listener that should send clients to this one.' });
      } else if (!httpsPorts.includes(to)) {
        ctx.report({
          code: 'FF238',
          path,
          message: `${at(path)} is ${to}, which is not the port of an HTTPS listener of this ALB${httpsPorts.length ? ` (HTTPS listeners: ${httpsPorts.join(', ')})` : ' (it has none)'}`,
          hint: httpsPorts.length ? `Redirect to ${httpsPorts.join(' or ')}.` : 'Add an HTTPS listener with a certificate, then redirect to its port.',
        });
      }
    }

    for (const s of services) {
      const port = int(s.value.port);
      const hp = obj(s.value.health)?.port;
      if (port !== undefined && typeof hp === 'number' && Number.isInteger(hp) && hp !== port) {
        const path = [...s.path, 'health', 'port'];
        ctx.report({
          code: 'FF239',
          path,
          message: `${at(path)} is ${hp}, but the service port is ${port}; the proxy forwards only the service port, so a health check on ${hp} would never reach the model server`,
          hint: 'Use `traffic-port` (the default) or omit it: health checks must travel the same path as requests.',
        });
      }
      if (port === 22 && (serviceHostNames(spec, s.value).length > 0 || servicePoolNames(s.value).length > 0)) {
        ctx.report({
          code: 'FF241',
          path: [...s.path, 'port'],
          message: `${at([...s.path, 'port'])} is 22, the SSH port; sshd holds it on every proxy (reverse tunnels dial it) and pool instance`,
          hint: 'Use another port for the service, e.g. 8080 (the model server inside can still listen anywhere).',
        });
      }
    }

    const listenerPorts = listeners.map((l) => int(l.value.port)).filter((p): p is number => p !== undefined);
    if (listenerPorts.length === 0) return;
    const sPath = ['load_balancer', 'static_ips', 'ports'];
    list(obj(obj(spec.load_balancer)?.static_ips)?.ports).forEach((p, i) => {
      if (typeof p !== 'number' || !Number.isInteger(p) || listenerPorts.includes(p)) return;
      // The NLB's target group of type `alb` forwards TCP to the ALB on the
      // target group's port, which must be one of the ALB's listener ports.
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html
      ctx.report({
        code: 'FF240',
        path: [...sPath, i],
        message: `${at([...sPath, i])} is ${p}, but the ALB has no listener on ${p} (listeners: ${listenerPorts.join(', ')}); the NLB forwards TCP to an ALB listener port`,
        hint: `Forward one of ${listenerPorts.join(', ')}, or add an ALB listener on ${p}.`,
      });
    });
  },
};
