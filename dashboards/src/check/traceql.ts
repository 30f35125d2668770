// Checks a TraceQL expression with Grafana's TraceQL grammar (@grafana/lezer-traceql): it must
// parse, every attribute must be a contract attribute in the scope the contract puts it
// (resource or span), and every span name compared must be one of the contract's spans.
import { parser } from '@grafana/lezer-traceql';
import type { Contract } from '../contract.js';
import { descendants, syntaxErrors, textOf } from './syntax.js';

export interface TempoNames {
  resource: ReadonlySet<string>;
  span: ReadonlySet<string>;
  spans: ReadonlySet<string>;
}

export function tempoNames(contract: Contract): TempoNames {
  const span = new Set<string>(contract.common);
  for (const def of contract.spans.values()) {
    for (const a of [...def.required, ...def.optional]) span.add(a);
  }
  return {
    resource: new Set([...contract.resource.required, ...contract.resource.optional]),
    span,
    spans: new Set(contract.spans.keys()),
  };
}

export function traceqlProblems(text: string, names: TempoNames): string[] {
  const tree = parser.parse(text);
  const problems = syntaxErrors(tree, text);
  if (problems.length > 0) return problems;
  for (const field of descendants(tree.topNode, 'AttributeField')) {
    const id = field.getChild('Identifier');
    if (!id) continue;
    const attribute = textOf(id, text);
    if (field.getChild('Resource')) {
      if (!names.resource.has(attribute))
        problems.push(`resource.${attribute} is not a resource attribute`);
    } else if (field.getChild('Span')) {
      if (!names.span.has(attribute)) problems.push(`span.${attribute} is not a span attribute`);
    } else if (!names.span.has(attribute) && !names.resource.has(attribute)) {
      problems.push(`${attribute} is not an attribute in the contract`);
    }
  }
  // `name = "..."`: the compared string must be a span the contract defines.
  for (const intrinsic of descendants(tree.topNode, 'IntrinsicField')) {
    if (textOf(intrinsic, text) !== 'name') continue;
    const comparison = intrinsic.parent?.parent;
    if (!comparison) continue;
    for (const value of descendants(comparison, 'String')) {
      const spanName = JSON.parse(textOf(value, text)) as string;
      if (!names.spans.has(spanName)) problems.push(`unknown span ${spanName}`);
    }
  }
  return [...new Set(problems)];
}
