// A reader for the subset of Alloy's configuration syntax that OpenQoE's config uses: blocks
// (`name "label" { ... }`), attributes (`key = expression`), and expressions kept as tokens with
// helpers to read literals, lists and component references from them. Enough for static checks;
// `alloy fmt` / `alloy run` (alloy-run.test.ts) are the authority on syntax when the binary exists.

export type TokenKind = 'ident' | 'string' | 'raw' | 'number' | 'punct';

export interface Token {
  kind: TokenKind;
  /** For strings: the decoded value; otherwise the source text. */
  value: string;
  line: number;
}

export interface Attribute {
  kind: 'attribute';
  name: string;
  tokens: Token[];
  line: number;
}

export interface Block {
  kind: 'block';
  /** Dotted name: `otelcol.exporter.otlphttp`, `spans`, `header`. */
  name: string;
  label: string | undefined;
  body: Statement[];
  line: number;
}

export type Statement = Attribute | Block;

export class AlloySyntaxError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'AlloySyntaxError';
  }
}

const PUNCT = new Set([
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '=',
  ',',
  '.',
  ':',
  '!',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '?',
]);

export function tokenize(text: string, file = 'config'): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const fail = (message: string): never => {
    throw new AlloySyntaxError(file, line, message);
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      tokens.push({ kind: 'punct', value: '\n', line });
      line += 1;
      i += 1;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i += 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) fail('unterminated block comment');
      for (let j = i; j < end; j += 1) if (text[j] === '\n') line += 1;
      i = end + 2;
    } else if (c === '"') {
      let j = i + 1;
      let source = '"';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\n') fail('newline in string');
        if (text[j] === '\\') {
          source += text[j]! + (text[j + 1] ?? '');
          j += 2;
        } else {
          source += text[j];
          j += 1;
        }
      }
      if (j >= text.length) fail('unterminated string');
      // Alloy's escapes are Go's; JSON's cover every escape this project's config uses.
      let value: string;
      try {
        value = JSON.parse(`${source}"`) as string;
      } catch {
        return fail(`unsupported escape in string ${source}"`);
      }
      tokens.push({ kind: 'string', value, line });
      i = j + 1;
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end === -1) fail('unterminated raw string');
      const value = text.slice(i + 1, end);
      tokens.push({ kind: 'raw', value, line });
      for (const ch of value) if (ch === '\n') line += 1;
      i = end + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j]!)) j += 1;
      tokens.push({ kind: 'ident', value: text.slice(i, j), line });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[0-9._eE]/.test(text[j]!)) j += 1;
      tokens.push({ kind: 'number', value: text.slice(i, j), line });
      i = j;
    } else if (PUNCT.has(c)) {
      // Two-character operators are kept as two tokens: no check here needs them joined.
      tokens.push({ kind: 'punct', value: c, line });
      i += 1;
    } else {
      fail(`unexpected character ${JSON.stringify(c)}`);
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
  ) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private fail(message: string): never {
    const token = this.peek() ?? this.tokens[this.tokens.length - 1];
    throw new AlloySyntaxError(this.file, token?.line ?? 0, message);
  }

  private skipNewlines(): void {
    while (this.peek()?.value === '\n' && this.peek()?.kind === 'punct') this.pos += 1;
  }

  body(closing: boolean): Statement[] {
    const statements: Statement[] = [];
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (token === undefined) {
        if (closing) this.fail('missing }');
        return statements;
      }
      if (token.kind === 'punct' && token.value === '}') {
        if (!closing) this.fail('unexpected }');
        this.pos += 1;
        return statements;
      }
      statements.push(this.statement());
    }
  }

  private statement(): Statement {
    const start = this.peek()!;
    if (start.kind !== 'ident') this.fail(`expected a name, found ${JSON.stringify(start.value)}`);
    let name = start.value;
    this.pos += 1;
    while (this.peek()?.value === '.' && this.peek(1)?.kind === 'ident') {
      name += `.${this.peek(1)!.value}`;
      this.pos += 2;
    }
    const next = this.peek();
    if (next?.kind === 'punct' && next.value === '=') {
      if (name.includes('.')) this.fail(`attribute name ${name} may not contain dots`);
      this.pos += 1;
      return { kind: 'attribute', name, tokens: this.expression(), line: start.line };
    }
    let label: string | undefined;
    if (next?.kind === 'string') {
      label = next.value;
      this.pos += 1;
    }
    if (this.peek()?.value !== '{') this.fail(`expected = or { after ${name}`);
    this.pos += 1;
    return { kind: 'block', name, label, body: this.body(true), line: start.line };
  }

  /** Tokens up to the end of line at bracket depth 0 (lists and calls may span lines). */
  private expression(): Token[] {
    const tokens: Token[] = [];
    let depth = 0;
    for (;;) {
      const token = this.peek();
      if (token === undefined) break;
      if (token.kind === 'punct') {
        if (token.value === '\n' && depth === 0) break;
        if (token.value === '}' && depth === 0) break;
        if ('[({'.includes(token.value)) depth += 1;
        if ('])}'.includes(token.value)) depth -= 1;
        if (token.value === '\n') {
          this.pos += 1;
          continue;
        }
      }
      tokens.push(token);
      this.pos += 1;
    }
    if (depth !== 0) this.fail('unbalanced brackets in expression');
    if (tokens.length === 0) this.fail('empty expression');
    return tokens;
  }
}

