import { z } from 'zod';
import { EntityIdSchema, IsoInstantSchema } from '../common';

// Gateway (in-vehicle MQTT) credentials under /api/v1/admin/gateways (role admin only; every
// change audited). The MQTT username of a gateway is its vehicle id. The hash never leaves the core.

export const GATEWAY_CREDENTIAL_STATUSES = ['active', 'revoked', 'none'] as const;
export const GatewayCredentialStatusSchema = z
  .enum(GATEWAY_CREDENTIAL_STATUSES)
  .describe('active: the gateway can log in; revoked: refused until rotated again; none: never issued');
export type GatewayCredentialStatus = z.infer<typeof GatewayCredentialStatusSchema>;

export const GatewayCredentialIssuerSchema = z
  .enum(['seed', 'admin'])
  .describe('seed: the demo seed owns it (follows FEIJIU_DEMO_PASSWORD); admin: rotated or revoked by an admin, never re-seeded');

export const GatewaySchema = z.object({
  vehicleId: EntityIdSchema,
  callSign: z.string(),
  username: z.string().describe('the MQTT username: the vehicle id'),
  status: GatewayCredentialStatusSchema,
  issuedBy: GatewayCredentialIssuerSchema.nullable(),
  rotatedAt: IsoInstantSchema.nullable().describe('when the current password was set'),
  revokedAt: IsoInstantSchema.nullable(),
  lastSeenAt: IsoInstantSchema.nullable().describe('last login or logout at the embedded broker; null when never seen there'),
  connected: z.boolean().nullable().describe('a live session at the embedded broker now; null when the core uses an external broker'),
});
export type Gateway = z.infer<typeof GatewaySchema>;
export const GatewayListSchema = z.array(GatewaySchema);

/** `POST /api/v1/admin/gateways/{vehicleId}/credentials`: the new password, shown this once. */
export const GatewayCredentialIssuedSchema = z.object({
  vehicleId: EntityIdSchema,
  username: z.string(),
  password: z.string().describe('shown only in this response: put it into the gateway configuration now'),
  rotatedAt: IsoInstantSchema,
  disconnectedSessions: z.number().int().nonnegative().describe('live sessions of this gateway closed at the embedded broker'),
});
export type GatewayCredentialIssued = z.infer<typeof GatewayCredentialIssuedSchema>;

/** `DELETE /api/v1/admin/gateways/{vehicleId}/credentials`: the gateway after revocation. */
export const GatewayCredentialRevokedSchema = GatewaySchema.extend({
  disconnectedSessions: z.number().int().nonnegative(),
});
export type GatewayCredentialRevoked = z.infer<typeof GatewayCredentialRevokedSchema>;
