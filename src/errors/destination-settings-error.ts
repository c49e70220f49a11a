/**
 * A destination setting that cannot work (not a webhook URL, empty token...). `setting` names the
 * option (`webhookUrl`, `channelId`...); the message never repeats a secret.
 */
export class DestinationSettingsError extends Error {
  override readonly name = 'DestinationSettingsError';
  readonly destination: string;
  readonly setting: string;
  /** What is wrong, without the destination and setting names (for config reports). */
  readonly problem: string;

  constructor(destination: string, setting: string, problem: string, options?: { cause?: unknown }) {
    super(`destination "${destination}": ${setting} ${problem}`, options);
    this.destination = destination;
    this.setting = setting;
    this.problem = problem;
  }
}
