// Sees the CMCD query parameters a player sent, from the page's resource timing entries: every
// request the page made is listed with its full URL once it completed. Reading them changes
// nothing about what is sent, and works the same for every player (headers are not listed: header
// mode needs the player's own request hook).
import { cmcdFromUrl, type CmcdRequest } from './parse.js';

/**
 * Calls `onRequest` for each completed request whose URL carries CMCD and that `accept` keeps
 * (e.g. only this player's session id, when several players share the page). Returns a stop
 * function; without PerformanceObserver it observes nothing.
 */
export function observeCmcdRequests(
  onRequest: (request: CmcdRequest) => void,
  accept: (request: CmcdRequest) => boolean = () => true,
): () => void {
  if (typeof PerformanceObserver !== 'function') return () => undefined;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name.indexOf('CMCD=') < 0) continue;
      const request = cmcdFromUrl(entry.name);
      if (request && accept(request)) onRequest(request);
    }
  });
  try {
    // buffered: requests the player made before the SDK was attached belong to its first view.
    observer.observe({ type: 'resource', buffered: true });
  } catch {
    return () => undefined; // an engine without resource timing entries for observers
  }
  return () => observer.disconnect();
}
