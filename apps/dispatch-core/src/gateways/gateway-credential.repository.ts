import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type Repository } from 'typeorm';
import { GatewayCredentialEntity } from './gateway-credential.entity';

@Injectable()
export class GatewayCredentialRepository {
  private readonly repo: Repository<GatewayCredentialEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(GatewayCredentialEntity);
  }

  findActive(vehicleId: string): Promise<GatewayCredentialEntity | null> {
    return this.repo.findOneBy({ vehicleId, revokedAt: IsNull() });
  }

  async upsert(vehicleId: string, passwordHash: string, at: Date): Promise<void> {
    await this.repo.upsert({ vehicleId, passwordHash, rotatedAt: at, revokedAt: null }, { conflictPaths: ['vehicleId'] });
  }
}
