import type { OpenAPIObject } from '@nestjs/swagger';
import { describe, expect, it } from 'vitest';
import { documentErrors, type RouteFacts } from './openapi-errors';

const body = { content: { 'application/json': { schema: { $ref: '#/components/schemas/AssignmentDto_Output' } } } };
const docWith = (paths: OpenAPIObject['paths']): OpenAPIObject => ({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths, components: { schemas: {} } });
const facts = (byId: Record<string, RouteFacts>) => (id: string) => byId[id];

describe(documentErrors.name, () => {
  it('should put a success body declared as default under the route’s real status', () => {
    const sut = documentErrors(
      docWith({ '/api/v1/assignments/{id}/accept': { post: { operationId: 'D_accept', responses: { default: { description: '', ...body } } } } }),
      facts({ D_accept: { successStatus: 200, isPublic: false } }),
    );
    const responses = sut.paths['/api/v1/assignments/{id}/accept']!.post!.responses;
    expect(responses.default).toBeUndefined();
    expect(responses['200']).toEqual({ description: 'OK', ...body });
  });

  it('should give a public route no login errors and a route with an id its not-found code', () => {
    const sut = documentErrors(
      docWith({
        '/api/v1/console-config': { get: { operationId: 'M_config', responses: { '200': { description: '' } } } },
        '/api/v1/vehicles/{id}': { get: { operationId: 'F_get', responses: { '200': { description: '' } } } },
      }),
      facts({ M_config: { successStatus: 200, isPublic: true }, F_get: { successStatus: 200, isPublic: false } }),
    );
    expect(Object.keys(sut.paths['/api/v1/console-config']!.get!.responses)).toEqual(['200', '400', '413', '415', '500']);
    const vehicle = sut.paths['/api/v1/vehicles/{id}']!.get!.responses;
    expect(Object.keys(vehicle)).toEqual(['200', '400', '401', '403', '404', '413', '415', '500']);
    expect(vehicle['404']).toMatchObject({ description: expect.stringContaining('VEHICLE_NOT_FOUND') });
    expect(sut.components?.schemas?.ApiError).toMatchObject({ required: ['code', 'message'] });
  });

  it('should fall back to Nest’s default status when it finds no handler for an operation', () => {
    const sut = documentErrors(docWith({ '/api/v1/x': { post: { operationId: 'custom', responses: { default: { description: '' } } } } }), () => undefined);
    expect(Object.keys(sut.paths['/api/v1/x']!.post!.responses)).toEqual(['201', '400', '401', '403', '413', '415', '500']);
  });
});
