import { describe, expect, it } from 'vitest';
import { createGroupCommit, type GroupCommitDeps } from '../../../src/store/sqlite/group-commit.js';

/**
 * A fake transactional log: `transaction` commits what its body appended unless the body or the
 * commit throws; `savepoint` rolls back the appends of a body that throws.
 */
function fakeDatabase(options: { failCommit?: Error; failBegin?: Error } = {}) {
  const committed: string[] = [];
  const events: string[] = [];
  let open: string[] | undefined;
  let flushes: (() => void)[] = [];
  const deps: GroupCommitDeps = {
    transaction: (body, durable) => {
      events.push(durable ? 'BEGIN' : 'BEGIN (not durable)');
      if (options.failBegin !== undefined) throw options.failBegin;
      open = [];
      try {
        body();
      } catch (error) {
        // As better-sqlite3 does: rolled back, unless the error already rolled all of it back.
        if (open !== undefined) events.push('ROLLBACK');
        open = undefined;
        throw error;
      }
      if (options.failCommit !== undefined) {
        events.push('ROLLBACK');
        open = undefined;
        throw options.failCommit;
      }
      events.push('COMMIT');
      committed.push(...open);
      open = undefined;
    },
    savepoint: (body) => {
      if (open === undefined) throw new Error('savepoint outside a transaction');
      const mark = open.length;
      try {
        return body();
      } catch (error) {
        if (open !== undefined) open.length = mark;
        throw error;
      }
    },
    inTransaction: () => open !== undefined,
    schedule: (flush) => {
      flushes.push(flush);
    },
  };
  /** An operation whose error rolls back the whole transaction, as SQLite does on a full disk. */
  const failWholly = (error: Error) => () => {
    events.push('ROLLBACK (whole transaction)');
    open = undefined;
    throw error;
  };
  const write = (value: string) => () => {
    if (open === undefined) throw new Error('write outside a transaction');
    open.push(value);
    return value.toUpperCase();
  };
  const runScheduled = (): void => {
    const pending = flushes;
    flushes = [];
    for (const flush of pending) flush();
  };
  return { deps, committed, events, write, failWholly, runScheduled, scheduled: () => flushes.length };
}

