/** A write to stdout takes any number of lines: one `send` takes a whole outbox page. */
export const CONSOLE_BATCH_LIMIT = 50;
