import { CopyField } from '@/components/ui/copy';
import { denialReason } from '@/lib/permissions';

type PushHintProps = {
  host: string;
  project: string;
  canPush: boolean;
  /** The user signs in with single sign-on: no password, a personal access token instead. */
  tokenOnly?: boolean;
};

/** How to push an image into the project, with commands to copy. */
export function PushHint({ host, project, canPush, tokenOnly = false }: PushHintProps) {
  return (
    <div className="flex flex-col gap-4">
      <CopyField label="Sign in to the registry" value={`docker login ${host}`} />
      {tokenOnly ? (
        <p className="text-muted text-xs">
          You sign in with single sign-on and have no Wharf password: use a personal access token (Account →
          Access tokens) as the password.
        </p>
      ) : null}
      <CopyField label="Push an image" value={`docker push ${host}/${project}/<image>:<tag>`} />
      <p className="text-muted text-xs">
        Tag the image with this name first (<code className="font-mono">docker tag</code>).{' '}
        {canPush ? null : <strong className="text-fg font-medium">{denialReason('push')}</strong>}
      </p>
    </div>
  );
}