describe('group commit', () => {
  it('runs the operations of one turn in one transaction, in order, and resolves after the commit', async () => {
    const db = fakeDatabase();
    const commits = createGroupCommit(db.deps);
    const settled: string[] = [];
    const results = ['a', 'b', 'c'].map((value) => commits.submit(db.write(value)).then((result) => settled.push(result)));

    expect({ scheduled: db.scheduled(), queued: commits.queued, committed: db.committed }).toEqual({ scheduled: 1, queued: 3, committed: [] });
    await Promise.resolve();
    expect(settled).toEqual([]);

    db.runScheduled();
    await Promise.all(results);
    expect({ events: db.events, committed: db.committed, settled, queued: commits.queued }).toEqual({
      events: ['BEGIN', 'COMMIT'],
      committed: ['a', 'b', 'c'],
      settled: ['A', 'B', 'C'],
      queued: 0,
    });
  });

  it('a failing operation is rolled back and rejected alone; the rest of its batch commits', async () => {
    const db = fakeDatabase();
    const commits = createGroupCommit(db.deps);
    const boom = new Error('constraint failed');
    const ran: string[] = [];
    const first = commits.submit(() => {
      ran.push('a');
      return db.write('a')();
    });
    const failing = commits.submit(() => {
      ran.push('failing');
      db.write('half-done')();
      throw boom;
    });
    const last = commits.submit(() => {
      ran.push('c');
      return db.write('c')();
    });
    db.runScheduled();

    expect(await Promise.allSettled([first, failing, last])).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: boom },
      { status: 'fulfilled', value: 'C' },
    ]);
    // Without savepoints first: the failure rolls the whole transaction back, and the batch runs
    // again with a savepoint each (the operations before the failing one run twice).
    expect({ events: db.events, committed: db.committed, ran }).toEqual({
      events: ['BEGIN', 'ROLLBACK', 'BEGIN', 'COMMIT'],
      committed: ['a', 'c'],
      ran: ['a', 'failing', 'a', 'failing', 'c'],
    });
  });

  it('a batch where nothing fails runs no savepoint', async () => {
    const db = fakeDatabase();
    const savepoints: number[] = [];
    const commits = createGroupCommit({ ...db.deps, savepoint: (body) => (savepoints.push(1), db.deps.savepoint(body)) });
    const batch = [commits.submit(db.write('a')), commits.submit(db.write('b'))];
    db.runScheduled();
    expect(await Promise.all(batch)).toEqual(['A', 'B']);
    expect({ events: db.events, committed: db.committed, savepoints: savepoints.length }).toEqual({ events: ['BEGIN', 'COMMIT'], committed: ['a', 'b'], savepoints: 0 });
  });

  it('an operation that fails the second time alone is still rejected alone', async () => {
    // A failure that depends on the attempt (a transient error): the second run decides.
    const db = fakeDatabase();
    const commits = createGroupCommit(db.deps);
    let attempts = 0;
    const flaky = commits.submit(() => {
      attempts += 1;
      if (attempts === 1) throw new Error('busy');
      return db.write('flaky')();
    });
    const other = commits.submit(db.write('b'));
    db.runScheduled();
    expect(await Promise.allSettled([flaky, other])).toEqual([
      { status: 'fulfilled', value: 'FLAKY' },
      { status: 'fulfilled', value: 'B' },
    ]);
    expect({ events: db.events, committed: db.committed }).toEqual({ events: ['BEGIN', 'ROLLBACK', 'BEGIN', 'COMMIT'], committed: ['flaky', 'b'] });
  });

  it('an error that rolled back the whole transaction stops the batch: all reject with it, none after it runs', async () => {
    const db = fakeDatabase();
    const commits = createGroupCommit(db.deps);
    const full = new Error('database or disk is full');
    const ran: string[] = [];
    const batch = [
      commits.submit(db.write('a')),
      commits.submit(db.failWholly(full)),
      commits.submit(() => {
        ran.push('c');
        return db.write('c')();
      }),
    ];
    db.runScheduled();

    expect(await Promise.allSettled(batch)).toEqual([
      { status: 'rejected', reason: full },
      { status: 'rejected', reason: full },
      { status: 'rejected', reason: full },
    ]);
    expect({ events: db.events, committed: db.committed, ran }).toEqual({
      events: ['BEGIN', 'ROLLBACK (whole transaction)', 'BEGIN', 'ROLLBACK (whole transaction)'],
      committed: [],
      ran: [],
    });
  });

  it.each([
    { name: 'COMMIT', options: { failCommit: new Error('disk I/O error') }, events: ['BEGIN', 'ROLLBACK'] },
    { name: 'BEGIN', options: { failBegin: new Error('database is locked') }, events: ['BEGIN'] },
  ])('a failing $name rejects every operation of the batch with its error and keeps nothing', async ({ options, events }) => {
    const db = fakeDatabase(options);
    const commits = createGroupCommit(db.deps);
    const batch = [commits.submit(db.write('a')), commits.submit(db.write('b'))];
    db.runScheduled();

    const reason = options.failCommit ?? options.failBegin;
    expect(await Promise.allSettled(batch)).toEqual([
      { status: 'rejected', reason },
      { status: 'rejected', reason },
    ]);
    expect({ events: db.events, committed: db.committed }).toEqual({ events, committed: [] });
  });

  it('a write submitted after a batch was flushed goes into the next batch, with its own schedule', async () => {
    const db = fakeDatabase();
    const commits = createGroupCommit(db.deps);
    const first = commits.submit(db.write('a'));
    db.runScheduled();
    await first;
    const second = commits.submit(db.write('b'));
    expect(db.scheduled()).toBe(1);
    db.runScheduled();
    await second;
    expect({ events: db.events, committed: db.committed }).toEqual({ events: ['BEGIN', 'COMMIT', 'BEGIN', 'COMMIT'], committed: ['a', 'b'] });
  });

  it('flush() commits what is queued at once (before closing), and the scheduled flush then finds nothing', async () => {
    const db = fakeDatabase();
    const commits = createGroupCommit(db.deps);
    const pending = commits.submit(db.write('a'));
    commits.flush();
    expect(db.committed).toEqual(['a']);
    await expect(pending).resolves.toBe('A');
    db.runScheduled();
    expect(db.events).toEqual(['BEGIN', 'COMMIT']);
  });

  it.each([
    { name: 'only non-durable operations: committed without durability', durable: [false, false], begin: 'BEGIN (not durable)' },
    { name: 'one durable operation among them: the whole batch is durable', durable: [false, true, false], begin: 'BEGIN' },
    { name: 'operations are durable unless told otherwise', durable: [undefined], begin: 'BEGIN' },
  ])('$name', async ({ durable, begin }) => {
    const db = fakeDatabase();
    const commits = createGroupCommit(db.deps);
    const batch = durable.map((flag, index) => commits.submit(db.write(`w${index}`), flag === undefined ? {} : { durable: flag }));
    db.runScheduled();
    await Promise.all(batch);
    expect(db.events).toEqual([begin, 'COMMIT']);
  });

  it('by default, flushes on setImmediate: after the promise callbacks and I/O of the current turn', async () => {
    const db = fakeDatabase();
    const { schedule: _schedule, ...deps } = db.deps;
    const commits = createGroupCommit(deps);
    const first = commits.submit(db.write('a'));
    await Promise.resolve();
    const second = commits.submit(db.write('b'));
    await Promise.all([first, second]);
    expect({ events: db.events, committed: db.committed }).toEqual({ events: ['BEGIN', 'COMMIT'], committed: ['a', 'b'] });
  });
});
