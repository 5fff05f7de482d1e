'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogFormFooter } from '@/components/ui/dialog';
import { CheckboxField, Field, TextareaField } from '@/components/ui/field';
import { projectNameSchema } from '@/lib/projects/schemas';
import { ApiError, errorMessage, toSentence } from '@/lib/query/api-client';
import { useCreateProject } from '@/lib/query/use-projects';

type Errors = { name?: string; description?: string; form?: string };

const NAME_RULES =
  '2–64 characters: lowercase letters, digits and “-”, starting and ending with a letter or digit.';

/** The same rule the API applies, checked as the user leaves the field. */
function nameProblem(name: string): string | undefined {
  const result = projectNameSchema.safeParse(name);
  return result.success ? undefined : toSentence(result.error.issues[0]?.message ?? 'invalid name');
}

/** "New project": a button, or when the user may not create projects, a disabled one with the reason. */
export function NewProjectButton({ canCreate, reason }: { canCreate: boolean; reason: string }) {
  const [open, setOpen] = useState(false);
  if (!canCreate) {
    return (
      <div className="flex flex-col items-end gap-1">
        <Button disabled aria-describedby="new-project-denied">
          New project
        </Button>
        <p id="new-project-denied" className="text-muted max-w-xs text-right text-xs">
          {reason}
        </p>
      </div>
    );
  }
  return (
    <>
      <Button onClick={() => setOpen(true)}>New project</Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="New project"
        description="A project holds the repositories whose names start with it. You become its project admin."
      >
        <CreateProjectForm onCancel={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function CreateProjectForm({ onCancel }: { onCancel: () => void }) {
  const router = useRouter();
  const create = useCreateProject();
  const [name, setName] = useState('');
  const [isPublic, setIsPublic] = useState(false);
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problem = nameProblem(name);
    if (problem) {
      setErrors({ name: problem });
      document.getElementById('project-name')?.focus();
      return;
    }
    setErrors({});
    create.mutate(
      { name, public: isPublic, description: description.trim() },
      {
        onSuccess: (project) => router.push(`/projects/${project.name}`),
        onError: (err) => {
          const apiErr = err instanceof ApiError ? err : null;
          const nameError =
            apiErr?.fieldError('name') ?? (apiErr?.code === 'conflict' ? err.message : undefined);
          const descriptionError = apiErr?.fieldError('description');
          setErrors({
            name: nameError && toSentence(nameError),
            description: descriptionError && toSentence(descriptionError),
            form: nameError || descriptionError ? undefined : errorMessage(err),
          });
        },
      },
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <Field
        id="project-name"
        label="Name"
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          if (errors.name) setErrors((prev) => ({ ...prev, name: undefined }));
        }}
        onBlur={() => name && setErrors((prev) => ({ ...prev, name: nameProblem(name) }))}
        error={errors.name}
        hint={NAME_RULES}
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
        required
        autoFocus
      />
      <TextareaField
        id="project-description"
        label="Description (optional)"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={errors.description}
        maxLength={1024}
        rows={3}
      />
      <CheckboxField
        id="project-public"
        label="Public"
        asSwitch
        checked={isPublic}
        onChange={(e) => setIsPublic(e.target.checked)}
        hint="Anyone, signed in or not, can see the project and pull its images. Only members can push."
      />
      <DialogFormFooter
        error={errors.form}
        pending={create.isPending}
        submitLabel="Create project"
        pendingLabel="Creating…"
        onCancel={onCancel}
      />
    </form>
  );
}
