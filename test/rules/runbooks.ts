// Runbook checks: Markdown anchors as GitHub renders them (an alert's runbook_url must land on a
// section), and the LogQL and TraceQL queries the runbooks quote (they must parse and use contract
// names).
import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as traceqlParser } from '@grafana/lezer-traceql';
import type { Contract } from '@openqoe/contract';
import { prometheusLabelName } from '@openqoe/contract';

/** Anchors of every heading outside fenced code blocks. */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    anchors.add(
      heading[1]!
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    );
  }
  return anchors;
}

/** The anchor of a `docs/runbooks.md#<anchor>` URL, or undefined for any other URL. */
export function runbookAnchor(url: string): string | undefined {
  return /^docs\/runbooks\.md#([a-z0-9_-]+)$/.exec(url)?.[1];
}

/** A query quoted in a runbook: inline code that starts with a stream or span selector. */
export interface RunbookQuery {
  language: 'logql' | 'traceql';
  text: string;
}

export function runbookQueries(markdown: string): RunbookQuery[] {
  const queries: RunbookQuery[] = [];
  for (const match of markdown.matchAll(/`([^`\n]+)`/g)) {
    const text = match[1]!;
    if (text.startsWith('{service_name')) queries.push({ language: 'logql', text });
    else if (/^\{ (name|span\.|resource\.|duration)/.test(text)) {
      queries.push({ language: 'traceql', text });
    }
  }
  return queries;
}

/** Syntax errors, and span, event, attribute or label names the contract does not define. */
export function runbookQueryProblems(
  queries: readonly RunbookQuery[],
  contract: Contract,
): string[] {
  const problems: string[] = [];
  const labels = new Set([
    'service_name',
    ...[...contract.attributes.keys()].map((name) => prometheusLabelName(name)),
  ]);
  for (const query of queries) {
    const parser = query.language === 'logql' ? logqlParser : traceqlParser;
    let syntaxError = false;
    parser.parse(query.text).iterate({
      enter: (node) => {
        if (node.type.isError) syntaxError = true;
      },
    });
    if (syntaxError) problems.push(`${query.language} does not parse: ${query.text}`);
    if (query.language === 'traceql') {
      for (const [, span] of query.text.matchAll(/\bname = "([^"]+)"/g)) {
        if (!contract.spans.has(span!)) problems.push(`unknown span ${span}: ${query.text}`);
      }
      for (const [, attribute] of query.text.matchAll(/\bspan\.([a-z0-9_.]+)/g)) {
        if (!contract.attributes.has(attribute!)) {
          problems.push(`unknown attribute ${attribute}: ${query.text}`);
        }
      }
    } else {
      for (const [, label, value] of query.text.matchAll(/\| ([a-z_]+) =~? "([^"]*)"/g)) {
        if (!labels.has(label!)) problems.push(`unknown label ${label}: ${query.text}`);
        if (label === 'openqoe_event_name' && !contract.events.has(value!)) {
          problems.push(`unknown event ${value}: ${query.text}`);
        }
      }
    }
  }
  return problems;
}
