import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';

function capture(pretty: boolean): { lines: () => string[]; log: ReturnType<typeof createLogger> } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { lines: () => text.trimEnd().split('\n'), log: createLogger({ level: 'info', pretty, destination: stream }) };
}

describe('logger', () => {
  it('writes one JSON object per line when not on a terminal, without secrets', () => {
    const { lines, log } = capture(false);
    log.warn({ source: 'LeMagIT', token: 'xoxb-secret', destination: { webhookUrl: 'https://discord.com/api/webhooks/1/secret' } }, 'source failed');
    const [line] = lines();
    expect(JSON.parse(line ?? '')).toMatchObject({ level: 40, app: 'veille', source: 'LeMagIT', token: '[redacted]', destination: { webhookUrl: '[redacted]' }, msg: 'source failed' });
    expect(line).not.toContain('secret');
  });

  it('writes readable lines for a terminal', () => {
    const { lines, log } = capture(true);
    log.info({ source: 'LeMagIT' }, 'cycle finished');
    const [line] = lines();
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: cycle finished$/);
    expect(() => JSON.parse(line ?? '')).toThrow();
    expect(lines().join('\n')).toContain('source: "LeMagIT"');
  });
});
