'use client';
// Runtime settings (Administration).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Settings } from '@/lib/settings';
import { apiFetch } from '@/lib/query/api-client';

export const settingsKeys = { all: ['settings'] as const };

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<Settings>) =>
      apiFetch<Settings>('/api/v1/settings', { method: 'PATCH', body: patch }),
    onSuccess: (settings) => queryClient.setQueryData(settingsKeys.all, settings),
  });
}
