'use client';
import { NetworkRulesForm, PROJECT_RULE_FIELDS } from '@/components/access/network-rules-form';
import { useUpdateSettings } from '@/lib/query/use-settings';
import type { Settings } from '@/lib/settings';

type Defaults = Pick<Settings, 'defaultAnonymousPullCidrs' | 'defaultPushCidrs'>;

/** The network rules a new project gets when its creator gives none. */
export function NetworkDefaultsSetting({ initial }: { initial: Defaults }) {
  const update = useUpdateSettings();
  return (
    <NetworkRulesForm
      id="network-defaults"
      title="Network rules for new projects"
      intro="Copied into each new project; changing them here does not change existing projects."
      fields={PROJECT_RULE_FIELDS('default')}
      initial={initial}
      save={{
        mutate: (values, { onSuccess }) => update.mutate(values, { onSuccess }),
        isPending: update.isPending,
        error: update.error,
      }}
    />
  );
}
