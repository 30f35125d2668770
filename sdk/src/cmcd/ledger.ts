// What a view knows about the CMCD its player sent: the latest values (for heartbeats) and the
// distinct objects requested (for the view's total). A segment retried, or seen both by a player
// hook and by resource timing, is one object: CMCD is de-duplicated per requested object.
import type { CmcdValues } from './parse.js';

// Bounds the memory a very long live view can take; beyond it objects are still counted but no
// longer de-duplicated against each other (a live stream never requests the same segment twice).
const MAX_REMEMBERED_OBJECTS = 2000;

export class CmcdLedger {
  private objects = new Set<string>();
  private overflow = 0;
  private latest: CmcdValues = {};
  /** The session (sid) and content (cid) ids, which only some requests carry. */
  private ids: CmcdValues = {};

  record(object: string, values: CmcdValues): void {
    if (!this.objects.has(object)) {
      if (this.objects.size < MAX_REMEMBERED_OBJECTS) this.objects.add(object);
      else this.overflow += 1;
    }
    this.latest = values;
    if (values['video.cmcd.sid'] !== undefined)
      this.ids['video.cmcd.sid'] = values['video.cmcd.sid'];
    if (values['video.cmcd.cid'] !== undefined)
      this.ids['video.cmcd.cid'] = values['video.cmcd.cid'];
  }

  /** The values of the latest request, for a heartbeat; empty when none was seen. */
  latestValues(): CmcdValues {
    return { ...this.ids, ...this.latest };
  }

  /** The view's totals: session and content ids and how many distinct objects carried CMCD. */
  totals(): {
    'video.cmcd.sid'?: string;
    'video.cmcd.cid'?: string;
    'video.cmcd.objects'?: number;
  } {
    const count = this.objects.size + this.overflow;
    return count === 0 ? {} : { ...this.ids, 'video.cmcd.objects': count };
  }

  /** Forgets everything: the next view starts its own count. */
  reset(): void {
    this.objects = new Set();
    this.overflow = 0;
    this.latest = {};
    this.ids = {};
  }
}
