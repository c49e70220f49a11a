import type { OutboxEntry, Store, StoryPost } from '../store/store.js';
import type { Delivery, SendResult } from './destination.js';

/**
 * The deliveries of `entries` (in order) with their story (issue 14): an entry whose item is in the
 * story window for a watch that groups stories on this destination gets the story's id, and its
 * post here if the story was posted here already. Stops before the second entry of one story, so
 * that its first is posted (and its post recorded) before the next is attached to it: the
 * deliveries returned may be fewer than the entries.
 */
export async function withStories(
  entries: readonly OutboxEntry[],
  deliveries: readonly Delivery[],
  destination: string,
  store: Pick<Store, 'storyItemsByKey' | 'getStoryPost'>,
): Promise<Delivery[]> {
  const members = await store.storyItemsByKey([...new Set(entries.map((entry) => entry.item.storyKey))]);
  if (members.size === 0) return [...deliveries];
  const result: Delivery[] = [];
  const stories = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    const delivery = deliveries[index] as Delivery;
    const member = members.get(entry.item.storyKey);
    if (member === undefined || !member.grouped.includes(destination)) {
      result.push(delivery);
      continue;
    }
    if (stories.has(member.storyId)) break;
    stories.add(member.storyId);
    const parent = await store.getStoryPost(destination, member.storyId);
    result.push({ ...delivery, story: { id: member.storyId, ...(parent === undefined ? {} : { parent }) } });
  }
  return result;
}

/**
 * After a delivery with a story was made: the story's post on this destination as it now is. An
 * item attached adds its outlet to the post; an item posted on its own (the story's first, or one
 * whose parent is gone) becomes the post later coverage attaches to. Undefined: nothing to record.
 */
export function storyPostAfter(delivery: Delivery, result: SendResult, destination: string, at: string): StoryPost | undefined {
  const story = delivery.story;
  if (story === undefined || !result.delivered || result.story === undefined) return undefined;
  const { item } = delivery;
  if (result.story.attached) {
    if (story.parent === undefined) return undefined;
    const outlet = { source: item.source, title: item.title, ...(item.link === undefined ? {} : { link: item.link }) };
    return { ...story.parent, ref: result.story.ref, also: [...story.parent.also, outlet], updatedAt: at };
  }
  if (result.story.ref === undefined) return undefined;
  return {
    destination,
    storyId: story.id,
    ref: result.story.ref,
    lead: { item, watch: delivery.watch, terms: delivery.terms, ...(delivery.color === undefined ? {} : { color: delivery.color }) },
    also: [],
    updatedAt: at,
  };
}
