/**
 * Mounts the provider in Fastify: every request under the issuer's path is handed, untouched,
 * to oidc-provider's Koa handler. oidc-provider derives its mount path from
 * `req.originalUrl` minus `req.url` (Express's convention), so the prefix is moved there.
 * Bodies are left unread: oidc-provider parses its own form posts.
 *
 * Also serves the interaction's details at /login/interaction/:uid: a placeholder for the
 * login pages, which the authenticators will bring.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { PROBLEM_CONTENT_TYPE } from '@openmitid/api';
import type { LoginService } from './service.js';
import { LoginError } from './errors.js';

type KoaHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'] as const;

export async function loginRoutes(app: FastifyInstance, login: LoginService): Promise<void> {
  const prefix = login.mountPath;
  const handlers = new WeakMap<Provider, KoaHandler>();
  const handlerOf = (p: Provider): KoaHandler => {
    let h = handlers.get(p);
    if (!h) handlers.set(p, (h = p.callback() as KoaHandler));
    return h;
  };

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      const raw = req.raw as IncomingMessage & { originalUrl?: string };
      const url = raw.url ?? '/';
      let rest = url.slice(prefix.length);
      if (!rest.startsWith('/')) rest = `/${rest}`;
      raw.originalUrl = url;
      raw.url = rest;
      await login.refreshKeys();
      reply.hijack();
      await handlerOf(login.provider())(raw, reply.raw);
    };
    scope.route({ method: [...METHODS], url: prefix, handler });
    scope.route({ method: [...METHODS], url: `${prefix}/*`, handler });
  });

  app.get('/login/interaction/:uid', { schema: { hide: true } }, async (req, reply) => {
    const { uid } = req.params as { uid: string };
    try {
      const view = await login.interactions.details(uid);
      return reply.header('cache-control', 'no-store').send(view);
    } catch (e) {
      if (e instanceof LoginError && e.code === 'OIDC_INTERACTION_NOT_FOUND') {
        // the problem shape of http/problem.ts; the code is the login module's own
        return reply.code(404).type(PROBLEM_CONTENT_TYPE).send({ type: `urn:openmitid:error:${e.code}`, title: e.code, status: 404, code: e.code });
      }
      throw e;
    }
  });
}
