import type { z } from 'zod';
import type { Template } from '../render/template.js';
import type { Destination } from './destination.js';

/** API roots taken from the environment (`VEILLE_DISCORD_API`, `VEILLE_SLACK_API`): proxies, tests. */
export interface DestinationApis {
  readonly discordApi?: string;
  readonly slackApi?: string;
}

/** What checking a destination's settings may use besides the settings themselves. */
export interface KindCheckContext {
  readonly name: string;
  readonly apis: DestinationApis;
}

/** What creating a destination needs besides its checked options. */
export interface KindCreateDeps {
  /** Where the console destination prints (stdout). */
  readonly write: (text: string) => void;
  /** Time zone for dates shown in messages. */
  readonly timeZone: string;
}

/** One thing wrong with a destination's settings: the YAML key (relative to the entry) and what. */
export interface SettingsProblem {
  readonly field: readonly (string | number)[];
  readonly message: string;
}

/** Options every chat kind's renderer takes from the settings. */
export interface RenderSettings {
  readonly template?: Template;
}

/**
 * A destination kind: its settings schema, the check of those settings, and how to create its
 * client. `check` returns exactly the options `create` takes; `create` runs the same checks again
 * (they are the same functions), so what `veille check` accepts is what `veille run` can start.
 */
export interface DestinationKind<Entry = unknown, Options = unknown> {
  /** The kind's id: `Destination.type`, logs, docs. */
  readonly kind: string;
  /** The YAML `type:` this kind answers to (several kinds may share one: discord, slack). */
  readonly type: string;
  /**
   * Among the kinds of one `type`, whether this entry is for this one (e.g. it has `webhook_url`).
   * The first kind of the registry that claims the entry checks it.
   */
  readonly claims: (entry: Readonly<Record<string, unknown>>) => boolean;
  /** The shape of the YAML entry (strict: unknown keys are problems). */
  readonly schema: z.ZodType<Entry>;
  /** Whether its destinations can render and send a digest (`Destination.renderDigest`); config refuses `digest:` otherwise. */
  readonly digests: boolean;
  check(entry: Entry, context: KindCheckContext): { readonly options: Options } | { readonly problems: readonly SettingsProblem[] };
  create(options: Options, deps: KindCreateDeps): Destination;
}

/** Declares a kind with its types checked, then erases them for the registry. */
export function defineKind<Entry, Options>(kind: DestinationKind<Entry, Options>): DestinationKind {
  return kind as unknown as DestinationKind;
}
