// Errors as JSON: a RasadError's code becomes an HTTP status; anything unexpected is a 500 without a stack trace.
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { RasadError, ERROR_CODES, type ErrorCode } from "../contract/index.js";

const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_INPUT: 400, BAD_JSON: 400, MISSING_FIELD: 400, BAD_PARAM: 400, EMPTY: 400, BINARY: 400, BAD_ENCODING: 400,
  UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, TOO_LARGE: 413,
};

/** The body of every error the API sends. */
export interface ApiError {
  statusCode: number;
  code: ErrorCode | "RATE_LIMITED";
  /** In English, for people. */
  message: string;
  /** The code's label in Arabic, for the UI. */
  ar: string;
  param?: string;
}

export function statusOf(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

export function errorBody(err: unknown): ApiError {
  if (err instanceof RasadError) {
    const statusCode = statusOf(err.code);
    // A store failure may carry a file path or SQL: say what failed, not how.
    const message = statusCode >= 500 ? ERROR_CODES[err.code].en : err.message;
    const body: ApiError = { statusCode, code: err.code, message, ar: ERROR_CODES[err.code].ar };
    if (err.input.param) body.param = err.input.param;
    return body;
  }
  const fe = err as Partial<FastifyError> & { statusCode?: number };
  if (fe && typeof fe.statusCode === "number" && fe.statusCode === 429) {
    return { statusCode: 429, code: "RATE_LIMITED", message: "too many requests; wait and try again", ar: "طلبات كثيرة؛ انتظر ثم أعد المحاولة" };
  }
  if (fe && typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own client errors: a body that is not JSON, too large, a wrong content type.
    const code: ErrorCode = fe.statusCode === 413 ? "TOO_LARGE" : fe.code === "FST_ERR_CTP_INVALID_JSON_BODY" || /JSON/i.test(fe.message ?? "") ? "BAD_JSON" : "BAD_INPUT";
    return { statusCode: fe.statusCode, code, message: `${ERROR_CODES[code].en}${fe.message ? ` (${fe.message})` : ""}`, ar: ERROR_CODES[code].ar };
  }
  return { statusCode: 500, code: "INTERNAL", message: ERROR_CODES.INTERNAL.en, ar: ERROR_CODES.INTERNAL.ar };
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const body = errorBody(err);
  if (body.statusCode >= 500) req.log.error({ err }, "request failed");
  if (reply.getHeader("content-disposition")) reply.removeHeader("content-disposition");
  void reply.status(body.statusCode).type("application/json; charset=utf-8").send(body);
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): void {
  const err = new RasadError("NOT_FOUND", `no route ${req.method} ${req.url.split("?")[0].slice(0, 200)}`);
  void reply.status(404).type("application/json; charset=utf-8").send(errorBody(err));
}
