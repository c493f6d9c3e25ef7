import { z } from 'zod';
import { registry, type RouteSpec } from './route';

const errorSchema = {
  type: 'object',
  required: ['error', 'requestId'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
    requestId: { type: 'string' },
  },
};

const jsonSchema = (s: z.ZodType) =>
  z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

function parameters(spec: RouteSpec) {
  const out: object[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!schema) continue;
    const js = jsonSchema(schema) as { properties?: Record<string, object>; required?: string[] };
    for (const [name, s] of Object.entries(js.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (js.required ?? []).includes(name),
        schema: s,
      });
    }
  }
  return out;
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate the requests. */
export function openApiDocument(): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const spec of registry) {
    const ok = spec.responds ?? { status: 200, description: 'OK' };
    const op: Record<string, unknown> = {
      summary: spec.summary,
      tags: [spec.tag],
      parameters: parameters(spec),
      responses: {
        [ok.status]: {
          description: ok.description,
          ...(ok.status === 204 ? {} : { content: { [ok.contentType ?? 'application/json']: {} } }),
        },
        '4XX': {
          description: 'Refused: `{error: {code, message, details?}, requestId}`',
          content: { 'application/json': { schema: errorSchema } },
        },
      },
      ...(spec.auth ? { security: [{ bearer: [] }, { cookie: [] }] } : {}),
    };
    if (spec.body)
      op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(spec.body) } } };
    if (spec.multipart) {
      op.requestBody = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: Object.fromEntries(
                Object.entries(spec.multipart).map(([k, d]) => [k, { type: 'string', description: d }]),
              ),
            },
          },
        },
      };
    }
    (paths[spec.path] ??= {})[spec.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '社保业务档案 archive API',
      version: '0.1.0',
      description: 'JSON under /api. Errors are {error: {code, message, details?}, requestId}.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'archive_session' },
      },
    },
    paths,
  };
}
