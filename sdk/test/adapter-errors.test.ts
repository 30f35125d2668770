// S6: each adapter's mapping from its player's own error codes to the contract's error classes.
// (The adapters themselves run against the real players in test/browser/*-adapter.test.ts.)
import { expect } from 'chai';
import { dashErrorType } from '../src/adapters/dashjs.js';
import { hlsErrorType } from '../src/adapters/hlsjs.js';
import { shakaErrorType } from '../src/adapters/shaka.js';
import { videoJsError } from '../src/adapters/videojs.js';

describe('adapter error mapping (S6)', () => {
  it('hls.js: details decide first, then the error type', () => {
    expect(hlsErrorType('networkError', 'manifestLoadError')).to.equal('manifest');
    expect(hlsErrorType('networkError', 'levelParsingError')).to.equal('manifest');
    expect(hlsErrorType('networkError', 'fragLoadTimeOut')).to.equal('timeout');
    expect(hlsErrorType('networkError', 'fragLoadError')).to.equal('network');
    expect(hlsErrorType('mediaError', 'bufferIncompatibleCodecsError')).to.equal(
      'media_unsupported',
    );
    expect(hlsErrorType('mediaError', 'bufferAppendError')).to.equal('media_decode');
    expect(hlsErrorType('muxError', 'fragParsingError')).to.equal('media_decode');
    expect(hlsErrorType('keySystemError', 'keySystemNoKeys')).to.equal('drm');
    expect(hlsErrorType('otherError', 'internalException')).to.equal('other');
    expect(hlsErrorType('somethingNew', 'unknown')).to.equal('other');
  });

  it('dash.js: MediaPlayerErrors codes', () => {
    expect(dashErrorType(25)).to.equal('manifest'); // DOWNLOAD_ERROR_ID_MANIFEST_CODE
    expect(dashErrorType(10)).to.equal('manifest');
    expect(dashErrorType(27)).to.equal('network'); // DOWNLOAD_ERROR_ID_CONTENT_CODE
    expect(dashErrorType(28)).to.equal('network');
    expect(dashErrorType(20)).to.equal('media_decode'); // APPEND_ERROR_CODE
    expect(dashErrorType(23)).to.equal('media_unsupported');
    expect(dashErrorType(111)).to.equal('drm');
    expect(dashErrorType(24)).to.equal('drm');
    expect(dashErrorType(-1)).to.equal('other');
    expect(dashErrorType(33)).to.equal('other');
  });

  it('Shaka: category, the manifest request type and the timeout code', () => {
    expect(shakaErrorType({ category: 1, code: 1001, data: ['u', 404, '', '', 0] })).to.equal(
      'manifest',
    );
    expect(shakaErrorType({ category: 1, code: 1001, data: ['u', 500, '', '', 1] })).to.equal(
      'network',
    );
    expect(shakaErrorType({ category: 1, code: 1003 })).to.equal('timeout');
    expect(shakaErrorType({ category: 4, code: 4001 })).to.equal('manifest');
    expect(shakaErrorType({ category: 3, code: 3016 })).to.equal('media_decode');
    expect(shakaErrorType({ category: 3, code: 3014 })).to.equal('media_unsupported');
    expect(shakaErrorType({ category: 6, code: 6007 })).to.equal('drm');
    expect(shakaErrorType({ category: 7, code: 7000 })).to.equal('other');
    expect(shakaErrorType({})).to.equal('other');
  });

  it('Video.js: MediaError codes; a failed VHS playlist request is a manifest error', () => {
    expect(videoJsError({ code: 4, message: 'generic' })).to.deep.equal({
      type: 'media_unsupported',
      code: '4',
      fatal: true,
      message: 'generic',
    });
    expect(
      videoJsError(
        { code: 4, message: 'generic' },
        { status: 404, message: 'HLS playlist request error at URL: /x.m3u8' },
      ),
    ).to.deep.equal({
      type: 'manifest',
      code: '4',
      fatal: true,
      message: 'HLS playlist request error at URL: /x.m3u8',
    });
    expect(videoJsError({ code: 3 }).type).to.equal('media_decode');
    expect(videoJsError({ code: 2 }).type).to.equal('network');
    expect(videoJsError({}).type).to.equal('other');
    expect(videoJsError({ code: 2, message: 'x'.repeat(500) }).message).to.have.length(200);
  });
});
