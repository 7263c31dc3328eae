import type { County } from '@feijiu/geo';
import type { Logger } from 'pino';
import { exponential, type RandomSource } from '../random';
import { type DispatcherApi, hasCode, isRetryable } from './api-client';
import { type CallArea, type CallPlan, generateCall, type Pathway, SIMULATED_CALL_NOTE } from './call-generator';
import type { CrewEvent } from './crew-agent';

// The simulated dispatcher, logged in as `dispatcher`: calls arrive as a Poisson process; each
// becomes an incident, and the top recommendation that a simulated crew drives (never the
// vehicle a person plays) is assigned; declined or unanswered offers go to the next vehicle.
// When the crew has handed the patient over, the incident is closed (unless the core already
// closed it). Now and then it looks for its own calls left waiting in the queue (a restart, a
// crew stood down) and takes them on again. Every call to the core
// may fail: the agent logs, waits and tries again, and never throws. A state machine on an
// injected clock; `tick(now)` does one step.

export interface DispatcherAgentOptions {
  api: DispatcherApi;
  county: County;
  random: RandomSource;
  logger: Logger;
  /** Mean real seconds between calls. */
  callIntervalS: number;
  /** Vehicles a simulated crew drives: the only ones the simulated dispatcher assigns. */
  crewVehicleIds: ReadonlySet<string>;
  /** How many simulated crews are free right now (no new call is taken when none is). */
  availableCrews: () => number;
  /** Incidents waiting for a unit before new calls are held back. */
  maxWaitingIncidents?: number;
  retryMs?: number;
  /** How long an offer may stand before the dispatcher looks at it (the core's timer is 3 min). */
  offerCheckMs?: number;
  /** Give up on finding a unit after this long and cancel the incident. */
  giveUpMs?: number;
  /** How often to look for simulated incidents waiting in the queue that nobody tracks. */
  sweepMs?: number;
  /** Where calls come from; the whole county when absent. */
  callArea?: CallArea;
  /** The pathways of the first calls, taken one after another; then the usual mix. */
  scriptedCalls?: readonly Pathway[];
}

type IncidentState = 'awaiting_unit' | 'offered' | 'accepted' | 'handed_over';

interface TrackedIncident {
  id: string;
  number: string;
  complaint: string;
  state: IncidentState;
  createdAtMs: number;
  /** Vehicles already offered this incident (declined or timed out). */
  tried: Set<string>;
  offeredVehicleId: string | null;
  /** When the next action on this incident is due. */
  dueAtMs: number;
  closeAttempts: number;
}

const MAX_CLOSE_ATTEMPTS = 10;
const FORGET_AFTER_MS = 4 * 3600_000;
const NO_UNIT_RETRY_MS = 15_000;
const FIRST_CALL_MS = 2_000;

export class DispatcherAgent {
  private readonly incidents = new Map<string, TrackedIncident>();
  private nextCallAtMs: number | null = null;
  private nextSweepAtMs = 0;
  private pendingCall: { call: CallPlan; attempts: number; dueAtMs: number } | null = null;
  private failing = false;
  private readonly script: Pathway[];

  constructor(private readonly options: DispatcherAgentOptions) {
    this.script = [...(options.scriptedCalls ?? [])];
  }

  /** Incidents this dispatcher created and has not finished with. */
  get openIncidents(): ReadonlyArray<{ id: string; state: IncidentState; offeredVehicleId: string | null }> {
    return [...this.incidents.values()].map(({ id, state, offeredVehicleId }) => ({ id, state, offeredVehicleId }));
  }

  async tick(nowMs: number): Promise<void> {
    // the first call comes at once, so a freshly started demo county is in motion within seconds
    this.nextCallAtMs ??= nowMs + FIRST_CALL_MS;
    if (nowMs >= this.nextCallAtMs) {
      this.takeCall();
      // scripted calls come one after another, then the Poisson stream
      this.nextCallAtMs = nowMs + (this.script.length > 0 ? FIRST_CALL_MS : this.interCallMs());
    }
    if (this.pendingCall && nowMs >= this.pendingCall.dueAtMs) await this.createIncident(nowMs);
    if (nowMs >= this.nextSweepAtMs) await this.sweep(nowMs);
    for (const incident of [...this.incidents.values()]) {
      if (nowMs < incident.dueAtMs) continue;
      await this.work(incident, nowMs);
    }
  }

  /** What a simulated crew did (in-process: quicker than waiting for the core's events). */
  receiveCrewEvent(event: CrewEvent): void {
    const incident = this.incidents.get(event.incidentId);
    if (!incident) return;
    switch (event.kind) {
      case 'accepted':
        incident.state = 'accepted';
        return;
      case 'declined':
        this.offerGone(incident, event.vehicleId, 0);
        return;
      case 'handed_over':
        incident.state = 'handed_over';
        incident.dueAtMs = 0;
        return;
      case 'aborted':
        this.incidents.delete(incident.id);
        return;
      case 'prenotice_sent':
        return; // the hospital's business, not the dispatcher's
    }
  }

