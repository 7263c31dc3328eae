/**
 * PUBACKs sent only once a message is handled (stored), in the order the PUBLISHes arrived
 * (MQTT 3.1.1 §4.6 / MQTT 5 §4.6: a client acknowledges QoS 1 messages in arrival order).
 * Handlers finish out of order (GPS in its own transaction, telemetry in batches); a finished
 * message waits for every earlier one. After the connection drops the broker redelivers what was
 * not acknowledged, so `reset()` forgets the old connection's ids instead of acking them late.
 */
export class OrderedAcks {
  private queue: { messageId: number; done: boolean }[] = [];
  private head = 0;
  private generation = 0;

  constructor(private readonly sendAck: (messageId: number) => void) {}

  /** How many received messages are not yet acknowledged. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  /** Registers a received QoS 1 message; call the returned function when it has been handled. */
  track(messageId: number): () => void {
    const entry = { messageId, done: false };
    const generation = this.generation;
    this.queue.push(entry);
    return () => {
      entry.done = true;
      if (generation === this.generation) this.drain();
    };
  }

  /** The connection is gone: its unacknowledged messages come again on the next one. */
  reset(): void {
    this.queue = [];
    this.head = 0;
    this.generation++;
  }

  private drain(): void {
    while (this.head < this.queue.length && this.queue[this.head]!.done) {
      this.sendAck(this.queue[this.head]!.messageId);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
