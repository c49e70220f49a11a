import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for a Matrix homeserver's client-server API:
 * `PUT /_matrix/client/v3/rooms/:roomId/send/m.room.message/:txnId` with `Authorization: Bearer`.
 * Like a real homeserver it remembers transaction ids per access token: a repeated PUT returns the
 * event it already created and creates none. 401 `M_UNKNOWN_TOKEN` for an unknown token, 403
 * `M_FORBIDDEN` for a room the user is not in. Scripted answers (`enqueue`) come first; `hang`
 * records the event and never answers (a process killed between the send and its record).
 */
export type ScriptedMatrixResponse =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly hang: 'after-accept' };

export interface MatrixEvent {
  readonly eventId: string;
  readonly roomId: string;
  readonly txnId: string;
  readonly content: Record<string, unknown>;
}

export interface RecordedMatrixRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly txnId: string | undefined;
}

export interface FakeMatrix {
  readonly homeserver: string;
  /** Events created (each transaction once). */
  readonly events: MatrixEvent[];
  readonly requests: RecordedMatrixRequest[];
  enqueue(...responses: ScriptedMatrixResponse[]): void;
  close(): Promise<void>;
}

const ROUTE = /^\/_matrix\/client\/v3\/rooms\/([^/]+)\/send\/m\.room\.message\/([^/]+)$/;

export async function startFakeMatrix(options: {
  readonly users: readonly { readonly token: string; readonly rooms: readonly string[] }[];
  readonly port?: number;
}): Promise<FakeMatrix> {
  const events: MatrixEvent[] = [];
  const requests: RecordedMatrixRequest[] = [];
  const script: ScriptedMatrixResponse[] = [];
  const transactions = new Map<string, string>();
  const reply = (res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const match = ROUTE.exec(path);
      const txnId = match?.[2] === undefined ? undefined : decodeURIComponent(match[2]);
      requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization, txnId });
      const scripted = script.shift();
      if (scripted !== undefined && !('hang' in scripted)) return reply(res, scripted.status, scripted.body ?? {}, scripted.headers);
      if (req.method !== 'PUT' || match === null || txnId === undefined) return reply(res, 404, { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' });
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const user = options.users.find((u) => u.token === token);
      if (user === undefined) return reply(res, 401, { errcode: 'M_UNKNOWN_TOKEN', error: 'Invalid access token passed.', soft_logout: false });
      const roomId = decodeURIComponent(match[1] ?? '');
      if (!user.rooms.includes(roomId)) return reply(res, 403, { errcode: 'M_FORBIDDEN', error: `User not in room ${roomId}` });
      const key = `${token}\n${txnId}`;
      let eventId = transactions.get(key);
      if (eventId === undefined) {
        eventId = `$${randomUUID()}`;
        transactions.set(key, eventId);
        events.push({ eventId, roomId, txnId, content: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
      }
      if (scripted !== undefined) return; // hang: accepted, never answered
      return reply(res, 200, { event_id: eventId });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    homeserver: `http://127.0.0.1:${port}`,
    events,
    requests,
    enqueue: (...responses) => script.push(...responses),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
