import fc from 'fast-check';

// fast-check inputs for fuzzing the REST API from its own OpenAPI document: values that follow a
// JSON schema (so requests reach the services), values that break it (wrong types, missing and
// extra fields, hostile strings), and shapes that stress the parsers (deep nesting, huge arrays).

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
}

export interface OpenApiParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI template, e.g. /api/v1/incidents/{id}/status */
  path: string;
  pathParams: OpenApiParameter[];
  queryParams: OpenApiParameter[];
  body: JsonSchema | null;
}

/** Every operation of the document as a route to fuzz. */
export function listRoutes(doc: OpenApiDocument): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = op.parameters ?? [];
      routes.push({
        method: method.toUpperCase() as Route['method'],
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        body: op.requestBody?.content['application/json']?.schema ?? null,
      });
    }
  }
  return routes;
}

/** Strings a careless parser or database trips over. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\u202e\u0000\ufeff',
    "'; DROP TABLE incidents; --",
    '%00',
    '%E0%A4%A',
    '../../../etc/passwd',
    '__proto__',
    'constructor',
    '{{7*7}}${7*7}',
    '<script>alert(1)</script>',
    '1e999',
    '-0',
    'NaN',
    'null',
    '0x10',
    '9'.repeat(400),
    '𠜎'.repeat(300),
    'x'.repeat(70_000),
  ),
);

const edgeNumber: fc.Arbitrary<number> = fc.constantFrom(0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 63), 5e-324);

/** Any JSON value, including the awkward ones. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostileString,
  edgeNumber,
  fc.constant(null),
);

export interface SchemaArbitraryOptions {
  doc: OpenApiDocument;
  /** Entity ids (vehicles, facilities) that must never appear in generated values. */
  forbiddenIds: ReadonlySet<string>;
}

/** Values that follow the schema (in range, right type), so requests get past validation. */
export function schemaValue(schema: JsonSchema, opts: SchemaArbitraryOptions, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, opts.doc);
  if (depth > 6) return fc.constant(null);
  if (s.anyOf?.length) return fc.oneof(...s.anyOf.map((x) => schemaValue(x, opts, depth + 1)));
  if (s.oneOf?.length) return fc.oneof(...s.oneOf.map((x) => schemaValue(x, opts, depth + 1)));
  if (s.allOf?.length === 1) return schemaValue(s.allOf[0]!, opts, depth + 1);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  if ('const' in s) return fc.constant(s.const);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  const value = ((): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'string':
        return stringFor(s, opts);
      case 'integer':
        return fc.integer({ min: Math.max(s.minimum ?? -1e6, -1e9), max: Math.min(s.maximum ?? 1e6, 1e9) });
      case 'number':
        return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(s.items ? schemaValue(s.items, opts, depth + 1) : anyJson, { maxLength: 4 });
      case 'object':
      case undefined: {
        if (!s.properties) return fc.dictionary(fc.string({ maxLength: 10 }), anyJson, { maxKeys: 4 });
        const props = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, schemaValue(v, opts, depth + 1)]));
        return fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
      }
      default:
        return anyJson;
    }
  })();
  return s.nullable ? fc.oneof(value, fc.constant(null)) : value;
}

function stringFor(s: JsonSchema, opts: SchemaArbitraryOptions): fc.Arbitrary<string> {
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'date-time') {
    return fc.oneof(
      fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999999999-23:59', '2024-02-29T00:00:00+14:00'),
    );
  }
  if (s.pattern) {
    const re = new RegExp(s.pattern);
    return fc.stringMatching(re).filter((v) => !opts.forbiddenIds.has(v));
  }
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 100_000;
  return fc.oneof(
    fc.string({ unit: 'binary', minLength: min, maxLength: Math.max(min, Math.min(max, 30)) }),
    // NUL, lone surrogates, injection text: within the length limits, so they reach the service
    hostileString.filter((v) => v.length >= min && v.length <= max),
  );
}

/**
 * A request body for a route, as JSON text: a value that follows the schema, one with a field
 * broken (wrong type, missing, extra), any JSON at all, or a shape that stresses the parser.
 */
