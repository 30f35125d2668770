import { expect } from 'chai';
import {
  BENCHMARKS_HEADER,
  checkBenchmarkName,
  formatDate,
  formatNumber,
  markdownTable,
  mergeDocument,
  parseSections,
  renderSection,
  type SectionInput,
} from './report.js';

const MACHINE = {
  cpuModel: 'AMD EPYC',
  cores: 2,
  node: 'v20.20.2',
  platform: 'linux x64',
  loadAverage: 1.234,
};

function section(name: string, body: string, extra: Partial<SectionInput> = {}): string {
  return renderSection({
    name,
    title: `Title of ${name}`,
    command: `npx tsx bench/run.ts ${name}`,
    date: new Date('2026-11-23T08:51:30Z'),
    machine: MACHINE,
    body,
    ...extra,
  });
}

describe('BENCHMARKS.md rendering', () => {
  describe('renderSection', () => {
    it('records the command, the date, the machine and the body between markers', () => {
      const text = section('validation-ceiling', '| a |\n| --- |\n| 1 |');
      expect(text.startsWith('<!-- bench:validation-ceiling -->')).to.equal(true);
      expect(text.endsWith('<!-- /bench:validation-ceiling -->')).to.equal(true);
      expect(text).to.include('## Title of validation-ceiling (`validation-ceiling`)');
      expect(text).to.include('- Command: `npx tsx bench/run.ts validation-ceiling`');
      expect(text).to.include('- Date: 2026-11-23 08:51 UTC');
      expect(text).to.include(
        '- Machine: AMD EPYC, 2 cores, Node v20.20.2 (linux x64); load average 1.23',
      );
      expect(text).to.include('| 1 |');
      expect(text).not.to.include('- Note:');
    });

    it('adds a note when given one', () => {
      expect(section('x', 'body', { note: 'shared machine ' })).to.include(
        '- Note: shared machine\n',
      );
    });

    it('rejects a name that would not survive as a marker or an argument', () => {
      expect(() => section('Validation Ceiling', 'body')).to.throw(RangeError, /lower-case/);
      expect(() => checkBenchmarkName('a--b')).to.throw(RangeError);
      expect(() => checkBenchmarkName('')).to.throw(RangeError);
      expect(() => checkBenchmarkName('receiver-throughput-2')).not.to.throw();
    });
  });

  describe('mergeDocument', () => {
    const order = ['first', 'second', 'third'];
    const previous = mergeDocument(
      '',
      new Map([
        ['first', section('first', 'old first')],
        ['second', section('second', 'old second')],
      ]),
      order,
    );

    it('starts with the header', () => {
      expect(previous.startsWith(BENCHMARKS_HEADER.trim())).to.equal(true);
      expect(previous).to.include('make bench');
    });

    it('replaces only the section it is given and keeps the others byte for byte', () => {
      const merged = mergeDocument(
        previous,
        new Map([['second', section('second', 'new')]]),
        order,
      );
      const sections = parseSections(merged);
      expect(sections.get('first')).to.equal(parseSections(previous).get('first'));
      expect(sections.get('second')).to.include('new').and.not.to.include('old second');
    });

    it('puts sections in the benchmarks’ order, whichever was written first', () => {
      const merged = mergeDocument(previous, new Map([['third', section('third', 'c')]]), [
        'third',
        'first',
        'second',
      ]);
      expect([...parseSections(merged).keys()]).to.deep.equal(['third', 'first', 'second']);
    });

    it('keeps, after the others, the section of a benchmark no longer listed', () => {
      const merged = mergeDocument(previous, new Map(), ['second']);
      expect([...parseSections(merged).keys()]).to.deep.equal(['second', 'first']);
    });

    it('is stable: merging a document into itself changes nothing', () => {
      expect(mergeDocument(previous, new Map(), order)).to.equal(previous);
    });

    it('ignores text outside the markers (an old hand-written header is replaced)', () => {
      const merged = mergeDocument(
        `# Old title\n\nstale words\n\n${section('first', 'f')}`,
        new Map(),
        order,
      );
      expect(merged).not.to.include('stale words');
      expect(parseSections(merged).get('first')).to.include('f');
    });
  });

  describe('parseSections', () => {
    it('does not take the end marker of another benchmark for its own', () => {
      const text = '<!-- bench:a -->\nA\n<!-- /bench:b -->\n<!-- /bench:a -->';
      expect(parseSections(text).get('a')).to.equal(text);
    });

    it('finds nothing in a document without markers', () => {
      expect(parseSections('# Benchmarks\n').size).to.equal(0);
    });
  });

  describe('markdownTable', () => {
    it('writes a header, a separator and the rows', () => {
      expect(markdownTable(['a', 'b'], [['1', '2']])).to.equal(
        '| a | b |\n| --- | --- |\n| 1 | 2 |',
      );
    });

    it('escapes pipes and flattens newlines inside cells', () => {
      expect(markdownTable(['a'], [['x|y\nz']])).to.equal('| a |\n| --- |\n| x\\|y z |');
    });

    it('rejects a row with the wrong number of cells and an empty header', () => {
      expect(() => markdownTable(['a', 'b'], [['1']])).to.throw(RangeError, /row 0 has 1 cells/);
      expect(() => markdownTable([], [])).to.throw(RangeError, /no columns/);
    });
  });

  describe('formatNumber', () => {
    it('keeps three significant digits with thousands separators', () => {
      expect(formatNumber(372_418.7)).to.equal('372,000');
      expect(formatNumber(15.349)).to.equal('15.3');
      expect(formatNumber(0.041234)).to.equal('0.0412');
      expect(formatNumber(574)).to.equal('574');
      expect(formatNumber(12_345, 2)).to.equal('12,000');
    });

    it('rejects NaN and infinities', () => {
      expect(() => formatNumber(Number.NaN)).to.throw(RangeError);
      expect(() => formatNumber(Number.POSITIVE_INFINITY)).to.throw(RangeError);
    });
  });

  it('formats dates in UTC to the minute', () => {
    expect(formatDate(new Date('2026-01-02T03:04:59.999Z'))).to.equal('2026-01-02 03:04 UTC');
  });
});
