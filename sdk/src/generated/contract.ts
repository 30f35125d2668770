// GENERATED from contract/telemetry.yaml by `make generate`. Do not edit by hand.
// ── Span names ──
/** Root span of a playback view: play intent → the view's end. Its attributes are the view's totals; it ends with `video.view.end_reason`. */
export const SPAN_VIDEO_VIEW = 'video.view';
/** Video startup, play intent → first rendered frame. Its duration is the startup time. */
export const SPAN_VIDEO_STARTUP = 'video.startup';
/** One stall while the player should be playing (never a seek, never the startup wait). */
export const SPAN_VIDEO_REBUFFER = 'video.rebuffer';
/** One seek, seek start → playback resumes. Its duration is the seek latency. */
export const SPAN_VIDEO_SEEK = 'video.seek';

// ── Event names (LogRecord EventName) ──
/** The player is ready (SDK attach → player ready is the player startup time). */
export const EVENT_VIDEO_PLAYER_READY = 'video.player_ready';
/** A view started (play intent: autoplay or a play request). */
export const EVENT_VIDEO_VIEW_START = 'video.view_start';
/** Playback started or resumed (first frame after startup, a stall, a seek or a pause). */
export const EVENT_VIDEO_PLAYING = 'video.playing';
/** The viewer paused. */
export const EVENT_VIDEO_PAUSE = 'video.pause';
/** The viewer seeked (the video.seek span measures how long it took to resume). */
export const EVENT_VIDEO_SEEK = 'video.seek';
/** Playback stalled while it should be playing. */
export const EVENT_VIDEO_STALL_START = 'video.stall_start';
/** Playback resumed after a stall. */
export const EVENT_VIDEO_STALL_END = 'video.stall_end';
/** Playback reached the end of the content. */
export const EVENT_VIDEO_ENDED = 'video.ended';
/** The player reported an error (recovered ones de-duplicated and rate-limited). */
export const EVENT_VIDEO_ERROR = 'video.error';
/** A VOD progress milestone (25/50/75/100 %) was reached. */
export const EVENT_VIDEO_QUARTILE = 'video.quartile';
/** Every 10 s while playing; the current state of the view (live concurrency is counted from it). */
export const EVENT_VIDEO_HEARTBEAT = 'video.heartbeat';
/** The rendered (not merely requested) rendition changed. */
export const EVENT_VIDEO_QUALITY_CHANGE = 'video.quality_change';
/** The SDK's own report of telemetry it had to drop (sent later, in a batch of its own). */
export const EVENT_OPENQOE_SDK_DROP_REPORT = 'openqoe.sdk.drop_report';

