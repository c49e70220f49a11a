import { describe, expect, it } from 'vitest';
import { commandOf } from '../../src/cli/cli-options.js';

// The bin's entry reads the command before the rest of veille loads (src/cli.ts): `once` gets V8's
// later tier-up, set before anything is compiled. It must read argv as runCli does.
describe('commandOf', () => {
  it.each([
    { argv: ['once'], command: 'once' },
    { argv: ['once', '--json', '--config', 'feeds'], command: 'once' },
    { argv: ['--config', 'once', 'check'], command: 'check' },
    { argv: ['--config=feeds', '--json', 'once'], command: 'once' },
    { argv: ['run', '--http', '8080'], command: 'run' },
    { argv: ['match', 'once'], command: 'match' },
    { argv: ['story', '--summary-a', 'once', 'A', 'B'], command: 'story' },
    { argv: [], command: undefined },
    { argv: ['--version'], command: undefined },
    { argv: ['once', '-h'], command: undefined },
    { argv: ['once', '--no-such-option'], command: undefined },
    { argv: ['once', '--config'], command: undefined },
  ])('$argv: $command', ({ argv, command }) => {
    expect(commandOf(argv)).toBe(command);
  });
});
