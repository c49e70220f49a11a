import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { AddressClass } from './address-policy.js';

/** An idle connection is closed after this long (below the 5 s keep-alive of most servers). */
export const IDLE_CONNECTION_MS = 4_000;

/**
 * Keep-alive connections reused by later requests to the same host and port: a 304 or a redirect
 * to the same host skips the TCP (and TLS) handshake, and TLS sessions are resumed.
 *
 * Reuse keeps the SSRF guard: connections are pooled per source scope. A new connection only
 * ever goes to addresses the guard checked for its hop, so every connection in the public pool
 * leads to an address that is public, and a public source never gets one from the private pool.
 */
export interface ConnectionPool {
  agentFor(protocol: string, scope: AddressClass): HttpAgent;
  /** Closes the idle connections (connections in use are closed or pooled when their response ends). */
  closeIdle(): void;
  /** Closes every connection, idle or in use: the pool is done (the app is closing). */
  close(): void;
}

export function createConnectionPool(idleMs = IDLE_CONNECTION_MS): ConnectionPool {
  // Idle sockets are unref'ed by the agent: they never keep the process alive.
  const options = { keepAlive: true, timeout: idleMs, scheduling: 'lifo' } as const;
  const agents = {
    'http:': { public: new HttpAgent(options), private: new HttpAgent(options) },
    'https:': { public: new HttpsAgent(options), private: new HttpsAgent(options) },
  };
  const all = [agents['http:'].public, agents['http:'].private, agents['https:'].public, agents['https:'].private];
  return {
    agentFor: (protocol, scope) => (protocol === 'https:' ? agents['https:'] : agents['http:'])[scope],
    closeIdle: () => {
      for (const agent of all) {
        for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
      }
    },
    close: () => {
      for (const agent of all) agent.destroy();
    },
  };
}
