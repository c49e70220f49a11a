/**
 * Prefix patterns (`souverain*`) keyed by their text: looking a word up walks the word once and
 * collects every pattern that is a prefix of it, whatever the number of patterns.
 */
interface TrieNode {
  readonly children: Map<string, TrieNode>;
  readonly ids: number[];
}

export class PrefixTrie {
  private readonly root: TrieNode = { children: new Map(), ids: [] };
  private count = 0;

  get isEmpty(): boolean {
    return this.count === 0;
  }

  add(prefix: string, id: number): void {
    let node = this.root;
    for (const char of prefix) {
      let child = node.children.get(char);
      if (child === undefined) {
        child = { children: new Map(), ids: [] };
        node.children.set(char, child);
      }
      node = child;
    }
    node.ids.push(id);
    this.count += 1;
  }

  /** Appends to `out` the ids of every prefix of `word` (the whole word included). */
  collect(word: string, out: number[]): void {
    let node: TrieNode | undefined = this.root;
    for (const char of word) {
      node = node.children.get(char);
      if (node === undefined) return;
      for (const id of node.ids) out.push(id);
    }
  }
}
