// The view tracker's output as OpenTelemetry: a root span `video.view` per view in a new trace,
// child spans in its context, and each player event as a log record with EventName in the view's
// context (so it carries the view's trace and span ids). Every item also carries the view id and a
// per-view sequence number (T6).
import { ROOT_CONTEXT, trace, type Attributes, type Tracer } from '@opentelemetry/api';
import { SeverityNumber, type Logger } from '@opentelemetry/api-logs';
import {
  ATTR_OPENQOE_LIMITS_TRUNCATED,
  ATTR_OPENQOE_RECORD_SEQ,
  ATTR_VIDEO_CONTENT_ID,
  ATTR_VIDEO_ERROR_SEVERITY,
  ATTR_VIDEO_PLAYER_NAME,
  ATTR_VIDEO_STREAM_TYPE,
  ATTR_VIDEO_VIEW_ID,
  EVENT_VIDEO_ERROR,
  SPAN_VIDEO_VIEW,
  type EventName,
} from '../generated/contract.js';
import type { ViewScope, ViewSink } from '../view/sink.js';
import {
  DEFAULT_ATTRIBUTE_LIMITS,
  limitAttributes,
  type AttributeLimits,
} from './attribute-limits.js';

/** The instrumentation scope of every span and log record the SDK makes. */
export const INSTRUMENTATION_NAME = '@openqoe/sdk';

type AttributeInput = { readonly [name: string]: string | number | boolean | undefined };

function severityOf(name: EventName, attributes: object | undefined): SeverityNumber {
  if (name !== EVENT_VIDEO_ERROR) return SeverityNumber.INFO;
  const severity = (attributes as AttributeInput | undefined)?.[ATTR_VIDEO_ERROR_SEVERITY];
  return severity === 'fatal' ? SeverityNumber.ERROR : SeverityNumber.WARN;
}

const VIEW_DIMENSIONS = [
  ATTR_VIDEO_PLAYER_NAME,
  ATTR_VIDEO_STREAM_TYPE,
  ATTR_VIDEO_CONTENT_ID,
] as const;

function pickDefined(input: AttributeInput, keys: readonly string[]): Attributes {
  const picked: Attributes = {};
  for (const key of keys) {
    const value = input[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}

export class OtelViewSink implements ViewSink {
  constructor(
    private readonly tracer: Tracer,
    private readonly logger: Logger,
    private readonly limits: AttributeLimits = DEFAULT_ATTRIBUTE_LIMITS,
  ) {}

  startView(at: number, viewAttributes: AttributeInput): ViewScope {
    const { tracer, logger, limits } = this;
    let cuts = 0;
    let sequence = 0;
    // Contract attribute types are all plain scalars; the generic per-span and per-event
    // interfaces are narrowed to that shape here, once.
    const limited = (input: object | undefined, extra: Attributes): Attributes => {
      const result = limitAttributes(
        { ...(input as AttributeInput | undefined), ...extra },
        limits,
      );
      cuts += result.cuts;
      return result.attributes;
    };
    const root = tracer.startSpan(SPAN_VIDEO_VIEW, { startTime: at, root: true }, ROOT_CONTEXT);
    const viewId = root.spanContext().traceId;
    root.setAttributes(limited(viewAttributes, { [ATTR_VIDEO_VIEW_ID]: viewId }));
    const viewContext = trace.setSpan(ROOT_CONTEXT, root);
    // The view's low-cardinality dimensions ride on every item, so that metrics derived from a
    // child span or an event downstream are labelled like those derived from the root span.
    const dimensions = pickDefined(viewAttributes, VIEW_DIMENSIONS);
    const stamp = (): Attributes => ({
      ...dimensions,
      [ATTR_VIDEO_VIEW_ID]: viewId,
      [ATTR_OPENQOE_RECORD_SEQ]: sequence++,
    });

    return {
      viewId,
      startSpan(name, startAt, attributes) {
        const span = tracer.startSpan(
          name,
          { startTime: startAt, attributes: limited(attributes, stamp()) },
          viewContext,
        );
        return {
          end(endAt, endAttributes) {
            if (endAttributes) span.setAttributes(limited(endAttributes, {}));
            span.end(endAt);
          },
        };
      },
      event(name, eventAt, attributes) {
        logger.emit({
          eventName: name,
          timestamp: eventAt,
          severityNumber: severityOf(name, attributes),
          attributes: limited(attributes, stamp()),
          context: viewContext,
        });
      },
      end(endAt, attributes) {
        // The root span ends last, so its sequence number is the view's highest: a gap below it
        // tells downstream that something of this view was lost.
        const final = limited(attributes, { [ATTR_OPENQOE_RECORD_SEQ]: sequence++ });
        root.setAttributes(final);
        if (cuts > 0) root.setAttribute(ATTR_OPENQOE_LIMITS_TRUNCATED, cuts);
        root.end(endAt);
      },
    };
  }

  event(name: EventName, at: number, attributes?: object): void {
    this.logger.emit({
      eventName: name,
      timestamp: at,
      severityNumber: severityOf(name, attributes),
      attributes: limitAttributes({ ...(attributes as AttributeInput | undefined) }, this.limits)
        .attributes,
    });
  }
}
