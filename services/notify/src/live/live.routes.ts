import fastifyWebsocket from '@fastify/websocket';
import { problem } from '@pustaka/kit/errors';
import { sendProblem } from '@pustaka/kit/http';
import type { HttpApp } from '@pustaka/kit/http';
import type { LiveConnections } from './live-connections.ts';
import { LIVE_CLOSE } from './live-protocol.ts';

/**
 * `GET /ws`: one WebSocket per tab (see docs/ARCHITECTURE.md, "Live connections"). The route is
 * public at the HTTP level because a browser cannot send a header on a WebSocket: the socket
 * authenticates with its first message, verified by the platform's own verifier. It is left out
 * of the API document, which describes HTTP operations.
 *
 * Registers @fastify/websocket on the server unless something already did, so the route works on
 * notify alone and in the embedded app, where every service shares one server.
 *
 * @example
 *   routes: async (app) => { await registerLiveRoutes(app, live); }
 */
export async function registerLiveRoutes(app: HttpApp, live: LiveConnections): Promise<void> {
  if (!app.hasDecorator('verifyAccessToken')) throw new Error('/ws needs the platform auth (installAuth) on the server');
  if (!app.hasDecorator('websocketServer')) {
    await app.register(fastifyWebsocket, {
      options: { maxPayload: live.limits.maxMessageBytes },
      // A client that breaks the protocol (an oversized frame) is its own problem, not an error of ours.
      errorHandler: (error, socket, request) => {
        request.log.debug({ err: error }, 'websocket closed on a protocol error');
        socket.terminate();
      },
      preClose: async function (this: HttpApp) {
        // Going away (1001), so clients reconnect to another replica at once and resume.
        for (const client of this.websocketServer.clients) client.close(LIVE_CLOSE.goingAway, 'SHUTTING_DOWN');
      },
    });
  }
  const verify = app.verifyAccessToken;
  app.route({
    method: 'GET',
    url: '/ws',
    config: { access: 'public' },
    schema: { hide: true },
    // A plain HTTP request (or HEAD) is told what this address is for, in the house's error shape.
    handler: async (request, reply) =>
      sendProblem(
        reply.header('upgrade', 'websocket'),
        problem(426, 'UPGRADE_REQUIRED', 'Open a WebSocket here', { instance: request.url, requestId: request.id }),
      ),
    wsHandler: (socket) => live.accept(socket, verify),
  });
}
