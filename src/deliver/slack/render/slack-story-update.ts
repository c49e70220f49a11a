import type { StoryPost } from '../../destination.js';
import { fitEscaped } from '../../../render/truncate.js';
import { escapeSlackMrkdwn } from './slack-escape.js';
import { renderSlackMessage, type SlackMessage, type SlackRenderOptions } from './slack-message.js';

/** Longest list of outlet names in the count line. */
const OUTLETS_LENGTH = 300;

/**
 * A story's first message as `chat.update` rewrites it when later coverage is replied in its thread
 * (issue 14): the first item's message as posted, plus a context line with the count of other
 * outlets and their names (`+2 autres sources dans le fil : ZDNet, Silicon.fr`). Pure.
 */
export function renderSlackStoryUpdate(post: StoryPost, options: SlackRenderOptions = {}): SlackMessage {
  const message = renderSlackMessage(
    { item: post.lead.item, watch: post.lead.watch, terms: post.lead.terms, ...(post.lead.color === undefined ? {} : { color: post.lead.color }) },
    options,
  );
  const count = post.also.length;
  if (count === 0) return message;
  const names = [...new Set(post.also.map((outlet) => outlet.source.trim()).filter((name) => name !== ''))].join(', ');
  const line = `+${count} ${count === 1 ? 'autre source' : 'autres sources'} dans le fil${names === '' ? '' : ` : ${fitEscaped(names, escapeSlackMrkdwn, OUTLETS_LENGTH)}`}`;
  return { ...message, blocks: [...message.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: line, verbatim: true }] }] };
}