// ── Attribute names ──
/** The publisher's application that embeds the player (set in the SDK config). */
export const ATTR_SERVICE_NAME = 'service.name';
/** Version of the publisher's application. */
export const ATTR_SERVICE_VERSION = 'service.version';
/** Deployment environment of the publisher's application (production, staging, ...). */
export const ATTR_DEPLOYMENT_ENVIRONMENT_NAME = 'deployment.environment.name';
/** Name of the OpenTelemetry SDK that produced the data. */
export const ATTR_TELEMETRY_SDK_NAME = 'telemetry.sdk.name';
/** Language of the OpenTelemetry SDK (webjs for the browser SDK). */
export const ATTR_TELEMETRY_SDK_LANGUAGE = 'telemetry.sdk.language';
/** Version of the OpenTelemetry SDK. */
export const ATTR_TELEMETRY_SDK_VERSION = 'telemetry.sdk.version';
/** Always `openqoe`; identifies data produced by the OpenQoE SDK. */
export const ATTR_TELEMETRY_DISTRO_NAME = 'telemetry.distro.name';
/** Version of the OpenQoE SDK. */
export const ATTR_TELEMETRY_DISTRO_VERSION = 'telemetry.distro.version';
/** Viewer tab session; rotates after a period of inactivity (30 min by default), so several views of one sitting share it. */
export const ATTR_SESSION_ID = 'session.id';
/** The viewer, as HMAC-SHA-256 of the publisher's viewer id keyed with the organisation's secret salt (hex). A plain hash of an id can be reversed by dictionary; a keyed one cannot. */
export const ATTR_USER_HASH = 'user.hash';
/** The browser's user agent string, used by the receiver to derive the fields below. */
export const ATTR_USER_AGENT_ORIGINAL = 'user_agent.original';
/** Browser family derived from the user agent by the receiver (Chrome, Safari, ...). */
export const ATTR_USER_AGENT_NAME = 'user_agent.name';
/** Browser version derived from the user agent by the receiver. */
export const ATTR_USER_AGENT_VERSION = 'user_agent.version';
/** Operating system derived from the user agent by the receiver. */
export const ATTR_USER_AGENT_OS_NAME = 'user_agent.os.name';
/** Operating system version derived from the user agent by the receiver. */
export const ATTR_USER_AGENT_OS_VERSION = 'user_agent.os.version';
/** Device class derived from the user agent by the receiver. */
export const ATTR_VIDEO_DEVICE_TYPE = 'video.device.type';
/** ISO 3166-1 alpha-2 country of the viewer, derived by the receiver (never from a raw IP kept). */
export const ATTR_GEO_COUNTRY_ISO_CODE = 'geo.country.iso_code';
/** The organisation the API key belongs to; set by the receiver, never trusted from a client. */
export const ATTR_OPENQOE_TENANT_ID = 'openqoe.tenant.id';
/** Unique id of one transport batch (header X-OpenQoE-Batch-Id, or query batch_id on beacons); a retried batch keeps its id, so the receiver recognises a copy it already forwarded. Copied onto the resource by the receiver. */
export const ATTR_OPENQOE_BATCH_ID = 'openqoe.batch.id';
/** Client wall-clock time the batch was (re)sent, Unix nanoseconds as a decimal string (header X-OpenQoE-Sent-At, or query sent_at on beacons); the receiver compares it with its own clock to correct skewed client timestamps (R9), and copies it onto the resource. Unit: ns. */
export const ATTR_OPENQOE_BATCH_SENT_AT = 'openqoe.batch.sent_at';
/** Per-view sequence number of this span or log record (0-based), to spot gaps and replays. */
export const ATTR_OPENQOE_RECORD_SEQ = 'openqoe.record.seq';
/** Copy of a log record's EventName made by Alloy, so Loki can filter on it and metrics can use it as a label (Loki's OTLP ingest does not index the EventName field itself). Its values are the contract's event names. */
export const ATTR_OPENQOE_EVENT_NAME = 'openqoe.event.name';
/** The OpenQoE pipeline deployment that processed the data (Alloy env OPENQOE_DEPLOYMENT, `compose` by default); added to every resource by Alloy, so data from several pipelines feeding one backend can be told apart. */
export const ATTR_OPENQOE_DEPLOYMENT_NAME = 'openqoe.deployment.name';
/** Id of the playback view; equal to the view's trace id (32 lowercase hex). */
export const ATTR_VIDEO_VIEW_ID = 'video.view.id';
/** Why the view ended. */
export const ATTR_VIDEO_VIEW_END_REASON = 'video.view.end_reason';
/** True when the viewer left before the first frame was shown (an exit before video start). */
export const ATTR_VIDEO_VIEW_EXIT_BEFORE_START = 'video.view.exit_before_start';
/** For an exit before video start, how long the viewer waited between play intent and leaving. Unit: s. */
export const ATTR_VIDEO_VIEW_WAIT_TIME = 'video.view.wait_time';
/** Fraction of sessions sampled in (1 = all); decided once per session, so aggregates can be re-weighted by 1 / rate. Unit: 1. */
export const ATTR_VIDEO_VIEW_SAMPLE_RATE = 'video.view.sample_rate';
/** Which player the adapter instruments. */
export const ATTR_VIDEO_PLAYER_NAME = 'video.player.name';
/** Version of the player library. */
export const ATTR_VIDEO_PLAYER_VERSION = 'video.player.version';
/** Id of one player instance on the page (several players may share a page). */
export const ATTR_VIDEO_PLAYER_INSTANCE_ID = 'video.player.instance_id';
/** True when the view started by autoplay rather than a play request. */
export const ATTR_VIDEO_PLAYER_AUTOPLAY = 'video.player.autoplay';
/** Width of the player element on screen, in CSS pixels times devicePixelRatio. Unit: {pixel}. */
export const ATTR_VIDEO_PLAYER_WIDTH = 'video.player.width';
/** Height of the player element on screen, in CSS pixels times devicePixelRatio. Unit: {pixel}. */
export const ATTR_VIDEO_PLAYER_HEIGHT = 'video.player.height';
/** Player startup time, SDK attach → player ready; separate from video startup time. Unit: s. */
export const ATTR_VIDEO_PLAYER_STARTUP_TIME = 'video.player.startup_time';
/** The publisher's id of the content being played. */
export const ATTR_VIDEO_CONTENT_ID = 'video.content.id';
/** Human-readable content title. */
export const ATTR_VIDEO_CONTENT_TITLE = 'video.content.title';
/** Series or collection the content belongs to. */
export const ATTR_VIDEO_CONTENT_SERIES = 'video.content.series';
/** Content duration; absent for live streams. Unit: s. */
export const ATTR_VIDEO_CONTENT_DURATION = 'video.content.duration';
/** Live or video on demand. */
export const ATTR_VIDEO_STREAM_TYPE = 'video.stream.type';
/** Delivery format of the source. */
export const ATTR_VIDEO_STREAM_FORMAT = 'video.stream.format';
/** Media source URL, stripped of query string and fragment unless allow-listed. */
export const ATTR_VIDEO_SOURCE_URL = 'video.source.url';
/** Page URL where playback happened, stripped of query string and fragment unless allow-listed. */
export const ATTR_URL_FULL = 'url.full';
/** Video startup time, play intent → first rendered frame (the video.startup span's duration). Unit: s. */
export const ATTR_VIDEO_STARTUP_TIME = 'video.startup.time';
/** How the first frame was detected: `rvfc` (requestVideoFrameCallback) or `timeupdate` (first progress after playing, where rVFC is missing). */
export const ATTR_VIDEO_STARTUP_FIRST_FRAME_SOURCE = 'video.startup.first_frame_source';
/** Time spent playing (not paused, not stalled, not seeking, not starting up). Unit: s. */
export const ATTR_VIDEO_WATCH_TIME = 'video.watch_time';
/** Number of stalls in the view (seeks and startup excluded). Unit: {stall}. */
export const ATTR_VIDEO_REBUFFER_COUNT = 'video.rebuffer.count';
/** Total time stalled in the view. Unit: s. */
export const ATTR_VIDEO_REBUFFER_TOTAL_DURATION = 'video.rebuffer.total_duration';
/** Rebuffer time / (watch time + rebuffer time); 0 when neither happened. Unit: 1. */
export const ATTR_VIDEO_REBUFFER_RATIO = 'video.rebuffer.ratio';
/** Stalls per minute of watch time. Unit: {stall}/min. */
export const ATTR_VIDEO_REBUFFER_FREQUENCY = 'video.rebuffer.frequency';
/** Number of seeks in the view. Unit: {seek}. */
export const ATTR_VIDEO_SEEK_COUNT = 'video.seek.count';
/** Number of errors reported in the view (fatal and recovered, after de-duplication). Unit: {error}. */
export const ATTR_VIDEO_ERROR_COUNT = 'video.error.count';
/** Time-weighted average bitrate of the rendered rendition over watch time. Unit: bit/s. */
export const ATTR_VIDEO_BITRATE_RENDERED_AVG = 'video.bitrate.rendered_avg';
/** Time-weighted average bitrate of the rendition the player requested (ABR decision). Unit: bit/s. */
export const ATTR_VIDEO_BITRATE_REQUESTED_AVG = 'video.bitrate.requested_avg';
/** Number of rendered rendition changes to a higher bitrate. Unit: {switch}. */
export const ATTR_VIDEO_QUALITY_UP_SWITCHES = 'video.quality.up_switches';
/** Number of rendered rendition changes to a lower bitrate. Unit: {switch}. */
export const ATTR_VIDEO_QUALITY_DOWN_SWITCHES = 'video.quality.down_switches';
/** Time-weighted fraction of watch time during which the rendered resolution was smaller than the player's display size (0 = never upscaled, 1 = always). Unit: 1. */
export const ATTR_VIDEO_QUALITY_UPSCALE_RATIO = 'video.quality.upscale_ratio';
/** Dropped frames from getVideoPlaybackQuality() (view total on the root, delta elsewhere). Unit: {frame}. */
export const ATTR_VIDEO_FRAMES_DROPPED = 'video.frames.dropped';
/** Total frames from getVideoPlaybackQuality() (view total). Unit: {frame}. */
export const ATTR_VIDEO_FRAMES_TOTAL = 'video.frames.total';
/** Furthest playhead position reached divided by the content duration (VOD only), 0–1. Unit: 1. */
export const ATTR_VIDEO_COMPLETION = 'video.completion';
/** How many attributes, strings or arrays the SDK truncated or dropped on this view to respect its attribute limits. Unit: {count}. */
export const ATTR_OPENQOE_LIMITS_TRUNCATED = 'openqoe.limits.truncated';
/** Playhead position (media time) when the event happened. Unit: s. */
export const ATTR_VIDEO_PLAYHEAD_POSITION = 'video.playhead.position';
/** Seconds of media buffered ahead of the playhead. Unit: s. */
export const ATTR_VIDEO_BUFFER_LENGTH = 'video.buffer.length';
/** 1-based number of this stall within the view. */
export const ATTR_VIDEO_REBUFFER_INDEX = 'video.rebuffer.index';
/** Duration of one stall (on video.stall_end; the video.rebuffer span's duration is the same). Unit: s. */
export const ATTR_VIDEO_REBUFFER_DURATION = 'video.rebuffer.duration';
/** Playhead position the seek started from. Unit: s. */
export const ATTR_VIDEO_SEEK_FROM = 'video.seek.from';
/** Playhead position the seek went to. Unit: s. */
export const ATTR_VIDEO_SEEK_TO = 'video.seek.to';
/** VOD progress milestone reached, in percent of the content. Unit: %. */
export const ATTR_VIDEO_QUARTILE_PERCENT = 'video.quartile.percent';
/** Bitrate of the rendered video rendition, as advertised by the manifest, audio excluded. Unit: bit/s. */
export const ATTR_VIDEO_QUALITY_BITRATE = 'video.quality.bitrate';
/** Width of the frames being rendered now (videoWidth). Unit: {pixel}. */
export const ATTR_VIDEO_QUALITY_WIDTH = 'video.quality.width';
/** Height of the frames being rendered now (videoHeight). Unit: {pixel}. */
export const ATTR_VIDEO_QUALITY_HEIGHT = 'video.quality.height';
/** Bitrate of the rendition the player most recently requested (may lead the rendered one). Unit: bit/s. */
export const ATTR_VIDEO_QUALITY_REQUESTED_BITRATE = 'video.quality.requested_bitrate';
/** Direction of a rendered rendition change, by bitrate. */
export const ATTR_VIDEO_QUALITY_DIRECTION = 'video.quality.direction';
/** Bitrate of the rendition rendered before a change. Unit: bit/s. */
export const ATTR_VIDEO_QUALITY_PREVIOUS_BITRATE = 'video.quality.previous_bitrate';
/** Frame width rendered before a change. Unit: {pixel}. */
export const ATTR_VIDEO_QUALITY_PREVIOUS_WIDTH = 'video.quality.previous_width';
/** Frame height rendered before a change. Unit: {pixel}. */
export const ATTR_VIDEO_QUALITY_PREVIOUS_HEIGHT = 'video.quality.previous_height';
/** Distance from the live edge (wall clock − program date-time of the frame shown). Unit: s. */
export const ATTR_VIDEO_LIVE_LATENCY = 'video.live.latency';
/** True when live latency relies on a client clock not known to be in sync with the origin. */
export const ATTR_VIDEO_LIVE_LATENCY_ESTIMATED = 'video.live.latency_estimated';
/** Normalised error class, the same for every player. */
export const ATTR_ERROR_TYPE = 'error.type';
/** The player's own error code (e.g. hls.js details, dash.js code, Shaka code, MediaError code). */
export const ATTR_VIDEO_ERROR_CODE = 'video.error.code';
/** The player's own error message. */
export const ATTR_VIDEO_ERROR_MESSAGE = 'video.error.message';
/** Fatal (playback stopped) or recovered (the player carried on). */
export const ATTR_VIDEO_ERROR_SEVERITY = 'video.error.severity';
/** True when the error happened before the first frame. */
export const ATTR_VIDEO_ERROR_BEFORE_START = 'video.error.before_start';
/** True for failures caused by the viewer's situation (entitlement, geo-block), excluded from failure rates. */
export const ATTR_VIDEO_ERROR_USER_CAUSED = 'video.error.user_caused';
/** How many identical recovered errors were folded into this one by de-duplication. Unit: {error}. */
export const ATTR_VIDEO_ERROR_SUPPRESSED = 'video.error.suppressed';
/** CMCD encoded bitrate of the requested object. Unit: kbit/s. */
export const ATTR_VIDEO_CMCD_BR = 'video.cmcd.br';
/** CMCD buffer length. Unit: ms. */
export const ATTR_VIDEO_CMCD_BL = 'video.cmcd.bl';
/** CMCD buffer starvation since the last request. */
export const ATTR_VIDEO_CMCD_BS = 'video.cmcd.bs';
/** CMCD object duration. Unit: ms. */
export const ATTR_VIDEO_CMCD_D = 'video.cmcd.d';
/** CMCD deadline (buffer time left at request, adjusted for playback rate). Unit: ms. */
export const ATTR_VIDEO_CMCD_DL = 'video.cmcd.dl';
/** CMCD measured throughput. Unit: kbit/s. */
export const ATTR_VIDEO_CMCD_MTP = 'video.cmcd.mtp';
/** CMCD object type. */
export const ATTR_VIDEO_CMCD_OT = 'video.cmcd.ot';
/** CMCD playback rate. Unit: 1. */
export const ATTR_VIDEO_CMCD_PR = 'video.cmcd.pr';
/** CMCD requested maximum throughput. Unit: kbit/s. */
export const ATTR_VIDEO_CMCD_RTP = 'video.cmcd.rtp';
/** CMCD streaming format. */
export const ATTR_VIDEO_CMCD_SF = 'video.cmcd.sf';
/** CMCD session id the player sent (the SDK sets it to the view id where it can). */
export const ATTR_VIDEO_CMCD_SID = 'video.cmcd.sid';
/** CMCD content id the player sent. */
export const ATTR_VIDEO_CMCD_CID = 'video.cmcd.cid';
/** CMCD stream type. */
export const ATTR_VIDEO_CMCD_ST = 'video.cmcd.st';
/** CMCD startup flag. */
export const ATTR_VIDEO_CMCD_SU = 'video.cmcd.su';
/** CMCD top bitrate available. Unit: kbit/s. */
export const ATTR_VIDEO_CMCD_TB = 'video.cmcd.tb';
/** Distinct objects (segments, playlists, manifests) the player requested with CMCD during the view, each counted once however often it was retried or observed. Unit: {object}. */
export const ATTR_VIDEO_CMCD_OBJECTS = 'video.cmcd.objects';
/** Why the SDK dropped telemetry it could not deliver. */
export const ATTR_OPENQOE_DROP_REASON = 'openqoe.drop.reason';
/** How many spans and log records were dropped for that reason since the last report. Unit: {record}. */
export const ATTR_OPENQOE_DROP_COUNT = 'openqoe.drop.count';

