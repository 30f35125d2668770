// A plain HTTP sink that answers 204 to anything and notes each request's path and tenant:
// Mimir's remote-write endpoint (or its OTLP endpoint when Alloy sends protobuf), where a test
// only needs to see that data arrived, for which tenant, and with which credentials.
import { createServer, type Server } from 'node:http';

export interface RemoteWriteRequest {
  path: string;
  tenant: string | undefined;
  authorization: string | undefined;
}

export async function startRemoteWriteSink(): Promise<{
  url: string;
  requests: RemoteWriteRequest[];
  close: () => Promise<void>;
}> {
  const requests: RemoteWriteRequest[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests.push({
        path: req.url ?? '',
        tenant: req.headers['x-scope-orgid'] as string | undefined,
        authorization: req.headers.authorization,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/api/v1/push`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
