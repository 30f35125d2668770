// Allowed browser origins per API key (R3): exact origins (`https://shop.example`), any
// subdomain of a host (`https://*.example.com`), or every origin (`*`).

/** An origin as browsers send it: scheme://host[:port], lower-case, no path. */
const ORIGIN = /^(https?):\/\/(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*)(:\d{1,5})?$/;

export function checkOriginPattern(pattern: string): string | undefined {
  if (pattern === '*') return undefined;
  return ORIGIN.test(pattern)
    ? undefined
    : `"${pattern}" is not an origin (scheme://host[:port], optionally https://*.host) or "*"`;
}

export class OriginPolicy {
  private readonly exact = new Set<string>();
  /** [scheme://, .host[:port]] pairs for wildcard subdomains. */
  private readonly suffixes: [string, string][] = [];
  readonly any: boolean;

  constructor(patterns: readonly string[]) {
    this.any = patterns.includes('*');
    for (const raw of patterns) {
      if (raw === '*') continue;
      const pattern = raw.toLowerCase();
      const problem = checkOriginPattern(pattern);
      if (problem) throw new RangeError(problem);
      const star = pattern.indexOf('://*.');
      if (star === -1) this.exact.add(pattern);
      else this.suffixes.push([pattern.slice(0, star + 3), pattern.slice(star + 4)]);
    }
  }

  allows(origin: string): boolean {
    if (this.any) return true;
    const candidate = origin.toLowerCase();
    if (this.exact.has(candidate)) return true;
    for (const [scheme, suffix] of this.suffixes) {
      if (
        candidate.startsWith(scheme) &&
        candidate.endsWith(suffix) &&
        candidate.length > scheme.length + suffix.length
      ) {
        // Only whole labels: the part before the suffix must not contain '/' or ':'.
        const host = candidate.slice(scheme.length, candidate.length - suffix.length);
        if (/^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/.test(host)) return true;
      }
    }
    return false;
  }
}
