import type { TimeNode } from '@feijiu/contracts';
import type { Logger } from 'pino';
import { type RandomSource, uniform } from '../random';
import { type ErApi, isRetryable } from './api-client';
import type { CrewEvent } from './crew-agent';
import { activationFor } from './crew-assessment';

// The receiving hospitals' emergency departments as the simulator plays them, each logged in
// as `er-<hospitalId>`: a pre-notice from a simulated crew is acknowledged after 10–40 s with
// the teams its pathways call for (a person at the ER board may get there first: then the
// simulated ER leaves it), and once the patient is through the door the green-channel
// treatment times follow: CT and needle for a stroke, wire for a STEMI, stamped on the
// incident's timeline by the ER as they happen. A state machine on an injected clock.

export interface ErAgentOptions {
  /** The ER API of one hospital, logged in as that hospital's ER. */
  apiFor: (hospitalId: string) => ErApi;
  random: RandomSource;
  logger: Logger;
  /** Simulated seconds per real second: treatment times shrink with it. */
  speedup?: number;
  /** How long (real ms) the ER takes to acknowledge a pre-notice. */
  acknowledgeMs?: readonly [number, number];
  retryMs?: number;
}

interface Task {
  dueAtMs: number;
  hospitalId: string;
  what: string;
  run: (api: ErApi) => Promise<void>;
}

// Door to the treatment node, simulated minutes: within and around the chest-pain and stroke
// centre targets (door-to-wire ≤ 90, door-to-needle ≤ 60), some cases missing them.
const TREATMENT_MINUTES: Partial<Record<string, readonly { node: TimeNode; min: number; max: number }[]>> = {
  chest_pain_stemi: [{ node: 'wire', min: 45, max: 100 }],
  stroke: [
    { node: 'ct_start', min: 8, max: 25 },
    { node: 'needle', min: 30, max: 70 },
  ],
};
const MAX_ATTEMPTS = 8;

export class ErAgent {
  private readonly tasks: (Task & { attempts: number })[] = [];
  private readonly inbound = new Map<string, { hospitalId: string; pathways: readonly string[] }>();

  constructor(private readonly options: ErAgentOptions) {}

  /** Pending acknowledgements and stamps. */
  get pending(): number {
    return this.tasks.length;
  }

  /** What a simulated crew did: a pre-notice sent, a patient handed over at the door. */
  receiveCrewEvent(event: CrewEvent, nowMs: number): void {
    if (event.kind === 'prenotice_sent') {
      const { prenoticeId, hospitalId, pathways, incidentId } = event;
      this.inbound.set(incidentId, { hospitalId, pathways });
      const [fastest, slowest] = this.options.acknowledgeMs ?? [10_000, 40_000];
      const { teamsActivated, bypassEd } = activationFor(pathways);
      this.schedule({
        dueAtMs: nowMs + uniform(fastest, slowest, this.options.random),
        hospitalId,
        what: `acknowledge pre-notice ${prenoticeId}`,
        run: (api) => api.acknowledgePrenotice(prenoticeId, teamsActivated, bypassEd),
      });
      return;
    }
    if (event.kind === 'handed_over') {
      const patient = this.inbound.get(event.incidentId);
      this.inbound.delete(event.incidentId);
      if (!patient) return;
      for (const pathway of patient.pathways) {
        for (const step of TREATMENT_MINUTES[pathway] ?? []) {
          const dueAtMs = nowMs + (uniform(step.min, step.max, this.options.random) * 60_000) / (this.options.speedup ?? 1);
          this.schedule({
            dueAtMs,
            hospitalId: patient.hospitalId,
            what: `${step.node} for incident ${event.incidentId}`,
            run: (api) => api.stamp(event.incidentId, step.node, new Date(dueAtMs)),
          });
        }
      }
      return;
    }
    if (event.kind === 'aborted') this.inbound.delete(event.incidentId);
  }

  /** Does what is due; a failure the core may get over is tried again later. */
  async tick(nowMs: number): Promise<void> {
    const due = this.tasks.filter((t) => t.dueAtMs <= nowMs).sort((a, b) => a.dueAtMs - b.dueAtMs);
    for (const task of due) {
      try {
        await task.run(this.options.apiFor(task.hospitalId));
        this.remove(task);
        this.options.logger.info({ hospitalId: task.hospitalId }, `ER: ${task.what}`);
      } catch (err) {
        task.attempts++;
        if (isRetryable(err) && task.attempts < MAX_ATTEMPTS) {
          task.dueAtMs = nowMs + (this.options.retryMs ?? 10_000) * task.attempts;
          continue;
        }
        // e.g. a person at the ER board acknowledged it first (409)
        this.remove(task);
        this.options.logger.info({ hospitalId: task.hospitalId, err: String(err) }, `ER: ${task.what} not done`);
      }
    }
  }

  private schedule(task: Task): void {
    this.tasks.push({ ...task, attempts: 0 });
  }

  private remove(task: Task): void {
    const i = this.tasks.indexOf(task as Task & { attempts: number });
    if (i >= 0) this.tasks.splice(i, 1);
  }
}