// ── Types ──
export type SpanName = 'video.view' | 'video.startup' | 'video.rebuffer' | 'video.seek';
export type EventName =
  | 'video.player_ready'
  | 'video.view_start'
  | 'video.playing'
  | 'video.pause'
  | 'video.seek'
  | 'video.stall_start'
  | 'video.stall_end'
  | 'video.ended'
  | 'video.error'
  | 'video.quartile'
  | 'video.heartbeat'
  | 'video.quality_change'
  | 'openqoe.sdk.drop_report';

/** The value type of every attribute the SDK may send. */
export interface AttributeValues {
  'service.name': string;
  'service.version': string;
  'deployment.environment.name': string;
  'telemetry.sdk.name': string;
  'telemetry.sdk.language': string;
  'telemetry.sdk.version': string;
  'telemetry.distro.name': string;
  'telemetry.distro.version': string;
  'session.id': string;
  'user.hash': string;
  'user_agent.original': string;
  'user_agent.name': string;
  'user_agent.version': string;
  'user_agent.os.name': string;
  'user_agent.os.version': string;
  'video.device.type': 'desktop' | 'mobile' | 'tablet' | 'tv' | 'console' | 'other';
  'geo.country.iso_code': string;
  'openqoe.tenant.id': string;
  'openqoe.batch.id': string;
  'openqoe.batch.sent_at': string;
  'openqoe.record.seq': number;
  'openqoe.event.name': string;
  'openqoe.deployment.name': string;
  'video.view.id': string;
  'video.view.end_reason':
    'ended' | 'source_change' | 'detached' | 'destroyed' | 'fatal_error' | 'page_hidden';
  'video.view.exit_before_start': boolean;
  'video.view.wait_time': number;
  'video.view.sample_rate': number;
  'video.player.name': 'html5' | 'videojs' | 'hlsjs' | 'dashjs' | 'shaka' | 'other';
  'video.player.version': string;
  'video.player.instance_id': string;
  'video.player.autoplay': boolean;
  'video.player.width': number;
  'video.player.height': number;
  'video.player.startup_time': number;
  'video.content.id': string;
  'video.content.title': string;
  'video.content.series': string;
  'video.content.duration': number;
  'video.stream.type': 'vod' | 'live' | 'unknown';
  'video.stream.format': 'hls' | 'dash' | 'mp4' | 'webm' | 'other';
  'video.source.url': string;
  'url.full': string;
  'video.startup.time': number;
  'video.startup.first_frame_source': 'rvfc' | 'timeupdate';
  'video.watch_time': number;
  'video.rebuffer.count': number;
  'video.rebuffer.total_duration': number;
  'video.rebuffer.ratio': number;
  'video.rebuffer.frequency': number;
  'video.seek.count': number;
  'video.error.count': number;
  'video.bitrate.rendered_avg': number;
  'video.bitrate.requested_avg': number;
  'video.quality.up_switches': number;
  'video.quality.down_switches': number;
  'video.quality.upscale_ratio': number;
  'video.frames.dropped': number;
  'video.frames.total': number;
  'video.completion': number;
  'openqoe.limits.truncated': number;
  'video.playhead.position': number;
  'video.buffer.length': number;
  'video.rebuffer.index': number;
  'video.rebuffer.duration': number;
  'video.seek.from': number;
  'video.seek.to': number;
  'video.quartile.percent': 25 | 50 | 75 | 100;
  'video.quality.bitrate': number;
  'video.quality.width': number;
  'video.quality.height': number;
  'video.quality.requested_bitrate': number;
  'video.quality.direction': 'up' | 'down' | 'lateral';
  'video.quality.previous_bitrate': number;
  'video.quality.previous_width': number;
  'video.quality.previous_height': number;
  'video.live.latency': number;
  'video.live.latency_estimated': boolean;
  'error.type':
    | 'network'
    | 'manifest'
    | 'media_decode'
    | 'media_unsupported'
    | 'drm'
    | 'timeout'
    | 'aborted'
    | 'other';
  'video.error.code': string;
  'video.error.message': string;
  'video.error.severity': 'fatal' | 'recovered';
  'video.error.before_start': boolean;
  'video.error.user_caused': boolean;
  'video.error.suppressed': number;
  'video.cmcd.br': number;
  'video.cmcd.bl': number;
  'video.cmcd.bs': boolean;
  'video.cmcd.d': number;
  'video.cmcd.dl': number;
  'video.cmcd.mtp': number;
  'video.cmcd.ot': 'm' | 'a' | 'v' | 'av' | 'i' | 'c' | 'tt' | 'k' | 'o';
  'video.cmcd.pr': number;
  'video.cmcd.rtp': number;
  'video.cmcd.sf': 'd' | 'h' | 's' | 'o';
  'video.cmcd.sid': string;
  'video.cmcd.cid': string;
  'video.cmcd.st': 'v' | 'l';
  'video.cmcd.su': boolean;
  'video.cmcd.tb': number;
  'video.cmcd.objects': number;
  'openqoe.drop.reason':
    | 'queue_full'
    | 'ttl_expired'
    | 'storage_unavailable'
    | 'rejected'
    | 'too_large'
    | 'consent_refused';
  'openqoe.drop.count': number;
}