export function parseAlloy(text: string, file = 'config'): Statement[] {
  return new Parser(tokenize(text, file), file).body(false);
}

// ── Reading parsed configuration ───────────────────────────────────────────────────────────────

export function blocks(body: readonly Statement[], name?: string): Block[] {
  return body.filter(
    (s): s is Block => s.kind === 'block' && (name === undefined || s.name === name),
  );
}

export function attribute(body: readonly Statement[], name: string): Attribute | undefined {
  return body.find((s): s is Attribute => s.kind === 'attribute' && s.name === name);
}

/** The value of a literal: string, raw string, number, bool, or a list of those. */
export type Literal = string | number | boolean | null | Literal[];

export function literal(tokens: readonly Token[]): Literal | undefined {
  let pos = 0;
  const read = (): Literal | undefined => {
    const token = tokens[pos];
    if (token === undefined) return undefined;
    pos += 1;
    if (token.kind === 'string' || token.kind === 'raw') return token.value;
    if (token.kind === 'number') return Number(token.value);
    if (token.kind === 'ident' && (token.value === 'true' || token.value === 'false')) {
      return token.value === 'true';
    }
    if (token.kind === 'ident' && token.value === 'null') return null;
    if (token.kind === 'punct' && token.value === '[') {
      const items: Literal[] = [];
      for (;;) {
        if (tokens[pos]?.value === ']') {
          pos += 1;
          return items;
        }
        const item = read();
        if (item === undefined) return undefined;
        items.push(item);
        if (tokens[pos]?.value === ',') pos += 1;
      }
    }
    return undefined;
  };
  const value = read();
  return pos === tokens.length ? value : undefined;
}

export function attributeLiteral(body: readonly Statement[], name: string): Literal | undefined {
  const found = attribute(body, name);
  return found ? literal(found.tokens) : undefined;
}

/** Dotted references in an expression (`otelcol.processor.batch.metrics.input`). */
export function references(tokens: readonly Token[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token.kind !== 'ident' || tokens[i - 1]?.value === '.') continue;
    let path = token.value;
    let j = i + 1;
    while (tokens[j]?.value === '.' && tokens[j + 1]?.kind === 'ident') {
      path += `.${tokens[j + 1]!.value}`;
      j += 2;
    }
    // A call such as sys.env("X") or string.format(...) is a function, not a reference.
    if (path.includes('.') && tokens[j]?.value !== '(') found.push(path);
  }
  return found;
}

/** Names of the environment variables an expression reads with sys.env("NAME"). */
export function envReads(tokens: readonly Token[]): string[] {
  const names: string[] = [];
  for (let i = 0; i + 5 < tokens.length + 1; i += 1) {
    if (
      tokens[i]?.value === 'sys' &&
      tokens[i + 1]?.value === '.' &&
      tokens[i + 2]?.value === 'env' &&
      tokens[i + 3]?.value === '(' &&
      tokens[i + 4]?.kind === 'string'
    ) {
      names.push(tokens[i + 4]!.value);
    }
  }
  return names;
}

/** Every statement of a body, depth first (blocks and attributes of nested blocks too). */
export function* walk(body: readonly Statement[]): Generator<Statement> {
  for (const statement of body) {
    yield statement;
    if (statement.kind === 'block') yield* walk(statement.body);
  }
}
