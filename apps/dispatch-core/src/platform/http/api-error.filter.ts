import type { ApiError, ErrorCode } from '@feijiu/contracts';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ZodValidationException } from 'nestjs-zod';
import type { ZodError } from 'zod';
import { AppError } from '../errors/app-error';
import { HTTP_STATUS_BY_CODE } from '../errors/error-status';

/** The one REST exception filter: every error leaves as `{code, message, details?, requestId}`. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const { status, body } = this.toApiError(exception);
    if (status >= 500) this.logger.error({ err: exception, path: req.url }, 'request failed');
    const retryAfterSec = (body.details as { retryAfterSec?: unknown } | undefined)?.retryAfterSec;
    if (status === 429 && typeof retryAfterSec === 'number') res.setHeader('Retry-After', String(retryAfterSec));
    res.status(status).json({ ...body, requestId: req.id === undefined ? undefined : String(req.id) });
  }

  private toApiError(exception: unknown): { status: number; body: ApiError } {
    if (exception instanceof AppError) {
      return {
        status: HTTP_STATUS_BY_CODE[exception.code],
        body: { code: exception.code, message: exception.message, details: exception.details },
      };
    }
    if (exception instanceof ZodValidationException) {
      const zodError = exception.getZodError() as ZodError;
      const fields = zodError.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      const named = fields.map((f) => f.path || '(body)').join(', ');
      return {
        status: 400,
        body: { code: 'VALIDATION_FAILED', message: `invalid input: ${named}`, details: fields },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { status, body: { code: codeForHttpException(exception, status), message: exception.message } };
    }
    return bodyParserError(exception) ?? { status: 500, body: { code: 'INTERNAL', message: 'internal error' } };
  }
}

// body-parser's own errors (http-errors with a 4xx status: too large, bad charset, encoding or
// compression, aborted) reach the filter as they are, not as HttpException; they used to leave as 500.
function bodyParserError(exception: unknown): { status: number; body: ApiError } | null {
  if (!(exception instanceof Error)) return null;
  const { type, status, expose } = exception as Error & { type?: unknown; status?: unknown; expose?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  // `expose` marks http-errors' client errors (a bad gzip/brotli body carries no type)
  if (typeof type !== 'string' && expose !== true) return null;
  switch (type) {
    case 'entity.too.large':
      return { status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: 'request body over the size limit' } };
    case 'entity.parse.failed':
      return { status: 400, body: { code: 'MALFORMED_JSON', message: exception.message } };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE', message: exception.message } };
    default:
      return { status: 400, body: { code: 'VALIDATION_FAILED', message: exception.message } };
  }
}

// Errors raised by the framework itself (body parser, unknown route, payload size).
function codeForHttpException(exception: HttpException, status: number): ErrorCode {
  const response = exception.getResponse();
  const type = typeof response === 'object' && response !== null ? (response as { type?: string }).type : undefined;
  if (type === 'entity.parse.failed' || /JSON/.test(exception.message)) return 'MALFORMED_JSON';
  switch (status) {
    case HttpStatus.NOT_FOUND:
      return 'ROUTE_NOT_FOUND';
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return 'PAYLOAD_TOO_LARGE';
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case HttpStatus.UNAUTHORIZED:
      return 'AUTH_REQUIRED';
    case HttpStatus.FORBIDDEN:
      return 'FORBIDDEN';
    case HttpStatus.TOO_MANY_REQUESTS:
      return 'RATE_LIMITED';
    case HttpStatus.CONFLICT:
      return 'CONFLICT';
    default:
      return status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED';
  }
}