export type AttributeName = keyof AttributeValues;

export interface ResourceAttributes {
  'service.name': AttributeValues['service.name'];
  'telemetry.sdk.name': AttributeValues['telemetry.sdk.name'];
  'telemetry.sdk.language': AttributeValues['telemetry.sdk.language'];
  'telemetry.sdk.version': AttributeValues['telemetry.sdk.version'];
  'telemetry.distro.name': AttributeValues['telemetry.distro.name'];
  'telemetry.distro.version': AttributeValues['telemetry.distro.version'];
  'service.version'?: AttributeValues['service.version'];
  'deployment.environment.name'?: AttributeValues['deployment.environment.name'];
  'session.id'?: AttributeValues['session.id'];
  'user.hash'?: AttributeValues['user.hash'];
  'user_agent.original'?: AttributeValues['user_agent.original'];
  'user_agent.name'?: AttributeValues['user_agent.name'];
  'user_agent.version'?: AttributeValues['user_agent.version'];
  'user_agent.os.name'?: AttributeValues['user_agent.os.name'];
  'user_agent.os.version'?: AttributeValues['user_agent.os.version'];
  'video.device.type'?: AttributeValues['video.device.type'];
  'geo.country.iso_code'?: AttributeValues['geo.country.iso_code'];
  'openqoe.tenant.id'?: AttributeValues['openqoe.tenant.id'];
  'openqoe.batch.id'?: AttributeValues['openqoe.batch.id'];
  'openqoe.batch.sent_at'?: AttributeValues['openqoe.batch.sent_at'];
}

