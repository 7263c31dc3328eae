import { z } from 'zod';

// Every REST error body, every socket ack error, every logged MQTT rejection: `{code, message, details?}`.
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'AUTH_REQUIRED',
  'AUTH_INVALID_CREDENTIALS',
  'AUTH_TOKEN_INVALID',
  'AUTH_RATE_LIMITED',
  'FORBIDDEN',
  'NOT_FOUND',
  'ROUTE_NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'MALFORMED_JSON',
  'RATE_LIMITED',
  'INTERNAL',
  'VEHICLE_NOT_FOUND',
  'FACILITY_NOT_FOUND',
  'GATEWAY_AUTH_FAILED',
  'GATEWAY_TOPIC_FORBIDDEN',
  'MQTT_PAYLOAD_INVALID',
  'INCIDENT_NOT_FOUND',
  'INCIDENT_ILLEGAL_TRANSITION',
  'ASSIGNMENT_NOT_FOUND',
  'ASSIGNMENT_NOT_OFFERED',
  'VEHICLE_NOT_AVAILABLE',
  'VEHICLE_ILLEGAL_TRANSITION',
  'VEHICLE_BUSY',
  'PRENOTICE_NOT_FOUND',
  'ENCOUNTER_NOT_FOUND',
  'ASSESSMENT_REQUIRED',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ApiErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
  requestId: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
