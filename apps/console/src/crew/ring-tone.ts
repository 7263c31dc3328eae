// The offer alert: a two-tone beep from Web Audio (no sound files), repeated until answered.
// Browsers start an AudioContext suspended until the user has touched the page; `unlock` is
// wired to the first tap so later offers can ring.

export interface ToneNote {
  hz: number;
  startSec: number;
  durationSec: number;
}

const OFFER_PATTERN: readonly ToneNote[] = [
  { hz: 880, startSec: 0, durationSec: 0.18 },
  { hz: 660, startSec: 0.22, durationSec: 0.18 },
  { hz: 880, startSec: 0.44, durationSec: 0.18 },
];

export class RingTone {
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  /** Other surfaces (the ER's pre-notice) ring their own pattern. */
  constructor(
    private readonly pattern: readonly ToneNote[] = OFFER_PATTERN,
    private readonly repeatMs = 1600,
  ) {}

  get ringing(): boolean {
    return this.timer !== null;
  }

  /** True when sound can play (the context is running). */
  get audible(): boolean {
    return this.context?.state === 'running';
  }

  async unlock(): Promise<boolean> {
    try {
      this.context ??= new AudioContext();
      if (this.context.state === 'suspended') await this.context.resume();
    } catch {
      return false; // no audio device, or the browser refuses: the card still flashes
    }
    return this.audible;
  }

  async start(): Promise<boolean> {
    const audible = await this.unlock();
    if (this.timer === null) {
      this.beep();
      this.timer = setInterval(() => this.beep(), this.repeatMs);
    }
    return audible;
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  close(): void {
    this.stop();
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }

  private beep(): void {
    const context = this.context;
    if (!context || context.state !== 'running') return;
    const t0 = context.currentTime + 0.02;
    for (const note of this.pattern) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'square';
      oscillator.frequency.value = note.hz;
      // A short attack and release: no clicks.
      gain.gain.setValueAtTime(0, t0 + note.startSec);
      gain.gain.linearRampToValueAtTime(0.18, t0 + note.startSec + 0.01);
      gain.gain.setValueAtTime(0.18, t0 + note.startSec + note.durationSec - 0.02);
      gain.gain.linearRampToValueAtTime(0, t0 + note.startSec + note.durationSec);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(t0 + note.startSec);
      oscillator.stop(t0 + note.startSec + note.durationSec + 0.01);
    }
  }
}
