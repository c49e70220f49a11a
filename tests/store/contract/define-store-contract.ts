import { commitSourceSuccessContract } from './commit-source-success.contract.js';
import type { ContractEngine } from './contract-engine.js';
import { digestsContract } from './digests.contract.js';
import { digestLeftoversContract } from './digest-leftovers.contract.js';
import { feedHintsContract } from './feed-hints.contract.js';
import { leaseContract } from './lease.contract.js';
import { listDeliveriesContract } from './list-deliveries.contract.js';
import { outboxContract } from './outbox.contract.js';
import { pruneContract } from './prune.contract.js';
import { replayItemsContract } from './replay-items.contract.js';
import { replicaClaimsContract } from './replica-claims.contract.js';
import { sourceHealthContract } from './source-health.contract.js';
import { sourceChartsContract } from './source-charts.contract.js';
import { sourcesContract } from './sources.contract.js';
import { storiesContract } from './stories.contract.js';
import { titleDedupeContract } from './title-dedupe.contract.js';
import { writesContract } from './writes.contract.js';

/**
 * Every behaviour of the `Store` contract, registered for `engine` with the same test names for
 * each engine (tests/store/contract/<engine>.test.ts calls it).
 */
export function defineStoreContract(engine: ContractEngine): void {
  sourcesContract(engine);
  commitSourceSuccessContract(engine);
  titleDedupeContract(engine);
  sourceHealthContract(engine);
  outboxContract(engine);
  pruneContract(engine);
  writesContract(engine);
  leaseContract(engine);
  listDeliveriesContract(engine);
  replayItemsContract(engine);
  feedHintsContract(engine);
  replicaClaimsContract(engine);
  sourceChartsContract(engine);
  digestsContract(engine);
  digestLeftoversContract(engine);
  storiesContract(engine);
}
