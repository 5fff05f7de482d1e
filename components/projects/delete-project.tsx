'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogFormFooter } from '@/components/ui/dialog';
import { CheckboxField, Field } from '@/components/ui/field';
import { plural } from '@/lib/format';
import { ApiError, errorMessage } from '@/lib/query/api-client';
import { useDeleteProject, type ProjectDetail } from '@/lib/query/use-projects';

type DeleteProjectProps = {
  project: ProjectDetail;
  canDelete: boolean;
  deleteDenial: string;
  /** System administrators may force the deletion of a project that still has repositories. */
  isSystemAdmin: boolean;
};

/** The danger zone: delete the project after a confirmation that says what happens. */
export function DeleteProject({ project, canDelete, deleteDenial, isSystemAdmin }: DeleteProjectProps) {
  const [open, setOpen] = useState(false);
  return (
    <section
      aria-labelledby="delete-project-title"
      className="border-danger/40 bg-surface mt-6 max-w-2xl rounded-lg border p-5 shadow-sm"
    >
      <h2 id="delete-project-title" className="text-base font-semibold">
        Delete project
      </h2>
      <p className="text-muted mt-1 text-sm">
        Removes the project, its members and their access. A project that still has repositories is kept
        unless a system administrator forces the deletion.
      </p>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <Button
          variant="danger"
          disabled={!canDelete}
          aria-describedby={canDelete ? undefined : 'delete-project-denied'}
          onClick={() => setOpen(true)}
        >
          Delete project…
        </Button>
        {canDelete ? null : (
          <p id="delete-project-denied" className="text-muted text-sm">
            {deleteDenial}
          </p>
        )}
      </div>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Delete ${project.name}?`}>
        <DeleteProjectForm project={project} isSystemAdmin={isSystemAdmin} onCancel={() => setOpen(false)} />
      </Dialog>
    </section>
  );
}

type DeleteProjectFormProps = { project: ProjectDetail; isSystemAdmin: boolean; onCancel: () => void };

function DeleteProjectForm({ project, isSystemAdmin, onCancel }: DeleteProjectFormProps) {
  const router = useRouter();
  const remove = useDeleteProject(project.name);
  const [confirmation, setConfirmation] = useState('');
  const [force, setForce] = useState(false);
  const refusedForRepositories = remove.error instanceof ApiError && remove.error.code === 'conflict';
  const hasRepositories = project.repositoryCount > 0 || refusedForRepositories;
  const confirmed = confirmation.trim() === project.name;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!confirmed) return;
    remove.mutate(
      { force: hasRepositories && force },
      {
        // The list is rendered per request; no refresh needed (refreshing this page would 404).
        onSuccess: () => router.push('/projects'),
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <ul className="text-muted list-disc space-y-1 pl-5 text-sm">
        <li>
          The project is removed and its {plural(project.memberCount, 'member', 'members')} lose access at
          once (their user accounts stay). This cannot be undone.
        </li>
        {project.repositoryCount > 0 ? (
          <li>
            It still has {plural(project.repositoryCount, 'repository', 'repositories')}. Wharf keeps the
            project until its repositories are deleted
            {isSystemAdmin ? ', unless you force it' : '; only a system administrator can force it'}.
          </li>
        ) : (
          <li>It has no repositories.</li>
        )}
      </ul>
      {hasRepositories && isSystemAdmin ? (
        <CheckboxField
          id="delete-force"
          label="Delete it anyway (force)"
          checked={force}
          onChange={(e) => setForce(e.target.checked)}
          hint="Its images go with it: Wharf deletes every manifest in the registry, so the name can be reused without exposing them. Disk space returns after the registry's garbage collection."
        />
      ) : null}
      <Field
        id="delete-confirmation"
        label={`Type ${project.name} to confirm`}
        value={confirmation}
        onChange={(e) => setConfirmation(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        autoFocus
      />
      <DialogFormFooter
        error={remove.error ? errorMessage(remove.error) : ''}
        pending={remove.isPending}
        disabled={!confirmed}
        danger
        submitLabel="Delete project"
        pendingLabel="Deleting…"
        onCancel={onCancel}
      />
    </form>
  );
}
