import type { GpsMessage, Vehicle } from '@feijiu/contracts';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppError } from '../platform/errors/app-error';
import { MqttIngressService } from '../platform/mqtt/mqtt-ingress.service';
import type { VehicleMessage } from '../platform/mqtt/vehicle-message';
import { VehicleMoved } from './fleet.events';
import type { VehicleEntity } from './vehicle.entity';
import { VehicleRepository } from './vehicle.repository';

@Injectable()
export class FleetService implements OnModuleInit {
  private readonly logger = new Logger(FleetService.name);

  constructor(
    private readonly vehicles: VehicleRepository,
    private readonly ingress: MqttIngressService,
    private readonly events: EventEmitter2,
  ) {}

  onModuleInit(): void {
    this.ingress.on('gps', (msg) => this.recordGps(msg));
  }

  async list(): Promise<Vehicle[]> {
    return (await this.vehicles.list()).map(toVehicle);
  }

  async get(id: string): Promise<Vehicle> {
    const v = await this.vehicles.findById(id);
    if (!v) throw new AppError('VEHICLE_NOT_FOUND', `no vehicle with id ${id}`);
    return toVehicle(v);
  }

  upsertVehicles(rows: Parameters<VehicleRepository['upsertMany']>[0]): Promise<void> {
    return this.vehicles.upsertMany(rows);
  }

  async recordGps({ vehicleId, payload, receivedAt }: VehicleMessage<'gps'>): Promise<void> {
    const fix = toFixRow(vehicleId, payload, receivedAt);
    let moved: VehicleEntity | null;
    try {
      moved = await this.vehicles.recordFix(fix);
    } catch (err) {
      // a gateway of a vehicle the core does not know (FK violation) is logged, not fatal
      if ((err as { code?: string }).code === '23503') {
        this.logger.warn({ code: 'VEHICLE_NOT_FOUND', vehicleId }, 'GPS from an unknown vehicle');
        return;
      }
      throw err;
    }
    if (!moved) return;
    this.events.emit(
      VehicleMoved.eventName,
      new VehicleMoved(moved.id, moved.stationId, moved.status, fix.lat, fix.lon, fix.speedMps, fix.headingDeg, fix.measuredAt),
    );
  }
}

function toFixRow(vehicleId: string, gps: GpsMessage, receivedAt: Date) {
  return {
    vehicleId,
    seq: gps.seq,
    measuredAt: new Date(gps.ts),
    receivedAt,
    lat: gps.lat,
    lon: gps.lon,
    speedMps: gps.speedMps ?? null,
    headingDeg: gps.headingDeg ?? null,
  };
}

function toVehicle(v: VehicleEntity): Vehicle {
  return {
    id: v.id,
    callSign: v.callSign,
    plate: v.plate,
    type: v.type,
    status: v.status,
    stationId: v.stationId,
    position:
      v.lastLat === null || v.lastLon === null || v.lastMeasuredAt === null
        ? null
        : {
            lat: v.lastLat,
            lon: v.lastLon,
            speedMps: v.lastSpeedMps,
            headingDeg: v.lastHeadingDeg,
            measuredAt: v.lastMeasuredAt.toISOString(),
          },
  };
}
