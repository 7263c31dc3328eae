import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error';
import { answerClientErrorsAsJson, requireJsonBody } from './transport-guards';

const call = (url: string, headers: Record<string, string>) => {
  let passed: unknown = 'not called';
  requireJsonBody({ url, headers } as unknown as IncomingMessage, {} as ServerResponse, (err) => (passed = err));
  return passed;
};

describe(requireJsonBody.name, () => {
  it.each([
    ['application/json', undefined],
    ['application/json; charset=utf-8', undefined],
    ['application/merge-patch+json', undefined],
  ])('should let a %s body through', (type, expected) => {
    expect(call('/api/v1/incidents', { 'content-type': type, 'content-length': '10' })).toBe(expected);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', ''])(
    'should refuse a %j body with UNSUPPORTED_MEDIA_TYPE',
    (type) => {
      expect(call('/api/v1/incidents', { 'content-type': type, 'content-length': '10' })).toEqual(
        expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE' }),
      );
    },
  );

  it('should not care about requests without a body or outside /api', () => {
    expect(call('/api/v1/assignments/x/accept', { 'content-length': '0' })).toBeUndefined();
    expect(call('/socket.io/?EIO=4', { 'content-type': 'text/plain', 'content-length': '5' })).toBeUndefined();
    expect(call('/api/v1/incidents', { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' })).toBeInstanceOf(AppError);
  });
});

describe(answerClientErrorsAsJson.name, () => {
  it('should answer headers over the limit with 431 and a JSON contract error', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    answerClientErrorsAsJson(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    try {
      const reply = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: `/?q=${'x'.repeat(40_000)}` }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(reply.status).toBe(431);
      expect(reply.type).toContain('application/json');
      expect(JSON.parse(reply.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    } finally {
      server.close();
    }
  });
});
