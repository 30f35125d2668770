// The Alertmanager fallback configuration: amtool validates it and resolves its routes, and a real
// Alertmanager (Debian's prometheus-alertmanager, the same code Mimir embeds) runs it on loopback
// with the webhook URLs pointed at a local server, to show that critical and warning alerts reach
// their receivers and that a warning is inhibited while its critical alert fires.
import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ALERTMANAGER_CONFIG_PATH } from './rule-files.js';
import { ToolFailure, expectToolSuccess } from './tools.js';

const configText = readFileSync(ALERTMANAGER_CONFIG_PATH, 'utf8');

function routeFor(labels: string[]): string {
  return expectToolSuccess('amtool', [
    'config',
    'routes',
    'test',
    `--config.file=${ALERTMANAGER_CONFIG_PATH}`,
    ...labels,
  ])
    .output.split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('Warning:'))
    .join(',');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Notification {
  path: string;
  status: string;
  alerts: { labels: Record<string, string> }[];
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('Alertmanager fallback configuration', () => {
  it('passes amtool check-config', () => {
    const result = expectToolSuccess('amtool', ['check-config', ALERTMANAGER_CONFIG_PATH]);
    expect(result.output).to.match(/SUCCESS/);
    expect(result.output).to.match(/2 receivers/);
  });

  it('routes critical and warning alerts to their own receivers', () => {
    expect(routeFor(['severity=critical', 'alertname=VideoStartupTimeCritical'])).to.equal(
      'openqoe-critical',
    );
    expect(routeFor(['severity=warning', 'alertname=VideoStartupTimeWarning'])).to.equal(
      'openqoe-warning',
    );
    // anything without a severity still reaches someone
    expect(routeFor(['alertname=Other'])).to.equal('openqoe-warning');
  });

  it('uses placeholder webhooks and an inhibition of warnings by criticals of the same signal', () => {
    const config = parseYaml(configText) as {
      receivers: { name: string; webhook_configs: { url: string }[] }[];
      inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[];
    };
    for (const receiver of config.receivers) {
      expect(receiver.webhook_configs[0]!.url).to.match(/^http:\/\/example-webhook:9095\//);
    }
    expect(config.inhibit_rules).to.deep.equal([
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: [
          'qoe_signal',
          'video_player_name',
          'video_stream_type',
          'video_device_type',
          'video_content_id',
        ],
      },
    ]);
  });

  it('amtool rejects a configuration routing to a receiver that does not exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openqoe-am-'));
    const broken = join(dir, 'alertmanager.yaml');
    writeFileSync(
      broken,
      configText.replace('receiver: openqoe-critical', 'receiver: openqoe-pager'),
    );
    expect(() => expectToolSuccess('amtool', ['check-config', broken])).to.throw(
      ToolFailure,
      /undefined receiver "openqoe-pager"/,
    );
  });

  describe('running in a real Alertmanager', function () {
    this.timeout(60_000);
    let alertmanager: ChildProcess | undefined;
    let webhook: Server | undefined;
    let logs = '';
    const notifications: Notification[] = [];
    let api = '';

    before(async () => {
      webhook = createServer((request, response) => {
        void readBody(request).then((body) => {
          const payload = JSON.parse(body) as Omit<Notification, 'path'>;
          notifications.push({
            path: request.url ?? '',
            status: payload.status,
            alerts: payload.alerts,
          });
          response.writeHead(200).end();
        });
      });
      await new Promise<void>((resolve) => webhook!.listen(0, '127.0.0.1', resolve));
      const hookPort = (webhook.address() as AddressInfo).port;
      const dir = mkdtempSync(join(tmpdir(), 'openqoe-am-run-'));
      // Only the receiver address and the wait before the first notification differ.
      const local = configText
        .replaceAll('http://example-webhook:9095/', `http://127.0.0.1:${hookPort}/`)
        .replace(/group_wait: \d+s/g, 'group_wait: 1s');
      writeFileSync(join(dir, 'alertmanager.yaml'), local);
      const port = await freePort();
      api = `http://127.0.0.1:${port}`;
      alertmanager = spawn(
        'prometheus-alertmanager',
        [
          `--config.file=${join(dir, 'alertmanager.yaml')}`,
          `--storage.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--cluster.listen-address=',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      alertmanager.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
      alertmanager.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
      await waitFor('Alertmanager to be ready', async () =>
        (await fetch(`${api}/-/ready`)).ok ? true : undefined,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${logs}`);
      });
    });

    after(async () => {
      alertmanager?.kill('SIGTERM');
      await new Promise<void>((resolve) => (webhook ? webhook.close(() => resolve()) : resolve()));
    });

    it('notifies the critical receiver, inhibits the matching warning, keeps the other', async () => {
      const startup = { qoe_signal: 'startup_time', video_stream_type: 'vod' };
      const alerts = [
        { alertname: 'VideoStartupTimeCritical', severity: 'critical', video_player_name: 'hlsjs' },
        { alertname: 'VideoStartupTimeWarning', severity: 'warning', video_player_name: 'hlsjs' },
        { alertname: 'VideoStartupTimeWarning', severity: 'warning', video_player_name: 'dashjs' },
      ].map((labels) => ({
        labels: { ...startup, ...labels },
        annotations: { summary: 'test' },
        startsAt: new Date().toISOString(),
      }));
      const posted = await fetch(`${api}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      expect(posted.status, await posted.text()).to.equal(200);

      await waitFor('both notifications', async () =>
        notifications.length >= 2 ? true : undefined,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; got ${JSON.stringify(notifications)}\n${logs}`);
      });
      // a little longer, so a wrongly delivered inhibited warning would have arrived too
      await new Promise((resolve) => setTimeout(resolve, 2_500));

      const delivered = notifications.map((n) => ({
        path: n.path,
        alerts: n.alerts.map((a) => `${a.labels.alertname}/${a.labels.video_player_name}`).sort(),
      }));
      expect(delivered).to.have.deep.members([
        { path: '/openqoe/critical', alerts: ['VideoStartupTimeCritical/hlsjs'] },
        { path: '/openqoe/warning', alerts: ['VideoStartupTimeWarning/dashjs'] },
      ]);

      const state = (await (await fetch(`${api}/api/v2/alerts`)).json()) as {
        labels: Record<string, string>;
        status: { state: string; inhibitedBy: string[] };
      }[];
      const inhibited = state.find(
        (a) => a.labels.severity === 'warning' && a.labels.video_player_name === 'hlsjs',
      );
      expect(inhibited?.status.state).to.equal('suppressed');
      expect(inhibited?.status.inhibitedBy).to.have.length(1);
    });
  });
});
