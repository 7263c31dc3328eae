import { AppError } from '../platform/errors/app-error';

export type AuthErrorCode = 'AUTH_REQUIRED' | 'AUTH_INVALID_CREDENTIALS' | 'AUTH_TOKEN_INVALID' | 'AUTH_RATE_LIMITED' | 'FORBIDDEN';

export class AuthError extends AppError {
  constructor(code: AuthErrorCode, message: string, details?: { retryAfterSec: number }) {
    super(code, message, details);
  }
}
