import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMediaServer } from '../src/media/server.js';
import type { MediaServer } from '../src/media/server.js';

const SEGMENT = randomBytes(100_000);
const PLAYLIST = '#EXTM3U\n#EXT-X-ENDLIST\n';

interface Answer {
  status: number;
  headers: Headers;
  body: Buffer;
  /** performance.now() when the response head arrived and when the body was complete. */
  headAt: number;
  endAt: number;
  startAt: number;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const startAt = performance.now();
  const response = await fetch(url, { headers });
  const headAt = performance.now();
  const body = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    body,
    startAt,
    headAt,
    endAt: performance.now(),
  };
}

describe('media server', () => {
  let dir: string;
  let server: MediaServer;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'openqoe-server-'));
    await mkdir(join(dir, 'hls', '240p'), { recursive: true });
    await writeFile(join(dir, 'hls', '240p', 'seg_00001.ts'), SEGMENT);
    await writeFile(join(dir, 'hls', 'master.m3u8'), PLAYLIST);
    await writeFile(join(dir, 'progressive.mp4'), SEGMENT);
    await writeFile(join(dir, 'manifest.mpd'), '<MPD/>');
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    server = await startMediaServer({ fixtures: { dir } });
  });

  afterEach(async () => {
    await server.close();
  });

  it('listens on loopback with an ephemeral port', () => {
    expect(server.origin).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).to.be.above(0);
    expect(server.mediaUrl('hls/master.m3u8')).to.equal(`${server.origin}/media/hls/master.m3u8`);
  });

  it('serves fixture files with their content type, CORS and no caching, and logs them', async () => {
    const answer = await get(server.mediaUrl('hls/240p/seg_00001.ts'));
    expect(answer.status).to.equal(200);
    expect(answer.body.equals(SEGMENT)).to.be.true;
    expect(answer.headers.get('content-type')).to.equal('video/mp2t');
    expect(answer.headers.get('access-control-allow-origin')).to.equal('*');
    expect(answer.headers.get('cache-control')).to.equal('no-store');
    expect((await get(server.mediaUrl('hls/master.m3u8'))).headers.get('content-type')).to.equal(
      'application/vnd.apple.mpegurl',
    );
    expect((await get(server.mediaUrl('manifest.mpd'))).headers.get('content-type')).to.equal(
      'application/dash+xml',
    );

    const [record] = server.requests('/media/hls/240p/seg_00001.ts');
    expect(record).to.include({
      seq: 1,
      method: 'GET',
      status: 200,
      bytesSent: SEGMENT.length,
      outcome: 'complete',
      fault: null,
    });
    expect(record!.startedAt).to.be.closeTo(Date.now(), 5_000);
    expect(record!.firstByteAt).to.be.at.least(record!.startedAt);
    expect(record!.endedAt).to.be.at.least(record!.firstByteAt!);
    // Sub-millisecond timestamps, not Date.now() integers.
    expect(
      [record!.startedAt, record!.firstByteAt, record!.endedAt].some((t) => !Number.isInteger(t)),
    ).to.be.true;
  });

  it('answers a Range request with 206 and exactly those bytes', async () => {
    const answer = await get(server.mediaUrl('progressive.mp4'), { range: 'bytes=1000-1999' });
    expect(answer.status).to.equal(206);
    expect(answer.headers.get('content-range')).to.equal(`bytes 1000-1999/${SEGMENT.length}`);
    expect(answer.headers.get('content-length')).to.equal('1000');
    expect(answer.headers.get('content-type')).to.equal('video/mp4');
    expect(answer.body.equals(SEGMENT.subarray(1000, 2000))).to.be.true;
    const [record] = server.requests();
    expect(record).to.include({ status: 206, bytesSent: 1000, range: 'bytes=1000-1999' });
  });

  it('answers an open-ended Range to the end and an impossible one with 416', async () => {
    const tail = await get(server.mediaUrl('progressive.mp4'), { range: 'bytes=99000-' });
    expect(tail.status).to.equal(206);
    expect(tail.body.equals(SEGMENT.subarray(99_000))).to.be.true;
    const impossible = await get(server.mediaUrl('progressive.mp4'), { range: 'bytes=200000-' });
    expect(impossible.status).to.equal(416);
    expect(impossible.headers.get('content-range')).to.equal(`bytes */${SEGMENT.length}`);
  });

  it('answers HEAD with the headers only', async () => {
    const response = await fetch(server.mediaUrl('progressive.mp4'), { method: 'HEAD' });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-length')).to.equal(String(SEGMENT.length));
    expect(server.requests()[0]).to.include({ method: 'HEAD', bytesSent: 0 });
  });

  it('answers a CORS preflight without applying faults', async () => {
    server.addFault({ path: '/media/hls/master.m3u8', fault: { kind: 'status', status: 500 } });
    const response = await fetch(server.mediaUrl('hls/master.m3u8'), {
      method: 'OPTIONS',
      headers: {
        origin: 'http://example.test',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'cmcd-request',
      },
    });
    expect(response.status).to.equal(204);
    expect(response.headers.get('access-control-allow-headers')).to.equal('cmcd-request');
    expect(server.requests()[0]?.fault).to.equal(null);
  });

  it('answers 404 with a JSON body for an unknown path or one outside the fixtures', async () => {
    const unknown = await get(server.url('/media/nothing/here.ts'));
    expect(unknown.status).to.equal(404);
    expect(JSON.parse(unknown.body.toString())).to.deep.equal({
      error: { code: 'not_found', path: '/media/nothing/here.ts' },
    });
    // Sent raw: fetch would normalise the dot segments away before they reach the server.
    const traversal = await rawGet(server, '/media/..%2f..%2fetc%2fpasswd');
    expect(traversal.status).to.equal(404);
    expect((await get(server.url('/elsewhere'))).status).to.equal(404);
    expect(server.requests().map((r) => [r.path, r.status])).to.deep.equal([
      ['/media/nothing/here.ts', 404],
      ['/media/../../etc/passwd', 404],
      ['/elsewhere', 404],
    ]);
  });

  it('injects a 404 fault with a JSON body and logs which fault it was', async () => {
    const path = server.mediaPath('hls/master.m3u8');
    server.addFault({ path, fault: { kind: 'status', status: 404 }, label: 'manifest-404' });
    const answer = await get(server.mediaUrl('hls/master.m3u8'));
    expect(answer.status).to.equal(404);
    expect(answer.headers.get('content-type')).to.equal('application/json');
    expect(JSON.parse(answer.body.toString())).to.deep.equal({
      error: { code: 'injected_fault', status: 404, rule: 'manifest-404' },
    });
    const [record] = server.requests(path);
    expect(record?.status).to.equal(404);
    expect(record?.fault).to.deep.equal({
      ruleId: 1,
      label: 'manifest-404',
      fault: { kind: 'status', status: 404 },
      match: 1,
    });
  });

  it('injects a 500 fault with a text body', async () => {
    server.addFault({
      path: /\.ts$/,
      fault: { kind: 'status', status: 500, body: 'origin down' },
    });
    const answer = await get(server.mediaUrl('hls/240p/seg_00001.ts'));
    expect(answer.status).to.equal(500);
    expect(answer.headers.get('content-type')).to.equal('text/plain');
    expect(answer.body.toString()).to.equal('origin down');
  });

  it('holds a status fault for its delayMs before answering', async () => {
    const path = server.mediaPath('hls/master.m3u8');
    server.addFault({ path, fault: { kind: 'status', status: 404, delayMs: 300 } });
    const answer = await get(server.mediaUrl('hls/master.m3u8'));
    expect(answer.status).to.equal(404);
    expect(answer.headAt - answer.startAt).to.be.at.least(300);
    const [record] = server.requests(path);
    expect(record!.firstByteAt! - record!.startedAt).to.be.at.least(300);
  });

  it('delays the first byte by the given time, and the log shows it', async () => {
    const path = server.mediaPath('hls/240p/seg_00001.ts');
    server.addFault({ path, fault: { kind: 'delay', ms: 300 } });
    const answer = await get(server.mediaUrl('hls/240p/seg_00001.ts'));
    expect(answer.status).to.equal(200);
    expect(answer.body.equals(SEGMENT)).to.be.true;
    expect(answer.headAt - answer.startAt).to.be.at.least(300);
    const [record] = server.requests(path);
    expect(record!.firstByteAt! - record!.startedAt).to.be.at.least(300);
    expect(record!.fault?.fault).to.deep.equal({ kind: 'delay', ms: 300 });
    // Undelayed, the same file takes a few milliseconds.
    const plain = await get(server.mediaUrl('hls/master.m3u8'));
    expect(plain.headAt - plain.startAt).to.be.below(200);
  });

  it('throttles the body to the given rate', async () => {
    const bytesPerSecond = 200_000;
    server.addFault({ path: /seg_00001\.ts$/, fault: { kind: 'throttle', bytesPerSecond } });
    const answer = await get(server.mediaUrl('hls/240p/seg_00001.ts'));
    expect(answer.body.equals(SEGMENT)).to.be.true;
    const expectedMs = (SEGMENT.length / bytesPerSecond) * 1000;
    const tookMs = answer.endAt - answer.startAt;
    expect(tookMs).to.be.at.least(expectedMs * 0.95);
    // Generous upper bound: only catches a pacing bug, not a slow machine.
    expect(tookMs).to.be.below(expectedMs * 3);
    const [record] = server.requests();
    expect(record!.endedAt! - record!.firstByteAt!).to.be.at.least(expectedMs * 0.95);
    expect(record!.bytesSent).to.equal(SEGMENT.length);
  });

  it('applies a fault only `times` times, and only to the Nth request with nth', async () => {
    const path = server.mediaPath('hls/master.m3u8');
    const twice = server.addFault({ path, fault: { kind: 'status', status: 503 }, times: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await get(server.url(path))).status);
    expect(statuses).to.deep.equal([503, 503, 200, 200]);
    expect(twice.applied).to.equal(2);

    server.clearFaults();
    server.clearRequests();
    server.addFault({ path, fault: { kind: 'status', status: 500 }, nth: 3 });
    const nth: number[] = [];
    for (let i = 0; i < 4; i += 1) nth.push((await get(server.url(path))).status);
    expect(nth).to.deep.equal([200, 200, 500, 200]);
    expect(server.requests().map((r) => r.fault?.match ?? null)).to.deep.equal([
      null,
      null,
      3,
      null,
    ]);
  });

  it('aborts the connection before any byte, or after a truncated body', async () => {
    server.addFault({ path: '/media/hls/master.m3u8', fault: { kind: 'abort' } });
    let failure: unknown;
    try {
      await get(server.mediaUrl('hls/master.m3u8'));
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(Error);
    expect(server.requests()[0]).to.include({ outcome: 'aborted', status: null, bytesSent: 0 });

    server.addFault({
      path: '/media/progressive.mp4',
      fault: { kind: 'abort', afterBytes: 5000 },
    });
    const received = await rawGet(server, '/media/progressive.mp4');
    expect(received.status).to.equal(200);
    expect(received.bytes).to.equal(5000);
    expect(received.complete).to.be.false;
    expect(server.requests('/media/progressive.mp4')[0]).to.include({
      outcome: 'aborted',
      bytesSent: 5000,
    });
  });

  it('logs a client that gives up during a delay as client-closed', async () => {
    server.addFault({ path: '/media/hls/master.m3u8', fault: { kind: 'delay', ms: 5000 } });
    const controller = new AbortController();
    const pending = fetch(server.mediaUrl('hls/master.m3u8'), { signal: controller.signal });
    await waitFor(() => server.requests().length === 1);
    controller.abort();
    await pending.catch(() => undefined);
    await waitFor(() => server.requests()[0]?.outcome !== 'pending');
    expect(server.requests()[0]).to.include({ outcome: 'client-closed', status: null });
  });

  it('closes promptly with keep-alive connections and a response still delayed', async () => {
    await get(server.mediaUrl('hls/master.m3u8')); // leaves a keep-alive socket open
    server.addFault({ path: '/media/progressive.mp4', fault: { kind: 'delay', ms: 30_000 } });
    const hanging = fetch(server.mediaUrl('progressive.mp4')).catch((error: unknown) => error);
    await waitFor(() => server.requests().length === 2);
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).to.be.below(1000);
    expect(await hanging).to.be.instanceOf(Error);
    expect(server.requests()[1]?.outcome).to.equal('server-closed');
    // afterEach closes it again, which must be harmless.
  });

  it('serves the harness page, its script and the player libraries', async () => {
    const page = await get(server.url('/harness.html'));
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    expect(page.body.toString()).to.include('<script src="/harness.js">');
    const script = await get(server.url('/harness.js'));
    expect(script.headers.get('content-type')).to.match(/^text\/javascript/);
    expect(script.body.toString()).to.include('openqoeHarness');
    for (const library of ['/lib/hls.min.js', '/lib/dash.all.min.js', '/lib/video.min.js']) {
      const answer = await get(server.url(library));
      expect(answer.status, library).to.equal(200);
      expect(answer.body.length, library).to.be.above(100_000);
    }
  });
});

/** GET over a raw socket, to see a truncated body that fetch would only report as an error. */
function rawGet(
  server: MediaServer,
  path: string,
): Promise<{ status: number; bytes: number; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(server.url(path), (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('error', () => undefined);
      res.on('close', () =>
        resolve({ status: res.statusCode ?? 0, bytes, complete: res.complete }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
