// The CMCD one player sent, from two sources: the player's own request hook (exact, header mode
// too, but only from the moment the SDK is attached) and the page's resource timing entries
// (query mode only, but including requests made before the SDK was attached). Resource entries
// list every request of the page, so only those carrying one of this player's session ids (`sid`)
// are kept; an entry whose session is not known yet waits until the player's hook reveals it.
import type { CmcdRequest } from './parse.js';
import { observeCmcdRequests } from './resource-observer.js';

// Entries of sessions not (yet) known to be this player's; beyond this the oldest are forgotten.
const MAX_PENDING = 200;

export interface PlayerCmcd {
  /** A request as the player's own hook saw it, CMCD already applied. */
  fromPlayer(request: CmcdRequest): void;
  stop(): void;
}

export function observePlayerCmcd(
  onRequest: (request: CmcdRequest) => void,
  /** The session id the player was configured with, when it can tell. */
  configuredSessionId: () => string | undefined,
): PlayerCmcd {
  const sessions = new Set<string>();
  let pending: CmcdRequest[] = [];
  const isOurs = (sid: string | undefined): boolean =>
    sid !== undefined && (sessions.has(sid) || sid === configuredSessionId());
  const stopResources = observeCmcdRequests((request) => {
    if (isOurs(request.values['video.cmcd.sid'])) onRequest(request);
    else {
      pending.push(request);
      if (pending.length > MAX_PENDING) pending.shift();
    }
  });
  return {
    fromPlayer(request) {
      const sid = request.values['video.cmcd.sid'];
      if (sid !== undefined && !sessions.has(sid)) {
        sessions.add(sid);
        const waiting = pending.filter((r) => r.values['video.cmcd.sid'] === sid);
        pending = pending.filter((r) => r.values['video.cmcd.sid'] !== sid);
        for (const r of waiting) onRequest(r);
      }
      onRequest(request);
    },
    stop() {
      stopResources();
      pending = [];
    },
  };
}
