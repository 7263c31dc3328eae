import type { Gateway, GatewayCredentialIssued, GatewayCredentialRevoked } from '@feijiu/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { FleetService } from '../fleet/fleet.service';
import type { Actor } from '../platform/http/actor';
import { EmbeddedBrokerService } from './embedded-broker.service';
import type { GatewayCredentialEntity } from './gateway-credential.entity';
import { GatewaysService } from './gateways.service';

const AUDIT_ENTITY = 'gateway_credential';

/** An admin's view and control of the gateways' MQTT credentials: list, rotate, revoke; each change audited. */
@Injectable()
export class GatewayAdminService {
  private readonly logger = new Logger('gateways');

  constructor(
    private readonly fleet: FleetService,
    private readonly gateways: GatewaysService,
    private readonly broker: EmbeddedBrokerService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<Gateway[]> {
    const [vehicles, credentials] = await Promise.all([this.fleet.list(), this.gateways.list()]);
    const byVehicle = new Map(credentials.map((c) => [c.vehicleId, c]));
    const connected = this.broker.connectedVehicles();
    return vehicles.map((v) => toGateway(v.id, v.callSign, byVehicle.get(v.id) ?? null, connected));
  }

  /** A new generated password (returned this once); the old one stops working and live sessions end. */
  async rotate(vehicleId: string, actor: Actor): Promise<GatewayCredentialIssued> {
    const vehicle = await this.fleet.get(vehicleId); // VEHICLE_NOT_FOUND
    const before = await this.gateways.find(vehicleId);
    const { password, credential } = await this.gateways.issue(vehicleId);
    const disconnectedSessions = this.broker.disconnectVehicle(vehicleId);
    await this.audit.record(actor, {
      entity: AUDIT_ENTITY,
      entityId: vehicleId,
      action: 'rotate',
      before: before && auditView(before),
      after: { ...auditView(credential), disconnectedSessions },
    });
    this.logger.log({ vehicleId, callSign: vehicle.callSign, disconnectedSessions }, 'gateway credential rotated');
    return { vehicleId, username: vehicleId, password, rotatedAt: credential.rotatedAt.toISOString(), disconnectedSessions };
  }

  /** The gateway can no longer log in, and its live sessions end; revoking twice changes nothing. */
  async revoke(vehicleId: string, actor: Actor): Promise<GatewayCredentialRevoked> {
    const vehicle = await this.fleet.get(vehicleId);
    const before = await this.gateways.find(vehicleId);
    const revoked = await this.gateways.revoke(vehicleId);
    const disconnectedSessions = this.broker.disconnectVehicle(vehicleId);
    if (revoked) {
      await this.audit.record(actor, {
        entity: AUDIT_ENTITY,
        entityId: vehicleId,
        action: 'revoke',
        before: before && auditView(before),
        after: { ...auditView(revoked), disconnectedSessions },
      });
      this.logger.log({ vehicleId, callSign: vehicle.callSign, disconnectedSessions }, 'gateway credential revoked');
    }
    const current = revoked ?? before;
    return { ...toGateway(vehicleId, vehicle.callSign, current, this.broker.connectedVehicles()), disconnectedSessions };
  }

  /**
   * The demo is off: every credential the demo seed issued is revoked and its sessions end; the
   * demo seed's `reinstateSeeded` brings them back. Each one is audited; returns their vehicle ids.
   */
  async revokeSeeded(reason: string, actor: Actor): Promise<string[]> {
    const vehicleIds = await this.gateways.revokeSeeded();
    for (const vehicleId of vehicleIds) {
      const disconnectedSessions = this.broker.disconnectVehicle(vehicleId);
      await this.audit.record(actor, {
        entity: AUDIT_ENTITY,
        entityId: vehicleId,
        action: 'revoke',
        before: { status: 'active', issuedBy: 'seed' },
        after: { status: 'revoked', issuedBy: 'seed', disconnectedSessions, reason },
      });
    }
    return vehicleIds;
  }

  /**
   * The demo is on again: the credentials `revokeSeeded` revoked (those of `onlyVehicleIds` when
   * given) work again, each audited; one an admin rotated since is no longer the seed's and stays.
   */
  async reinstateSeeded(reason: string, actor: Actor, onlyVehicleIds: readonly string[] | null = null): Promise<string[]> {
    const vehicleIds = await this.gateways.reinstateSeeded(onlyVehicleIds);
    for (const vehicleId of vehicleIds) {
      await this.audit.record(actor, {
        entity: AUDIT_ENTITY,
        entityId: vehicleId,
        action: 'reinstate',
        before: { status: 'revoked', issuedBy: 'seed' },
        after: { status: 'active', issuedBy: 'seed', reason },
      });
    }
    return vehicleIds;
  }
}

function statusOf(c: GatewayCredentialEntity | null): Gateway['status'] {
  if (!c) return 'none';
  return c.revokedAt ? 'revoked' : 'active';
}

// What the audit log keeps of a credential: never the hash.
function auditView(c: GatewayCredentialEntity) {
  return { status: statusOf(c), issuedBy: c.issuedBy, rotatedAt: c.rotatedAt.toISOString(), revokedAt: c.revokedAt?.toISOString() ?? null };
}

function toGateway(vehicleId: string, callSign: string, c: GatewayCredentialEntity | null, connected: ReadonlySet<string> | null): Gateway {
  return {
    vehicleId,
    callSign,
    username: vehicleId,
    status: statusOf(c),
    issuedBy: c?.issuedBy ?? null,
    rotatedAt: c?.rotatedAt.toISOString() ?? null,
    revokedAt: c?.revokedAt?.toISOString() ?? null,
    lastSeenAt: c?.lastSeenAt?.toISOString() ?? null,
    connected: connected ? connected.has(vehicleId) : null,
  };
}
