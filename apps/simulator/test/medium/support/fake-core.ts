import {
  type Assignment,
  type Incident,
  type IncidentStatus,
  LIVE_NAMESPACE,
  type Recommendation,
  type Vehicle,
  type VehicleStatus,
} from '@feijiu/contracts';
import { classifyPathway, PathwayAssessmentSchema, resolveClinicalSettings } from '@feijiu/clinical';
import { DEMO_COUNTY, distanceM } from '@feijiu/geo';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';

// A stand-in for the core's dispatch API (REST under /api/v1 + socket.io `/live`), following
// the core's rules closely enough to run the simulated dispatcher and crews end to end: demo
// logins, incidents, recommendations (the human crew's lh-01 always ranked first, to prove it is
// skipped), assignments that reserve the vehicle, a real offer timeout that releases it, the
// vehicle status machine, the incident following its ambulance and closing when it leaves the
// hospital, destination; assessments (classified by libs/clinical), destinations (green
// channels to the lead hospital, others to the nearest), pre-notices and their acknowledgement
// by the hospital's ER, timeline stamps. No geofence: the crews tap the arrival themselves.

// apps/dispatch-core/src/fleet/vehicle-status-machine.ts
const LEGAL: Record<VehicleStatus, readonly VehicleStatus[]> = {
  available: ['dispatched', 'out_of_service'],
  dispatched: ['en_route', 'available'],
  en_route: ['on_scene', 'available'],
  on_scene: ['transporting', 'available'],
  transporting: ['at_hospital'],
  at_hospital: ['returning', 'available'],
  returning: ['available', 'dispatched', 'out_of_service'],
  out_of_service: ['available'],
};
const ASSIGNABLE: readonly VehicleStatus[] = ['available', 'returning'];

export interface RecordedRequest {
  user: string | null;
  method: string;
  path: string;
  body: unknown;
  status: number;
}

export interface FakeCoreOptions {
  password: string;
  vehicleIds: readonly string[];
  offerTimeoutMs?: number;
}

