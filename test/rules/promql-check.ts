// Checks a PromQL expression against the series that will exist in Mimir: the contract's metrics
// (with their contract labels, dots → underscores, plus `le` on histogram buckets) and the recording
// rules defined so far. It parses with @prometheus-io/lezer-promql and infers, bottom-up, which
// labels each sub-expression's result carries, so that a `by`, `on` or matcher naming a label that
// cannot be there is caught, as is a one-to-one division whose sides can never match.
// Deliberately small: functions it does not model are reported rather than guessed.
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import type { Contract } from '@openqoe/contract';
import { prometheusLabelName, prometheusSeriesNames } from '@openqoe/contract';

/** A series name Mimir will hold, with its possible labels and, per label, its allowed values. */
export interface SeriesSchema {
  labels: ReadonlySet<string>;
  /** Closed value sets (contract enums, booleans); labels not in the map take any value. */
  values: ReadonlyMap<string, ReadonlySet<string>>;
}

export type SeriesCatalogue = Map<string, SeriesSchema>;

/** Result of one expression: its output labels (null when scalar) and every problem found. */
export interface ExpressionReport {
  labels: ReadonlySet<string> | null;
  problems: string[];
  metrics: string[];
}

/** The contract's metrics as Prometheus series. */
export function contractCatalogue(contract: Contract): SeriesCatalogue {
  const catalogue: SeriesCatalogue = new Map();
  for (const metric of contract.metrics.values()) {
    const values = new Map<string, ReadonlySet<string>>();
    const labels = new Set<string>();
    for (const attributeName of metric.labels) {
      const label = prometheusLabelName(attributeName);
      labels.add(label);
      const attribute = contract.attributes.get(attributeName);
      if (attribute?.type === 'boolean') values.set(label, new Set(['true', 'false']));
      else if (attribute?.enum) values.set(label, new Set(attribute.enum.map(String)));
    }
    for (const series of prometheusSeriesNames(metric)) {
      const seriesLabels = new Set(labels);
      if (series.endsWith('_bucket') && metric.type === 'histogram') seriesLabels.add('le');
      catalogue.set(series, { labels: seriesLabels, values });
    }
  }
  return catalogue;
}

// Functions whose result keeps the labels of their (first) vector argument.
const LABEL_PRESERVING = new Set([
  'rate',
  'irate',
  'increase',
  'delta',
  'idelta',
  'deriv',
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'sum_over_time',
  'count_over_time',
  'last_over_time',
  'abs',
  'ceil',
  'floor',
  'round',
  'sqrt',
  'exp',
  'ln',
  'log2',
  'log10',
  'clamp',
  'clamp_min',
  'clamp_max',
]);
const SET_OPERATORS = new Set(['And', 'Or', 'Unless']);
const SIMPLE_AGGREGATIONS = new Set(['Sum', 'Avg', 'Min', 'Max', 'Count', 'Group']);

interface Value {
  /** Output labels; null for a scalar (number literal). */
  labels: Set<string> | null;
}

class Checker {
  readonly problems: string[] = [];
  readonly metrics: string[] = [];

  constructor(
    private readonly source: string,
    private readonly catalogue: ReadonlyMap<string, SeriesSchema>,
  ) {}

  private text(node: SyntaxNode): string {
    return this.source.slice(node.from, node.to);
  }

  private problem(node: SyntaxNode, message: string): void {
    this.problems.push(`${message} (at "${this.text(node).replace(/\s+/g, ' ').slice(0, 60)}")`);
  }

  private groupingLabels(node: SyntaxNode | null): string[] {
    if (!node) return [];
    return node.getChildren('LabelName').map((label) => this.text(label));
  }

  private requireLabels(node: SyntaxNode, names: string[], have: Set<string>, side: string): void {
    for (const name of names) {
      if (!have.has(name)) this.problem(node, `label ${name} is not a label of the ${side}`);
    }
  }

  evaluate(node: SyntaxNode): Value {
    switch (node.name) {
      case 'PromQL':
      case 'ParenExpr':
      case 'OffsetExpr':
      case 'SubqueryExpr':
      case 'MatrixSelector':
        return this.firstExpression(node);
      case 'NumberDurationLiteral':
        return { labels: null };
      case 'VectorSelector':
        return this.vectorSelector(node);
      case 'FunctionCall':
        return this.functionCall(node);
      case 'AggregateExpr':
        return this.aggregate(node);
      case 'BinaryExpr':
        return this.binary(node);
      case 'UnaryExpr':
        return this.firstExpression(node);
      default:
        this.problem(node, `unsupported expression ${node.name}`);
        return { labels: new Set() };
    }
  }

