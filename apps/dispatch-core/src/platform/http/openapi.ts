import { type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { IS_PUBLIC } from './access.decorators';
import { documentErrors, type RouteFacts } from './openapi-errors';

/**
 * OpenAPI generated from the same zod schemas that validate requests, at /api/docs (+ /api/docs-json),
 * with every route's error responses added centrally (openapi-errors.ts).
 */
export function mountOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Feijiu 飞救 API')
    .setDescription(
      'County 120 dispatch and telemetry. Every error is `{code, message, details?, requestId}` (schema `ApiError`) with a stable code; ' +
        'each operation lists the codes it can answer with, by status.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const doc = SwaggerModule.createDocument(app, config);
  const facts = collectRouteFacts(app);
  SwaggerModule.setup('api/docs', app, documentErrors(cleanupOpenApiDoc(doc), (id) => facts.get(id)), { jsonDocumentUrl: 'api/docs-json' });
}

/** Per handler, keyed like Swagger's default operationId (`<Controller>_<method>`): its real success status and whether it is public. */
function collectRouteFacts(app: INestApplication): Map<string, RouteFacts> {
  const reflector = new Reflector();
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        // Nest answers 201 to a POST and 200 to the rest unless @HttpCode says otherwise
        const declared = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
        facts.set(`${controller.name}_${name}`, {
          successStatus: declared ?? (method === RequestMethod.POST ? 201 : 200),
          isPublic: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [handler, controller]) === true,
        });
      }
    }
  }
  return facts;
}
