import { AppError } from '../platform/errors/app-error';

export type AuthErrorCode = 'AUTH_REQUIRED' | 'AUTH_INVALID_CREDENTIALS' | 'AUTH_TOKEN_INVALID' | 'FORBIDDEN';

export class AuthError extends AppError {
  constructor(code: AuthErrorCode, message: string) {
    super(code, message);
  }
}
