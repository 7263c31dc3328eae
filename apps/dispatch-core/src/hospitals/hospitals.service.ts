import type { Facility, HospitalLiveStatus, UpdateHospitalStatusRequest } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { AppError } from '../platform/errors/app-error';
import type { FacilityEntity } from './facility.entity';
import { FacilityRepository } from './facility.repository';
import { HospitalStatusRepository } from './hospital-status.repository';
import { AuditService } from '../audit/audit.service';
import { type Actor, describeActor } from '../platform/http/actor';
import { Clock } from '../platform/time/clock';

@Injectable()
export class HospitalsService {
  constructor(
    private readonly facilities: FacilityRepository,
    private readonly statuses: HospitalStatusRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<Facility[]> {
    const rows = await this.facilities.listWithVehicleCounts();
    const statuses = await this.statuses.all();
    return rows.map(({ facility, vehicleCount }) => toFacility(facility, vehicleCount, statuses.get(facility.id) ?? null));
  }

  async liveStatus(id: string): Promise<HospitalLiveStatus | null> {
    return (await this.statuses.all()).get(id) ?? null;
  }

  /** The hospital's ER keeps its live status (cath lab busy, CT down, diversion); audited. */
  async setLiveStatus(id: string, input: UpdateHospitalStatusRequest, actor: Actor): Promise<HospitalLiveStatus> {
    const hospital = await this.get(id);
    if (hospital.kind === 'command_centre') throw new AppError('VALIDATION_FAILED', `${id} is not a hospital`);
    if (actor.kind === 'user' && actor.role === 'er_clinician' && actor.hospitalId !== id) {
      throw new AppError('FORBIDDEN', 'an ER clinician sets only their own hospital');
    }
    const before = await this.liveStatus(id);
    const after = await this.statuses.upsert({
      hospitalId: id,
      cathLabBusy: input.cathLabBusy,
      ctDown: input.ctDown,
      onDiversion: input.onDiversion,
      note: input.note ?? null,
      updatedAt: this.clock.now(),
      updatedBy: describeActor(actor),
    });
    await this.audit.record(actor, { entity: 'hospital_status', entityId: id, action: 'update', before, after });
    return after;
  }

  async get(id: string): Promise<FacilityEntity> {
    const f = await this.facilities.findById(id);
    if (!f) throw new AppError('FACILITY_NOT_FOUND', `no facility with id ${id}`);
    return f;
  }

  upsertFacilities(rows: Omit<FacilityEntity, 'createdAt'>[]): Promise<void> {
    return this.facilities.upsertMany(rows);
  }
}

function toFacility(f: FacilityEntity, vehicleCount: number, liveStatus: HospitalLiveStatus | null): Facility {
  return {
    id: f.id,
    name: f.name,
    nameEn: f.nameEn,
    kind: f.kind,
    address: f.address,
    lat: f.lat,
    lon: f.lon,
    capabilities: f.capabilities,
    vehicleCount,
    liveStatus,
  };
}
