import { CopyField } from '@/components/ui/copy';
import { denialReason } from '@/lib/permissions';

type PushHintProps = { host: string; project: string; canPush: boolean };

/** How to push an image into the project, with commands to copy. */
export function PushHint({ host, project, canPush }: PushHintProps) {
  return (
    <div className="flex flex-col gap-4">
      <CopyField label="Sign in to the registry" value={`docker login ${host}`} />
      <CopyField label="Push an image" value={`docker push ${host}/${project}/<image>:<tag>`} />
      <p className="text-muted text-xs">
        Tag the image with this name first (<code className="font-mono">docker tag</code>).{' '}
        {canPush ? null : <strong className="text-fg font-medium">{denialReason('push')}</strong>}
      </p>
    </div>
  );
}
