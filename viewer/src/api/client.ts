/** The API's error body: `{ error: { code, message, details? }, requestId }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown> | unknown[] | FormData | undefined;

/**
 * Calls the archive's API (same origin, the session cookie set at login). JSON in and out; a refusal
 * becomes an ApiError carrying the API's own code and message, which pages show as they are.
 */
export async function api<T>(path: string, init: { method?: string; body?: Body } = {}): Promise<T> {
  const isForm = init.body instanceof FormData;
  const res = await fetch(path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    credentials: 'same-origin',
    headers: init.body === undefined || isForm ? {} : { 'Content-Type': 'application/json' },
    body: init.body === undefined ? undefined : isForm ? (init.body as FormData) : JSON.stringify(init.body),
  });
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const data: unknown = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; details?: unknown } }).error;
    throw new ApiError(res.status, e?.code ?? `http.${res.status}`, e?.message ?? res.statusText, e?.details);
  }
  return data as T;
}

/** Query string from an object, leaving out empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
