import type { DestinationConfig } from '../config/config-types.js';
import { createConsoleDestination } from './console/console-destination.js';
import type { Destination } from './destination.js';

export interface DestinationFactoryDeps {
  /** Where the console destination prints (stdout). */
  readonly write: (text: string) => void;
}

/** Builds the client for one configured destination. */
export function createDestination(config: DestinationConfig, deps: DestinationFactoryDeps): Destination {
  switch (config.type) {
    case 'console':
      return createConsoleDestination(config.name, deps.write);
    default:
      throw new Error(`destination type '${config.type}' is not available yet`);
  }
}
