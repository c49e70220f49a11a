import { fork, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { benchModule } from '../support/paths.js';
import type { CatalogShape, ChangeRequest, InjectedItem, ValidatorProfile } from './feed-catalog.js';
import { feedUrlOf, type ControlRequest, type ControlResponse, type ServerReady, type ServerStats } from './feed-protocol.js';

/** Commands to a running feed server (from the parent or from a case worker). */
export interface FeedServerControl {
  readonly ports: readonly number[];
  feedUrl(index: number): string;
  reset(shape: CatalogShape): Promise<void>;
  setValidators(profile: ValidatorProfile): Promise<void>;
  /** Returns the number of sources that changed. */
  advance(change: ChangeRequest): Promise<number>;
  /** Returns the server's publication time of the item (ms since epoch). */
  inject(item: InjectedItem): Promise<number>;
  /** Renders and compresses every document not cached yet; returns how many were built. */
  prewarm(): Promise<number>;
  stats(clear: boolean, perSource?: boolean): Promise<ServerStats>;
}

/** The parent's handle on the feed server process. */
export interface FeedServer extends FeedServerControl {
  readonly pid: number;
  close(): Promise<void>;
}

/** Forks the compiled feed-server module and waits until it listens. */
export async function startFeedServer(portCount = 8): Promise<FeedServer> {
  const child: ChildProcess = fork(benchModule('server/feed-server-main.js'), [String(portCount)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: ['--max-old-space-size=8192'],
  });
  const ready = await new Promise<ServerReady>((resolve, reject) => {
    child.once('message', (message) => resolve(message as ServerReady));
    child.once('exit', (code) => reject(new Error(`feed server exited early (code ${String(code)})`)));
  });
  return {
    ...connectFeedServer(ready.ports),
    pid: child.pid ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

/** Control of a feed server already listening on `ports`. */
export function connectFeedServer(ports: readonly number[]): FeedServerControl {
  const controlPort = ports[0] ?? 0;
  const control = (command: ControlRequest): Promise<ControlResponse> => postJson(controlPort, command);
  return {
    ports,
    feedUrl: (index) => feedUrlOf(ports, index),
    reset: async (shape) => void (await control({ op: 'reset', shape })),
    setValidators: async (profile) => void (await control({ op: 'validators', profile })),
    advance: async (change) => (await control({ op: 'advance', change })).changed ?? 0,
    inject: async (item) => (await control({ op: 'inject', item })).publishedAt ?? 0,
    prewarm: async () => (await control({ op: 'prewarm' })).built ?? 0,
    stats: async (clear, perSource) => {
      const reply = await control({ op: 'stats', clear, ...(perSource === true ? { perSource } : {}) });
      if (reply.stats === undefined) throw new Error('feed server returned no stats');
      return reply.stats;
    },
  };
}

function postJson(port: number, command: ControlRequest): Promise<ControlResponse> {
  const payload = Buffer.from(JSON.stringify(command));
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/_control', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ControlResponse;
          if (reply.ok) resolve(reply);
          else reject(new Error(`feed server control ${command.op} failed: ${reply.error ?? 'unknown error'}`));
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}