  private firstExpression(node: SyntaxNode): Value {
    const inner = this.expressionChildren(node)[0];
    if (!inner) {
      this.problem(node, 'empty expression');
      return { labels: new Set() };
    }
    return this.evaluate(inner);
  }

  private expressionChildren(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (
        [
          'ParenExpr',
          'OffsetExpr',
          'SubqueryExpr',
          'MatrixSelector',
          'NumberDurationLiteral',
          'VectorSelector',
          'FunctionCall',
          'AggregateExpr',
          'BinaryExpr',
          'UnaryExpr',
          'StringLiteral',
        ].includes(child.name)
      ) {
        out.push(child);
      }
    }
    return out;
  }

  private vectorSelector(node: SyntaxNode): Value {
    const identifier = node.getChild('Identifier');
    if (!identifier) {
      this.problem(node, 'a selector must name its metric');
      return { labels: new Set() };
    }
    const name = this.text(identifier);
    this.metrics.push(name);
    const schema = this.catalogue.get(name);
    if (!schema) {
      this.problem(node, `unknown metric ${name}`);
      return { labels: new Set() };
    }
    const matchers = node.getChild('LabelMatchers');
    for (const matcher of matchers?.getChildren('UnquotedLabelMatcher') ?? []) {
      const label = this.text(matcher.getChild('LabelName') ?? matcher);
      if (!schema.labels.has(label)) {
        this.problem(matcher, `label ${label} is not a label of ${name}`);
        continue;
      }
      const op = matcher.getChild('MatchOp')?.firstChild?.name;
      const literal = matcher.getChild('StringLiteral');
      const allowed = schema.values.get(label);
      if (allowed && literal && (op === 'EqlSingle' || op === 'Neq')) {
        const value = this.text(literal).slice(1, -1);
        if (!allowed.has(value)) {
          this.problem(matcher, `value "${value}" is not one of ${label}'s values`);
        }
      }
    }
    if (matchers?.getChild('QuotedLabelMatcher') || matchers?.getChild('QuotedLabelName')) {
      this.problem(node, 'quoted label matchers are not supported by the checker');
    }
    return { labels: new Set(schema.labels) };
  }

  private functionCall(node: SyntaxNode): Value {
    const name = this.text(node.getChild('FunctionIdentifier') ?? node);
    const args = this.expressionChildren(node.getChild('FunctionCallBody') ?? node);
    const values = args.map((arg) => (arg.name === 'StringLiteral' ? null : this.evaluate(arg)));
    if (name === 'vector') return { labels: new Set() };
    if (name === 'histogram_quantile') {
      const histogram = values[1]?.labels;
      if (!histogram) {
        this.problem(node, 'histogram_quantile needs a vector of buckets');
        return { labels: new Set() };
      }
      if (!histogram.has('le')) this.problem(node, 'histogram_quantile input has no le label');
      return { labels: new Set([...histogram].filter((label) => label !== 'le')) };
    }
    if (LABEL_PRESERVING.has(name)) {
      const vector = values.find((value) => value?.labels);
      return { labels: new Set(vector?.labels ?? []) };
    }
    this.problem(node, `function ${name} is not modelled by the checker`);
    return { labels: new Set() };
  }

  private aggregate(node: SyntaxNode): Value {
    const op = node.getChild('AggregateOp')?.firstChild?.name ?? '';
    const body = this.expressionChildren(node.getChild('FunctionCallBody') ?? node);
    if (!SIMPLE_AGGREGATIONS.has(op) || body.length !== 1) {
      this.problem(node, `aggregation ${op} is not modelled by the checker`);
      return { labels: new Set() };
    }
    const inner = this.evaluate(body[0]!).labels ?? new Set<string>();
    const modifier = node.getChild('AggregateModifier');
    const grouping = this.groupingLabels(modifier?.getChild('GroupingLabels') ?? null);
    if (!modifier) return { labels: new Set() };
    this.requireLabels(modifier, grouping, inner, 'aggregated expression');
    if (modifier.getChild('Without')) {
      return { labels: new Set([...inner].filter((label) => !grouping.includes(label))) };
    }
    return { labels: new Set(grouping.filter((label) => inner.has(label))) };
  }

  private binary(node: SyntaxNode): Value {
    const [lhsNode, rhsNode] = this.expressionChildren(node);
    if (!lhsNode || !rhsNode) {
      this.problem(node, 'incomplete binary expression');
      return { labels: new Set() };
    }
    const lhs = this.evaluate(lhsNode).labels;
    const rhs = this.evaluate(rhsNode).labels;
    let operator = '';
    for (let child = lhsNode.nextSibling; child && child !== rhsNode; child = child.nextSibling) {
      if (!['MatchingModifierClause', 'BoolModifier'].includes(child.name)) operator = child.name;
    }
    if (lhs === null || rhs === null) {
      if (SET_OPERATORS.has(operator))
        this.problem(node, `${operator} needs vectors on both sides`);
      return { labels: lhs === null ? rhs && new Set(rhs) : new Set(lhs) };
    }
    const clause = node.getChild('MatchingModifierClause');
    const groups = clause?.getChildren('GroupingLabels') ?? [];
    const matching = this.groupingLabels(groups[0] ?? null);
    const include = this.groupingLabels(groups[1] ?? null);
    const on = Boolean(clause?.getChild('On'));
    if (on) {
      this.requireLabels(clause!, matching, lhs, 'left-hand side');
      this.requireLabels(clause!, matching, rhs, 'right-hand side');
    }
    if (SET_OPERATORS.has(operator)) {
      return { labels: operator === 'Or' ? new Set([...lhs, ...rhs]) : new Set(lhs) };
    }
    if (clause?.getChild('GroupLeft')) {
      this.requireLabels(clause, include, rhs, 'right-hand side');
      return { labels: new Set([...lhs, ...include]) };
    }
    if (clause?.getChild('GroupRight')) {
      this.requireLabels(clause, include, lhs, 'left-hand side');
      return { labels: new Set([...rhs, ...include]) };
    }
    if (on) return { labels: new Set(matching) };
    // One-to-one matching on all labels (minus `ignoring`): both sides must carry the same label
    // names, or no pair can ever match and the result is silently empty.
    const ignored = new Set(matching);
    const left = [...lhs].filter((label) => !ignored.has(label)).sort();
    const right = [...rhs].filter((label) => !ignored.has(label)).sort();
    if (left.join(',') !== right.join(',')) {
      this.problem(
        node,
        `sides never match one-to-one: (${left.join(', ')}) vs (${right.join(', ')})`,
      );
    }
    return { labels: new Set(left) };
  }
}

