import cron from 'node-cron';

/** What is wrong with a node-cron expression, or undefined when it is valid. */
export function checkCron(expression: string): string | undefined {
  const result = cron.validateDetailed(expression);
  if (result.valid) return undefined;
  const details = result.errors.map((error) => `${error.field}: ${error.message}`).join('; ');
  return details === '' ? 'expected 5 or 6 fields, e.g. "*/10 * * * *"' : details;
}