export interface FakeCore {
  url: string;
  readonly requests: RecordedRequest[];
  readonly incidents: Map<string, Incident>;
  readonly vehicles: Map<string, VehicleStatus>;
  /** The next `count` API calls (not logins) answer 503. */
  failNext(count: number): void;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

export async function startFakeCore(options: FakeCoreOptions): Promise<FakeCore> {
  const users = new Set([
    'dispatcher',
    'crew',
    ...options.vehicleIds.map((id) => `crew-${id}`),
    ...DEMO_COUNTY.facilities.filter((f) => f.kind !== 'command_centre').map((f) => `er-${f.id}`),
  ]);
  const prenotices = new Map<string, { id: string; incidentId: string; hospitalId: string; pathways: string[]; acknowledgedBy: string | null }>();
  const pathwaysOf = new Map<string, string[]>();
  const vehicles = new Map<string, VehicleStatus>(options.vehicleIds.map((id) => [id, 'available']));
  const incidents = new Map<string, Incident>();
  const assignments = new Map<string, Assignment>();
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let failures = 0;

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  const io = new SocketServer(server, { transports: ['websocket'] });
  const live = io.of(LIVE_NAMESPACE);
  live.use((socket, next) => {
    const user = userOf((socket.handshake.auth as { token?: string }).token);
    if (!user) return next(new Error('AUTH_TOKEN_INVALID'));
    void socket.join(user);
    next();
  });

  const incidentView = (incident: Incident): Incident => ({
    ...incident,
    assignments: [...assignments.values()].filter((a) => a.incidentId === incident.id),
  });
  const publishAssignment = (a: Assignment) => {
    live.to('dispatcher').to(`crew-${a.vehicleId}`).emit('assignment.updated', a);
  };
  const release = (vehicleId: string) => {
    if (['dispatched', 'en_route'].includes(vehicles.get(vehicleId)!)) vehicles.set(vehicleId, 'available');
  };
  const requeueIfUnserved = (incident: Incident) => {
    const served = [...assignments.values()].some((x) => x.incidentId === incident.id && (x.status === 'offered' || x.status === 'accepted'));
    if (incident.status === 'dispatched' && !served) incident.status = 'new';
  };
  // the incident follows its ambulance, and is done when the ambulance leaves the hospital
  const followVehicle = (vehicleId: string, from: VehicleStatus, to: VehicleStatus) => {
    const a = [...assignments.values()].find((x) => x.vehicleId === vehicleId && (x.status === 'offered' || x.status === 'accepted'));
    if (!a) return;
    const incident = incidents.get(a.incidentId)!;
    if (to === 'on_scene' || to === 'transporting' || to === 'at_hospital') incident.status = to;
    if (to === 'returning' || to === 'available') {
      a.status = from === 'at_hospital' || from === 'on_scene' ? 'completed' : 'cancelled';
      publishAssignment(a);
      if (incident.status === 'at_hospital' || incident.status === 'on_scene') incident.status = 'closed';
      else requeueIfUnserved(incident);
    }
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await readJson(req);
    const user = userOf(req.headers.authorization?.replace(/^Bearer /, ''));
    const record = (status: number) => requests.push({ user, method: req.method ?? '', path: url.pathname, body, status });
    try {
      const result = route(req.method ?? 'GET', url.pathname, body, user);
      record(200);
      send(res, 200, result);
    } catch (err) {
      const e = err instanceof HttpError ? err : new HttpError(500, 'INTERNAL');
      record(e.status);
      send(res, e.status, { code: e.code, message: e.code });
    }
  }

  function route(method: string, path: string, body: unknown, user: string | null): unknown {
    const b = (body ?? {}) as Record<string, unknown>;
    if (method === 'POST' && path === '/api/v1/auth/login') {
      if (!users.has(String(b.username)) || b.password !== options.password) throw new HttpError(401, 'AUTH_INVALID_CREDENTIALS');
      return { accessToken: `tok-${String(b.username)}`, expiresInSec: 3600 };
    }
    if (!user) throw new HttpError(401, 'AUTH_TOKEN_INVALID');
    if (failures > 0) {
      failures--;
      throw new HttpError(503, 'INTERNAL');
    }
    const now = new Date().toISOString();
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/api/v1/incidents') {
      return [...incidents.values()].filter((i) => i.status !== 'closed' && i.status !== 'cancelled').map(incidentView);
    }
    if (method === 'POST' && path === '/api/v1/incidents') {
      const incident: Incident = {
        id: randomUUID(),
        number: `20261122-${String(incidents.size + 1).padStart(4, '0')}`,
        status: 'new',
        priority: b.priority as Incident['priority'],
        complaint: String(b.complaint),
        location: b.location as Incident['location'],
        address: (b.address as string) ?? null,
        callerPhone: (b.callerPhone as string) ?? null,
        callerName: null,
        patient: null,
        notes: (b.notes as string) ?? null,
        requiredVehicleType: null,
        destinationHospitalId: null,
        createdAt: now,
        updatedAt: now,
        assignments: [],
      };
      incidents.set(incident.id, incident);
      return incidentView(incident);
    }
    if ((m = path.match(/^\/api\/v1\/incidents\/([^/]+)(\/.*)?$/))) {
      const incident = incidents.get(m[1]);
      if (!incident) throw new HttpError(404, 'INCIDENT_NOT_FOUND');
      const sub = m[2] ?? '';
      if (method === 'GET' && sub === '') return incidentView(incident);
      if (method === 'GET' && sub === '/recommendations') return recommend(incident);
      if (method === 'POST' && sub === '/assignments') return assign(incident, String(b.vehicleId));
      if (method === 'POST' && sub === '/destination') {
        if (!DEMO_COUNTY.facilities.some((f) => f.id === b.hospitalId)) throw new HttpError(404, 'FACILITY_NOT_FOUND');
        incident.destinationHospitalId = String(b.hospitalId);
        return incidentView(incident);
      }
      // green channels: the real classification (libs/clinical); green pathways to the lead hospital
      if (method === 'POST' && sub === '/assessments') {
        const pathways = classifyPathway(PathwayAssessmentSchema.parse(b), resolveClinicalSettings()).pathways;
        pathwaysOf.set(incident.id, pathways.map((p) => p.pathway));
        return { id: randomUUID(), incidentId: incident.id, recordedAt: now, recordedBy: `user:${user}`, supersedes: null, assessment: b, pathways };
      }
      if (method === 'GET' && sub === '/destinations') {
        const pathways = pathwaysOf.get(incident.id) ?? [];
        const hospitals = DEMO_COUNTY.facilities.filter((f) => f.kind === 'hospital');
        const nearest = [...hospitals].sort((x, y) => distanceM(x, incident.location) - distanceM(y, incident.location))[0]!;
        const chosen = pathways.length > 0 ? 'lead' : nearest.id;
        const items = hospitals.map((h) => ({ hospitalId: h.id, name: h.name, nameEn: h.nameEn, etaSec: null, distanceM: null, fit: 'full', recommended: h.id === chosen, reasons: [], warnings: [] }));
        return { incidentId: incident.id, pathways, rule: 'fake', items };
      }
      if (method === 'POST' && sub === '/prenotice') {
        incident.destinationHospitalId = String(b.hospitalId);
        const p = { id: randomUUID(), incidentId: incident.id, hospitalId: String(b.hospitalId), pathways: pathwaysOf.get(incident.id) ?? [], acknowledgedBy: null };
        prenotices.set(p.id, p);
        return p;
      }
      if (method === 'POST' && sub === '/timeline') return { id: randomUUID(), node: b.node, at: b.at, source: 'manual', recordedBy: `user:${user}` };
      if (method === 'POST' && sub === '/status') {
        const allowed = b.status === 'closed' ? ['on_scene', 'at_hospital'] : ['new', 'dispatched', 'on_scene'];
        if (!allowed.includes(incident.status)) throw new HttpError(409, 'INCIDENT_ILLEGAL_TRANSITION');
        incident.status = b.status as IncidentStatus;
        return incidentView(incident);
      }
    }
    if ((m = path.match(/^\/api\/v1\/prenotices\/([^/]+)\/acknowledge$/))) {
      const p = prenotices.get(m[1]);
      if (!p) throw new HttpError(404, 'PRENOTICE_NOT_FOUND');
      if (user !== `er-${p.hospitalId}`) throw new HttpError(403, 'FORBIDDEN');
      if (p.acknowledgedBy) throw new HttpError(409, 'CONFLICT');
      p.acknowledgedBy = `user:${user}`;
      return p;
    }
    if ((m = path.match(/^\/api\/v1\/assignments\/([^/]+)\/(accept|decline)$/))) {
      const a = assignments.get(m[1]);
      if (!a) throw new HttpError(404, 'ASSIGNMENT_NOT_FOUND');
      if (user !== `crew-${a.vehicleId}`) throw new HttpError(403, 'FORBIDDEN');
      if (a.status !== 'offered') throw new HttpError(409, 'ASSIGNMENT_NOT_OFFERED');
      a.status = m[2] === 'accept' ? 'accepted' : 'declined';
      a.respondedAt = now;
      if (a.status === 'declined') {
        release(a.vehicleId);
        requeueIfUnserved(incidents.get(a.incidentId)!);
      }
      publishAssignment(a);
      return a;
    }
    if ((m = path.match(/^\/api\/v1\/vehicles\/([^/]+)(\/status)?$/))) {
      const id = m[1];
      const status = vehicles.get(id);
      if (!status) throw new HttpError(404, 'VEHICLE_NOT_FOUND');
      if (method === 'GET' && !m[2]) return vehicleView(id, status);
      if (method === 'POST' && m[2]) {
        if (user !== `crew-${id}`) throw new HttpError(403, 'FORBIDDEN');
        const to = b.status as VehicleStatus;
        if (to === 'dispatched' || !LEGAL[status].includes(to)) throw new HttpError(409, 'VEHICLE_ILLEGAL_TRANSITION');
        vehicles.set(id, to);
        followVehicle(id, status, to);
        return vehicleView(id, to);
      }
    }
    throw new HttpError(404, 'ROUTE_NOT_FOUND');
  }

