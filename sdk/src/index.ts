// Public entry of @openqoe/sdk: the OpenQoE class with the SDK's own OpenTelemetry providers and
// transport (used unless the config brings providers), the adapter interface, and the contract's
// names and types. Player-specific adapters live in subpath exports (e.g. @openqoe/sdk/hlsjs);
// pages with OpenTelemetry of their own can take the smaller @openqoe/sdk/core (core.ts).
import type { OpenQoEConfig } from './config.js';
// The pipeline first (see the end of its imports): this module order gzips the all-in bundle
// ~400 B smaller than the reverse.
import { DEFAULT_PIPELINE } from './default-pipeline.js';
import { OpenQoEBase } from './openqoe.js';

export class OpenQoE extends OpenQoEBase {
  /** Sends to `config.endpoint`, unless `config.tracerProvider`/`loggerProvider` are given. */
  constructor(config: OpenQoEConfig) {
    super(config, DEFAULT_PIPELINE);
  }
}

export { SDK_VERSION } from './openqoe.js';
export type { ContentMetadata, PlayerHandle } from './openqoe.js';
export { OpenQoEConfigError } from './config.js';
export type { OpenQoEConfig } from './config.js';
export { html5Adapter } from './adapters/html5.js';
export type { AdapterContext, PlayerAdapter, PlayerName } from './adapters/adapter.js';
export { formatOf, observeMediaElement } from './adapters/media-element.js';
export type { MediaElementOptions } from './adapters/media-element.js';
export type { PlayerProbe } from './view/probe.js';
export type {
  ErrorType,
  PlaybackSignal,
  PlayerError,
  Rendition,
  SourceInfo,
} from './view/signals.js';
export type {
  AttributeName,
  AttributeValues,
  EventAttributesByName,
  EventName,
  ResourceAttributes,
  SpanAttributesByName,
  SpanName,
} from './generated/contract.js';
export { LIMITS, ATTRIBUTE_MAX_LENGTH } from './generated/contract.js';
