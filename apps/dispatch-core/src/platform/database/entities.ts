import { UserEntity } from '../../auth/user.entity';
import { AssignmentEntity } from '../../incidents/assignment.entity';
import { IncidentEntity } from '../../incidents/incident.entity';
import { TimelineStampEntity } from '../../timeline/timeline-stamp.entity';
import { SeedRunEntity } from '../../demo/seed-run.entity';
import { VehiclePositionEntity } from '../../fleet/vehicle-position.entity';
import { VehicleCrewMemberEntity } from '../../fleet/vehicle-crew-member.entity';
import { VehicleEntity } from '../../fleet/vehicle.entity';
import { GatewayCredentialEntity } from '../../gateways/gateway-credential.entity';
import { FacilityEntity } from '../../hospitals/facility.entity';

/** The entity list TypeORM maps; each feature owns its entities, the platform only registers them. */
export const ENTITIES = [
  FacilityEntity,
  VehicleEntity,
  VehiclePositionEntity,
  VehicleCrewMemberEntity,
  UserEntity,
  GatewayCredentialEntity,
  SeedRunEntity,
  IncidentEntity,
  AssignmentEntity,
  TimelineStampEntity,
];
