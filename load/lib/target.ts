// Where the load scripts may send traffic. Load and fault tests run against a receiver on this
// machine only: the tier scripts accept loopback targets (127.0.0.0/8, localhost, [::1]) and refuse
// anything else before a single request is made. The compose traffic generator additionally
// accepts a bare service name of the compose network (`receiver`), which never leaves it.

export class TargetRefused extends Error {
  constructor(target: string, reason: string) {
    super(`refusing target ${JSON.stringify(target)}: ${reason}`);
    this.name = 'TargetRefused';
  }
}

export interface Target {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8788 */
  readonly baseUrl: string;
  readonly host: string;
}

const URL_PATTERN = /^(https?):\/\/(\[[0-9a-fA-F:.]+\]|[^/:?#[\]@]+)(?::(\d{1,5}))?(\/[^?#]*)?$/;
const IPV4_LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

function isLoopback(host: string): boolean {
  const lower = host.toLowerCase();
  if (lower === 'localhost' || lower === '[::1]') return true;
  const v4 = IPV4_LOOPBACK.exec(lower);
  return v4 !== null && v4.slice(1).every((octet) => Number(octet) <= 255);
}

/**
 * Parses and checks a target URL (k6 has no WHATWG URL, so this is a strict pattern). Refuses
 * credentials, query strings, fragments and every host that is not loopback — or, with
 * `allowServiceNames`, a single-label compose service name.
 */
export function checkTarget(target: string, options: { allowServiceNames?: boolean } = {}): Target {
  const match = URL_PATTERN.exec(target.trim());
  if (!match)
    throw new TargetRefused(target, 'not an http(s) URL of the form http://host[:port][/path]');
  const host = match[2] as string;
  const port = match[3];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    throw new TargetRefused(target, `port ${port} is out of range`);
  }
  const serviceName =
    options.allowServiceNames === true && SERVICE_NAME.test(host) && host !== 'localhost';
  if (!isLoopback(host) && !serviceName) {
    throw new TargetRefused(
      target,
      options.allowServiceNames === true
        ? 'only loopback hosts (127.0.0.0/8, localhost, [::1]) or a compose service name are allowed'
        : 'load is only ever sent to loopback (127.0.0.0/8, localhost, [::1])',
    );
  }
  const path = (match[4] ?? '').replace(/\/+$/, '');
  return { baseUrl: `${match[1]}://${host}${port !== undefined ? `:${port}` : ''}${path}`, host };
}
