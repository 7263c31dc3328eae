import type { ErrorCode } from '@feijiu/contracts';

// Exhaustive: adding a code to the contract without a status here fails the type-check.
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_TOKEN_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  VEHICLE_NOT_FOUND: 404,
  FACILITY_NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  GATEWAY_AUTH_FAILED: 401,
  GATEWAY_TOPIC_FORBIDDEN: 403,
  MQTT_PAYLOAD_INVALID: 400,
};
