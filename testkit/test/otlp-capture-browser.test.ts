// The capture server standing in for the receiver in front of real browsers: CORS and beacons.
import { expect } from 'chai';
import { startOtlpCapture, type OtlpCapture } from '../src/otlp-capture/server.js';

const BODY = JSON.stringify({ resourceLogs: [] });

describe('OTLP capture server for browser clients', () => {
  let capture: OtlpCapture;
  afterEach(async () => {
    await capture.close();
  });

  it('answers a CORS preflight without recording it, and adds CORS headers to answers', async () => {
    capture = await startOtlpCapture({ browserClients: true });
    const preflight = await fetch(`${capture.url}/v1/logs`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:9999',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-openqoe-batch-id',
      },
    });
    expect(preflight.status).to.equal(204);
    expect(preflight.headers.get('access-control-allow-origin')).to.equal('http://127.0.0.1:9999');
    expect(preflight.headers.get('access-control-allow-headers')).to.equal(
      'content-type, x-openqoe-batch-id',
    );
    expect(capture.counts().accepted.requests + capture.counts().rejected.requests).to.equal(0);
    const post = await fetch(`${capture.url}/v1/logs`, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:9999', 'content-type': 'application/json' },
      body: BODY,
    });
    expect(post.status).to.equal(200);
    expect(post.headers.get('access-control-allow-origin')).to.equal('http://127.0.0.1:9999');
    expect(post.headers.get('access-control-expose-headers')).to.equal('retry-after');
  });

  it('accepts beacon paths with text/plain bodies and records them under their signal', async () => {
    capture = await startOtlpCapture({ browserClients: true });
    const response = await fetch(`${capture.url}/beacon/v1/logs?batch_id=b1`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: BODY,
    });
    expect(response.status).to.equal(200);
    expect(capture.requests.map((r) => [r.signal, r.path])).to.deep.equal([
      ['logs', '/beacon/v1/logs'],
    ]);
    const json = await fetch(`${capture.url}/beacon/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
    });
    expect(json.status).to.equal(415);
  });

  it('knows neither CORS nor beacons unless asked to', async () => {
    capture = await startOtlpCapture();
    const preflight = await fetch(`${capture.url}/v1/logs`, { method: 'OPTIONS' });
    expect(preflight.status).to.equal(405);
    expect(preflight.headers.get('access-control-allow-origin')).to.equal(null);
    const beacon = await fetch(`${capture.url}/beacon/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: BODY,
    });
    expect(beacon.status).to.equal(404);
  });
});
