import type { CrewMember } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, type Repository } from 'typeorm';
import { VehicleCrewMemberEntity } from './vehicle-crew-member.entity';

export interface CrewSeed {
  vehicleId: string;
  crew: readonly CrewMember[];
}

@Injectable()
export class VehicleCrewRepository {
  private readonly repo: Repository<VehicleCrewMemberEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(VehicleCrewMemberEntity);
  }

  /** Every vehicle's crew (or only these vehicles'), by vehicle id, each in its given order. */
  async crewsOf(vehicleIds?: readonly string[]): Promise<Map<string, CrewMember[]>> {
    const rows = await this.repo.find({
      where: vehicleIds ? { vehicleId: In([...vehicleIds]) } : {},
      order: { vehicleId: 'ASC', position: 'ASC' },
    });
    const crews = new Map<string, CrewMember[]>();
    for (const row of rows) {
      const crew = crews.get(row.vehicleId) ?? [];
      crew.push(toCrewMember(row));
      crews.set(row.vehicleId, crew);
    }
    return crews;
  }

  /**
   * Replaces a vehicle's crew and stamps `crew_updated_at`, with `audit` run in the same
   * transaction (the change and its audit entry commit together). The vehicle row is locked, so
   * two crews set at once apply one after the other and each audit entry's `before` is the crew
   * it replaced. Returns false when there is no such vehicle.
   */
  replace(
    vehicleId: string,
    crew: readonly CrewMember[],
    at: Date,
    audit: (before: CrewMember[], manager: EntityManager) => Promise<void>,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const locked: unknown[] = await m.query('SELECT id FROM vehicles WHERE id = $1 FOR NO KEY UPDATE', [vehicleId]);
      if (locked.length === 0) return false;
      const before = await m.getRepository(VehicleCrewMemberEntity).find({ where: { vehicleId }, order: { position: 'ASC' } });
      await this.write(m, vehicleId, crew);
      await m.query('UPDATE vehicles SET crew_updated_at = $2, updated_at = now() WHERE id = $1', [vehicleId, at]);
      await audit(before.map(toCrewMember), m);
      return true;
    });
  }

  /**
   * Gives each vehicle its crew only if it never had one set (a crew set through the API is
   * never overwritten). Returns how many vehicles got their crew.
   */
  seedWhereNeverSet(seeds: readonly CrewSeed[], at: Date): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      let seeded = 0;
      for (const { vehicleId, crew } of seeds) {
        const [claimed] = (await m.query(
          'UPDATE vehicles SET crew_updated_at = $2 WHERE id = $1 AND crew_updated_at IS NULL RETURNING id',
          [vehicleId, at],
        )) as [unknown[], number];
        if (claimed.length === 0) continue;
        await this.write(m, vehicleId, crew);
        seeded++;
      }
      return seeded;
    });
  }

  private async write(m: EntityManager, vehicleId: string, crew: readonly CrewMember[]): Promise<void> {
    await m.delete(VehicleCrewMemberEntity, { vehicleId });
    if (crew.length === 0) return;
    await m.insert(
      VehicleCrewMemberEntity,
      crew.map((c, position) => ({ vehicleId, position, role: c.role, name: c.name, phone: c.phone ?? null })),
    );
  }
}

function toCrewMember(row: VehicleCrewMemberEntity): CrewMember {
  return row.phone === null ? { role: row.role, name: row.name } : { role: row.role, name: row.name, phone: row.phone };
}
