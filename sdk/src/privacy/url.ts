// S9: URLs leave the browser without query string or fragment (tokens, emails and session keys
// live there), except for query parameters the integrator allow-lists by name.

export function scrubUrl(raw: string, allowedQueryParams: readonly string[] = []): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not an absolute URL (blob:, relative, garbage): keep only what precedes ? and #.
    return raw.split(/[?#]/, 1)[0] ?? '';
  }
  const kept = new URLSearchParams();
  for (const name of allowedQueryParams) {
    for (const value of url.searchParams.getAll(name)) kept.append(name, value);
  }
  url.hash = '';
  url.search = kept.toString();
  // Credentials in the authority are personal data too.
  url.username = '';
  url.password = '';
  return url.toString();
}
