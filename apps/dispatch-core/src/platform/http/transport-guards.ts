import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiError } from '@feijiu/contracts';
import { AppError } from '../errors/app-error';

// Requests that go wrong before a route sees them still get the contract's `{code, message}`.

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i;

/**
 * Express middleware for /api: a request body must be JSON. Without this, a form or text body
 * reached validation as "no body" and came back as a puzzling VALIDATION_FAILED on `(body)`.
 */
export function requireJsonBody(req: IncomingMessage, _res: ServerResponse, next: (err?: unknown) => void): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody || !req.url?.startsWith('/api/') || JSON_MEDIA_TYPE.test(req.headers['content-type'] ?? '')) return next();
  next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the request body as JSON (Content-Type: application/json)'));
}

/**
 * Node answers a request it cannot parse (malformed request line, headers over its 16 kB limit,
 * a request not received in time) on the socket itself, with an empty body; this writes the
 * contract's JSON error instead, with the same status.
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, error]: [number, ApiError] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, { code: 'PAYLOAD_TOO_LARGE', message: 'request line and headers over the size limit' }]
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, { code: 'VALIDATION_FAILED', message: 'the request did not arrive in time' }]
          : [400, { code: 'VALIDATION_FAILED', message: 'malformed HTTP request' }];
    const body = JSON.stringify(error);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
