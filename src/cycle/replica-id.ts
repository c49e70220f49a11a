import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** A replica's name in claims, logs and `veille sources`: host, pid and a random suffix (unique even for pid 1 in every container). */
export function createReplicaId(host: string = hostname(), pid: number = process.pid): string {
  return `${host}-${pid}-${randomBytes(3).toString('hex')}`;
}
