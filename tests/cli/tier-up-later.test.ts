import { describe, expect, it } from 'vitest';
import { tierUpLaterFlag } from '../../src/cli/tier-up-later.js';

describe('tierUpLaterFlag', () => {
  it.each([
    { node: 'Node 20.20', v8: '11.3.244.8-node.33', flag: '--interrupt-budget=405504' },
    { node: 'Node 20.19', v8: '11.3.244.8-node.28', flag: '--interrupt-budget=405504' },
    { node: 'Node 21', v8: '11.8.172.17-node.20', flag: undefined },
    { node: 'Node 22', v8: '12.4.254.21-node.57', flag: undefined },
    { node: 'Node 24', v8: '13.6.233.17-node.63', flag: undefined },
    { node: 'Node 26', v8: '14.6.202.34-node.40', flag: undefined },
    { node: 'a version string of another shape', v8: '', flag: undefined },
  ])('$node (V8 $v8): $flag', ({ v8, flag }) => {
    expect(tierUpLaterFlag(v8)).toBe(flag);
  });
});
