import type { ErrorCode } from '@feijiu/contracts';

/** Base of every feature's error: a stable code from the contract, a message, optional details. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
