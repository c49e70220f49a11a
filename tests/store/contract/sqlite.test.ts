import { defineStoreContract } from './define-store-contract.js';
import { sqliteEngine } from './contract-engine.js';

// The Store contract on the embedded SQLite file (a new state file per test).
defineStoreContract(sqliteEngine());