export function bodyFor(schema: JsonSchema | null, opts: SchemaArbitraryOptions): fc.Arbitrary<string> {
  const valid = schema ? schemaValue(schema, opts) : fc.constant({});
  const broken = fc
    .tuple(valid, fc.nat(), anyJson, fc.constantFrom('set', 'delete', 'extra'), fc.string({ maxLength: 12 }))
    .map(([v, pick, garbage, how, extraKey]) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return garbage;
      const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
      const keys = Object.keys(copy);
      const key = keys.length ? keys[pick % keys.length]! : extraKey;
      if (how === 'delete') delete copy[key];
      else if (how === 'set') copy[key] = garbage;
      else copy[extraKey || 'extra'] = garbage;
      return copy;
    });
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 4, arbitrary: broken.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: stressText },
  );
}

/** Deep nesting, wide arrays, many keys and long strings as JSON text, each under the body-size limit. */
export const stressText: fc.Arbitrary<string> = fc.constantFrom<() => string>(
  () => `${'['.repeat(50_000)}1${']'.repeat(50_000)}`,
  () => `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`,
  () => JSON.stringify(Array.from({ length: 20_000 }, (_, i) => i)),
  () => JSON.stringify({ complaint: 'x'.repeat(200_000), location: { lat: 1, lon: 1 }, priority: 'urgent' }),
  () => JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))),
  () => '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"polluted":1}}}',
).map((make) => make());

// In a URL, one long string would only meet Node's header limit (431), tested on its own.
const urlString = hostileString.filter((v) => v.length < 2000);

/** Query parameters: all valid, or mixed with hostile strings, repeated keys and unknown keys. */
export function queryFor(params: OpenApiParameter[], opts: SchemaArbitraryOptions): fc.Arbitrary<[string, string][]> {
  const none: [string, string][] = [];
  const valid = (p: OpenApiParameter) => (p.schema ? schemaValue(p.schema, opts) : urlString).map((v) => [[p.name, String(v)]] as [string, string][]);
  const one = (p: OpenApiParameter) =>
    fc.oneof(
      { weight: 3, arbitrary: valid(p) },
      { weight: 2, arbitrary: urlString.map((v) => [[p.name, v]] as [string, string][]) },
      { weight: 1, arbitrary: fc.tuple(urlString, urlString).map(([a, b]) => [[p.name, a], [p.name, b]] as [string, string][]) },
      { weight: 1, arbitrary: fc.constant([[`${p.name}[nested]`, 'x']] as [string, string][]) },
    );
  const unknown = fc.option(fc.tuple(fc.string({ maxLength: 8 }), urlString).map(([k, v]) => [[k || 'x', v]] as [string, string][]), { nil: none });
  const allValid = fc.tuple(...params.map((p) => fc.option(valid(p), { nil: none }))).map((per) => per.flat());
  const mixed = fc.tuple(fc.tuple(...params.map((p) => fc.option(one(p), { nil: none }))), unknown).map(([per, extra]) => [...per.flat(), ...extra]);
  return fc.oneof({ weight: 2, arbitrary: allValid }, { weight: 3, arbitrary: mixed });
}

/** A path parameter as it goes on the wire (already percent-encoded where needed). */
export function pathParamFor(p: OpenApiParameter, known: readonly string[], opts: SchemaArbitraryOptions): fc.Arbitrary<string> {
  const valid = (p.schema ? schemaValue(p.schema, opts) : urlString).map((v) => percentEncode(String(v)));
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: known.length ? 3 : 0, arbitrary: known.length ? fc.constantFrom(...known) : fc.constant('x') },
    { weight: 2, arbitrary: urlString.filter((v) => v !== '').map((v) => percentEncode(v)) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '..', '.', '%2e%2e', 'a%2Fb', '%00', '%ff%fe') },
  );
}

/** encodeURIComponent that never throws: lone surrogates go out as UTF-8 of U+FFFD. */
export function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

function resolve(schema: JsonSchema, doc: OpenApiDocument): JsonSchema {
  let s = schema;
  for (let i = 0; i < 10 && s.$ref; i++) {
    const name = s.$ref.replace('#/components/schemas/', '');
    s = doc.components?.schemas?.[name] ?? {};
  }
  return s;
}
