import type { CatalogShape, ChangeRequest, InjectedItem, ValidatorProfile } from './feed-catalog.js';

/** Commands to the feed server, sent as JSON to POST /_control on its first port. */
export type ControlRequest =
  | { readonly op: 'reset'; readonly shape: CatalogShape }
  | { readonly op: 'validators'; readonly profile: ValidatorProfile }
  | { readonly op: 'advance'; readonly change: ChangeRequest }
  | { readonly op: 'inject'; readonly item: InjectedItem }
  | { readonly op: 'prewarm' }
  | { readonly op: 'stats'; readonly clear: boolean; readonly perSource?: boolean };

export interface ServerStats {
  readonly requests: number;
  readonly ok: number;
  readonly notModified: number;
  readonly gzip: number;
  readonly bytesSent: number;
  /** Connections that carried feed requests (new ones, since the last clear). */
  readonly connections: number;
  /** Feed requests per source index since the last clear (only when asked for: `perSource`). */
  readonly perSource?: readonly number[];
}

export interface ControlResponse {
  readonly ok: boolean;
  readonly error?: string;
  readonly changed?: number;
  readonly publishedAt?: number;
  readonly built?: number;
  readonly stats?: ServerStats;
}

/** The first IPC message of the server process. */
export interface ServerReady {
  readonly type: 'ready';
  readonly ports: readonly number[];
}

/** Feed URL of source `index` on a server listening on `ports` (sources are spread over them). */
export function feedUrlOf(ports: readonly number[], index: number): string {
  return `http://127.0.0.1:${ports[index % ports.length] ?? 0}/f/${index}.xml`;
}
