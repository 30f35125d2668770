// Evaluates the small part of OTTL that the exemplar routing conditions use (string literals,
// nil, span.name, resource.attributes["..."], ==, !=, and, or, not, parentheses), so a test can
// show on concrete spans that every span is taken by exactly one pipeline. Anything outside that
// subset throws: the test then fails instead of guessing.

export interface SpanFacts {
  name: string;
  resource: Record<string, string | undefined>;
}

type Token = { kind: 'string' | 'word' | 'op'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') j += 1;
        value += text[j];
        j += 1;
      }
      if (j >= text.length) throw new Error(`unterminated string in ${text}`);
      tokens.push({ kind: 'string', value });
      i = j + 1;
    } else if (text.startsWith('==', i) || text.startsWith('!=', i)) {
      tokens.push({ kind: 'op', value: text.slice(i, i + 2) });
      i += 2;
    } else if ('()[]'.includes(c)) {
      tokens.push({ kind: 'op', value: c });
      i += 1;
    } else {
      const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i));
      if (!word) throw new Error(`unexpected ${c} in ${text}`);
      tokens.push({ kind: 'word', value: word[0] });
      i += word[0].length;
    }
  }
  return tokens;
}

/** Evaluates `condition` for `span`; throws on anything outside the subset. */
export function evaluate(condition: string, span: SpanFacts): boolean {
  const tokens = tokenize(condition);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const take = (value?: string): Token => {
    const token = tokens[pos];
    if (!token || (value !== undefined && token.value !== value)) {
      throw new Error(`expected ${value ?? 'a token'} at ${pos} in ${condition}`);
    }
    pos += 1;
    return token;
  };
  const value = (): string | null => {
    const token = take();
    if (token.kind === 'string') return token.value;
    if (token.value === 'nil') return null;
    if (token.value === 'span.name') return span.name;
    if (token.value === 'resource.attributes') {
      take('[');
      const key = take();
      if (key.kind !== 'string') throw new Error(`attribute key expected in ${condition}`);
      take(']');
      return span.resource[key.value] ?? null;
    }
    throw new Error(`unsupported ${token.value} in ${condition}`);
  };
  const primary = (): boolean => {
    if (peek()?.value === 'not') {
      take('not');
      return !primary();
    }
    if (peek()?.value === '(') {
      take('(');
      const inner = or();
      take(')');
      return inner;
    }
    const left = value();
    const op = take();
    const right = value();
    if (op.value === '==') return left === right;
    if (op.value === '!=') return left !== right;
    throw new Error(`unsupported operator ${op.value} in ${condition}`);
  };
  const and = (): boolean => {
    let result = primary();
    while (peek()?.value === 'and') {
      take('and');
      // Evaluate both sides (no short-circuit needed: no side effects).
      const next = primary();
      result = result && next;
    }
    return result;
  };
  const or = (): boolean => {
    let result = and();
    while (peek()?.value === 'or') {
      take('or');
      const next = and();
      result = result || next;
    }
    return result;
  };
  const result = or();
  if (pos !== tokens.length) throw new Error(`trailing input at ${pos} in ${condition}`);
  return result;
}

/** Go's fmt %[k]q / %q for the strings string.format receives (plain ASCII tenant ids here). */
export function formatTemplate(template: string, args: readonly string[]): string {
  let next = 0;
  return template.replace(/%(?:\[(\d+)\])?q/g, (_, index: string | undefined) => {
    const i = index === undefined ? next : Number(index) - 1;
    next = i + 1;
    if (i >= args.length) throw new Error(`string.format: no argument ${i + 1} for ${template}`);
    return JSON.stringify(args[i]);
  });
}
