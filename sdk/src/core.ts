// Entry @openqoe/sdk/core: for pages that run OpenTelemetry already. `OpenQoE` records through the
// page's TracerProvider and LoggerProvider (their exporters send) and leaves out the SDK's own
// providers, batching and transport, which the main entry (index.ts) adds.
import type { OpenQoECoreConfig } from './config.js';
import { OpenQoEBase } from './openqoe.js';

/** `new OpenQoE(config)`: the one implementation, given no pipeline of its own (no extra code). */
export const OpenQoE = OpenQoEBase as new (config: OpenQoECoreConfig) => OpenQoEBase;
export type OpenQoE = OpenQoEBase;

export { SDK_VERSION } from './openqoe.js';
export type { ContentMetadata, PlayerHandle } from './openqoe.js';
export { OpenQoEConfigError } from './config.js';
export type { OpenQoECoreConfig } from './config.js';
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
