/**
 * The portal's one way to the gateway: the contract's route table names every path, the bearer token
 * lives in this object's memory only, and every refusal becomes an ApiError with the API's stable code.
 */
import {
  ROUTES,
  type ComponentName,
  type ComponentOf,
  type ErrorBody,
  type OperationId,
} from '@procurement/contract';

type Routes = typeof ROUTES;

/** What an operation answers, from the route table's success schema (undefined for 204). */
export type ResultOf<O extends OperationId> = Routes[O]['success'] extends {
  schema: infer N extends ComponentName;
}
  ? ComponentOf<N>
  : undefined;

/** What an operation takes as its body, from the route table. */
export type BodyOf<O extends OperationId> = Routes[O] extends { body: infer N extends ComponentName }
  ? ComponentOf<N>
  : never;

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The field the API named first, and every field issue it listed. */
    readonly field?: string,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message);
  }

  /** The API's message about one field (dotted path, e.g. `estimatedValue.amount`), if any. */
  messageFor(field: string): string | undefined {
    const hit = this.fieldErrors.find((e) => e.field === field || e.field.startsWith(`${field}.`));
    if (hit) return hit.message;
    return this.field === field ? this.message : undefined;
  }
}

export type PathParams = Readonly<Record<string, string>>;

/** The route's path with its `{param}`s filled in (each URL-encoded). */
export function pathOf(operation: OperationId, params: PathParams = {}): string {
  return ROUTES[operation].path.replace(/\{([A-Za-z]+)\}/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

function queryString(query: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') search.set(key, value);
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'error' in value;
}

async function errorOf(res: Response): Promise<ApiError> {
  const body: unknown = await res.json().catch(() => undefined);
  if (!isErrorBody(body)) return new ApiError(res.status, 'INTERNAL', res.statusText);
  const details = body.error.details as { field?: unknown; errors?: unknown } | undefined;
  const field = typeof details?.field === 'string' ? details.field : undefined;
  const errors = Array.isArray(details?.errors) ? (details.errors as FieldError[]) : [];
  return new ApiError(res.status, body.error.code, body.error.message, field, errors);
}

export interface RequestOptions<B = unknown> {
  params?: PathParams;
  query?: Readonly<Record<string, string | undefined>>;
  body?: B;
}

export class ApiClient {
  private token: string | undefined;

  constructor(
    private readonly baseUrl = '',
    /** Called when the gateway answers 401 to a signed-in request. */
    private readonly onUnauthorised: () => void = () => undefined,
  ) {}

  setToken(token: string | undefined): void {
    this.token = token;
  }

  get signedIn(): boolean {
    return this.token !== undefined;
  }

  /** The Authorization header for a request the client does not make itself (the event stream). */
  authHeader(): Record<string, string> {
    return this.token === undefined ? {} : { authorization: `Bearer ${this.token}` };
  }

  url(operation: OperationId, options: RequestOptions = {}): string {
    return `${this.baseUrl}${pathOf(operation, options.params)}${queryString(options.query ?? {})}`;
  }

  async call<O extends OperationId>(
    operation: O,
    options: RequestOptions<BodyOf<O>> = {},
  ): Promise<ResultOf<O>> {
    const route = ROUTES[operation];
    const hadToken = this.token !== undefined;
    let res: Response;
    try {
      res = await fetch(this.url(operation, options), {
        method: route.method.toUpperCase(),
        headers: {
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...this.authHeader(),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'NETWORK', 'network');
    }
    if (res.ok) return (res.status === 204 ? undefined : await res.json()) as ResultOf<O>;
    const error = await errorOf(res);
    if (res.status === 401 && hadToken) this.onUnauthorised();
    throw error;
  }
}
