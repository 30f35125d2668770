// Pure decisions of the Shaka and Video.js adapters: which bitrate a Shaka variant stands for,
// which variant a picture size is, and when Video.js is playing a live stream.
import { expect } from 'chai';
import { variantOfSize, videoBitrateOf } from '../src/adapters/shaka-variants.js';
import { videoJsStreamType } from '../src/adapters/videojs.js';

describe('Shaka variants: the video rendition behind a variant', () => {
  it('reports the video stream bandwidth, not video plus audio', () => {
    expect(videoBitrateOf({ bandwidth: 2_113_476, videoBandwidth: 2_017_310 })).to.equal(2_017_310);
  });

  it('falls back to the variant bandwidth when there is no separate video figure (muxed)', () => {
    expect(videoBitrateOf({ bandwidth: 1_104_028, videoBandwidth: null })).to.equal(1_104_028);
    expect(videoBitrateOf({ bandwidth: 1_104_028 })).to.equal(1_104_028);
    expect(videoBitrateOf({ bandwidth: 1_104_028, videoBandwidth: 0 })).to.equal(1_104_028);
  });

  const tracks = [
    { id: 1, bandwidth: 398_675, videoBandwidth: 302_509, width: 426, height: 240 },
    { id: 2, bandwidth: 1_003_662, videoBandwidth: 907_496, width: 854, height: 480 },
    { id: 3, bandwidth: 2_113_476, videoBandwidth: 2_017_310, width: 1920, height: 1080 },
    { id: 4, bandwidth: 2_150_000, videoBandwidth: 2_017_310, width: 1920, height: 1080 },
  ];

  it('finds the variant of a picture size, allowing the element rounding the width', () => {
    expect(variantOfSize(tracks, 427, 240)?.id).to.equal(1);
    expect(variantOfSize(tracks, 854, 480)?.id).to.equal(2);
  });

  it('gives the same video bitrate whichever variant of a size (other audio) it finds', () => {
    const found = variantOfSize(tracks, 1920, 1080);
    expect(found && videoBitrateOf(found)).to.equal(2_017_310);
  });

  it('finds none for a size no variant has', () => {
    expect(variantOfSize(tracks, 1280, 720)).to.equal(undefined);
    expect(variantOfSize(tracks, 430, 240)).to.equal(undefined);
  });
});

describe('Video.js stream type', () => {
  it('is live when the VHS playlist has no end, even with a finite duration', () => {
    expect(
      videoJsStreamType({
        trackerLive: false,
        playerDuration: 6,
        elementDuration: 6,
        playlistEndList: false,
      }),
    ).to.equal('live');
  });

  it('is live on any other clue: the live tracker or an infinite duration', () => {
    expect(videoJsStreamType({ trackerLive: true })).to.equal('live');
    expect(videoJsStreamType({ playerDuration: Infinity })).to.equal('live');
    expect(videoJsStreamType({ elementDuration: Infinity })).to.equal('live');
  });

  it('is VOD when every clue says VOD or is unknown', () => {
    expect(
      videoJsStreamType({
        trackerLive: false,
        playerDuration: 20,
        elementDuration: 20,
        playlistEndList: true,
      }),
    ).to.equal('vod');
    expect(videoJsStreamType({ playerDuration: 20 })).to.equal('vod');
    expect(videoJsStreamType({ playerDuration: Number.NaN })).to.equal('vod');
  });
});
