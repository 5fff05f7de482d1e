'use client';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { SecretNotice } from '@/components/ui/form';
import { PanelForm } from '@/components/ui/panel-form';
import { ActionsTh, EmptyRow, Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { parseCidrText } from '@/components/access/network-rules-form';
import { formatDate } from '@/lib/format';
import { ApiError } from '@/lib/query/api-client';
import { useRobotMutations, useRobots, type Robot } from '@/lib/query/use-credentials';

const ACTIONS = ['pull', 'push', 'delete'] as const;

/**
 * Robot accounts of a project (or every robot, for admins, when `project` is null):
 * create with actions and expiry, see the secret once, rotate, disable, delete.
 */
export function RobotsPanel({
  project,
  canManage,
  reason,
}: {
  project: string | null;
  canManage: boolean;
  reason?: string;
}) {
  const robots = useRobots(project);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const { create, rotate, toggle, remove } = useRobotMutations(project);

  async function onCreate(form: FormData) {
    const actions = ACTIONS.filter((a) => form.get(a) === 'on');
    const expiresInDays = Number(form.get('expiresInDays') ?? 30);
    const name = String(form.get('name') ?? '');
    const allowedCidrs = parseCidrText(String(form.get('allowedCidrs') ?? ''));
    const body = project
      ? { name, actions, expiresInDays, allowedCidrs }
      : {
          name,
          expiresInDays,
          allowedCidrs,
          permissions: String(form.get('projects') ?? '')
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean)
            .map((p) => ({ project: p, actions })),
        };
    const res = await create.mutateAsync(body);
    setSecret({ name: res.name, secret: res.secret });
  }

  async function onRotate(r: Robot) {
    const res = await rotate.mutateAsync(r.id);
    setSecret({ name: res.name, secret: res.secret });
  }

  return (
    <div className="flex flex-col gap-4">
      <PanelForm
        denial={canManage ? undefined : (reason ?? '')}
        label="Create a robot"
        submitLabel="Create robot"
        pending={create.isPending}
        onSubmit={onCreate}
        describeError={(err) => (err instanceof ApiError ? err.message : 'Could not create the robot')}
      >
        <Field
          id="robot-name"
          name="name"
          label="Robot name"
          required
          placeholder="ci"
          hint={project ? `Full name: robot-${project}.<name>` : 'Full name: robot-<name>'}
        />
        {project ? null : (
          <Field
            id="robot-projects"
            name="projects"
            label="Projects (comma-separated)"
            required
            placeholder="team-a, team-b"
          />
        )}
        <fieldset className="flex items-center gap-4 text-sm">
          <legend className="mb-1 text-sm font-medium">Actions</legend>
          {ACTIONS.map((a) => (
            <label key={a} className="flex items-center gap-1.5">
              <input type="checkbox" name={a} defaultChecked={a === 'pull'} /> {a}
            </label>
          ))}
        </fieldset>
        <Field
          id="robot-expiry"
          name="expiresInDays"
          label="Expires in (days)"
          type="number"
          min={1}
          max={3650}
          defaultValue={30}
          required
        />
        <Field
          id="robot-networks"
          name="allowedCidrs"
          label="Allowed networks (optional)"
          placeholder="10.0.0.0/8, fd00::/8"
          hint="The robot's secret works only from these networks (CIDR). Empty: anywhere."
          spellCheck={false}
        />
      </PanelForm>
      {secret ? (
        <SecretNotice
          message={`Secret of ${secret.name}: copy it now, it is not shown again.`}
          label={`Secret of ${secret.name}`}
          value={secret.secret}
        />
      ) : null}
      <Table label="Robot accounts" className="min-w-[720px]">
        <THead>
          <Th>Robot</Th>
          <Th>Permissions</Th>
          <Th>Expires</Th>
          <Th>Last used</Th>
          <ActionsTh />
        </THead>
        <tbody>
          {robots.data?.length === 0 ? <EmptyRow columns={5}>No robot accounts yet.</EmptyRow> : null}
          {robots.data?.map((r) => (
            <Tr key={r.id} data-testid={`robot-${r.name}`}>
              <Td className="font-mono text-xs">
                {r.name}
                {r.disabled ? <span className="text-danger ml-2">disabled</span> : null}
              </Td>
              <Td>
                {r.permissions.map((p) => `${p.project}: ${p.actions.join(', ')}`).join('; ')}
                {r.allowedCidrs.length ? (
                  <span className="text-muted block text-xs">from {r.allowedCidrs.join(', ')}</span>
                ) : null}
              </Td>
              <Td className="whitespace-nowrap">{r.expiresAt ? formatDate(r.expiresAt) : 'never'}</Td>
              <Td className="whitespace-nowrap">{formatDate(r.lastUsedAt)}</Td>
              <Td className="text-right whitespace-nowrap">
                {canManage ? (
                  <span className="flex justify-end gap-1">
                    <Button variant="ghost" onClick={() => void onRotate(r)} aria-label={`Rotate ${r.name}`}>
                      Rotate
                    </Button>
                    <Button variant="ghost" onClick={() => toggle.mutate(r)}>
                      {r.disabled ? 'Enable' : 'Disable'}
                    </Button>
                    <Button
                      variant="ghost"
                      className="text-danger"
                      onClick={() => remove.mutate(r.id)}
                      aria-label={`Delete ${r.name}`}
                    >
                      Delete
                    </Button>
                  </span>
                ) : null}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
