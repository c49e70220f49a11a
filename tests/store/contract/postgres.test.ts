import { defineStoreContract } from './define-store-contract.js';
import { postgresEngine } from './contract-engine.js';

// The Store contract on PostgreSQL (VEILLE_TEST_DATABASE_URL; a database per run of this file, a schema per test).
defineStoreContract(postgresEngine());
