// What every player loader gets and gives back. A loader sets its player up on the harness's
// <video>, translates the player's own events into recorder entries, and says how to play.
import type { PlayerEventDetail } from '../../ground-truth/types.js';
import type { LoadRequest } from '../protocol.js';

export interface PlayerContext {
  /** Already in the document, with the recorder listening. */
  video: HTMLVideoElement;
  request: LoadRequest;
  /** Records a player event; `fatal` when the player has given up playback. */
  record(name: string, detail: PlayerEventDetail, fatal: boolean): void;
}

export interface LoadedPlayer {
  /** The library's player object, exposed to tests as window.openqoeHarness.player. */
  instance: unknown;
  version: string;
  /** Asks for playback the way an application using this player would. */
  play(): Promise<void>;
}

export type PlayerLoader = (context: PlayerContext) => Promise<LoadedPlayer>;
