// S14: the published browser bundle must parse in Chromium 79-era engines (smart TVs): no optional
// chaining, nullish coalescing, logical assignment, private members or static blocks.
import { expect } from 'chai';
import { parse, type Node } from 'acorn';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ADAPTER_ADDONS,
  bundleAdapterAddon,
  bundleIife,
  type AdapterName,
} from '../scripts/bundle.js';

type AnyNode = Node & Record<string, unknown>;

/** Syntax newer than Chromium 79, by AST node: null when the node is fine. */
function tooNew(node: AnyNode): string | null {
  if (node.type === 'ChainExpression') return 'optional chaining (?.)';
  if (node.type === 'LogicalExpression' && node.operator === '??') return 'nullish coalescing (??)';
  if (
    node.type === 'AssignmentExpression' &&
    ['??=', '||=', '&&='].includes(node.operator as string)
  )
    return `logical assignment (${String(node.operator)})`;
  if (node.type === 'PrivateIdentifier') return 'private class member (#x)';
  if (node.type === 'StaticBlock') return 'class static block';
  return null;
}

function findTooNew(root: AnyNode): string[] {
  const found = new Set<string>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) stack.push(...value);
    else if (value && typeof value === 'object' && typeof (value as AnyNode).type === 'string') {
      const node = value as AnyNode;
      const problem = tooNew(node);
      if (problem) found.add(problem);
      for (const key of Object.keys(node)) if (key !== 'type') stack.push(node[key]);
    }
  }
  return [...found];
}

describe('browser bundle syntax (S14)', function () {
  this.timeout(30_000);

  it('the checker finds syntax newer than Chromium 79', () => {
    const program = parse('a?.b; c ?? d; e ||= f; class G { #h = 1; static { } }', {
      ecmaVersion: 'latest',
    });
    expect(findTooNew(program as unknown as AnyNode)).to.have.members([
      'optional chaining (?.)',
      'nullish coalescing (??)',
      'logical assignment (||=)',
      'private class member (#x)',
      'class static block',
    ]);
  });

  for (const adapter of Object.keys(ADAPTER_ADDONS) as AdapterName[]) {
    it(`the ${adapter} adapter add-on has none of it`, async () => {
      const outfile = join(mkdtempSync(join(tmpdir(), 'openqoe-addon-')), `${adapter}.min.js`);
      await bundleAdapterAddon(adapter, outfile, true);
      const program = parse(readFileSync(outfile, 'utf8'), { ecmaVersion: 'latest' });
      expect(findTooNew(program as unknown as AnyNode)).to.deep.equal([]);
    });
  }

  it('the minified bundle has none of it', async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'openqoe-bundle-')), 'openqoe.min.js');
    await bundleIife(outfile, true);
    const program = parse(readFileSync(outfile, 'utf8'), { ecmaVersion: 'latest' });
    expect(findTooNew(program as unknown as AnyNode)).to.deep.equal([]);
  });
});
