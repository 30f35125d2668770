// Shared helpers over lezer syntax trees: syntax errors and node text.
import type { SyntaxNode, Tree } from '@lezer/common';

/** "syntax error at <offset>: <context>" for each error node the parser had to insert. */
export function syntaxErrors(tree: Tree, text: string): string[] {
  const problems: string[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) {
        const context = text.slice(Math.max(0, node.from - 20), node.to + 20);
        problems.push(`syntax error at ${node.from}: …${context}…`);
      }
    },
  });
  return problems;
}

export function textOf(node: SyntaxNode, text: string): string {
  return text.slice(node.from, node.to);
}

/** Every descendant of `node` (itself included) named `name`. */
export function descendants(node: SyntaxNode, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const cursor = node.cursor();
  const end = node.to;
  const start = node.from;
  do {
    if (cursor.from >= start && cursor.to <= end && cursor.name === name) found.push(cursor.node);
  } while (cursor.next() && cursor.from < end);
  return found;
}

/** Nearest ancestor of `node` whose name is one of `names`. */
export function ancestor(node: SyntaxNode, names: readonly string[]): SyntaxNode | null {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (names.includes(parent.name)) return parent;
  }
  return null;
}
