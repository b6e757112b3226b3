// The Example vendor's fake (test-only, 127.0.0.1, port 0): knows some users per workspace and key,
// deletes them once, records every request. See exampleVendor.ts for the made-up contract.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ExampleRequest {
  method: string;
  path: string;
  key: string | undefined;
  body: unknown;
}

export class ExampleFake {
  readonly requests: ExampleRequest[] = [];
  private readonly users: Set<string>;
  private server: http.Server | undefined;

  constructor(
    private readonly workspace: string,
    private readonly apiKey: string,
    users: readonly string[],
  ) {
    this.users = new Set(users);
  }

  /** IDs still known (not deleted). */
  known(): string[] {
    return [...this.users];
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      req.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        const key = req.headers['x-example-key'] as string | undefined;
        this.requests.push({ method: req.method ?? '', path: req.url ?? '', key, body });
        const reply = (status: number, value: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
        if (req.method !== 'POST' || req.url !== `/v1/workspaces/${encodeURIComponent(this.workspace)}/deletions`) return reply(404, { error: 'no such route' });
        if (key !== this.apiKey) return reply(401, { error: 'bad key' });
        const ids = (body as { ids?: unknown })?.ids;
        if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return reply(400, { error: 'ids must be strings' });
        reply(200, { results: ids.map((id: string) => ({ id, status: this.users.delete(id) ? 'deleted' : 'unknown-user' })) });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
