/**
 * Every error leaves as application/problem+json (RFC 9457) with a stable `code` from
 * @openmitid/api. Unknown errors are logged here and answered as INTERNAL, without detail.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { ERROR_STATUS, PROBLEM_CONTENT_TYPE, type ErrorCode, type Problem } from '@openmitid/api';
import { ApiError } from '../errors.js';

export function problemOf(code: ErrorCode, details?: Record<string, unknown>): Problem {
  return { type: `urn:openmitid:error:${code}`, title: code, status: ERROR_STATUS[code], code, ...(details ? { details } : {}) };
}

export function sendProblem(reply: FastifyReply, code: ErrorCode, details?: Record<string, unknown>): FastifyReply {
  const p = problemOf(code, details);
  if (typeof details?.retryAfterSeconds === 'number') reply.header('retry-after', String(details.retryAfterSeconds));
  return reply.code(p.status).type(PROBLEM_CONTENT_TYPE).send(p);
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError | Error, request, reply) => {
    if (error instanceof ApiError) {
      request.log.info({ code: error.code }, 'refused');
      return sendProblem(reply, error.code, error.details);
    }
    const fe = error as FastifyError;
    if (fe.validation) {
      return sendProblem(reply, 'VALIDATION_FAILED', {
        issues: fe.validation.map((v) => ({ path: v.instancePath, keyword: v.keyword })),
      });
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      // malformed JSON, body too large, wrong content type
      return sendProblem(reply, fe.statusCode === 429 ? 'RATE_LIMITED' : 'VALIDATION_FAILED', { reason: fe.code ?? 'bad request' });
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendProblem(reply, 'INTERNAL');
  });
  app.setNotFoundHandler((_request, reply) => sendProblem(reply, 'NOT_FOUND'));
}
