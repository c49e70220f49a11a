export type { StoryItem } from './story-item.js';
export type { StoryDecision, StoryExplanation, StoryReason, WeightedTerm } from './story-explanation.js';
export { STORY_THRESHOLD } from './compare-items.js';
export { createStoryIndex, DEFAULT_STORY_WINDOW_MS, type StoryCandidate, type StoryIndex, type StoryIndexOptions, type StoryMatch } from './story-index.js';
export { explanationText } from './explanation-text.js';
export { compareHeadlines } from './compare-headlines.js';
