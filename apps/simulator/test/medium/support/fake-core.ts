import {
  type Assignment,
  type Incident,
  type IncidentStatus,
  LIVE_NAMESPACE,
  type Recommendation,
  type Vehicle,
  type VehicleStatus,
} from '@feijiu/contracts';
import { DEMO_COUNTY, distanceM } from '@feijiu/geo';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';

// A stand-in for the core's dispatch API (REST under /api/v1 + socket.io `/live`), just enough
// of it to run the simulated dispatcher and crews end to end: demo logins, incidents,
// recommendations (the human crew's lh-01 always ranked first, to prove it is skipped),
// assignments with a real offer timeout, legal vehicle transitions, destination and closing.

const LEGAL: Partial<Record<VehicleStatus, VehicleStatus>> = {
  dispatched: 'en_route',
  en_route: 'on_scene',
  on_scene: 'transporting',
  transporting: 'at_hospital',
  at_hospital: 'returning',
  returning: 'available',
};

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
  readonly incidents: Map<string, Incident & { destination: string | null }>;
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
  const users = new Set(['dispatcher', 'crew', ...options.vehicleIds.map((id) => `crew-${id}`)]);
  const vehicles = new Map<string, VehicleStatus>(options.vehicleIds.map((id) => [id, 'available']));
  const incidents = new Map<string, Incident & { destination: string | null }>();
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
    if (method === 'POST' && path === '/api/v1/incidents') {
      const incident = {
        id: randomUUID(),
        number: `20261122-${String(incidents.size + 1).padStart(4, '0')}`,
        status: 'new' as IncidentStatus,
        priority: b.priority as Incident['priority'],
        complaint: String(b.complaint),
        location: b.location as Incident['location'],
        address: (b.address as string) ?? null,
        callerPhone: (b.callerPhone as string) ?? null,
        notes: (b.notes as string) ?? null,
        requiredVehicleType: null,
        createdAt: now,
        updatedAt: now,
        assignments: [],
        destination: null,
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
        incident.destination = String(b.hospitalId);
        return incidentView(incident);
      }
      if (method === 'POST' && sub === '/status') {
        if (incident.status === 'closed' || incident.status === 'cancelled') throw new HttpError(409, 'INCIDENT_ILLEGAL_TRANSITION');
        incident.status = b.status as IncidentStatus;
        return incidentView(incident);
      }
    }
    if ((m = path.match(/^\/api\/v1\/assignments\/([^/]+)\/(accept|decline)$/))) {
      const a = assignments.get(m[1]);
      if (!a) throw new HttpError(404, 'ASSIGNMENT_NOT_FOUND');
      if (user !== `crew-${a.vehicleId}`) throw new HttpError(403, 'FORBIDDEN');
      if (a.status !== 'offered') throw new HttpError(409, 'ASSIGNMENT_NOT_OFFERED');
      a.status = m[2] === 'accept' ? 'accepted' : 'declined';
      a.respondedAt = now;
      if (a.status === 'accepted') {
        vehicles.set(a.vehicleId, 'dispatched');
        incidents.get(a.incidentId)!.status = 'dispatched';
      } else {
        vehicles.set(a.vehicleId, 'available');
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
        if (LEGAL[status] !== b.status) throw new HttpError(409, 'VEHICLE_ILLEGAL_TRANSITION');
        vehicles.set(id, b.status as VehicleStatus);
        return vehicleView(id, b.status as VehicleStatus);
      }
    }
    throw new HttpError(404, 'ROUTE_NOT_FOUND');
  }

  function recommend(incident: Incident): unknown {
    const ranked = [...vehicles.keys()].sort((a, b) => (a === 'lh-01' ? -1 : b === 'lh-01' ? 1 : a.localeCompare(b)));
    const items: Recommendation[] = ranked
      .filter((id) => vehicles.get(id) === 'available')
      .map((id) => {
        const v = DEMO_COUNTY.vehicles.find((x) => x.id === id)!;
        const station = DEMO_COUNTY.facilities.find((f) => f.id === v.stationId)!;
        const d = distanceM(station, incident.location);
        return { vehicleId: id, callSign: v.callSign, type: v.type, status: 'available', stationId: v.stationId, distanceM: d, etaSec: d / 12, ring: null, reasons: [], warnings: [] };
      });
    return { incidentId: incident.id, ringsKm: [5, 10, 20], routing: 'fake', items, warnings: [] };
  }

  function assign(incident: Incident, vehicleId: string): Assignment {
    if (vehicles.get(vehicleId) !== 'available' || [...assignments.values()].some((a) => a.vehicleId === vehicleId && a.status === 'offered')) {
      throw new HttpError(409, 'VEHICLE_NOT_AVAILABLE');
    }
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
  return { id, callSign: v.callSign, plate: v.plate, type: v.type, status, stationId: v.stationId, position: null };
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
