import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { FacilityEntity } from './facility.entity';

export interface FacilityWithVehicleCount {
  facility: FacilityEntity;
  vehicleCount: number;
}

@Injectable()
export class FacilityRepository {
  private readonly repo: Repository<FacilityEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(FacilityEntity);
  }

  async listWithVehicleCounts(): Promise<FacilityWithVehicleCount[]> {
    const facilities = await this.repo.find({ order: { kind: 'ASC', id: 'ASC' } });
    const counts: { station_id: string; n: string }[] = await this.dataSource.query(
      'SELECT station_id, count(*)::text AS n FROM vehicles GROUP BY station_id',
    );
    const byStation = new Map(counts.map((c) => [c.station_id, Number(c.n)]));
    return facilities.map((facility) => ({ facility, vehicleCount: byStation.get(facility.id) ?? 0 }));
  }

  findById(id: string): Promise<FacilityEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async upsertMany(rows: Omit<FacilityEntity, 'createdAt'>[]): Promise<void> {
    await this.repo.upsert(rows, { conflictPaths: ['id'] });
  }
}
