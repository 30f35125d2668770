// Checks a LogQL expression with Grafana's LogQL grammar (@grafana/lezer-logql): it must parse,
// stream selectors may only use Loki's stream labels, every other field (label filters, unwrap,
// grouping) must be a contract attribute as Loki names it or a field Loki's OTLP ingest adds, and
// every event name compared must be one of the contract's events.
import { parser } from '@grafana/lezer-logql';
import { prometheusLabelName, type Contract } from '../contract.js';
import { LOKI_RECORD_FIELDS, LOKI_STREAM_LABELS } from '../logql.js';
import { ancestor, descendants, syntaxErrors, textOf } from './syntax.js';

export interface LokiNames {
  stream: ReadonlySet<string>;
  fields: ReadonlySet<string>;
  events: ReadonlySet<string>;
}

export function lokiNames(contract: Contract): LokiNames {
  const attributes = [...contract.attributes.values()]
    .filter((a) => a.cardinality !== 'never')
    .map((a) => prometheusLabelName(a.name));
  return {
    stream: new Set(LOKI_STREAM_LABELS),
    fields: new Set([...attributes, ...LOKI_RECORD_FIELDS, ...LOKI_STREAM_LABELS]),
    events: new Set(contract.events.keys()),
  };
}

const EVENT_LABEL = 'openqoe_event_name';

export function logqlProblems(text: string, names: LokiNames): string[] {
  const tree = parser.parse(text);
  const problems = syntaxErrors(tree, text);
  if (problems.length > 0) return problems;
  for (const id of descendants(tree.topNode, 'Identifier')) {
    const name = textOf(id, text);
    const inSelector = ancestor(id, ['Selector']) !== null;
    if (inSelector && !names.stream.has(name)) problems.push(`${name} is not a Loki stream label`);
    if (!inSelector && !names.fields.has(name)) problems.push(`unknown field ${name}`);
    if (name !== EVENT_LABEL || id.parent?.name !== 'Matcher') continue;
    for (const value of descendants(id.parent, 'String')) {
      const event = JSON.parse(textOf(value, text)) as string;
      const op = id.parent.getChild('Eq') ?? id.parent.getChild('Neq');
      if (op && !names.events.has(event)) problems.push(`unknown event ${event}`);
    }
  }
  return [...new Set(problems)];
}
