// What happens to a parsed body between the HTTP edge and the forwarder, in the order the issue
// fixes: structural pre-scan → contract schema → timestamp policy → cardinality governance →
// receiver attributes (user agent, tenant, batch). Items refused on the way are removed and
// counted; the rest is returned ready to serialise. Throws a Rejection when nothing can go on.
import type { ContractValidators } from '../schemas.js';
import type { CardinalityGovernor } from './cardinality.js';
import { addReceiverAttributes, stripReceiverSet, type ReceiverFacts } from './enrich.js';
import { translateLegacyEvents, type LegacyEvent } from './legacy-events.js';
import { SIGNAL_SHAPES, removeItems, type KeyValue, type LogRecord, type Signal } from './otlp.js';
import { prescanLegacy, prescanOtlp, type ShapeLimits } from './prescan.js';
import { ItemRejections, Rejection, type RejectReason } from './rejection.js';
import { applyTimestampPolicy, type TimestampPolicy } from './timestamps.js';
import type { UserAgentClassifier } from './user-agent.js';
import { validateLegacy, validateOtlp } from './validate.js';

export interface TenantContext {
  readonly id: string;
  readonly governor: CardinalityGovernor;
  readonly viewerHashSalt: string | undefined;
}

export interface RequestFacts extends Omit<ReceiverFacts, 'tenant'> {
  readonly nowMs: number;
}

export interface PreparedBatch {
  readonly signal: Signal;
  /** The OTLP export request to forward. */
  readonly body: object;
  /** Items (or legacy events) in the request as received. */
  readonly received: number;
  readonly accepted: number;
  readonly rejected: number;
  /** `<JSON pointer>: <problem>` of the first refused item. */
  readonly firstProblem: string | undefined;
  readonly firstReason: RejectReason | undefined;
  readonly timestampsCorrected: number;
  /** Items refused by the timestamp policy (included in `rejected`). */
  readonly timestampsRejected: number;
  /** Legacy data fields with no place in the contract, left out. */
  readonly unmappedFields: number;
}

export interface PipelineSettings {
  readonly limits: ShapeLimits;
  readonly timestamps: TimestampPolicy;
  /** service.name given to /v2/events data. */
  readonly legacyServiceName: string;
}

export class Pipeline {
  constructor(
    private readonly validators: ContractValidators,
    private readonly settings: PipelineSettings,
    private readonly receiverSet: ReadonlySet<string>,
    private readonly classifier: UserAgentClassifier,
  ) {}

  prepareOtlp(
    signal: Signal,
    parsed: unknown,
    tenant: TenantContext,
    facts: RequestFacts,
  ): PreparedBatch {
    const received = prescanOtlp(signal, parsed, this.settings.limits);
    const rejections = new ItemRejections();
    validateOtlp(signal, parsed, this.validators[signal], rejections);
    if (rejections.count > 0) removeItems(signal, parsed, rejections.objects);
    return this.finish(signal, parsed, received, rejections, tenant, facts, 0);
  }

  prepareLegacy(parsed: unknown, tenant: TenantContext, facts: RequestFacts): PreparedBatch {
    const received = prescanLegacy(parsed, this.settings.limits);
    const rejections = new ItemRejections();
    validateLegacy(parsed, this.validators.legacy, rejections);
    const translation = translateLegacyEvents(parsed.events as unknown as LegacyEvent[], {
      viewerHashSalt: tenant.viewerHashSalt,
      serviceName: this.settings.legacyServiceName,
      skip: rejections.objects,
    });
    const body = translation.body;
    // The translation can still miss something the contract requires (a quality change without
    // a direction): such records are refused like OTLP items, named by their original index.
    const translated = new ItemRejections();
    validateOtlp('logs', body, this.validators.logs, translated);
    for (const refused of translated.objects) {
      const index = translation.eventIndex.get(refused as LogRecord);
      rejections.reject(
        refused,
        1,
        index === undefined ? '/events' : `/events/${index}`,
        translated.first !== undefined && translated.first.object === refused
          ? translated.first.problem
          : 'does not match the contract',
        'schema',
      );
    }
    if (translated.count > 0) removeItems('logs', body, translated.objects);
    return this.finish(
      'logs',
      body,
      received,
      rejections,
      tenant,
      facts,
      translation.unmappedFields,
    );
  }

  private finish(
    signal: Signal,
    body: object,
    received: number,
    rejections: ItemRejections,
    tenant: TenantContext,
    facts: RequestFacts,
    unmappedFields: number,
  ): PreparedBatch {
    const before = rejections.count;
    const time = applyTimestampPolicy(
      signal,
      body,
      facts.nowMs,
      facts.sentAtNs,
      this.settings.timestamps,
      rejections,
    );
    const accepted =
      rejections.count > before ? removeItems(signal, body, rejections.objects) : received - before;
    if (accepted <= 0) {
      const first = rejections.first;
      const timestamp = first?.reason === 'timestamp';
      throw new Rejection(
        400,
        timestamp ? 'timestamp_out_of_range' : 'schema_violation',
        rejections.firstProblem ?? 'the request holds no items',
        timestamp ? 'timestamp' : 'schema',
      );
    }
    stripReceiverSet(signal, body, this.receiverSet);
    this.govern(signal, body, tenant.governor);
    addReceiverAttributes(
      signal,
      body,
      { ...facts, tenant: tenant.id },
      this.classifier,
      tenant.governor,
    );
    return {
      signal,
      body,
      received,
      accepted,
      rejected: rejections.count,
      firstProblem: rejections.firstProblem,
      firstReason: rejections.first?.reason,
      timestampsCorrected: time.corrected,
      timestampsRejected: time.rejected,
      unmappedFields,
    };
  }

  private govern(signal: Signal, body: object, governor: CardinalityGovernor): void {
    governor.tick();
    const shape = SIGNAL_SHAPES[signal];
    for (const entry of (body as Record<string, unknown>)[shape.resources] as Record<
      string,
      unknown
    >[]) {
      const resource = entry.resource as { attributes: KeyValue[] };
      resource.attributes = governor.governAttributes(resource.attributes);
      for (const scope of entry[shape.scopes] as Record<string, unknown>[]) {
        for (const item of scope[shape.items] as {
          attributes?: KeyValue[];
        }[]) {
          if (item.attributes !== undefined) {
            item.attributes = governor.governAttributes(item.attributes);
          }
        }
      }
    }
  }
}
