import { describe, expect, it } from 'vitest';
import { MinHeap } from './min-heap';

describe(MinHeap.name, () => {
  it('should pop ids in ascending key order when keys arrive shuffled', () => {
    const sut = new MinHeap();
    const keys = [5, 3, 9, 1, 7, 2, 8, 2.5, 0, 6];
    keys.forEach((key, id) => sut.push(id, key));
    const popped: number[] = [];
    for (let entry = sut.pop(); entry; entry = sut.pop()) popped.push(entry.key);
    expect(popped).toEqual([...keys].sort((a, b) => a - b));
    expect(sut.size).toBe(0);
  });
});
