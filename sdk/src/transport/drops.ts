// T5: every record the SDK gives up on is counted by reason, and the counts survive a reload (in
// localStorage where available) until they are reported as openqoe.sdk.drop_report events.
import type { AttributeValues } from '../generated/contract.js';
import type { KeyValueStore } from '../session/session.js';

export type DropReason = AttributeValues['openqoe.drop.reason'];

export const DROPS_STORAGE_KEY = 'openqoe:drops';

export class DropCounter {
  private counts: Partial<Record<DropReason, number>>;

  constructor(private readonly store?: KeyValueStore) {
    this.counts = this.load();
  }

  add(reason: DropReason, items: number): void {
    if (!(items > 0)) return;
    this.counts[reason] = (this.counts[reason] ?? 0) + items;
    this.save();
  }

  /** Current counts without resetting them. */
  peek(): Partial<Record<DropReason, number>> {
    return { ...this.counts };
  }

  /** Returns the counts to report and resets them; call only when the report is on its way. */
  take(): Partial<Record<DropReason, number>> {
    const taken = this.counts;
    this.counts = {};
    this.save();
    return taken;
  }

  /** Puts counts back when their report could not be handed over. */
  restore(counts: Partial<Record<DropReason, number>>): void {
    for (const [reason, items] of Object.entries(counts) as [DropReason, number][])
      this.add(reason, items);
  }

  private load(): Partial<Record<DropReason, number>> {
    try {
      const text = this.store?.getItem(DROPS_STORAGE_KEY);
      const value: unknown = text ? JSON.parse(text) : {};
      if (value && typeof value === 'object') {
        const counts: Partial<Record<DropReason, number>> = {};
        for (const [reason, items] of Object.entries(value)) {
          if (typeof items === 'number' && items > 0) counts[reason as DropReason] = items;
        }
        return counts;
      }
    } catch {
      // Unreadable counts start again from zero.
    }
    return {};
  }

  private save(): void {
    try {
      this.store?.setItem(DROPS_STORAGE_KEY, JSON.stringify(this.counts));
    } catch {
      // Counting continues in memory.
    }
  }
}
