// Why a request was refused, as the client and the receiver's own counters see it. The HTTP layer
// turns a Rejection into `{ "error": { "code", "message" } }` (R11); the domain only decides.

/** The `reason` attribute of the receiver's request counter. */
export type RejectReason =
  | 'auth'
  | 'origin'
  | 'size'
  | 'encoding'
  | 'json'
  | 'schema'
  | 'timestamp'
  | 'rate'
  | 'overload'
  | 'downstream'
  | 'internal';

export class Rejection extends Error {
  constructor(
    readonly status: number,
    /** Stable, machine-readable: clients and tests match on it, so never rename one. */
    readonly code: string,
    message: string,
    readonly reason: RejectReason,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'Rejection';
  }
}

/** Items (spans, log records, legacy events) refused while the rest of the batch goes on. */
export class ItemRejections {
  /** The rejected values themselves: items or whole resource entries (objects, or junk). */
  readonly objects = new Set<unknown>();
  /** Items rejected, counting every item of a rejected resource. */
  count = 0;
  /** The first rejection: what was refused, where (a JSON pointer), why, and by which check. */
  first: { object: unknown; path: string; problem: string; reason: RejectReason } | undefined;

  reject(
    object: unknown,
    items: number,
    path: string,
    problem: string,
    reason: RejectReason,
  ): void {
    this.objects.add(object);
    this.count += items;
    this.first ??= { object, path: path || '/', problem, reason };
  }

  /** `<JSON pointer>: <problem>` of the first rejection, for OTLP's errorMessage. */
  get firstProblem(): string | undefined {
    return this.first && `${this.first.path}: ${this.first.problem}`;
  }
}
