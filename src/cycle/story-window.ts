/**
 * The story window's default length (`settings.story_window` unset): 48 hours. The same value as
 * the story matcher's `DEFAULT_STORY_WINDOW_MS` (src/stories/story-index.ts), kept here so that a
 * cycle loads the matcher only when it places an item (tests/cycle/story-stage.test.ts holds the
 * two together).
 */
export const DEFAULT_STORY_WINDOW_MS = 48 * 3_600_000;
