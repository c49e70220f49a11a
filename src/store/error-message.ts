/** The message of whatever was thrown (an engine's driver error, or anything else). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
