import type { Hl7Message } from '@feijiu/monitor-protocols';
import { createHash } from 'node:crypto';

// A monitor that gets no ACK (lost on the line, garbled, or late) sends the same message again
// with the same MSH-10. Stored twice it would take two seqs, and the core, which dedupes by
// (vehicle, topic, seq), would keep both. The last stored messages of a monitor are remembered by
// MSH-10 and content: a repeat of one is answered again and not stored. A new message that reuses
// an MSH-10 (a monitor whose counter restarted) differs in content and is stored. Held in memory
// only: a bridge restart forgets them (see README "HL7 ACKs").

export const RECENT_MESSAGES_PER_MONITOR = 64;

export class RecentMessages {
  private readonly byControlId = new Map<string, string>();

  constructor(private readonly capacity = RECENT_MESSAGES_PER_MONITOR) {}

  /** True when this exact message (same MSH-10, same content) was stored already. */
  isRepeat(message: Hl7Message): boolean {
    if (message.controlId === '') return false;
    return this.byControlId.get(message.controlId) === fingerprintOf(message);
  }

  /** A message went into the outbox whole. */
  remember(message: Hl7Message): void {
    if (message.controlId === '') return;
    // re-inserted so that the newest stays last and the oldest goes first
    this.byControlId.delete(message.controlId);
    this.byControlId.set(message.controlId, fingerprintOf(message));
    if (this.byControlId.size > this.capacity) this.byControlId.delete(this.byControlId.keys().next().value!);
  }
}

/** What the message says, parsed (so framing and line ends do not matter); samples as their bytes. */
function fingerprintOf(message: Hl7Message): string {
  const json = JSON.stringify(message, (_key, value: unknown) =>
    value instanceof Int16Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') : value,
  );
  return createHash('sha256').update(json).digest('base64');
}
