import { Badge } from '@/components/ui/badge';
import { formatUsage, quotaReachedMessage } from '@/lib/format';

type StorageUsageProps = { usedBytes: number; quotaBytes: number | null; quotaReached: boolean };

/** "1.2 GB of 4 GB", or a warning "quota reached: 3.9 GB of 4 GB" once pushes stop. */
export function StorageUsage({ usedBytes, quotaBytes, quotaReached }: StorageUsageProps) {
  if (quotaReached && quotaBytes !== null)
    return (
      <span
        data-testid="storage-usage"
        title="Pushes are refused until images are deleted or the quota is raised"
      >
        <Badge tone="danger">{quotaReachedMessage(usedBytes, quotaBytes)}</Badge>
      </span>
    );
  return <span data-testid="storage-usage">{formatUsage(usedBytes, quotaBytes)}</span>;
}
