// Checks a PromQL expression with Prometheus' own grammar (@prometheus-io/lezer-promql): it must
// parse, every metric must be a known series, and every label it matches or groups by must be a
// label of the series involved.
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { ancestor, descendants, syntaxErrors, textOf } from './syntax.js';

/** Series name → the label names it carries. */
export type SeriesCatalogue = ReadonlyMap<string, ReadonlySet<string>>;

/** Metric names of the vector selectors under `node`. */
export function metricsUnder(node: SyntaxNode, text: string): string[] {
  return descendants(node, 'VectorSelector').flatMap((selector) => {
    const id = selector.getChild('Identifier');
    return id ? [textOf(id, text)] : [];
  });
}

export function parsePromQl(text: string) {
  return parser.parse(text);
}

export function promqlProblems(text: string, catalogue: SeriesCatalogue): string[] {
  const tree = parsePromQl(text);
  const problems = syntaxErrors(tree, text);
  if (problems.length > 0) return problems;
  const top = tree.topNode;

  for (const selector of descendants(top, 'VectorSelector')) {
    const id = selector.getChild('Identifier');
    if (!id) {
      problems.push(`selector ${textOf(selector, text)} names no metric`);
      continue;
    }
    const metric = textOf(id, text);
    const labels = catalogue.get(metric);
    if (!labels) {
      problems.push(`unknown metric ${metric}`);
      continue;
    }
    for (const name of descendants(selector, 'LabelName')) {
      const label = textOf(name, text);
      if (!labels.has(label)) problems.push(`${metric} has no label ${label}`);
    }
  }

  // by (...) / without (...) / on (...) / ignoring (...): the labels must exist on every series
  // the aggregation or binary operation reads.
  for (const grouping of descendants(top, 'GroupingLabels')) {
    const scope = ancestor(grouping, ['AggregateExpr', 'BinaryExpr']);
    if (!scope) continue;
    const metrics = metricsUnder(scope, text).filter((m) => catalogue.has(m));
    for (const name of descendants(grouping, 'LabelName')) {
      const label = textOf(name, text);
      for (const metric of metrics) {
        if (!catalogue.get(metric)?.has(label))
          problems.push(`${metric} has no label ${label} to group by`);
      }
    }
  }
  return [...new Set(problems)];
}
