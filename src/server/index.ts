// Public face of the server: `buildServer` (a fastify app over a Store), its options, auth helpers, the OpenAPI document.
export { buildServer, CSP_DIRECTIVES, type ServerOptions } from "./app.js";
export { hashToken, newToken, staticTokens, isLoopback, ROLES, type Role, type Principal, type TokenVerifier, type AuthOptions } from "./auth.js";
export { openApiDocument } from "./openapi.js";
export { API_ROUTES, type ApiRoute } from "./routes.js";
export { errorBody, type ApiError } from "./errors.js";
