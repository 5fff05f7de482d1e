// The audit log as a page shows it (Administration → Audit log, a project's Activity): the
// filters as a plain GET form (the URL holds them, so a view can be shared), one server-read
// page, and the export of the filtered set as CSV or JSON Lines.
import { Badge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Alert, EmptyState } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { PagedTable } from '@/components/ui/paged-table';
import { Dash, Td, Th, Tr } from '@/components/ui/table';
import { auditPage, type AuditEntry } from '@/lib/audit/queries';
import { auditQuerySchema } from '@/lib/audit/schemas';
import { formatDate } from '@/lib/format';

type SearchParams = Record<string, string | string[] | undefined>;

const FILTERS = ['actor', 'action', 'project', 'repository', 'from', 'to'] as const;

function firstValues(params: SearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined && (FILTERS as readonly string[]).includes(k)) out[k] = value;
    if (k === 'page' && value !== undefined) out.page = value;
  }
  return out;
}

function describeDetail(e: AuditEntry): string {
  const d = e.detail;
  if (!d || typeof d !== 'object') return '';
  return Object.entries(d as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

const KIND_TONE = { user: 'neutral', robot: 'primary', registry: 'warning', anonymous: 'neutral' } as const;

export async function AuditLog({
  searchParams,
  pathname,
  exportUrl,
  project,
}: {
  searchParams: SearchParams;
  /** The page's own path (filters and paging stay on it). */
  pathname: string;
  /** The REST endpoint the export links use. */
  exportUrl: string;
  /** A project's Activity: the project filter is fixed. */
  project?: string;
}) {
  const raw = firstValues(searchParams);
  const parsed = auditQuerySchema.safeParse({ ...raw, ...(project ? { project } : {}) });
  const query = parsed.success ? parsed.data : auditQuerySchema.parse(project ? { project } : {});
  const page = await auditPage(query, query.page, query.pageSize);
  // What the links keep: the filters (a project's Activity has its project in the path).
  const kept = Object.fromEntries(
    Object.entries(raw).filter(([k]) => k !== 'page' && !(project && k === 'project')),
  );
  const exportQuery = (format: string) => `${exportUrl}?${new URLSearchParams({ ...kept, format })}`;
  return (
    <div className="flex flex-col gap-4">
      <form
        method="get"
        action={pathname}
        role="search"
        aria-label="Filter events"
        className="border-border bg-surface grid gap-3 rounded-lg border p-4 sm:grid-cols-3 lg:grid-cols-6"
      >
        <Field id="audit-actor" name="actor" label="Actor" defaultValue={raw.actor} placeholder="alice" />
        <Field
          id="audit-action"
          name="action"
          label="Action"
          defaultValue={raw.action}
          placeholder="registry.push or member.*"
        />
        {project ? null : (
          <Field id="audit-project" name="project" label="Project" defaultValue={raw.project} />
        )}
        <Field
          id="audit-repository"
          name="repository"
          label="Repository"
          defaultValue={raw.repository}
          placeholder={project ? `${project}/app` : 'team/app'}
        />
        <Field id="audit-from" name="from" label="From (UTC)" type="datetime-local" defaultValue={raw.from} />
        <Field id="audit-to" name="to" label="To (UTC)" type="datetime-local" defaultValue={raw.to} />
        <div className="flex flex-wrap items-center gap-2 sm:col-span-3 lg:col-span-6">
          <button type="submit" className={buttonClass('primary')}>
            Filter
          </button>
          <a href={pathname} className={buttonClass('ghost')}>
            Clear
          </a>
          <span className="text-muted ml-auto text-sm">Export the filtered events:</span>
          <a href={exportQuery('csv')} className={buttonClass('secondary')} download>
            CSV
          </a>
          <a href={exportQuery('jsonl')} className={buttonClass('secondary')} download>
            JSON Lines
          </a>
        </div>
      </form>
      {parsed.success ? null : (
        <Alert>{parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}</Alert>
      )}
      {page.total === 0 ? (
        <EmptyState title="No events">Nothing matches these filters.</EmptyState>
      ) : (
        <PagedTable
          label="Audit events"
          head={
            <>
              <Th>Time</Th>
              <Th>Actor</Th>
              <Th>Action</Th>
              <Th>Target</Th>
              <Th>Source</Th>
              <Th>Details</Th>
            </>
          }
          page={page}
          row={(e) => (
            <Tr key={e.id}>
              <Td className="whitespace-nowrap">{formatDate(e.at)}</Td>
              <Td className="whitespace-nowrap">
                <span className="font-medium">{e.actor}</span>{' '}
                {e.actorKind !== 'user' ? (
                  <Badge tone={KIND_TONE[e.actorKind as keyof typeof KIND_TONE] ?? 'neutral'}>
                    {e.actorKind}
                  </Badge>
                ) : null}
              </Td>
              <Td className="font-mono text-xs whitespace-nowrap">
                {e.action}
                {e.count > 1 ? <span className="text-muted"> ×{e.count}</span> : null}
              </Td>
              <Td className="font-mono text-xs break-all">{e.target}</Td>
              <Td className="whitespace-nowrap">{e.sourceIp ?? <Dash />}</Td>
              <Td className="text-muted max-w-md text-xs break-words">{describeDetail(e)}</Td>
            </Tr>
          )}
          pathname={pathname}
          params={kept}
          noun={['event', 'events']}
        />
      )}
    </div>
  );
}
