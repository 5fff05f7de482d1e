'use client';
// A project's webhooks and a webhook's delivery log, and the changes to them. A test or a
// redelivery answers a delivery, not the webhook: those refetch.
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Page } from '@/lib/schemas';
import type { DeliveryView, WebhookView } from '@/lib/webhooks/mutations';
import type { createWebhookSchema, updateWebhookSchema } from '@/lib/webhooks/schemas';
import { apiFetch } from '@/lib/query/api-client';
import { useInvalidatingMutation, useRowMutation, withoutField } from '@/lib/query/mutations';
import { projectKeys } from '@/lib/query/use-projects';

export type { DeliveryView, WebhookView };

const webhooksKey = (project: string) => [...projectKeys.detail(project), 'webhooks'] as const;
const webhooksUrl = (project: string) => `/api/v1/projects/${encodeURIComponent(project)}/webhooks`;

export function useWebhooks(project: string) {
  return useQuery({
    queryKey: webhooksKey(project),
    queryFn: async ({ signal }) =>
      (await apiFetch<{ items: WebhookView[] }>(webhooksUrl(project), { signal })).items,
  });
}

/** The newest deliveries; refreshed every few seconds while any is pending. */
export function useDeliveries(project: string, id: number) {
  return useQuery({
    queryKey: [...webhooksKey(project), id, 'deliveries'],
    queryFn: ({ signal }) =>
      apiFetch<Page<DeliveryView>>(`${webhooksUrl(project)}/${id}/deliveries?pageSize=20`, { signal }),
    refetchInterval: (q) => (q.state.data?.items.some((d) => d.status === 'pending') ? 2000 : false),
  });
}

export function useWebhookMutations(project: string) {
  const key = webhooksKey(project);
  const url = webhooksUrl(project);
  return {
    // The list is in id order: a new webhook goes last.
    create: useRowMutation(
      key,
      (body: z.input<typeof createWebhookSchema>) =>
        apiFetch<WebhookView & { secret: string }>(url, { method: 'POST', body }),
      { toRow: withoutField('secret') },
    ),
    update: useRowMutation(
      key,
      ({ id, ...body }: z.input<typeof updateWebhookSchema> & { id: number }) =>
        apiFetch<WebhookView>(`${url}/${id}`, { method: 'PATCH', body }),
      { toRow: (row: WebhookView) => row },
    ),
    remove: useInvalidatingMutation(key, (id: number) =>
      apiFetch<void>(`${url}/${id}`, { method: 'DELETE' }),
    ),
    test: useInvalidatingMutation(key, (id: number) =>
      apiFetch<DeliveryView>(`${url}/${id}/test`, { method: 'POST', body: {} }),
    ),
    redeliver: useInvalidatingMutation(key, ({ id, deliveryId }: { id: number; deliveryId: string }) =>
      apiFetch<DeliveryView>(`${url}/${id}/deliveries/${deliveryId}/redeliver`, { method: 'POST', body: {} }),
    ),
  };
}
