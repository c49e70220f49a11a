import { describe, expect, it } from 'vitest';
import { parseByteSize, parseDuration } from '../../src/config/duration.js';
import { interpolateEnv } from '../../src/config/interpolate-env.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['6h', 21_600_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    ['0', 0],
    [' 5m ', 300_000],
  ])('%s -> %d ms', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  it.each(['', '10', 'm', '10 minutes', '-5m', '5y', '1e3s'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parseByteSize', () => {
  it.each([
    ['10MiB', 10_485_760],
    ['512KiB', 524_288],
    ['2MB', 2_000_000],
    ['1000b', 1000],
    ['1.5mib', 1_572_864],
    ['1GiB', 1_073_741_824],
    ['2GB', 2_000_000_000],
  ])('%s -> %d bytes', (text, expected) => {
    expect(parseByteSize(text)).toBe(expected);
  });

  it.each(['', '10', '10TB', 'lots', '5 GiBs'])('rejects %j', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });
});

describe('interpolateEnv', () => {
  const env = { TOKEN: 's3cr3t', EMPTY: '', HOST: 'example.test' };
  it.each([
    ['plain text', 'plain text', [], false],
    ['${TOKEN}', 's3cr3t', [], true],
    ['https://${HOST}/hook/${TOKEN}', 'https://example.test/hook/s3cr3t', [], true],
    ['${MISSING}', '', ['MISSING'], false],
    ['${EMPTY}', '', ['EMPTY'], false],
    ['${MISSING:-fallback}', 'fallback', [], false],
    ['${EMPTY:-fallback}', 'fallback', [], false],
    ['cost: $$5', 'cost: $5', [], false],
    ['$TOKEN is not a reference', '$TOKEN is not a reference', [], false],
  ])('%j -> %j', (text, value, missing, fromEnv) => {
    expect(interpolateEnv(text, env)).toEqual({ value, missing, fromEnv });
  });
});