  /** An `assignment.updated` from the core: an offer declined, expired or cancelled. */
  receiveAssignmentUpdate(update: { incidentId: string; vehicleId: string; status: string }): void {
    const incident = this.incidents.get(update.incidentId);
    if (!incident || incident.offeredVehicleId !== update.vehicleId) return;
    if (update.status === 'accepted' && incident.state === 'offered') incident.state = 'accepted';
    if (['declined', 'expired', 'cancelled'].includes(update.status) && incident.state === 'offered') {
      this.offerGone(incident, update.vehicleId, 0);
    }
  }

  private takeCall(): void {
    const { logger, availableCrews } = this.options;
    const waiting = [...this.incidents.values()].filter((i) => i.state === 'awaiting_unit').length;
    // a county with every crew out holds the next calls (they would only queue up)
    if (this.pendingCall || waiting >= (this.options.maxWaitingIncidents ?? 3) || availableCrews() === 0) {
      logger.debug({ waiting, available: availableCrews() }, 'no free crew; call not simulated');
      return;
    }
    const call = generateCall(this.options.county, this.options.random, this.options.callArea, this.script.shift());
    this.pendingCall = { call, attempts: 0, dueAtMs: 0 };
  }

  private async createIncident(nowMs: number): Promise<void> {
    const pending = this.pendingCall!;
    try {
      const incident = await this.options.api.createIncident(pending.call.request);
      this.pendingCall = null;
      this.ok();
      this.options.logger.info(
        { incidentId: incident.id, number: incident.number, place: pending.call.placeName, complaint: pending.call.request.complaint },
        'call taken',
      );
      this.incidents.set(incident.id, {
        id: incident.id,
        number: incident.number,
        complaint: pending.call.request.complaint,
        state: 'awaiting_unit',
        createdAtMs: nowMs,
        tried: new Set(),
        offeredVehicleId: null,
        dueAtMs: nowMs,
        closeAttempts: 0,
      });
    } catch (err) {
      pending.attempts++;
      if (!isRetryable(err) || pending.attempts >= 3) {
        this.options.logger.warn({ err: String(err) }, 'could not create the incident; call dropped');
        this.pendingCall = null;
        return;
      }
      this.failed(err, 'could not create the incident; retrying');
      pending.dueAtMs = nowMs + this.retryMs();
    }
  }

  private async work(incident: TrackedIncident, nowMs: number): Promise<void> {
    switch (incident.state) {
      case 'awaiting_unit':
        return this.assign(incident, nowMs);
      case 'offered':
        return this.checkOffer(incident, nowMs);
      case 'accepted':
        // nothing to do until the crew hands over; a call that never ends (its crew was
        // restarted) is forgotten after a few hours
        if (nowMs - incident.createdAtMs > FORGET_AFTER_MS) this.incidents.delete(incident.id);
        incident.dueAtMs = nowMs + 60_000;
        return;
      case 'handed_over':
        return this.close(incident, nowMs);
    }
  }

  private async assign(incident: TrackedIncident, nowMs: number): Promise<void> {
    const { api, crewVehicleIds, logger } = this.options;
    if (nowMs - incident.createdAtMs > (this.options.giveUpMs ?? 15 * 60_000)) return this.giveUp(incident, nowMs);
    try {
      const recommendations = await api.getRecommendations(incident.id);
      // a returning ambulance may be sent straight on, as the core allows
      const candidates = recommendations.filter(
        (r) =>
          crewVehicleIds.has(r.vehicleId) &&
          !incident.tried.has(r.vehicleId) &&
          (r.status === undefined || r.status === 'available' || r.status === 'returning'),
      );
      for (const candidate of candidates) {
        try {
          await api.assignVehicle(incident.id, candidate.vehicleId);
        } catch (err) {
          // taken since the list was made: the next one (it may be free again next round)
          if (hasCode(err, 'VEHICLE_NOT_AVAILABLE', 'VEHICLE_BUSY')) continue;
          throw err;
        }
        incident.state = 'offered';
        incident.offeredVehicleId = candidate.vehicleId;
        incident.tried.add(candidate.vehicleId);
        incident.dueAtMs = nowMs + (this.options.offerCheckMs ?? 200_000);
        this.ok();
        logger.info({ incidentId: incident.id, vehicleId: candidate.vehicleId, etaSec: Math.round(candidate.etaSec) }, 'vehicle assigned');
        return;
      }
      this.ok();
      // every crew has let this one go: offer it round again next time
      if (candidates.length === 0) incident.tried.clear();
      logger.debug({ incidentId: incident.id }, 'no simulated crew free for this incident; trying again soon');
      incident.dueAtMs = nowMs + NO_UNIT_RETRY_MS;
    } catch (err) {
      if (hasCode(err, 'INCIDENT_NOT_FOUND', 'INCIDENT_ILLEGAL_TRANSITION')) {
        // closed or cancelled by a person at the console
        logger.info({ incidentId: incident.id, err: String(err) }, 'incident no longer open; forgetting it');
        this.incidents.delete(incident.id);
        return;
      }
      this.failed(err, 'could not assign a vehicle; retrying');
      incident.dueAtMs = nowMs + this.retryMs();
    }
  }

