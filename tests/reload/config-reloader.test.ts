import { describe, expect, it } from 'vitest';
import type { VeilleConfig } from '../../src/config/config-types.js';
import { ConfigError } from '../../src/errors/config-error.js';
import type { Logger } from '../../src/log/logger.js';
import { createConfigReloader } from '../../src/reload/config-reloader.js';
import { createTestClock } from '../helpers/test-clock.js';
import { reloadConfig } from './reload-config.js';

function recordingLogger(lines: { level: string; fields: object; message: string }[]): Logger {
  const at = (level: string) => (fields: object, message: string) => void lines.push({ level, fields, message });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return logger;
}

function setup(loads: (() => Promise<VeilleConfig>)[]) {
  const lines: { level: string; fields: object; message: string }[] = [];
  const applied: VeilleConfig[] = [];
  const observed: string[] = [];
  const reloader = createConfigReloader(reloadConfig(), {
    load: () => (loads.shift() ?? (() => Promise.reject(new Error('no more loads'))))(),
    apply: async (next) => void applied.push(next),
    logger: recordingLogger(lines),
    clock: createTestClock(),
    observer: { started: () => observed.push('started'), reloaded: (result) => observed.push(result) },
  });
  return { reloader, lines, applied, observed };
}

describe('createConfigReloader', () => {
  it('refuses an invalid configuration: each problem logged with file and line, the running one stays', async () => {
    const error = new ConfigError([
      { file: 'config/watches.yaml', line: 3, path: 'watches[0].rule', message: 'bad rule' },
      { file: 'config/watches.yaml', line: 4, path: 'watches[0].to[0]', message: 'unknown destination' },
    ]);
    const { reloader, lines, applied, observed } = setup([() => Promise.reject(error)]);
    const running = reloader.running;
    expect(await reloader.reload('SIGHUP')).toEqual({ result: 'refused', problems: error.problems });
    expect(applied).toEqual([]);
    expect(reloader.running).toBe(running);
    expect(observed).toEqual(['failure']);
    expect(lines.map((line) => [line.level, line.message])).toEqual([
      ['error', 'configuration reload refused: config/watches.yaml:3: watches[0].rule: bad rule'],
      ['error', 'configuration reload refused: config/watches.yaml:4: watches[0].to[0]: unknown destination'],
      ['warn', 'configuration reload refused: the running configuration stays'],
    ]);
    expect(lines[0]?.fields).toEqual({ trigger: 'SIGHUP', file: 'config/watches.yaml', line: 3, path: 'watches[0].rule' });
  });

  it('applies a valid change and reports nothing to do when nothing changed', async () => {
    const next = reloadConfig({ schedule: '*/5 * * * *' });
    const { reloader, applied, observed } = setup([() => Promise.resolve(next), () => Promise.resolve(reloadConfig({ schedule: '*/5 * * * *' }))]);
    expect(await reloader.reload('file change')).toMatchObject({ result: 'applied', plan: { scheduleChanged: true } });
    expect(await reloader.reload('file change')).toEqual({ result: 'unchanged' });
    expect(applied).toEqual([next]);
    expect(reloader.running).toEqual(next);
    expect(observed).toEqual(['success', 'success']);
  });

  it('a failure to apply is a refused reload', async () => {
    const observed: string[] = [];
    const failing = createConfigReloader(reloadConfig(), {
      load: () => Promise.resolve(reloadConfig({ schedule: '*/5 * * * *' })),
      apply: () => Promise.reject(new Error('cannot build destination chat')),
      logger: recordingLogger([]),
      clock: createTestClock(),
      observer: { started: () => observed.push('started'), reloaded: (result) => observed.push(result) },
    });
    expect(await failing.reload('SIGHUP')).toEqual({
      result: 'refused',
      problems: [{ file: '/etc/veille', path: '', message: 'cannot apply the configuration: cannot build destination chat' }],
    });
    expect(failing.running.schedule).toBe(reloadConfig().schedule);
    expect(observed).toEqual(['failure']);
  });

  it('never overlaps reloads: one asked during another runs after it, once', async () => {
    let finishFirst!: () => void;
    const first = new Promise<VeilleConfig>((resolve) => (finishFirst = () => resolve(reloadConfig({ schedule: '*/5 * * * *' }))));
    const loads: string[] = [];
    const { reloader, applied } = setup([
      () => (loads.push('first'), first),
      () => (loads.push('second'), Promise.resolve(reloadConfig({ schedule: '*/7 * * * *' }))),
    ]);
    const a = reloader.reload('file change');
    const b = reloader.reload('SIGHUP');
    const c = reloader.reload('SIGHUP');
    expect(loads).toEqual(['first']);
    finishFirst();
    await Promise.all([a, b, c]);
    expect(loads).toEqual(['first', 'second']);
    expect(applied.map((config) => config.schedule)).toEqual(['*/5 * * * *', '*/7 * * * *']);
  });
});
