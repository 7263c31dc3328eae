import type { TimelineStamp } from '@feijiu/contracts';

export class TimelineStamped {
  static readonly eventName = 'timeline.stamped';
  constructor(readonly stamp: TimelineStamp) {}
}
