import { expect } from 'chai';
import { createHmac, createHash } from 'node:crypto';
import { scrubUrl } from '../src/privacy/url.js';
import { hashViewerId } from '../src/privacy/viewer-hash.js';

describe('privacy', () => {
  describe('scrubUrl', () => {
    it('drops query string, fragment and credentials', () => {
      expect(
        scrubUrl('https://user:pw@cdn.example.com/v/master.m3u8?token=abc&email=a@b.c#t=10'),
      ).to.equal('https://cdn.example.com/v/master.m3u8');
    });

    it('keeps allow-listed query parameters only', () => {
      expect(scrubUrl('https://example.com/watch?v=42&utm_source=x&token=s', ['v'])).to.equal(
        'https://example.com/watch?v=42',
      );
    });

    it('handles relative and unparsable URLs without throwing', () => {
      expect(scrubUrl('/media/a.mp4?sig=1#x')).to.equal('/media/a.mp4');
      expect(scrubUrl('not a url?x=1')).to.equal('not a url');
      expect(scrubUrl('')).to.equal('');
    });
  });

  describe('hashViewerId', () => {
    it('is HMAC-SHA-256 keyed with the salt, in lowercase hex', async () => {
      const expected = createHmac('sha256', 'org-salt').update('viewer-42').digest('hex');
      expect(await hashViewerId('viewer-42', 'org-salt')).to.equal(expected);
    });

    it('differs from a plain SHA-256 of the id and between salts', async () => {
      const plain = createHash('sha256').update('viewer-42').digest('hex');
      const a = await hashViewerId('viewer-42', 'salt-a');
      const b = await hashViewerId('viewer-42', 'salt-b');
      expect(a).to.not.equal(plain);
      expect(a).to.not.equal(b);
      expect(a).to.match(/^[0-9a-f]{64}$/);
    });
  });
});
