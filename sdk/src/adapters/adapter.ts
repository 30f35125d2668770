// The contract between the SDK core and a player integration. An adapter maps its player's
// events onto PlaybackSignals and answers PlayerProbe questions; it computes no metric itself.
import type { AttributeValues } from '../generated/contract.js';
import type { Clock } from '../clock.js';
import type { PlayerProbe } from '../view/probe.js';
import type { PlaybackSignal } from '../view/signals.js';

export type PlayerName = AttributeValues['video.player.name'];

export interface AdapterContext {
  /** Deliver a signal to the core. Never throws. */
  emit(signal: PlaybackSignal): void;
  clock: Clock;
  /** The view id to hand to the player where it can carry one (CMCD `sid`). */
  currentViewId(): string | undefined;
}

export interface PlayerAdapter {
  readonly playerName: PlayerName;
  readonly playerVersion?: string;
  /** Starts listening; returns how the core can query the player. */
  attach(context: AdapterContext): PlayerProbe;
  /** Stops listening and releases everything attach() took. */
  detach(): void;
}
