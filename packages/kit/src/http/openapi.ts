import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { HttpApp } from './http-app.ts';

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

/**
 * OpenAPI 3.1 generated from the route schemas, served as `/openapi.json`, with Swagger UI at
 * `/docs`. Must be registered before the routes it describes.
 */
export async function registerOpenApi(app: HttpApp, info: OpenApiInfo): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info,
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
