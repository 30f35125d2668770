// Public API of @openqoe/testkit. Explicit exports only, so what tests may rely on is visible
// here and internals can move freely.

export { findRepoRoot } from './repo-root.js';
export type { JsonObject, JsonValue } from './json.js';

// Browser
export { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH, launchChromium } from './browser/launch.js';
export type { LaunchChromiumOptions } from './browser/launch.js';
export { openPage } from './browser/page.js';
export type { InstrumentedPage, OpenPageOptions, PageProblem } from './browser/page.js';

// Media fixtures
export { DEFAULT_MEDIA_RECIPE, validateRecipe } from './media/recipe.js';
export type { AudioRecipe, MediaRecipe, RenditionRecipe } from './media/recipe.js';
export { ensureMediaFixtures, mediaRecipeHash } from './media/fixtures.js';
export type { EnsureMediaFixturesOptions } from './media/fixtures.js';
export { probeKeyframeTimes, probeMedia } from './media/probe.js';
export type { ProbedStream, ProbeResult } from './media/probe.js';
export { dashAudioSegmentPath, segmentPath, segmentPathPattern } from './media/layout.js';
export type {
  MediaFixtures,
  RenditionFixture,
  SegmentedTrack,
  StreamingFormat,
} from './media/layout.js';

// Fault-injecting media server
export { LIVE_PATH_PREFIX, startMediaServer } from './media/server.js';
export type {
  LiveHlsOptions,
  LiveHlsStream,
  MediaServer,
  MediaServerOptions,
  RequestOutcome,
  RequestRecord,
} from './media/server.js';
export type { AppliedFault, Fault, FaultHandle, FaultRule } from './media/faults.js';
export { parseRange } from './media/range.js';
export { livePlaylistAt, parseMediaPlaylist, publishedSegments } from './media/live.js';
export type { LiveWindowSpec, MediaPlaylist, PlaylistSegment } from './media/live.js';
export type { ByteRange } from './media/range.js';

// Harness page and player pages
export { HARNESS_PAGE_PATH, LIBRARY_PATHS, MEDIA_PATH_PREFIX } from './page/protocol.js';
export type { HarnessCondition, HarnessStatus, LoadRequest, LoadResult } from './page/protocol.js';
export { openPlayerPage } from './harness/player-page.js';
export type { OpenPlayerPageOptions, PlayerPage } from './harness/player-page.js';

// Ground truth
export { MEDIA_EVENT_TYPES, PLAYER_KINDS } from './ground-truth/types.js';
export type {
  FrameRecord,
  GroundTruth,
  MediaEventRecord,
  MediaEventType,
  PlayerEventDetail,
  PlayerEventRecord,
  PlayerKind,
  PlayRequestRecord,
} from './ground-truth/types.js';
export {
  fatalErrors,
  findStalls,
  mediaEventsOfType,
  mediaTimeProgressed,
  playerEventsNamed,
  startupTime,
  toEpochMs,
} from './ground-truth/analyze.js';
export type {
  MediaProgressOptions,
  Stall,
  StallOptions,
  StartupMeasurement,
} from './ground-truth/analyze.js';

// OTLP capture server
export { startOtlpCapture } from './otlp-capture/server.js';
export type {
  AcceptedRequest,
  CaptureCounts,
  CaptureErrorBody,
  CaptureStoreMode,
  OtlpCapture,
  OtlpCaptureOptions,
  RejectedRequest,
  SignalTally,
  WaitForOptions,
} from './otlp-capture/server.js';
export type {
  FailureOptions,
  InjectedPartialSuccess,
  PartialSuccessOptions,
  RuleScope,
} from './otlp-capture/behaviours.js';
export {
  OtlpDecodeError,
  attributesToRecord,
  countOtlpItems,
  decodeAnyValue,
  flattenDataPoints,
  flattenLogRecords,
  flattenSpans,
  parseUnixNanos,
} from './otlp-capture/otlp-json.js';
export type {
  ExportLogsServiceRequest,
  ExportTraceServiceRequest,
  FlatLogRecord,
  FlatSpan,
  OtlpAttributes,
  OtlpSignal,
} from './otlp-capture/otlp-json.js';
