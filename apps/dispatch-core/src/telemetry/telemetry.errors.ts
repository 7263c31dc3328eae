import { AppError } from '../platform/errors/app-error';

export type TelemetryErrorCode = 'FORBIDDEN' | 'VALIDATION_FAILED';

export class TelemetryError extends AppError {
  constructor(code: TelemetryErrorCode, message: string, details?: unknown) {
    super(code, message, details);
  }
}
