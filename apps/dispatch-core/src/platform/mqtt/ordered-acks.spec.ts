import { describe, expect, it } from 'vitest';
import { OrderedAcks } from './ordered-acks';

describe(OrderedAcks.name, () => {
  it('should acknowledge in arrival order when handlers finish out of order', () => {
    const sent: number[] = [];
    const sut = new OrderedAcks((id) => sent.push(id));
    const [a, b, c] = [sut.track(1), sut.track(2), sut.track(3)];
    c();
    b();
    expect(sent).toEqual([]);
    a();
    expect(sent).toEqual([1, 2, 3]);
    expect(sut.pending).toBe(0);
  });

  it('should never acknowledge a message of a connection that dropped', () => {
    const sent: number[] = [];
    const sut = new OrderedAcks((id) => sent.push(id));
    const old = sut.track(7);
    sut.reset();
    const fresh = sut.track(7);
    old();
    expect(sent).toEqual([]);
    fresh();
    expect(sent).toEqual([7]);
  });

  it('should keep acknowledging after compacting a long queue', () => {
    const sent: number[] = [];
    const sut = new OrderedAcks((id) => sent.push(id));
    const releases = Array.from({ length: 5000 }, (_, i) => sut.track(i % 65535));
    releases.slice(0, 3000).forEach((r) => r());
    releases.slice(3000).reverse().forEach((r) => r());
    expect(sent).toHaveLength(5000);
    expect(sut.pending).toBe(0);
  });
});