  function recommend(incident: Incident): unknown {
    const ranked = [...vehicles.keys()].sort((a, b) => (a === 'lh-01' ? -1 : b === 'lh-01' ? 1 : a.localeCompare(b)));
    const items: Recommendation[] = ranked
      .filter((id) => ASSIGNABLE.includes(vehicles.get(id)!))
      .map((id) => {
        const v = DEMO_COUNTY.vehicles.find((x) => x.id === id)!;
        const station = DEMO_COUNTY.facilities.find((f) => f.id === v.stationId)!;
        const d = distanceM(station, incident.location);
        const status = vehicles.get(id)!;
        return { vehicleId: id, callSign: v.callSign, type: v.type, status, stationId: v.stationId, distanceM: d, etaSec: d / 12, ring: null, reasons: [], warnings: [] };
      });
    return { incidentId: incident.id, ringsKm: [5, 10, 20], routing: 'fake', items, warnings: [] };
  }

  function assign(incident: Incident, vehicleId: string): Assignment {
    if (!['new', 'dispatched', 'on_scene'].includes(incident.status)) throw new HttpError(409, 'INCIDENT_ILLEGAL_TRANSITION');
    if (!ASSIGNABLE.includes(vehicles.get(vehicleId)!)) throw new HttpError(409, 'VEHICLE_NOT_AVAILABLE');
    // the order reserves the ambulance before the crew answers
    vehicles.set(vehicleId, 'dispatched');
    if (incident.status === 'new') incident.status = 'dispatched';
    const now = Date.now();
    const a: Assignment = {
      id: randomUUID(),
      incidentId: incident.id,
      vehicleId,
      status: 'offered',
      offeredAt: new Date(now).toISOString(),
      offerExpiresAt: new Date(now + (options.offerTimeoutMs ?? 180_000)).toISOString(),
      respondedAt: null,
      departedAt: null,
      departureDeadlineAt: new Date(now + 180_000).toISOString(),
      distanceM: null,
      etaSec: null,
    };
    assignments.set(a.id, a);
    live.to(`crew-${vehicleId}`).emit('assignment.offered', { assignment: a, incident: incidentView(incident) });
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (a.status !== 'offered') return;
      a.status = 'expired';
      release(a.vehicleId);
      requeueIfUnserved(incident);
      publishAssignment(a);
    }, options.offerTimeoutMs ?? 180_000);
    timers.add(timer);
    return a;
  }

  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    incidents,
    vehicles,
    failNext: (count) => {
      failures = count;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      await io.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
    },
  };
}

function userOf(token: string | undefined): string | null {
  return token?.startsWith('tok-') ? token.slice(4) : null;
}

function vehicleView(id: string, status: VehicleStatus): Vehicle {
  const v = DEMO_COUNTY.vehicles.find((x) => x.id === id)!;
  return { id, callSign: v.callSign, plate: v.plate, type: v.type, status, stationId: v.stationId, position: null, crew: [], crewUpdatedAt: null };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
