// The OpenAPI 3.1 description of the API, written from the route table (routes.ts) and its zod schemas.
import { z } from "zod";
import { API_ROUTES, type ApiRoute } from "./routes.js";

type JsonSchema = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: "input" | "output"): JsonSchema {
  const j = z.toJSONSchema(s, { io, unrepresentable: "any" }) as JsonSchema;
  delete j.$schema;
  return j;
}

/** Query or path parameters from an object schema; booleans (parsed from "true"/"false"/"1"/"0") are patched in. */
function parametersOf(s: z.ZodType | undefined, where: "query" | "path"): object[] {
  if (!s) return [];
  const j = schemaOf(s, "output");
  const props = (j.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((j.required ?? []) as string[]);
  return Object.entries(props).map(([name, schema]) => {
    const sch = Object.keys(schema).length === 0 ? { type: "boolean" } : schema;
    const p: Record<string, unknown> = { name, in: where, required: where === "path" || required.has(name), schema: sch };
    if (sch.type === "array") {
      p.style = "form";
      p.explode = true;
      p.description = "one or more values: repeat the parameter or separate values with commas";
    }
    return p;
  });
}

const ERROR_SCHEMA = {
  type: "object",
  required: ["statusCode", "code", "message"],
  properties: {
    statusCode: { type: "integer" },
    code: { type: "string", description: "a RasadError code (BAD_PARAM, NOT_FOUND, UNAUTHORIZED, …) or RATE_LIMITED" },
    message: { type: "string", description: "in English" },
    ar: { type: "string", description: "the code's label in Arabic" },
    param: { type: "string", description: "the offending parameter, where there is one" },
  },
};

const errorRef = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

function operation(r: ApiRoute): object {
  const responses: Record<string, unknown> = {
    [r.method === "POST" ? "201" : "200"]: {
      description: "OK",
      content: { [r.produces ?? "application/json"]: { schema: { type: r.produces === "application/x-ndjson" ? "string" : "object" } } },
    },
    "400": errorRef("a parameter or the body is invalid"),
    "429": errorRef("too many requests"),
    "500": errorRef("internal error (no details are given out)"),
  };
  if (r.params) responses["404"] = errorRef("not found");
  const needsToken = r.role !== undefined;
  responses["401"] = errorRef(needsToken ? "no token, or an unknown or revoked one" : "reads need a token on this server, or a bad token was sent");
  if (needsToken) responses["403"] = errorRef(`the token's role is below ${r.role}`);
  const op: Record<string, unknown> = {
    operationId: `${r.method.toLowerCase()}${r.url.replace(/[/:.]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: r.summary,
    tags: [r.tag],
    parameters: [...parametersOf(r.params, "path"), ...parametersOf(r.query, "query")],
    responses,
  };
  if (r.description) op.description = r.description;
  if (r.body) op.requestBody = { required: true, content: { "application/json": { schema: schemaOf(r.body, "input") } } };
  op.security = needsToken ? [{ bearer: [] }] : [{}, { bearer: [] }];
  if (needsToken) op["x-rasad-role"] = r.role;
  return op;
}

export function openApiDocument(version = "0.1.0"): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const r of API_ROUTES) {
    const path = r.url.replace(/:(\w+)/g, "{$1}");
    (paths[path] ??= {})[r.method.toLowerCase()] = operation(r);
  }
  paths["/api/openapi.json"] = {
    get: { operationId: "getOpenapi", summary: "This description", tags: ["meta"], responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } } } },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "rasad workbench API",
      version,
      description: "Arabic war-economy reporting as sourced, structured knowledge: documents, entities, flows, events, facts, "
        + "the graph and reviews. Offsets are UTF-16 code units into the document text. Errors are JSON with a status code and a message.",
    },
    servers: [{ url: "/" }],
    tags: ["meta", "documents", "entities", "claims", "graph", "reviews", "exports"].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "a token made with `rasad token create --role viewer|analyst|admin`" } },
    },
  };
}
