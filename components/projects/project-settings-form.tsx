'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Card } from '@/components/ui/card';
import { CheckboxField, TextareaField } from '@/components/ui/field';
import { FormError, FormIntro, SaveRow, SectionForm } from '@/components/ui/form';
import { ApiError, errorMessage, toSentence } from '@/lib/query/api-client';
import { useUpdateProject, type ProjectDetail } from '@/lib/query/use-projects';

type ProjectSettingsFormProps = { project: ProjectDetail; canWrite: boolean; writeDenial: string };

/** Description and visibility; read-only with the reason for those who may not change them. */
export function ProjectSettingsForm({ project, canWrite, writeDenial }: ProjectSettingsFormProps) {
  const router = useRouter();
  const update = useUpdateProject(project.name);
  const [description, setDescription] = useState(project.description);
  const [isPublic, setIsPublic] = useState(project.public);
  const [saved, setSaved] = useState(false);
  const changed = description.trim() !== project.description || isPublic !== project.public;
  const descriptionError =
    update.error instanceof ApiError ? update.error.fieldError('description') : undefined;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    update.mutate(
      { description: description.trim(), public: isPublic },
      {
        onSuccess: () => {
          setSaved(true);
          // The header (visibility badge, description) is server-rendered.
          router.refresh();
        },
      },
    );
  }

  return (
    <Card className="max-w-2xl">
      <SectionForm
        id="project-settings"
        title="General"
        onSubmit={onSubmit}
        intro={canWrite ? null : <FormIntro id="project-settings-denied">{writeDenial}</FormIntro>}
      >
        <fieldset
          disabled={!canWrite}
          aria-describedby={canWrite ? undefined : 'project-settings-denied'}
          className="flex flex-col gap-4"
        >
          <TextareaField
            id="settings-description"
            label="Description"
            value={description}
            onChange={(e) => {
              setDescription(e.target.value);
              setSaved(false);
            }}
            error={descriptionError && toSentence(descriptionError)}
            maxLength={1024}
            rows={3}
          />
          <CheckboxField
            id="settings-public"
            label="Public"
            asSwitch
            checked={isPublic}
            onChange={(e) => {
              setIsPublic(e.target.checked);
              setSaved(false);
            }}
            hint="Anyone, signed in or not, can see the project and pull its images. Members are never shown publicly, and only members can push."
          />
        </fieldset>
        {canWrite ? (
          <SaveRow
            label="Save changes"
            pending={update.isPending}
            disabled={!changed}
            status={saved && !changed ? 'Saved.' : ''}
          />
        ) : null}
        <FormError>{update.error && !descriptionError ? errorMessage(update.error) : ''}</FormError>
      </SectionForm>
    </Card>
  );
}
