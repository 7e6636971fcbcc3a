/**
 * Builds the Fastify instance from plugins: problem+json errors, the OpenAPI document,
 * WebSockets, and one plugin per resource. No I/O here beyond what `services` holds.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import type { Services } from './services.js';
import { registerProblemHandlers } from './http/problem.js';
import { enrolmentRoutes } from './flows/enrolment/routes.js';
import { activationRoutes } from './flows/activation/routes.js';
import { copyAppRoutes } from './flows/copy-app/routes.js';
import { selfServiceRoutes } from './selfservice/routes.js';
import { createOutboxSms } from './infra/sms/index.js';
import { registerLogin } from './login/plugin.js';
import { enginesOf } from './flows/activation/engines.js';
import { chipSettingsFromPublicUrl } from './authenticators/chip/index.js';
import { webAppRoutes } from './http/web-app.js';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(s: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: s.config.logLevel },
    bodyLimit: s.config.bodyLimitBytes,
    // per-address limits (flow starts) need the real client address behind a load balancer
    trustProxy: s.config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  registerProblemHandlers(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'OpenMitID', version: '0.1.0', description: 'Errors are application/problem+json with a stable `code`.' },
      ...(s.config.publicUrl ? { servers: [{ url: s.config.publicUrl }] } : {}),
    },
  });
  await app.register(websocket, { options: { maxPayload: 256 * 1024 } });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  await app.register(async (scope) => enrolmentRoutes(scope, s));
  await app.register(async (scope) => activationRoutes(scope, s));
  await app.register(async (scope) => copyAppRoutes(scope, s));
  await app.register(async (scope) => selfServiceRoutes(scope, s));
  if (s.config.oidcEnabled) {
    // log in with OpenMitID: the provider under the issuer path, the login interaction API under /login
    await registerLogin(
      app,
      {
        db: s.db,
        pii: s.pii,
        clock: s.clock,
        random: s.random,
        audit: s.audit,
        limiter: s.limiter,
        apps: async () => (await enginesOf(s)).app,
        codes: async () => enginesOf(s),
        // a security key is bound to the origin the user sees: only with a public URL
        ...(s.config.publicUrl ? { chip: chipSettingsFromPublicUrl(s.config.publicUrl) } : {}),
        server: s.config,
      },
      s.config,
    );
  }

  if (s.config.devEndpoints && s.config.smsAdapter === 'outbox') {
    const outbox = createOutboxSms(s.db, s.clock);
    app.get('/dev/sms-outbox', { schema: { hide: true } }, async (req) => {
      const to = (req.query as { to?: string }).to;
      return { messages: await outbox.list(to) };
    });
  }
  // last: the API's own routes are matched first
  if (s.config.webDir) await app.register(async (scope) => webAppRoutes(scope, s.config.webDir, { vapidPublicKey: s.config.vapidPublicKey, demo: s.config.faceDevBypass }));
  return app;
}
