import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { EXEMPT_MARKER, findNameUses, knownNames, unknownNameUses } from '../src/contract.js';
import { DASHBOARDS } from '../src/catalogue.js';
import { DASHBOARD_DIR, REPO_ROOT } from '../src/paths.js';
import { EXEMPTION, namesWithLokiFields, needsExemption } from '../src/scan-exemption.js';
import { contract } from './helpers.js';

describe('dashboard files and the contract name scanner', () => {
  const files = DASHBOARDS.map((d) => {
    const path = join(DASHBOARD_DIR, d.file);
    return { path, text: readFileSync(join(REPO_ROOT, path), 'utf8') };
  });

  it('carry the exemption marker only where LogQL needs attribute-class Loki fields', () => {
    expect(EXEMPT_MARKER.test(EXEMPTION)).to.equal(true);
    for (const { path, text } of files) {
      const marked = text.includes(EXEMPTION);
      const withoutMarker = text.replace(EXEMPTION, '');
      expect(marked, path).to.equal(needsExemption(withoutMarker, contract));
    }
    expect(files.filter((f) => f.text.includes(EXEMPTION)).map((f) => f.path)).to.not.deep.equal(
      [],
    );
  });

  it('name only contract names, once Loki field names are allowed (the exempt files too)', () => {
    const known = namesWithLokiFields(contract);
    const unknown = files.flatMap(({ path, text }) =>
      unknownNameUses(findNameUses(text, path, false), known).map(
        (u) => `${u.file}:${u.line} ${u.name}`,
      ),
    );
    expect(unknown).to.deep.equal([]);
    expect(
      files.flatMap(({ path, text }) => findNameUses(text, path, false)).length,
    ).to.be.greaterThan(200);
  });

  it('still flag an unknown name in an exempt file', () => {
    const known = namesWithLokiFields(contract);
    const uses = findNameUses(
      '{"expr": "video_cdn_name video.buffering openqoe_views_total"}',
      'x.json',
      false,
    );
    expect(unknownNameUses(uses, known).map((u) => u.name)).to.have.members([
      'video_cdn_name',
      'video.buffering',
      'openqoe_views_total',
    ]);
    // What the scanner alone knows: label-class names only.
    expect(knownNames(contract).label.has('video_buffer_length')).to.equal(false);
    expect(known.label.has('video_buffer_length')).to.equal(true);
    expect(known.label.has('user_id')).to.equal(false);
  });
});
