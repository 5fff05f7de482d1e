'use client';
// "Check access": pick a user or robot, a repository and an action, and see what the token
// endpoint would grant and why (the reasons the registry's "denied" cannot carry).
import { useId, type FormEvent } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, SelectField } from '@/components/ui/field';
import { FormError, FormIntro, SectionForm } from '@/components/ui/form';
import { useFields } from '@/components/ui/use-fields';
import { ApiError, errorMessage, toSentence } from '@/lib/query/api-client';
import { useExplainAccess } from '@/lib/query/use-access';

type CheckAccessProps = {
  /** Usernames and robot names offered while typing. */
  suggestions: string[];
  /** Prefilled repository (`<project>/`). */
  repository?: string;
};

export function CheckAccess({ suggestions, repository = '' }: CheckAccessProps) {
  const listId = useId();
  const explain = useExplainAccess();
  const { values, bind } = useFields({ subject: '', repo: repository, action: 'push', ip: '' });
  const { subject, repo, action, ip } = values;
  const apiError = explain.error instanceof ApiError ? explain.error : null;
  const ipError = apiError?.fieldError('ip');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    explain.mutate({
      subject: subject.trim() || undefined,
      scope: `repository:${repo.trim()}:${action}`,
      ip: ip.trim() || undefined,
    });
  }

  return (
    <Card className="mt-6">
      <SectionForm
        id="check-access"
        title="Check access"
        onSubmit={onSubmit}
        intro={
          <FormIntro>
            What docker, podman or a robot would be granted, and why: memberships, roles, network rules and
            credentials.
          </FormIntro>
        }
      >
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Field
            id="check-subject"
            label="Check for"
            {...bind('subject')}
            list={listId}
            placeholder="a username, a robot, or anonymous"
            autoComplete="off"
          />
          <datalist id={listId}>
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <Field
            id="check-repository"
            label="Repository"
            {...bind('repo')}
            placeholder="project/image"
            required
          />
          <SelectField id="check-action" label="Action" {...bind('action')}>
            <option value="pull">pull</option>
            <option value="push">push</option>
            <option value="delete">delete</option>
          </SelectField>
          <Field
            id="check-ip"
            label="Client address"
            {...bind('ip')}
            placeholder="yours"
            error={ipError && toSentence(ipError)}
          />
        </div>
        <div>
          <Button type="submit" disabled={!repo.trim() || explain.isPending}>
            {explain.isPending ? 'Checking…' : 'Check access'}
          </Button>
        </div>
        <FormError>{explain.error && !ipError ? errorMessage(explain.error) : ''}</FormError>
      </SectionForm>
      {explain.data ? (
        <section aria-label="Access check result" className="border-border mt-4 border-t pt-4">
          {explain.data.results.map((r) => (
            <div key={`${r.scope}:${r.action}`} className="mb-3 last:mb-0">
              <p className="text-sm">
                <Badge tone={r.granted ? 'success' : 'danger'}>{r.granted ? 'Granted' : 'Denied'}</Badge>{' '}
                <span className="font-medium">{r.action}</span> on{' '}
                <span className="font-mono">{r.scope}</span> for {explain.data.subject.name ?? 'anonymous'}{' '}
                from {explain.data.ip}
              </p>
              <ol className="text-muted mt-1 list-decimal pl-6 text-sm">
                {r.reasons.map((reason, i) => (
                  <li key={i}>{reason}</li>
                ))}
              </ol>
            </div>
          ))}
        </section>
      ) : null}
    </Card>
  );
}
