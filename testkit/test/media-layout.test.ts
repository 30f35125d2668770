import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mediaRecipeHash } from '../src/media/fixtures.js';
import {
  dashAudioSegmentPath,
  describeFixtures,
  segmentPath,
  segmentPathPattern,
} from '../src/media/layout.js';
import { DEFAULT_MEDIA_RECIPE, validateRecipe } from '../src/media/recipe.js';
import type { MediaRecipe } from '../src/media/recipe.js';
import { findRepoRoot } from '../src/repo-root.js';

const fixtures = describeFixtures(DEFAULT_MEDIA_RECIPE, 'abc', '/tmp/x', false);

describe('media fixture layout and recipe', () => {
  it('describes the default recipe: 10 segments of 2 s, three renditions, lowest first', () => {
    expect(fixtures.segmentCount).to.equal(10);
    expect(fixtures.segmentDurationSeconds).to.equal(2);
    expect(fixtures.contentDurationSeconds).to.equal(20);
    expect(fixtures.renditions.map((r) => [r.id, r.width, r.height, r.bandwidth])).to.deep.equal([
      ['240p', 426, 240, 300_000],
      ['480p', 854, 480, 900_000],
      ['720p', 1280, 720, 2_000_000],
    ]);
    expect(fixtures.renditions.map((r) => r.dash.representationId)).to.deep.equal(['0', '1', '2']);
    expect(fixtures.dash.audio.representationId).to.equal('3');
    expect(fixtures.progressive).to.deep.equal({
      path: 'progressive.mp4',
      renditionId: '480p',
      width: 854,
      height: 480,
    });
  });

  it('names segment N of a rendition in both formats, counting from 1', () => {
    expect(segmentPath(fixtures, 'hls', '480p', 4)).to.equal('hls/480p/seg_00004.ts');
    expect(segmentPath(fixtures, 'dash', '720p', 1)).to.equal('dash/seg_2_00001.m4s');
  });

  it('names DASH audio segment N, on the track after the video representations', () => {
    expect(dashAudioSegmentPath(fixtures, 3)).to.equal('dash/seg_3_00003.m4s');
    expect(() => dashAudioSegmentPath(fixtures, 11)).to.throw(RangeError, /1\.\.10/);
  });

  it('rejects a segment number or rendition that does not exist', () => {
    expect(() => segmentPath(fixtures, 'hls', '480p', 0)).to.throw(RangeError, /1\.\.10/);
    expect(() => segmentPath(fixtures, 'hls', '480p', 11)).to.throw(RangeError);
    expect(() => segmentPath(fixtures, 'hls', '1080p', 1)).to.throw(RangeError, /240p, 480p/);
  });

  it('matches segment N of every rendition and nothing else', () => {
    const pattern = segmentPathPattern(fixtures, 'hls', 4);
    expect(pattern.test('/media/hls/240p/seg_00004.ts')).to.be.true;
    expect(pattern.test('/media/hls/720p/seg_00004.ts')).to.be.true;
    expect(pattern.test('/media/hls/720p/seg_00014.ts')).to.be.false;
    expect(pattern.test('/media/hls/720p/seg_00004.ts.map')).to.be.false;
    expect(pattern.test('/media/dash/seg_0_00004.m4s')).to.be.false;
    const dash = segmentPathPattern(fixtures, 'dash', 4);
    expect(dash.test('/media/dash/seg_1_00004.m4s')).to.be.true;
    // The audio representation is not a rendition.
    expect(dash.test('/media/dash/seg_3_00004.m4s')).to.be.false;
  });

  it('hashes equal recipes equally and any change differently', () => {
    const copy: MediaRecipe = JSON.parse(JSON.stringify(DEFAULT_MEDIA_RECIPE)) as MediaRecipe;
    expect(mediaRecipeHash(copy)).to.equal(mediaRecipeHash(DEFAULT_MEDIA_RECIPE));
    const variants: MediaRecipe[] = [
      { ...copy, durationSeconds: 22 },
      { ...copy, x264Preset: 'faster' },
      { ...copy, audio: { ...copy.audio, toneHz: 441 } },
      { ...copy, renditions: copy.renditions.slice(0, 2) },
      { ...copy, progressiveRendition: '720p' },
    ];
    const hashes = new Set([copy, ...variants].map(mediaRecipeHash));
    expect(hashes.size).to.equal(variants.length + 1);
  });

  it('validates recipes, naming the bad field', () => {
    expect(() => validateRecipe(DEFAULT_MEDIA_RECIPE)).to.not.throw();
    const bad = (change: Partial<MediaRecipe>) => () =>
      validateRecipe({ ...DEFAULT_MEDIA_RECIPE, ...change });
    expect(bad({ durationSeconds: 0 })).to.throw(RangeError, /durationSeconds/);
    expect(bad({ segmentSeconds: 1.5, frameRate: 25 })).to.throw(/segmentSeconds/);
    expect(bad({ renditions: [] })).to.throw(/renditions/);
    expect(bad({ renditions: [{ id: 'a b', width: 2, height: 2, videoBitrateKbps: 1 }] })).to.throw(
      /renditions\[0\]\.id/,
    );
    expect(
      bad({ renditions: [{ id: 'a', width: 427, height: 240, videoBitrateKbps: 1 }] }),
    ).to.throw(/renditions\[0\]\.width/);
    const twice = { id: 'a', width: 2, height: 2, videoBitrateKbps: 1 };
    expect(bad({ renditions: [twice, twice], progressiveRendition: 'a' })).to.throw(/duplicates/);
    expect(bad({ progressiveRendition: '1080p' })).to.throw(/progressiveRendition/);
    expect(bad({ x264Preset: 'fast; rm -rf /' })).to.throw(/x264Preset/);
  });

  it('finds the repository root from anywhere below it', () => {
    const root = findRepoRoot();
    expect(existsSync(join(root, 'testkit', 'package.json'))).to.be.true;
    expect(findRepoRoot(join(root, 'testkit', 'src', 'media'))).to.equal(root);
    expect(() => findRepoRoot('/')).to.throw(/workspaces/);
  });
});