export interface VideoViewSpanAttributes {
  'video.view.end_reason': AttributeValues['video.view.end_reason'];
  'video.player.name': AttributeValues['video.player.name'];
  'video.stream.type': AttributeValues['video.stream.type'];
  'video.view.exit_before_start'?: AttributeValues['video.view.exit_before_start'];
  'video.view.wait_time'?: AttributeValues['video.view.wait_time'];
  'video.view.sample_rate'?: AttributeValues['video.view.sample_rate'];
  'video.player.version'?: AttributeValues['video.player.version'];
  'video.player.instance_id'?: AttributeValues['video.player.instance_id'];
  'video.player.autoplay'?: AttributeValues['video.player.autoplay'];
  'video.player.width'?: AttributeValues['video.player.width'];
  'video.player.height'?: AttributeValues['video.player.height'];
  'video.player.startup_time'?: AttributeValues['video.player.startup_time'];
  'video.content.id'?: AttributeValues['video.content.id'];
  'video.content.title'?: AttributeValues['video.content.title'];
  'video.content.series'?: AttributeValues['video.content.series'];
  'video.content.duration'?: AttributeValues['video.content.duration'];
  'video.stream.format'?: AttributeValues['video.stream.format'];
  'video.source.url'?: AttributeValues['video.source.url'];
  'url.full'?: AttributeValues['url.full'];
  'video.startup.time'?: AttributeValues['video.startup.time'];
  'video.watch_time'?: AttributeValues['video.watch_time'];
  'video.rebuffer.count'?: AttributeValues['video.rebuffer.count'];
  'video.rebuffer.total_duration'?: AttributeValues['video.rebuffer.total_duration'];
  'video.rebuffer.ratio'?: AttributeValues['video.rebuffer.ratio'];
  'video.rebuffer.frequency'?: AttributeValues['video.rebuffer.frequency'];
  'video.seek.count'?: AttributeValues['video.seek.count'];
  'video.error.count'?: AttributeValues['video.error.count'];
  'video.bitrate.rendered_avg'?: AttributeValues['video.bitrate.rendered_avg'];
  'video.bitrate.requested_avg'?: AttributeValues['video.bitrate.requested_avg'];
  'video.quality.up_switches'?: AttributeValues['video.quality.up_switches'];
  'video.quality.down_switches'?: AttributeValues['video.quality.down_switches'];
  'video.quality.upscale_ratio'?: AttributeValues['video.quality.upscale_ratio'];
  'video.frames.dropped'?: AttributeValues['video.frames.dropped'];
  'video.frames.total'?: AttributeValues['video.frames.total'];
  'video.completion'?: AttributeValues['video.completion'];
  'openqoe.limits.truncated'?: AttributeValues['openqoe.limits.truncated'];
  'video.cmcd.sid'?: AttributeValues['video.cmcd.sid'];
  'video.cmcd.cid'?: AttributeValues['video.cmcd.cid'];
  'video.cmcd.objects'?: AttributeValues['video.cmcd.objects'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
}

export interface VideoStartupSpanAttributes {
  'video.startup.first_frame_source'?: AttributeValues['video.startup.first_frame_source'];
  'video.player.autoplay'?: AttributeValues['video.player.autoplay'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.content.id'?: AttributeValues['video.content.id'];
}

export interface VideoRebufferSpanAttributes {
  'video.rebuffer.index': AttributeValues['video.rebuffer.index'];
  'video.playhead.position'?: AttributeValues['video.playhead.position'];
  'video.buffer.length'?: AttributeValues['video.buffer.length'];
  'video.quality.bitrate'?: AttributeValues['video.quality.bitrate'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.content.id'?: AttributeValues['video.content.id'];
}

export interface VideoSeekSpanAttributes {
  'video.seek.from'?: AttributeValues['video.seek.from'];
  'video.seek.to'?: AttributeValues['video.seek.to'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.content.id'?: AttributeValues['video.content.id'];
}

export interface VideoPlayerReadyEventAttributes {
  'video.player.startup_time'?: AttributeValues['video.player.startup_time'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.player.version'?: AttributeValues['video.player.version'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.content.id'?: AttributeValues['video.content.id'];
}

export interface VideoViewStartEventAttributes {
  'video.player.autoplay'?: AttributeValues['video.player.autoplay'];
  'video.content.id'?: AttributeValues['video.content.id'];
  'video.content.title'?: AttributeValues['video.content.title'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
}

export interface VideoPlayingEventAttributes {
  'video.playhead.position'?: AttributeValues['video.playhead.position'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.content.id'?: AttributeValues['video.content.id'];
}

export interface VideoPauseEventAttributes {
  'video.playhead.position'?: AttributeValues['video.playhead.position'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.content.id'?: AttributeValues['video.content.id'];
}

export interface VideoSeekEventAttributes {
  'video.seek.from'?: AttributeValues['video.seek.from'];
  'video.seek.to'?: AttributeValues['video.seek.to'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.content.id'?: AttributeValues['video.content.id'];
}

export interface VideoStallStartEventAttributes {
  'video.playhead.position'?: AttributeValues['video.playhead.position'];
  'video.buffer.length'?: AttributeValues['video.buffer.length'];
  'video.rebuffer.index'?: AttributeValues['video.rebuffer.index'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.content.id'?: AttributeValues['video.content.id'];
}

export interface VideoStallEndEventAttributes {
  'video.playhead.position'?: AttributeValues['video.playhead.position'];
  'video.rebuffer.duration'?: AttributeValues['video.rebuffer.duration'];
  'video.rebuffer.index'?: AttributeValues['video.rebuffer.index'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.content.id'?: AttributeValues['video.content.id'];
}

export interface VideoEndedEventAttributes {
  'video.playhead.position'?: AttributeValues['video.playhead.position'];
  'video.watch_time'?: AttributeValues['video.watch_time'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.content.id'?: AttributeValues['video.content.id'];
}

export interface VideoErrorEventAttributes {
  'error.type': AttributeValues['error.type'];
  'video.error.severity': AttributeValues['video.error.severity'];
  'video.error.code'?: AttributeValues['video.error.code'];
  'video.error.message'?: AttributeValues['video.error.message'];
  'video.error.before_start'?: AttributeValues['video.error.before_start'];
  'video.error.user_caused'?: AttributeValues['video.error.user_caused'];
  'video.error.suppressed'?: AttributeValues['video.error.suppressed'];
  'video.playhead.position'?: AttributeValues['video.playhead.position'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.content.id'?: AttributeValues['video.content.id'];
}

export interface VideoQuartileEventAttributes {
  'video.quartile.percent': AttributeValues['video.quartile.percent'];
  'video.playhead.position'?: AttributeValues['video.playhead.position'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.content.id'?: AttributeValues['video.content.id'];
}

export interface VideoHeartbeatEventAttributes {
  'video.playhead.position'?: AttributeValues['video.playhead.position'];
  'video.watch_time'?: AttributeValues['video.watch_time'];
  'video.buffer.length'?: AttributeValues['video.buffer.length'];
  'video.quality.bitrate'?: AttributeValues['video.quality.bitrate'];
  'video.quality.width'?: AttributeValues['video.quality.width'];
  'video.quality.height'?: AttributeValues['video.quality.height'];
  'video.frames.dropped'?: AttributeValues['video.frames.dropped'];
  'video.live.latency'?: AttributeValues['video.live.latency'];
  'video.live.latency_estimated'?: AttributeValues['video.live.latency_estimated'];
  'video.rebuffer.count'?: AttributeValues['video.rebuffer.count'];
  'video.rebuffer.total_duration'?: AttributeValues['video.rebuffer.total_duration'];
  'video.cmcd.br'?: AttributeValues['video.cmcd.br'];
  'video.cmcd.bl'?: AttributeValues['video.cmcd.bl'];
  'video.cmcd.bs'?: AttributeValues['video.cmcd.bs'];
  'video.cmcd.d'?: AttributeValues['video.cmcd.d'];
  'video.cmcd.dl'?: AttributeValues['video.cmcd.dl'];
  'video.cmcd.mtp'?: AttributeValues['video.cmcd.mtp'];
  'video.cmcd.ot'?: AttributeValues['video.cmcd.ot'];
  'video.cmcd.pr'?: AttributeValues['video.cmcd.pr'];
  'video.cmcd.rtp'?: AttributeValues['video.cmcd.rtp'];
  'video.cmcd.sf'?: AttributeValues['video.cmcd.sf'];
  'video.cmcd.sid'?: AttributeValues['video.cmcd.sid'];
  'video.cmcd.cid'?: AttributeValues['video.cmcd.cid'];
  'video.cmcd.st'?: AttributeValues['video.cmcd.st'];
  'video.cmcd.su'?: AttributeValues['video.cmcd.su'];
  'video.cmcd.tb'?: AttributeValues['video.cmcd.tb'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.content.id'?: AttributeValues['video.content.id'];
}

export interface VideoQualityChangeEventAttributes {
  'video.quality.direction': AttributeValues['video.quality.direction'];
  'video.quality.bitrate'?: AttributeValues['video.quality.bitrate'];
  'video.quality.width'?: AttributeValues['video.quality.width'];
  'video.quality.height'?: AttributeValues['video.quality.height'];
  'video.quality.previous_bitrate'?: AttributeValues['video.quality.previous_bitrate'];
  'video.quality.previous_width'?: AttributeValues['video.quality.previous_width'];
  'video.quality.previous_height'?: AttributeValues['video.quality.previous_height'];
  'video.quality.requested_bitrate'?: AttributeValues['video.quality.requested_bitrate'];
  'video.playhead.position'?: AttributeValues['video.playhead.position'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.content.id'?: AttributeValues['video.content.id'];
}

export interface OpenqoeSdkDropReportEventAttributes {
  'openqoe.drop.reason': AttributeValues['openqoe.drop.reason'];
  'openqoe.drop.count': AttributeValues['openqoe.drop.count'];
  'video.view.id'?: AttributeValues['video.view.id'];
  'openqoe.record.seq'?: AttributeValues['openqoe.record.seq'];
  'video.player.name'?: AttributeValues['video.player.name'];
  'video.stream.type'?: AttributeValues['video.stream.type'];
  'video.content.id'?: AttributeValues['video.content.id'];
}

/** Attributes allowed on each span, by span name. */
export interface SpanAttributesByName {
  'video.view': VideoViewSpanAttributes;
  'video.startup': VideoStartupSpanAttributes;
  'video.rebuffer': VideoRebufferSpanAttributes;
  'video.seek': VideoSeekSpanAttributes;
}

/** Attributes allowed on each event, by event name. */
export interface EventAttributesByName {
  'video.player_ready': VideoPlayerReadyEventAttributes;
  'video.view_start': VideoViewStartEventAttributes;
  'video.playing': VideoPlayingEventAttributes;
  'video.pause': VideoPauseEventAttributes;
  'video.seek': VideoSeekEventAttributes;
  'video.stall_start': VideoStallStartEventAttributes;
  'video.stall_end': VideoStallEndEventAttributes;
  'video.ended': VideoEndedEventAttributes;
  'video.error': VideoErrorEventAttributes;
  'video.quartile': VideoQuartileEventAttributes;
  'video.heartbeat': VideoHeartbeatEventAttributes;
  'video.quality_change': VideoQualityChangeEventAttributes;
  'openqoe.sdk.drop_report': OpenqoeSdkDropReportEventAttributes;
}

/** Longest string each span or log record attribute may carry where it is not LIMITS.stringLength; the SDK truncates beyond it (S10). */
export const ATTRIBUTE_MAX_LENGTH: { readonly [name: string]: number } = {
  'video.view.id': 32,
  'video.player.version': 32,
  'video.player.instance_id': 64,
  'video.content.id': 128,
  'video.content.title': 256,
  'video.content.series': 256,
  'video.error.code': 64,
  'video.error.message': 512,
  'video.cmcd.sid': 64,
  'video.cmcd.cid': 128,
};

/** Defaults shared with the receiver (S10, R4). */
export const LIMITS = {
  attributesPerItem: 64,
  itemsPerRequest: 1000,
  arrayLength: 32,
  stringLength: 1024,
} as const;
