import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { teamsMessageViolations } from './adaptive-card-validator.js';

/**
 * A loopback stand-in for a Teams Workflows webhook trigger:
 * `POST /workflows/:id/triggers/manual/paths/invoke?api-version=1&sig=:sig` answers 202 (as Power
 * Automate does), 404 for an unknown workflow, 401 for a wrong signature, 413 for a payload over
 * 28 KB. Every request is recorded with its payload and its Adaptive Card violations. Scripted
 * answers (`enqueue`) are served first, one per request, in order.
 */
export type ScriptedTeamsResponse = { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> };

export interface RecordedTeamsRequest {
  readonly path: string;
  readonly bytes: number;
  readonly payload: unknown;
  readonly violations: readonly string[];
}

export interface FakeTeams {
  readonly baseUrl: string;
  webhookUrl(workflow: string, sig: string): string;
  readonly requests: RecordedTeamsRequest[];
  enqueue(...responses: ScriptedTeamsResponse[]): void;
  close(): Promise<void>;
}

const ROUTE = /^\/workflows\/([^/]+)\/triggers\/manual\/paths\/invoke$/;

export async function startFakeTeams(options: { readonly workflows: readonly { readonly id: string; readonly sig: string }[] }): Promise<FakeTeams> {
  const requests: RecordedTeamsRequest[] = [];
  const script: ScriptedTeamsResponse[] = [];
  const reply = (res: ServerResponse, status: number, body?: unknown, headers: Readonly<Record<string, string>> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let payload: unknown;
      try {
        payload = JSON.parse(raw.toString('utf8'));
      } catch {
        payload = undefined;
      }
      requests.push({ path: url.pathname, bytes: raw.length, payload, violations: teamsMessageViolations(payload) });
      const scripted = script.shift();
      if (scripted !== undefined) return reply(res, scripted.status, scripted.body, scripted.headers);
      const match = ROUTE.exec(url.pathname);
      const workflow = options.workflows.find((w) => w.id === match?.[1]);
      if (req.method !== 'POST' || workflow === undefined) return reply(res, 404, { error: { code: 'WorkflowNotFound', message: 'The workflow could not be found.' } });
      if (url.searchParams.get('sig') !== workflow.sig) return reply(res, 401, { error: { code: 'DirectApiAuthorizationRequired', message: 'The request must be authenticated.' } });
      if (raw.length > 28 * 1024) return reply(res, 413, { error: { code: 'MessageTooLarge', message: 'Message size exceeds the limit.' } });
      return reply(res, 202);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    webhookUrl: (workflow, sig) => `${baseUrl}/workflows/${workflow}/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`,
    requests,
    enqueue: (...responses) => script.push(...responses),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
