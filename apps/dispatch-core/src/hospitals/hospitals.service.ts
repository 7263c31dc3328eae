import type { Facility } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { AppError } from '../platform/errors/app-error';
import type { FacilityEntity } from './facility.entity';
import { FacilityRepository } from './facility.repository';

@Injectable()
export class HospitalsService {
  constructor(private readonly facilities: FacilityRepository) {}

  async list(): Promise<Facility[]> {
    const rows = await this.facilities.listWithVehicleCounts();
    return rows.map(({ facility, vehicleCount }) => toFacility(facility, vehicleCount));
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

function toFacility(f: FacilityEntity, vehicleCount: number): Facility {
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
  };
}
