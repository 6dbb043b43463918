/** TanStack Query wrappers over the API client: reads keyed by operation, writes that refresh reads. */
import type { OperationId } from '@procurement/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { BodyOf, PathParams, RequestOptions } from './client';
import { useSession } from './session';

export function useApiQuery<O extends OperationId>(
  operation: O,
  options: RequestOptions<BodyOf<O>> = {},
  settings: { enabled?: boolean; sensitive?: boolean } = {},
) {
  const { api, identity } = useSession();
  return useQuery({
    queryKey: [identity?.username, operation, options.params ?? {}, options.query ?? {}],
    queryFn: () => api.call(operation, options),
    enabled: settings.enabled ?? true,
    // Bid content is never kept once no page shows it.
    ...(settings.sensitive ? { gcTime: 0 } : {}),
    retry: false,
  });
}

/** A write; on success every read is refreshed (the ledger moved on). */
export function useApiAction<O extends OperationId>(operation: O, params?: PathParams) {
  const { api } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<O> | undefined) =>
      api.call(operation, { ...(params ? { params } : {}), ...(body === undefined ? {} : { body }) }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
