'use client';
// The two ways a mutation brings the cache up to date: put the row the API answered into the
// cached list (no refetch), or, where the API answers no row (deletes, queued work), refetch.
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';

type Row = { id: number | string };

/**
 * The list with `row` in it: an existing row of the same id is replaced (fields the answer
 * leaves out, such as a list-only summary, are kept), a new one is added; `order` sorts the
 * result the way the server lists it.
 */
export function withRow<T extends Row>(list: T[] | undefined, row: T, order?: (a: T, b: T) => number) {
  if (!list) return list;
  const next = list.some((r) => r.id === row.id)
    ? list.map((r) => (r.id === row.id ? { ...r, ...row } : r))
    : [...list, row];
  return order ? next.sort(order) : next;
}

/** A mutation that refreshes the given query when it succeeds. */
export function useInvalidatingMutation<I, O>(queryKey: QueryKey, fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey }) });
}

type RowMutationOptions<O, T extends Row> = {
  /** The list row in the answer (e.g. without a secret that is shown once). */
  toRow: (answer: O) => T;
  /** The server's order of the list. */
  order?: (a: T, b: T) => number;
};

/**
 * A mutation whose answer is a row of the cached list under `queryKey` (the list as the GET
 * answers it): the row goes into the cache in place. A failure refetches the list, since what
 * refused the change (a row gone, a rule) may have changed it.
 */
export function useRowMutation<I, O, T extends Row>(
  queryKey: QueryKey,
  fn: (input: I) => Promise<O>,
  { toRow, order }: RowMutationOptions<O, T>,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (answer) => client.setQueryData<T[]>(queryKey, (list) => withRow(list, toRow(answer), order)),
    onError: () => client.invalidateQueries({ queryKey }),
  });
}

/** Leaves out the field a create or rotate answers once (a secret), so it never sits in the list cache. */
export function withoutField<K extends string>(key: K) {
  return <O extends Record<K, unknown>>(answer: O): Omit<O, K> => {
    const row: Partial<O> = { ...answer };
    delete row[key];
    return row as Omit<O, K>;
  };
}