/** Parses and checks one expression against the catalogue. */
export function checkExpression(
  expr: string,
  catalogue: ReadonlyMap<string, SeriesSchema>,
): ExpressionReport {
  const tree = parser.parse(expr);
  const syntaxErrors: string[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) {
        syntaxErrors.push(
          `syntax error at offset ${ref.from}: "${expr.slice(ref.from, ref.from + 20)}"`,
        );
      }
    },
  });
  if (syntaxErrors.length > 0) return { labels: null, problems: syntaxErrors, metrics: [] };
  const checker = new Checker(expr, catalogue);
  const value = checker.evaluate(tree.topNode);
  return { labels: value.labels, problems: checker.problems, metrics: checker.metrics };
}

/**
 * Checks every rule; each recording rule, once checked, joins the catalogue with the
 * labels it outputs (plus its own static labels), so later rules and alerts may read it.
 */
export function checkRules(
  rules: readonly {
    kind: 'record' | 'alert';
    name: string;
    expr: string;
    labels: Readonly<Record<string, string>>;
  }[],
  base: ReadonlyMap<string, SeriesSchema>,
): { problems: string[]; catalogue: SeriesCatalogue } {
  const catalogue: SeriesCatalogue = new Map(base);
  const problems: string[] = [];
  // A label means the same attribute on every metric, so its closed value set carries over.
  const knownValues = new Map<string, ReadonlySet<string>>();
  for (const schema of base.values()) {
    for (const [label, values] of schema.values) knownValues.set(label, values);
  }
  // Mimir evaluates groups independently, so alerts may read any recording rule; recording rules
  // may read those recorded before them.
  const ordered = [
    ...rules.filter((rule) => rule.kind === 'record'),
    ...rules.filter((rule) => rule.kind === 'alert'),
  ];
  for (const rule of ordered) {
    const report = checkExpression(rule.expr, catalogue);
    problems.push(...report.problems.map((problem) => `${rule.name}: ${problem}`));
    if (rule.kind === 'alert') continue;
    if (catalogue.has(rule.name)) problems.push(`${rule.name}: recorded twice`);
    const labels = new Set([...(report.labels ?? []), ...Object.keys(rule.labels)]);
    const values = new Map([...knownValues].filter(([label]) => labels.has(label)));
    catalogue.set(rule.name, { labels, values });
  }
  return { problems, catalogue };
}
