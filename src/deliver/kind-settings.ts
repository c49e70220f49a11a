import { z } from 'zod';
import { DestinationSettingsError } from '../errors/destination-settings-error.js';
import { TemplateError } from '../errors/template-error.js';
import { parseTemplate, type Template } from '../render/template.js';
import type { SettingsProblem } from './destination-kind.js';
import { requestTimeoutSetting } from './request-timeout.js';

/** Keys every kind accepts: `type`, `optional` (skip when its variables are unset). */
export const commonKeys = (type: string) => ({ type: z.literal(type), optional: z.boolean().optional() });
/** Keys of chat kinds: a message template and a request timeout. */
export const chatKeys = { template: z.string().min(1).optional(), timeout: requestTimeoutSetting.optional() };

/** The parsed `template`, or the problem with it. */
export function checkTemplate(text: string | undefined): { readonly template?: Template } | { readonly problem: SettingsProblem } {
  if (text === undefined) return {};
  try {
    return { template: parseTemplate(text) };
  } catch (error) {
    if (error instanceof TemplateError) return { problem: { field: ['template'], message: error.message } };
    throw error;
  }
}

/**
 * Runs `validate` (the checks the kind's client runs when it is created) and turns a
 * {@link DestinationSettingsError} into a problem on the YAML key `fields[setting]` names.
 */
export function checkOptions<Options>(
  options: Options,
  validate: (options: Options) => unknown,
  fields: Readonly<Record<string, string>>,
): { readonly options: Options } | { readonly problems: readonly SettingsProblem[] } {
  try {
    validate(options);
    return { options };
  } catch (error) {
    if (!(error instanceof DestinationSettingsError)) throw error;
    const field = fields[error.setting];
    return {
      problems: [field === undefined ? { field: [], message: `${error.setting} ${error.problem}` } : { field: [field], message: error.problem.replace(/^is /, '') }],
    };
  }
}