  // Offers time out in the core; if no event said so, read the incident back.
  private async checkOffer(incident: TrackedIncident, nowMs: number): Promise<void> {
    try {
      const current = await this.options.api.getIncident(incident.id);
      this.ok();
      if (current.status === 'closed' || current.status === 'cancelled') {
        this.incidents.delete(incident.id);
        return;
      }
      const offer = current.assignments.filter((a) => a.vehicleId === incident.offeredVehicleId).at(-1);
      if (!offer || ['declined', 'expired', 'cancelled'].includes(offer.status)) {
        this.offerGone(incident, incident.offeredVehicleId, nowMs);
      } else if (offer.status === 'offered') {
        incident.dueAtMs = nowMs + 30_000;
      } else {
        incident.state = 'accepted';
        incident.dueAtMs = nowMs + 60_000;
      }
    } catch (err) {
      this.failed(err, 'could not read the incident back; retrying');
      incident.dueAtMs = nowMs + this.retryMs();
    }
  }

  private offerGone(incident: TrackedIncident, vehicleId: string | null, dueAtMs: number): void {
    if (vehicleId) incident.tried.add(vehicleId);
    this.options.logger.info({ incidentId: incident.id, vehicleId }, 'offer not taken; assigning the next vehicle');
    incident.state = 'awaiting_unit';
    incident.offeredVehicleId = null;
    incident.dueAtMs = dueAtMs;
  }

  // The core closes an incident itself when its ambulance leaves the hospital; close it only if not.
  private async close(incident: TrackedIncident, nowMs: number): Promise<void> {
    const { api, logger } = this.options;
    try {
      const current = await api.getIncident(incident.id);
      if (current.status !== 'closed' && current.status !== 'cancelled') await api.setIncidentStatus(incident.id, 'closed');
      this.ok();
      logger.info({ incidentId: incident.id, number: incident.number }, 'incident closed');
      this.incidents.delete(incident.id);
    } catch (err) {
      incident.closeAttempts++;
      if (!isRetryable(err) || incident.closeAttempts >= MAX_CLOSE_ATTEMPTS) {
        // closed in between by the core or a person, or it will never close: not ours to keep
        logger.info({ incidentId: incident.id, err: String(err) }, 'incident not closed by the simulator');
        this.incidents.delete(incident.id);
        return;
      }
      this.failed(err, 'could not close the incident; retrying');
      incident.dueAtMs = nowMs + this.retryMs();
    }
  }

  // Simulated calls waiting in the queue that this dispatcher does not know (it was restarted, or
  // the core stood their crew down) are taken on again.
  private async sweep(nowMs: number): Promise<void> {
    this.nextSweepAtMs = nowMs + (this.options.sweepMs ?? 5 * 60_000);
    try {
      const open = await this.options.api.listOpenIncidents();
      for (const i of open) {
        if (i.status !== 'new' || this.incidents.has(i.id) || !i.notes?.includes(SIMULATED_CALL_NOTE)) continue;
        this.options.logger.info({ incidentId: i.id, number: i.number }, 'simulated call found waiting; taking it on');
        this.incidents.set(i.id, {
          id: i.id,
          number: i.number,
          complaint: i.complaint,
          state: 'awaiting_unit',
          createdAtMs: nowMs,
          tried: new Set(),
          offeredVehicleId: null,
          dueAtMs: nowMs,
          closeAttempts: 0,
        });
      }
    } catch (err) {
      this.failed(err, 'could not list the open incidents');
    }
  }

  private async giveUp(incident: TrackedIncident, nowMs: number): Promise<void> {
    try {
      await this.options.api.setIncidentStatus(incident.id, 'cancelled', '无可用车辆 (no ambulance free, simulated call)');
      this.options.logger.warn({ incidentId: incident.id }, 'no unit found in time; incident cancelled');
      this.incidents.delete(incident.id);
    } catch (err) {
      if (!isRetryable(err)) {
        this.incidents.delete(incident.id);
        return;
      }
      this.failed(err, 'could not cancel the incident; retrying');
      incident.dueAtMs = nowMs + this.retryMs();
    }
  }

  private interCallMs(): number {
    return exponential(this.options.callIntervalS, this.options.random) * 1000;
  }

  private retryMs(): number {
    return this.options.retryMs ?? 15_000;
  }

  private failed(err: unknown, message: string): void {
    if (!this.failing) this.options.logger.warn({ err: String(err) }, message);
    this.failing = true;
  }

  private ok(): void {
    if (this.failing) this.options.logger.info('core reachable again');
    this.failing = false;
  }
}
