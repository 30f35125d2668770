// The attributes only the receiver may set (the contract's `set_by: receiver`): whatever a client
// sent under those names is removed, then the receiver's own values are added to every resource —
// the tenant, the batch id and send time (T6, T7), the user-agent classification and, when a
// trusted proxy supplies it, the country. The user agent string itself is never made a label.
import type { CardinalityGovernor } from './cardinality.js';
import { SIGNAL_SHAPES, type KeyValue, type Resource, type Signal } from './otlp.js';
import type { UserAgentClassifier } from './user-agent.js';

export interface ReceiverFacts {
  readonly tenant: string;
  readonly batchId: string | undefined;
  readonly sentAtNs: string | undefined;
  /** The request's User-Agent header, used when a resource carries no user_agent.original. */
  readonly userAgent: string | undefined;
  /** ISO 3166-1 alpha-2, from a trusted proxy header. */
  readonly country: string | undefined;
}

function resources(signal: Signal, body: object): Resource[] {
  const shape = SIGNAL_SHAPES[signal];
  return ((body as Record<string, unknown>)[shape.resources] as Record<string, unknown>[]).map(
    (entry) => entry.resource as Resource,
  );
}

/** Removes client-sent values of receiver-set attributes, in place. */
export function stripReceiverSet(
  signal: Signal,
  body: object,
  receiverSet: ReadonlySet<string>,
): void {
  for (const resource of resources(signal, body)) {
    const attributes = resource.attributes;
    if (attributes.some((attribute) => receiverSet.has(attribute.key))) {
      resource.attributes = attributes.filter((attribute) => !receiverSet.has(attribute.key));
    }
  }
}

function text(key: string, value: string): KeyValue {
  return { key, value: { stringValue: value } };
}

/** Adds the receiver's attributes to every resource; label values go through the governor. */
export function addReceiverAttributes(
  signal: Signal,
  body: object,
  facts: ReceiverFacts,
  classifier: UserAgentClassifier,
  governor: CardinalityGovernor,
): void {
  const common: KeyValue[] = [text('openqoe.tenant.id', facts.tenant)];
  if (facts.batchId !== undefined) common.push(text('openqoe.batch.id', facts.batchId));
  if (facts.sentAtNs !== undefined) common.push(text('openqoe.batch.sent_at', facts.sentAtNs));
  if (facts.country !== undefined) {
    const country = governor.govern('geo.country.iso_code', facts.country);
    if (country !== undefined) common.push(text('geo.country.iso_code', country));
  }
  const label = (key: string, value: string, into: KeyValue[]): void => {
    const governed = governor.govern(key, value);
    if (governed !== undefined) into.push(text(key, governed));
  };
  for (const resource of resources(signal, body)) {
    const attributes = resource.attributes;
    for (const attribute of common) attributes.push(attribute);
    let userAgent = facts.userAgent;
    for (const attribute of attributes) {
      if (attribute.key === 'user_agent.original') {
        userAgent = attribute.value.stringValue;
        break;
      }
    }
    if (userAgent === undefined) continue;
    const ua = classifier.classify(userAgent);
    label('user_agent.name', ua.browserName, attributes);
    if (ua.browserVersion !== undefined)
      attributes.push(text('user_agent.version', ua.browserVersion));
    label('user_agent.os.name', ua.osName, attributes);
    if (ua.osVersion !== undefined) attributes.push(text('user_agent.os.version', ua.osVersion));
    label('video.device.type', ua.deviceType, attributes);
  }
}
