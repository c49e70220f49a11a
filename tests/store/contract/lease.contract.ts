import { describe, expect, it } from 'vitest';
import { T0, T1, T2, T3 } from '../helpers/store-fixtures.js';
import type { ContractEngine } from './contract-engine.js';

const A = { owner: 'a', pid: 1, host: 'host-a' };
const B = { owner: 'b', pid: 2, host: 'host-b' };

/** The lease record (only the SQLite engine's `run` takes it; both engines keep it the same way). */
export function leaseContract(engine: ContractEngine): void {
  describe('acquireLease / releaseLease', () => {
    it('grants a free lease, renews it for its holder, refuses another until it expires', async () => {
      const { store } = await engine.open();
      expect(await store.acquireLease(A, T0, T2)).toEqual({ granted: true });
      expect(await store.acquireLease(A, T1, T3)).toEqual({ granted: true });
      expect(await store.acquireLease(B, T2, T3)).toEqual({ granted: false, holder: A, expiresAt: T3 });
      expect(await store.acquireLease(B, T3, '2025-03-01T14:00:00.000Z')).toEqual({ granted: true });
    });

    it('takeOver decides for a live lease; release frees it only for its holder', async () => {
      const { store } = await engine.open();
      await store.acquireLease(A, T0, T3);
      const seen: unknown[] = [];
      expect(await store.acquireLease(B, T1, T3, (current) => (seen.push(current), false))).toMatchObject({ granted: false });
      expect(seen).toEqual([A]);
      expect(await store.acquireLease(B, T1, T3, () => true)).toEqual({ granted: true });
      await store.releaseLease('a');
      expect(await store.acquireLease(A, T1, T3)).toMatchObject({ granted: false, holder: B });
      await store.releaseLease('b');
      expect(await store.acquireLease(A, T1, T3)).toEqual({ granted: true });
    });
  });
}
